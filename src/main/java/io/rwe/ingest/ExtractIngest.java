package io.rwe.ingest;

import io.rwe.run.AtomicFiles;

import io.rwe.core.CollectedBytes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests one extract: reads its six files (patients first), applies the field, key and patient
 * reference rules, writes the accepted typed rows and the quarantine aside (under {@code _staging}),
 * checks the accounting of every file against what was written, applies strict mode and the caller's
 * last check (the files unchanged since they were inspected, the delivery manifest's row counts), and only
 * then moves the results into place and writes the extract's accounting, which marks it as ingested.
 */
final class ExtractIngest {
    /** The quarantine table's schema (docs/ingest.md). */
    static final StructType QUARANTINE_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("extract_date", DataTypes.DateType, false),
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("line", DataTypes.LongType, false),
            DataTypes.createStructField("raw", DataTypes.StringType, false),
            DataTypes.createStructField("reason", DataTypes.StringType, false),
            DataTypes.createStructField("field", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, false)));

    private ExtractIngest() {
    }

    /** The accepted rows' schema: the spec's typed columns, then {@code extract_date} and {@code _line}. */
    static StructType acceptedSchema(ExtractTable table) {
        List<org.apache.spark.sql.types.StructField> f = new ArrayList<>();
        for (ColumnSpec c : table.columns()) {
            f.add(DataTypes.createStructField(c.name(), sparkType(c), true));
        }
        f.add(DataTypes.createStructField("extract_date", DataTypes.DateType, true));
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, true));
        return DataTypes.createStructType(f);
    }

    /** The Parquet type of a column: string, date, double or int (docs/architecture.md). */
    static org.apache.spark.sql.types.DataType sparkType(ColumnSpec c) {
        return switch (c.type()) {
            case STRING, CODE -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case NUMBER -> DataTypes.DoubleType;
            case INTEGER -> DataTypes.IntegerType;
        };
    }

    /**
     * Ingests the extract of {@code date}; {@code beforeCommit} sees its accounting when everything is
     * staged and may refuse it (by throwing), in which case nothing of the extract is committed.
     */
    static ExtractAccounting run(SparkSession spark, IngestSettings settings, Warehouse wh, LocalDate date,
                                 Map<ExtractTable, ExtractFile> files, Map<Path, ExtractReader.Survey> surveys,
                                 ExtractReader reader, java.util.function.Consumer<ExtractAccounting> beforeCommit) {
        Path stage = wh.staging().resolve(date.toString());
        AtomicFiles.delete(stage);
        Map<ExtractTable, Long> read = new EnumMap<>(ExtractTable.class);
        Map<ExtractTable, Long> accepted = new EnumMap<>(ExtractTable.class);
        Column extractDate = lit(java.sql.Date.valueOf(date));
        // The caches (the patients' status; a file's rows after the key rules) are read a few times and then
        // dropped: compressing them (the columnar cache's dictionary and run-length statistics) cost more
        // than it saved (docs/benchmarks-ingest.md).
        String compressKey = "spark.sql.inMemoryColumnarStorage.compressed";
        String compress = spark.conf().get(compressKey, "true");
        spark.conf().set(compressKey, "false");
        try {
            ingestFiles(spark, settings, stage, date, files, surveys, reader, read, accepted, extractDate);
        } finally {
            spark.conf().set(compressKey, compress);
        }
        Map<String, Map<String, Long>> byFileReason = new HashMap<>();
        Path stageQuarantine = stage.resolve("quarantine");
        if (!Files.isDirectory(stageQuarantine)) {
            spark.createDataFrame(List.of(), QUARANTINE_SCHEMA).write().parquet(stageQuarantine.toString());
        }
        // Quarantined per file and reason: counted on the quarantine just written (one small scan).
        spark.sparkContext().setJobDescription("ingest " + date + ": quarantine counts");
        boolean allAccepted = read.keySet().stream().allMatch(t -> read.get(t).equals(accepted.get(t)));
        for (Row r : allAccepted ? List.<Row>of() : CollectedBytes.collect(spark.read().schema(QUARANTINE_SCHEMA).parquet(stageQuarantine.toString())
                .groupBy(col("file"), col("reason")).count())) {
            byFileReason.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
        }
        spark.sparkContext().setJobDescription(null);
        List<FileAccounting> accounts = new ArrayList<>();
        for (ExtractTable t : ExtractTable.values()) {
            ExtractFile f = files.get(t);
            Map<String, Long> reasons = new LinkedHashMap<>();
            Map<String, Long> found = byFileReason.getOrDefault(t.fileName(), Map.of());
            for (QuarantineReason r : QuarantineReason.values()) {
                if (found.containsKey(r.code())) {
                    reasons.put(r.code(), found.get(r.code()));
                }
            }
            long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
            accounts.add(new FileAccounting(t.fileName(), read.get(t), accepted.get(t), quarantined,
                    surveys.get(f.path()).sha256(), f.size(), f.unknownColumns(), reasons));
        }
        ExtractAccounting accounting = new ExtractAccounting(date, settings.mapping().name(), accounts);
        if (settings.strict()) {
            for (FileAccounting a : accounts) {
                if (a.quarantinedFraction() > settings.maxQuarantinedFraction()) {
                    AtomicFiles.delete(stage);
                    throw new BadInputException(files.get(ExtractTable.byFileName(a.file()).orElseThrow()).path()
                            + ": " + a.rowsQuarantined() + " of " + a.rowsRead() + " rows quarantined ("
                            + pct(a.quarantinedFraction()) + "), above the strict-mode threshold of "
                            + pct(settings.maxQuarantinedFraction()) + " (rwe.ingest.max-quarantined-fraction); "
                            + "nothing of extract " + date + " was ingested");
                }
            }
        }
        try {
            beforeCommit.accept(accounting);
        } catch (RuntimeException e) {
            AtomicFiles.delete(stage);
            throw e;
        }
        commit(wh, date, stage, accounting);
        return accounting;
    }

    /**
     * The files of one extract, patients first: the rules, the accepted rows to {@code <stage>/extracts},
     * the rejected rows to {@code <stage>/quarantine}; rows read and accepted per file into the maps.
     */
    private static void ingestFiles(SparkSession spark, IngestSettings settings, Path stage, LocalDate date,
                                    Map<ExtractTable, ExtractFile> files, Map<Path, ExtractReader.Survey> surveys,
                                    ExtractReader reader, Map<ExtractTable, Long> read, Map<ExtractTable, Long> accepted,
                                    Column extractDate) {
        Path stageQuarantine = stage.resolve("quarantine");
        Dataset<Row> patientStatus = null;
        for (ExtractTable t : ExtractTable.values()) {
            ExtractFile f = files.get(t);
            ExtractReader.Survey survey = surveys.get(f.path());
            spark.sparkContext().setJobDescription("ingest " + date + "/" + t.fileName());
            // rows_read: counted by the reading tasks as they parse (independently of the classification).
            TaskCounts counts = new TaskCounts();
            spark.sparkContext().register(counts, "rows read: " + f.path());
            // Field rules (applied by the reading tasks), then (child files) the patient's status joined to
            // every row: one shuffle, which leaves the rows partitioned by patient. Rows carry their raw
            // line's byte range, and only the quarantined ones get its text (RawText). Nothing is cached on
            // the common path: patients.csv is read twice (its patients' status, its accepted rows), a child
            // file once for its accepted rows, and every file once more for its quarantine when it has
            // quarantined rows (cheaper than caching every row of every file, docs/benchmarks-ingest.md).
            // The key rules (KeyRules.apply) run only when some key is shared by two rows that passed the
            // field rules, which is found without a query of its own: for patients.csv by the aggregation that gives each
            // patient's status, for a child file by the tasks that write its accepted rows (KeyRepeats).
            // Their result is cached, for the writes (and the patients' status) that read it.
            Dataset<Row> fields = reader.checked(f, survey, counts, new FieldRules(t, settings.mapping(), date));
            Dataset<Row> checked = t == ExtractTable.PATIENTS ? fields : PatientReference.attach(fields, patientStatus);
            Path table = stage.resolve("extracts").resolve(t.tableName());
            Dataset<Row> classified;
            Dataset<Row> keyed = null;
            if (t == ExtractTable.PATIENTS) {
                patientStatus = PatientReference.patientStatus(checked).persist(StorageLevel.MEMORY_AND_DISK());
                classified = checked;
                if (PatientReference.sharedPatientIds(patientStatus) > 0) {
                    keyed = KeyRules.apply(checked, t).persist(StorageLevel.MEMORY_AND_DISK());
                    classified = keyed;
                    patientStatus.unpersist();
                    patientStatus = PatientReference.patientStatus(classified).persist(StorageLevel.MEMORY_AND_DISK());
                }
                writeAccepted(classified, t, extractDate, table);
            } else {
                TaskCounts repeats = new TaskCounts();
                spark.sparkContext().register(repeats, "repeated key hashes: " + f.path());
                writeAccepted(PatientReference.apply(checked.filter(col("_error").isNull())
                        .filter(KeyRepeats.noted(repeats, t))), t, extractDate, table);
                classified = PatientReference.apply(checked);
                if (repeats.sum() > 0) {
                    AtomicFiles.delete(table);
                    keyed = PatientReference.apply(KeyRules.apply(checked, t)).persist(StorageLevel.MEMORY_AND_DISK());
                    classified = keyed;
                    writeAccepted(classified, t, extractDate, table);
                }
            }
            long rowsRead = counts.total(survey.tasks().stream().map(k -> k.split().start()).toList(), f.path().toString());
            read.put(t, rowsRead);
            // Accepted: the rows of the Parquet just written, from its footers (read here, no Spark job).
            long rowsAccepted = parquetRows(spark, table);
            accepted.put(t, rowsAccepted);
            // Every row is accepted or quarantined: a file whose rows were all accepted has nothing to
            // quarantine, and its quarantine pass (a second reading of the cache) is skipped. The
            // extract's accounting is still checked against the quarantine as written.
            if (rowsAccepted != rowsRead) {
                classified.filter(col("_error").isNotNull()).select(extractDate.as("extract_date"), lit(t.fileName()).as("file"),
                                col("_line").as("line"), RawText.of(f.path(), col("_at"), col("_len")).as("raw"), col("_error.reason").as("reason"),
                                col("_error.field").as("field"), col("_error.message").as("message"))
                        .write().mode(SaveMode.Append).parquet(stageQuarantine.toString());
            }
            if (keyed != null) {
                keyed.unpersist();
            }
        }
        if (patientStatus != null) {
            patientStatus.unpersist();
        }
    }

    /** Writes the rows of {@code classified} without an error, in the accepted rows' schema, to {@code table}. */
    private static void writeAccepted(Dataset<Row> classified, ExtractTable t, Column extractDate, Path table) {
        List<Column> out = new ArrayList<>();
        for (ColumnSpec c : t.columns()) {
            out.add(col(c.name()));
        }
        out.add(extractDate.as("extract_date"));
        out.add(col("_line"));
        classified.filter(col("_error").isNull()).select(out.toArray(new Column[0]))
                .write().mode(SaveMode.ErrorIfExists).parquet(table.toString());
    }

    /** The number of rows of a Parquet folder written by Spark, from the footers of its part files. */
    static long parquetRows(SparkSession spark, Path folder) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        long rows = 0;
        for (Path p : Warehouse.parquetParts(folder)) {
            try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(p.toUri()), conf))) {
                rows += r.getRecordCount();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the Parquet footer of " + p, e);
            }
        }
        return rows;
    }

    private static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * f);
    }

    /** Moves the staged extract into place; writing its accounting last marks it as ingested. */
    private static void commit(Warehouse wh, LocalDate date, Path stage, ExtractAccounting accounting) {
        AtomicFiles.delete(wh.extract(date));
        AtomicFiles.delete(wh.quarantine(date));
        AtomicFiles.move(stage.resolve("extracts"), wh.extract(date));
        AtomicFiles.move(stage.resolve("quarantine"), wh.quarantine(date));
        AtomicFiles.writeAtomically(wh.accounting(date), Json.write(accounting.toJson()));
        AtomicFiles.delete(stage);
        if (Files.exists(stage)) {
            throw new IllegalStateException("cannot remove " + stage);
        }
    }
}
