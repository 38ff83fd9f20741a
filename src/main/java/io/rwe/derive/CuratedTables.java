package io.rwe.derive;

import io.rwe.ingest.Curated;
import io.rwe.core.BadInputException;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

    /**
     * Checks that every table has the columns of {@link ExtractTable} with their curated types
     * (string, date, double, int); the first mismatch is a {@link BadInputException} naming the table,
     * the column and what was found. {@code where} names the source (a folder) in the message.
     */
    public CuratedTables check(String where) {
        for (Map.Entry<ExtractTable, Dataset<Row>> e : byTable().entrySet()) {
            StructType schema = e.getValue().schema();
            for (ColumnSpec c : e.getKey().columns()) {
                DataType want = curatedType(c);
                java.util.Optional<StructField> f = java.util.Arrays.stream(schema.fields())
                        .filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst();
                if (f.isEmpty()) {
                    throw new BadInputException(where + "/" + e.getKey().tableName() + ": missing column '"
                            + c.name() + "' (curated tables carry every column of docs/registry-extract.md)");
                }
                if (!f.get().dataType().equals(want)) {
                    throw new BadInputException(where + "/" + e.getKey().tableName() + ": column '" + c.name()
                            + "' is " + f.get().dataType().simpleString() + ", expected " + want.simpleString());
                }
            }
        }
        return this;
    }

    /** The curated Parquet type of a column (docs/architecture.md "Shared pieces"). */
    public static DataType curatedType(ColumnSpec c) {
        return switch (c.type()) {
            case STRING, CODE -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case NUMBER -> DataTypes.DoubleType;
            case INTEGER -> DataTypes.IntegerType;
        };
    }

    /** The tables by {@link ExtractTable}. */
    public Map<ExtractTable, Dataset<Row>> byTable() {
        return new java.util.EnumMap<>(Map.of(ExtractTable.PATIENTS, patients, ExtractTable.LESIONS, lesions,
                ExtractTable.TREATMENTS, treatments, ExtractTable.PROCEDURES, procedures,
                ExtractTable.ASSESSMENTS, assessments, ExtractTable.ADVERSE_EVENTS, adverseEvents));
    }
}
