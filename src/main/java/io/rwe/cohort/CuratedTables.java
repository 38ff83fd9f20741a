package io.rwe.cohort;

import io.rwe.ingest.Curated;
import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The six curated tables derive reads (docs/architecture.md): the columns of {@link ExtractTable} with
 * their curated types, latest accepted record per patient, withdrawn patients removed. Extra columns
 * (such as {@code extract_date}) are ignored.
 */
public record CuratedTables(Dataset<Row> patients, Dataset<Row> lesions, Dataset<Row> treatments,
                            Dataset<Row> procedures, Dataset<Row> assessments, Dataset<Row> adverseEvents) {

    /** The published curated version of a warehouse ({@link Curated#table}). */
    public static CuratedTables read(SparkSession spark, Path warehouse) {
        return new CuratedTables(
                Curated.table(spark, warehouse, ExtractTable.PATIENTS),
                Curated.table(spark, warehouse, ExtractTable.LESIONS),
                Curated.table(spark, warehouse, ExtractTable.TREATMENTS),
                Curated.table(spark, warehouse, ExtractTable.PROCEDURES),
                Curated.table(spark, warehouse, ExtractTable.ASSESSMENTS),
                Curated.table(spark, warehouse, ExtractTable.ADVERSE_EVENTS));
    }

    /** The tables by {@link ExtractTable}. */
    public Map<ExtractTable, Dataset<Row>> byTable() {
        return Map.of(ExtractTable.PATIENTS, patients, ExtractTable.LESIONS, lesions,
                ExtractTable.TREATMENTS, treatments, ExtractTable.PROCEDURES, procedures,
                ExtractTable.ASSESSMENTS, assessments, ExtractTable.ADVERSE_EVENTS, adverseEvents);
    }
}
