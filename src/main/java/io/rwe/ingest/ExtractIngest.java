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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
     * the rejected rows to {@code <stage>/quarantine}; rows read and accepted per file into the maps. The
     * child files depend on the patients' status only, not on each other: they are ingested
     * {@link IngestSettings#concurrentFiles} at a time (Spark jobs submitted from that many driver threads,
     * sharing the executors), so that one file's driver-side planning and small stages overlap another's
     * tasks. Each file's outputs are its own; the quarantine appends one at a time.
     */
    private static void ingestFiles(SparkSession spark, IngestSettings settings, DeliveryStage stage,
                                    Map<ExtractTable, ExtractFile> files, Map<Path, ExtractReader.Survey> surveys,
                                    ExtractReader reader, Map<ExtractTable, Long> read, Map<ExtractTable, Long> accepted) {
        Dataset<Row> patientStatus = ingestPatients(spark, settings, stage, files.get(ExtractTable.PATIENTS), surveys,
                reader, read, accepted);
        try {
            List<ExtractTable> children = new ArrayList<>();
            for (ExtractTable t : ExtractTable.values()) {
                if (t != ExtractTable.PATIENTS) {
                    children.add(t);
                }
            }
            int threads = Math.min(settings.concurrentFiles(), children.size());
            if (threads <= 1) {
                for (ExtractTable t : children) {
                    ingestChild(spark, settings, stage, t, files.get(t), surveys, reader, patientStatus, read, accepted);
                }
                return;
            }
            // The pool's threads are made by the submitting thread, so they inherit its Spark local
            // properties (the stage the heartbeat reports); each sets its own job description.
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "ingest-file");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<?>> done = new ArrayList<>();
                final Dataset<Row> status = patientStatus;
                for (ExtractTable t : children) {
                    done.add(pool.submit(() -> ingestChild(spark, settings, stage, t, files.get(t), surveys, reader,
                            status, read, accepted)));
                }
                awaitAll(done);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            patientStatus.unpersist();
        }
    }

    /**
     * Waits for every file; the first failure (in table order) is rethrown as it was thrown, after the
     * others have finished (or failed), so that no file is still writing when the caller handles it.
     */
    private static void awaitAll(List<Future<?>> done) {
        RuntimeException first = null;
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    Throwable c = e.getCause();
                    if (c instanceof Error err) {
                        throw err;
                    }
                    first = c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ingesting the extract's files", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * patients.csv: its accepted rows staged; returns the patients' status (persisted), for the child files.
     *
     * <p>The file is read once when it is clean: the rows that pass the field rules are written first, and
     * when they are all the rows read, the patients' status comes from the written table's
     * {@code patient_id} column ({@link PatientReference#statusOfAccepted}). Otherwise (some row rejected)
     * the file is read again for the status of every patient named, rejected rows included. When a
     * {@code patient_id} is held by two rows that passed (found from the status), the rows written are
     * dropped and the file goes through the key rules, whose result is cached for the status and the
     * second write.
     */
    private static Dataset<Row> ingestPatients(SparkSession spark, IngestSettings settings, DeliveryStage stage,
                                               ExtractFile f, Map<Path, ExtractReader.Survey> surveys,
                                               ExtractReader reader, Map<ExtractTable, Long> read,
                                               Map<ExtractTable, Long> accepted) {
        ExtractTable t = ExtractTable.PATIENTS;
        ExtractReader.Survey survey = surveys.get(f.path());
        TaskCounts counts = startFile(spark, stage, t, f, "accepted rows");
        // Field rules (applied by the reading tasks). Rows carry their raw line's byte range, and only the
        // quarantined ones get its text (RawText). Nothing is cached on the common path: a clean
        // patients.csv is read once, a child file once for its accepted rows, and every file once more for
        // its quarantine when it has quarantined rows (cheaper than caching every row of every file,
        // docs/benchmarks-ingest.md). The key rules (KeyRules.apply) run only when some key is shared by
        // two rows that passed the field rules, which is found without a query of its own: for
        // patients.csv by the aggregation that gives each patient's status, for a child file by the tasks
        // that write its accepted rows (KeyRepeats). Their result is cached, for the writes (and the
        // patients' status) that read it.
        Dataset<Row> checked = reader.checked(f, survey, counts, new FieldRules(t, settings.mapping(), stage.date()));
        stage.writeAccepted(checked, t);
        long rowsRead = rowsRead(counts, survey, f);
        pass(spark, stage, t, "patients' status");
        Dataset<Row> patientStatus;
        if (rowsRead == stage.acceptedRows(t)) {
            // The schema given: Spark would otherwise run a job to read it from the footers.
            StructType id = new StructType().add("patient_id", DataTypes.StringType);
            patientStatus = PatientReference.statusOfAccepted(
                    spark.read().schema(id).parquet(stage.table(t).toString()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
        } else {
            patientStatus = PatientReference.patientStatus(checked).persist(StorageLevel.MEMORY_AND_DISK());
        }
        Dataset<Row> classified = checked;
        Dataset<Row> keyed = null;
        if (PatientReference.sharedPatientIds(patientStatus) > 0) {
            stage.dropTable(t);
            pass(spark, stage, t, "key rules");
            keyed = KeyRules.apply(checked, t).persist(StorageLevel.MEMORY_AND_DISK());
            classified = keyed;
            patientStatus.unpersist();
            patientStatus = PatientReference.patientStatus(classified).persist(StorageLevel.MEMORY_AND_DISK());
            stage.writeAccepted(classified, t);
        }
        finishFile(spark, stage, t, f, survey, counts, classified, read, accepted);
        if (keyed != null) {
            keyed.unpersist();
        }
        return patientStatus;
    }

    /**
     * A child file: the field rules, then the patient's status joined to every row (one shuffle, which
     * leaves the rows partitioned by patient); the accepted rows staged, the key rules when some key repeats.
     */
    private static void ingestChild(SparkSession spark, IngestSettings settings, DeliveryStage stage, ExtractTable t,
                                    ExtractFile f, Map<Path, ExtractReader.Survey> surveys, ExtractReader reader,
                                    Dataset<Row> patientStatus, Map<ExtractTable, Long> read,
                                    Map<ExtractTable, Long> accepted) {
        ExtractReader.Survey survey = surveys.get(f.path());
        TaskCounts counts = startFile(spark, stage, t, f, "accepted rows");
        Dataset<Row> fields = reader.checked(f, survey, counts, new FieldRules(t, settings.mapping(), stage.date()));
        Dataset<Row> checked = PatientReference.attach(fields, patientStatus);
        TaskCounts repeats = new TaskCounts();
        spark.sparkContext().register(repeats, "repeated key hashes: " + f.path());
        stage.writeAccepted(PatientReference.apply(checked.filter(col("_error").isNull())
                .filter(KeyRepeats.noted(repeats, t))), t);
        Dataset<Row> classified = PatientReference.apply(checked);
        Dataset<Row> keyed = null;
        if (repeats.sum() > 0) {
            stage.dropTable(t);
            pass(spark, stage, t, "key rules");
            keyed = PatientReference.apply(KeyRules.apply(checked, t)).persist(StorageLevel.MEMORY_AND_DISK());
            classified = keyed;
            stage.writeAccepted(classified, t);
        }
        finishFile(spark, stage, t, f, survey, counts, classified, read, accepted);
        if (keyed != null) {
            keyed.unpersist();
        }
    }

    /**
     * Names the file's first pass over its rows ({@link #pass}) and registers the counter of its rows read
     * (counted by the reading tasks as they parse).
     */
    private static TaskCounts startFile(SparkSession spark, DeliveryStage stage, ExtractTable t, ExtractFile f,
                                        String firstPass) {
        pass(spark, stage, t, firstPass);
        TaskCounts counts = new TaskCounts();
        spark.sparkContext().register(counts, "rows read: " + f.path());
        return counts;
    }

    /**
     * Names the Spark jobs that follow on this thread {@code ingest <date>/<file>, <what>}: each pass over a
     * file's rows has a description of its own, so that the progress heartbeat's rows read are those of
     * one pass (patients.csv may be read for its accepted rows and again for the patients' status).
     */
    private static void pass(SparkSession spark, DeliveryStage stage, ExtractTable t, String what) {
        spark.sparkContext().setJobDescription("ingest " + stage.date() + "/" + t.fileName() + ", " + what);
    }

    /**
     * The file's rows read (from its reading tasks) and accepted (from the footers of the Parquet just
     * written, no Spark job); its quarantined rows written when some row was not accepted.
     */
    private static void finishFile(SparkSession spark, DeliveryStage stage, ExtractTable t, ExtractFile f, ExtractReader.Survey survey,
                                   TaskCounts counts, Dataset<Row> classified, Map<ExtractTable, Long> read,
                                   Map<ExtractTable, Long> accepted) {
        long rowsRead = rowsRead(counts, survey, f);
        long rowsAccepted = stage.acceptedRows(t);
        synchronized (read) {
            read.put(t, rowsRead);
            accepted.put(t, rowsAccepted);
        }
        // Every row is accepted or quarantined: a file whose rows were all accepted has nothing to
        // quarantine, and its quarantine pass (a second reading of the rows) is skipped. The extract's
        // accounting is still checked against the quarantine as written.
        if (rowsAccepted != rowsRead) {
            pass(spark, stage, t, "quarantined rows");
            stage.quarantine(classified.filter(col("_error").isNotNull()).select(
                    lit(java.sql.Date.valueOf(stage.date())).as("extract_date"), lit(t.fileName()).as("file"),
                    col("_line").as("line"), RawText.of(f.path(), col("_at"), col("_len")).as("raw"),
                    col("_error.reason").as("reason"), col("_error.field").as("field"),
                    col("_error.message").as("message")));
        }
    }

    /** The file's rows read, as counted by its reading tasks (every range of the survey). */
    private static long rowsRead(TaskCounts counts, ExtractReader.Survey survey, ExtractFile f) {
        return counts.total(survey.tasks().stream().map(k -> k.split().start()).toList(), f.path().toString());
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
