package io.rwe.ingest.naaccr;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.rwe.ingest.CuratedMerge;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly merge of NAACCR extracts (docs/naaccr.md, "Nightly merge"): the curated tables hold, per
 * patient ({@code patientIdNumber}), the patient row and the tumor rows of the latest extract that
 * contains the patient; that record replaces every earlier one, tumors included. Recomputed from every
 * ingested extract, so that the result depends only on the set of extracts.
 *
 * <p>A single extract (a first load) is curated as it is: its Parquet files are linked into the
 * version, not rewritten. Otherwise the latest extract date per patient is found by one aggregation
 * and both tables are selected by a shuffle semi-join on (patient, extract date). Publishing as for
 * the extract format: written to {@code curated/_tmp-<version>}, renamed, then {@code curated/CURRENT}
 * replaced by an atomic rename; older versions beyond the configured number are deleted.
 */
final class NaaccrMerge {

    private NaaccrMerge() {
    }

    /** Publishes the curated version of {@code extracts} unless it is already current; whether it published. */
    static boolean publish(SparkSession spark, Warehouse wh, List<ExtractAccounting> extracts, String version,
                           int keep) {
        return CuratedMerge.publish(wh, version, keep,
                tmp -> write(spark, wh, extracts.stream().map(ExtractAccounting::extractDate).sorted().toList(), tmp));
    }

    private static Dataset<Row> all(SparkSession spark, Warehouse wh, List<LocalDate> dates, String table) {
        return spark.read().parquet(dates.stream().map(d -> wh.extract(d).resolve(table).toString())
                .toArray(String[]::new));
    }

    private static void write(SparkSession spark, Warehouse wh, List<LocalDate> dates, Path out) {
        if (dates.size() == 1) {
            for (String t : List.of(NaaccrExtractIngest.PATIENTS, NaaccrExtractIngest.TUMORS)) {
                CuratedMerge.linkParquetFiles(wh.extract(dates.get(0)).resolve(t), out.resolve(t),
                        "x-" + dates.get(0) + "-");
            }
            return;
        }
        spark.sparkContext().setJobDescription("ingest: nightly merge of NAACCR extracts");
        Dataset<Row> patients = all(spark, wh, dates, NaaccrExtractIngest.PATIENTS);
        Dataset<Row> latest = patients.groupBy(col(PatientRecords.PATIENT_ID).as("_pid"))
                .agg(max("extract_date").as("_date")).hint("shuffle_hash");
        for (String t : List.of(NaaccrExtractIngest.PATIENTS, NaaccrExtractIngest.TUMORS)) {
            Dataset<Row> rows = t.equals(NaaccrExtractIngest.PATIENTS) ? patients : all(spark, wh, dates, t);
            rows.join(latest, rows.col(PatientRecords.PATIENT_ID).equalTo(latest.col("_pid"))
                            .and(rows.col("extract_date").equalTo(latest.col("_date"))), "left_semi")
                    .write().mode(SaveMode.ErrorIfExists).parquet(out.resolve(t).toString());
        }
        spark.sparkContext().setJobDescription(null);
    }
}
