package io.rwe.ingest.naaccr;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.rwe.core.CollectedBytes;
import io.rwe.core.Json;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.Warehouse;
import io.rwe.run.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Ingests one NAACCR extract (a dated folder of XML files): its records read in parallel
 * ({@link PatientRecords}, one task per byte range) and written in one pass, partitioned by kind
 * (patient, tumor, quarantine), under {@code _staging}; then the patients delivered more than once in
 * the extract are moved to the quarantine ({@link NaaccrReason#DUPLICATE_PATIENT}; only when there are
 * any); the accounting is counted from what was written; and only then are the tables moved into place
 * and the accounting written, which marks the extract as ingested.
 */
final class NaaccrExtractIngest {
    static final String PATIENTS = "patients";
    static final String TUMORS = "tumors";

    private NaaccrExtractIngest() {
    }

    static ExtractAccounting run(SparkSession spark, Warehouse wh, LocalDate date, List<NaaccrFile> files,
                                 NaaccrSurvey.Result survey) {
        Path stage = wh.staging().resolve(date.toString());
        AtomicFiles.delete(stage);
        Path records = stage.resolve("records");
        List<PatientRecords.Task> tasks = new ArrayList<>();
        for (NaaccrFile f : files) {
            tasks.addAll(survey.tasks().get(f.path()));
        }
        CollectionAccumulator<String> unknown = spark.sparkContext().collectionAccumulator("unknown NAACCR items");
        spark.sparkContext().setJobDescription("ingest " + date + ": read " + files.size() + " NAACCR files");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(tasks, Math.max(1, tasks.size())).mapPartitions(it -> {
            List<java.util.Iterator<Row>> parts = new ArrayList<>();
            while (it.hasNext()) {
                PatientRecords.Task t = it.next();
                parts.add(PatientRecords.rows(t, id -> unknown.add(t.file() + "\t" + id)));
            }
            return parts.size() == 1 ? parts.get(0) : parts.stream().flatMap(p -> {
                List<Row> l = new ArrayList<>();
                p.forEachRemaining(l::add);
                return l.stream();
            }).iterator();
        });
        spark.createDataFrame(rows, PatientRecords.SCHEMA)
                .withColumn("extract_date", lit(java.sql.Date.valueOf(date)))
                .write().mode(SaveMode.ErrorIfExists).partitionBy(PatientRecords.RECORD).parquet(records.toString());
        Path patients = kind(spark, records, PatientRecords.PATIENT);
        Path tumors = kind(spark, records, PatientRecords.TUMOR);
        Path quarantine = kind(spark, records, PatientRecords.QUARANTINE);

        spark.sparkContext().setJobDescription("ingest " + date + ": patients delivered twice");
        Dataset<Row> twice = spark.read().parquet(patients.toString()).groupBy(PatientRecords.PATIENT_ID)
                .agg(count(lit(1)).as("_copies")).filter(col("_copies").gt(1));
        if (!twice.isEmpty()) {
            Path moved = stage.resolve("deduplicated");
            quarantineDuplicates(spark, twice, patients, tumors, quarantine, moved);
            patients = moved.resolve(PATIENTS);
            tumors = moved.resolve(TUMORS);
            quarantine = moved.resolve("quarantine");
        }

        spark.sparkContext().setJobDescription("ingest " + date + ": accounting");
        Map<String, Long> accepted = new HashMap<>();
        Map<String, Map<String, Long>> quarantined = new HashMap<>();
        for (Row r : CollectedBytes.collect(spark.read().parquet(patients.toString()).groupBy("_file").count())) {
            accepted.put(r.getString(0), r.getLong(1));
        }
        for (Row r : CollectedBytes.collect(spark.read().parquet(quarantine.toString())
                .groupBy("_file", "_reason").count())) {
            quarantined.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
        }
        spark.sparkContext().setJobDescription(null);
        Map<String, Set<String>> unknownByFile = new HashMap<>();
        for (String u : unknown.value()) {
            String[] p = u.split("\t", 2);
            unknownByFile.computeIfAbsent(p[0], k -> new TreeSet<>()).add(p[1]);
        }
        List<FileAccounting> accounts = new ArrayList<>();
        for (NaaccrFile f : files) {
            Map<String, Long> reasons = new LinkedHashMap<>();
            Map<String, Long> found = quarantined.getOrDefault(f.name(), Map.of());
            for (NaaccrReason r : NaaccrReason.values()) {
                if (found.containsKey(r.code())) {
                    reasons.put(r.code(), found.get(r.code()));
                }
            }
            long q = reasons.values().stream().mapToLong(Long::longValue).sum();
            long a = accepted.getOrDefault(f.name(), 0L);
            accounts.add(new FileAccounting(f.name(), a + q, a, q, survey.sha256().get(f.path()), f.size(),
                    List.copyOf(unknownByFile.getOrDefault(f.name(), Set.of())), reasons));
        }
        ExtractAccounting accounting = new ExtractAccounting(date, NaaccrModel.NAME, accounts);
        AtomicFiles.delete(wh.extract(date));
        AtomicFiles.delete(wh.quarantine(date));
        AtomicFiles.move(patients, wh.extract(date).resolve(PATIENTS));
        AtomicFiles.move(tumors, wh.extract(date).resolve(TUMORS));
        AtomicFiles.move(quarantine, wh.quarantine(date));
        AtomicFiles.writeAtomically(wh.accounting(date), Json.write(accounting.toJson()));
        AtomicFiles.delete(stage);
        return accounting;
    }

    /**
     * The folder of one kind of the partitioned write ({@code record=<kind>}); a kind without rows gets
     * an empty dataset of the same columns.
     */
    private static Path kind(SparkSession spark, Path records, String kind) {
        Path p = records.resolve(PatientRecords.RECORD + "=" + kind);
        if (!Files.isDirectory(p)) {
            spark.createDataFrame(List.of(), PatientRecords.SCHEMA).drop(PatientRecords.RECORD)
                    .withColumn("extract_date", lit(null).cast("date"))
                    .write().parquet(p.toString());
        }
        return p;
    }

    /**
     * Every copy of a patient delivered more than once moves, with its tumors, to the quarantine: nothing
     * tells which copy is right. Writes the new patients, tumors and quarantine under {@code out}.
     */
    private static void quarantineDuplicates(SparkSession spark, Dataset<Row> twice, Path patients, Path tumors,
                                             Path quarantine, Path out) {
        Dataset<Row> ids = twice.select(col(PatientRecords.PATIENT_ID).as("_dup"), col("_copies")).hint("shuffle_hash");
        Dataset<Row> p = spark.read().parquet(patients.toString());
        Dataset<Row> t = spark.read().parquet(tumors.toString());
        org.apache.spark.sql.Column byPatient = col(PatientRecords.PATIENT_ID).equalTo(col("_dup"));
        p.join(ids, byPatient, "left_anti").write().parquet(out.resolve(PATIENTS).toString());
        t.join(ids, byPatient, "left_anti").write().parquet(out.resolve(TUMORS).toString());
        Dataset<Row> q = spark.read().parquet(quarantine.toString());
        Dataset<Row> dup = p.join(ids, byPatient)
                .withColumn("_reason", lit(NaaccrReason.DUPLICATE_PATIENT.code()))
                .withColumn("_item", lit(PatientRecords.PATIENT_ID))
                .withColumn("_message", functions.concat(lit("patient delivered "), col("_copies").cast("string"),
                        lit(" times in this extract")))
                .withColumn("items", lit(null).cast(PatientRecords.SCHEMA.apply(PatientRecords.ITEMS).dataType()))
                .withColumn("_raw", lit(null).cast("string"))
                .select(q.columns()[0], java.util.Arrays.copyOfRange(q.columns(), 1, q.columns().length));
        q.unionByName(dup).write().parquet(out.resolve("quarantine").toString());
    }
}
