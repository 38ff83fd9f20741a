package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests one extract: reads its six files (patients first), applies the field, key and patient
 * reference rules, and stages the accepted typed rows and the quarantine, then checks the accounting
 * of every file against what was written, applies strict mode and the caller's last check (the files
 * unchanged since they were inspected, the delivery manifest's row counts) and commits ({@link DeliveryStage}).
 */
final class ExtractIngest {

    private ExtractIngest() {
    }

    /**
     * Ingests the extract of {@code date}; {@code beforeCommit} sees its accounting when everything is
     * staged and may refuse it (by throwing), in which case nothing of the extract is committed.
     */
    static ExtractAccounting run(SparkSession spark, IngestSettings settings, Warehouse wh, LocalDate date,
                                 Map<ExtractTable, ExtractFile> files, Map<Path, ExtractReader.Survey> surveys,
                                 ExtractReader reader, Consumer<ExtractAccounting> beforeCommit) {
        DeliveryStage stage = new DeliveryStage(spark, wh, date);
        Map<ExtractTable, Long> read = new EnumMap<>(ExtractTable.class);
        Map<ExtractTable, Long> accepted = new EnumMap<>(ExtractTable.class);
        // The caches (the patients' status; a file's rows after the key rules) are read a few times and then
        // dropped: compressing them (the columnar cache's dictionary and run-length statistics) cost more
        // than it saved (docs/benchmarks-ingest.md).
        String compressKey = "spark.sql.inMemoryColumnarStorage.compressed";
        String compress = spark.conf().get(compressKey, "true");
        spark.conf().set(compressKey, "false");
        try {
            ingestFiles(spark, settings, stage, files, surveys, reader, read, accepted);
        } finally {
            spark.conf().set(compressKey, compress);
        }
        // Quarantined per file and reason: counted on the quarantine just written (one small scan).
        boolean allAccepted = read.keySet().stream().allMatch(t -> read.get(t).equals(accepted.get(t)));
        Map<String, Map<String, Long>> byFileReason = stage.quarantineCounts(allAccepted);
        List<FileAccounting> accounts = new ArrayList<>();
        for (ExtractTable t : ExtractTable.values()) {
            ExtractFile f = files.get(t);
            Map<String, Long> reasons = DeliveryStage.reasons(byFileReason, t.fileName());
            long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
            accounts.add(new FileAccounting(t.fileName(), read.get(t), accepted.get(t), quarantined,
                    surveys.get(f.path()).sha256(), f.size(), f.unknownColumns(), reasons));
        }
        ExtractAccounting accounting = new ExtractAccounting(date, settings.mapping().name(), accounts);
        stage.strict(settings, accounting, files.get(ExtractTable.PATIENTS).path().getParent());
        stage.commit(accounting, beforeCommit);
        return accounting;
    }

    /**
     * The files of one extract, patients first: the rules, the accepted rows to {@code <stage>/extracts},
     * the rejected rows to {@code <stage>/quarantine}; rows read and accepted per file into the maps.
     */
    private static void ingestFiles(SparkSession spark, IngestSettings settings, DeliveryStage stage,
                                    Map<ExtractTable, ExtractFile> files, Map<Path, ExtractReader.Survey> surveys,
                                    ExtractReader reader, Map<ExtractTable, Long> read, Map<ExtractTable, Long> accepted) {
        LocalDate date = stage.date();
        Column extractDate = lit(java.sql.Date.valueOf(date));
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
                stage.writeAccepted(classified, t);
            } else {
                TaskCounts repeats = new TaskCounts();
                spark.sparkContext().register(repeats, "repeated key hashes: " + f.path());
                stage.writeAccepted(PatientReference.apply(checked.filter(col("_error").isNull())
                        .filter(KeyRepeats.noted(repeats, t))), t);
                classified = PatientReference.apply(checked);
                if (repeats.sum() > 0) {
                    stage.dropTable(t);
                    keyed = PatientReference.apply(KeyRules.apply(checked, t)).persist(StorageLevel.MEMORY_AND_DISK());
                    classified = keyed;
                    stage.writeAccepted(classified, t);
                }
            }
            long rowsRead = counts.total(survey.tasks().stream().map(k -> k.split().start()).toList(), f.path().toString());
            read.put(t, rowsRead);
            // Accepted: the rows of the Parquet just written, from its footers (read here, no Spark job).
            long rowsAccepted = stage.acceptedRows(t);
            accepted.put(t, rowsAccepted);
            // Every row is accepted or quarantined: a file whose rows were all accepted has nothing to
            // quarantine, and its quarantine pass (a second reading of the cache) is skipped. The
            // extract's accounting is still checked against the quarantine as written.
            if (rowsAccepted != rowsRead) {
                stage.quarantine(classified.filter(col("_error").isNotNull()).select(extractDate.as("extract_date"),
                        lit(t.fileName()).as("file"), col("_line").as("line"), RawText.of(f.path(), col("_at"), col("_len")).as("raw"),
                        col("_error.reason").as("reason"), col("_error.field").as("field"), col("_error.message").as("message")));
            }
            if (keyed != null) {
                keyed.unpersist();
            }
        }
        if (patientStatus != null) {
            patientStatus.unpersist();
        }
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

}
