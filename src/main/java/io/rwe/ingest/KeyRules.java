package io.rwe.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The key rules of registry-extract.md, among the rows that passed the field rules: within one file,
 * rows sharing the table's key ({@link ExtractTable#key()}) are either all identical in their decoded
 * values — the first (lowest line) is kept, the others are {@code duplicate_row} — or not, and then
 * every one of them is a {@code conflicting_key}. Computed with one window per key (a shuffle by key),
 * comparing the smallest and the largest row of the group.
 */
public final class KeyRules {

    private KeyRules() {
    }

    /**
     * The number of (patient, 64-bit key hash) pairs ({@code xxhash64} of the key columns) held by two
     * or more passed rows: cheaper to aggregate than the key's strings. Rows sharing a key share its
     * hash, so 0 means exactly that no key is shared and {@link #apply} would change nothing;
     * a non-zero count (a shared key, or rarely two keys with the same hash) sends the file through the
     * exact rules of {@link #apply}. An aggregation (one shuffle of the hashes): for rows in any
     * partitioning, such as those of patients.csv as read.
     */
    public static long sharedKeys(Dataset<Row> checked, ExtractTable table) {
        return checked.filter(col("_error").isNull()).groupBy(col("patient_id"), xxhash64(keyColumns(table)).as("_key_hash"))
                .count().filter(col("count").gt(1)).count();
    }

    /**
     * The same number as {@link #sharedKeys}, for rows partitioned by patient (every key starts with
     * {@code patient_id}, so rows sharing a key lie in one partition; {@link PatientReference#attach}
     * partitions a child file so): each partition sorts the key hashes of its passed rows (Spark's sort,
     * which spills to disk when it must) and counts the hashes that repeat, without a shuffle and without
     * the hash table of an aggregation with one group per row.
     */
    public static long sharedKeysWithinPartitions(Dataset<Row> byPatient, ExtractTable table) {
        return byPatient.filter(col("_error").isNull()).select(xxhash64(keyColumns(table)).as("_key_hash"))
                .sortWithinPartitions("_key_hash").as(Encoders.LONG())
                .mapPartitions((MapPartitionsFunction<Long, Long>) KeyRules::repeated, Encoders.LONG()).count();
    }

    /** The values that occur twice or more in {@code sorted} (ascending), each once, as they are reached. */
    static java.util.Iterator<Long> repeated(java.util.Iterator<Long> sorted) {
        return new java.util.Iterator<>() {
            private boolean started;
            private long previous;
            private Long next;

            @Override
            public boolean hasNext() {
                while (next == null && sorted.hasNext()) {
                    long h = sorted.next();
                    if (started && h == previous) {
                        next = h;
                        // skip the rest of this run of equal values
                        while (sorted.hasNext()) {
                            long g = sorted.next();
                            if (g != h) {
                                previous = g;
                                return true;
                            }
                        }
                        started = false;
                        return true;
                    }
                    previous = h;
                    started = true;
                }
                return next != null;
            }

            @Override
            public Long next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Long h = next;
                next = null;
                return h;
            }
        };
    }

    private static Column[] keyColumns(ExtractTable table) {
        return table.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    /** Sets {@code _error} of the passed rows that break a key rule; rows already in error are kept as they are. */
    public static Dataset<Row> apply(Dataset<Row> checked, ExtractTable table) {
        Dataset<Row> failed = checked.filter(col("_error").isNotNull());
        Dataset<Row> passed = checked.filter(col("_error").isNull());
        Column[] key = table.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        WindowSpec w = Window.partitionBy(key);
        Column values = struct(table.columns().stream().map(ColumnSpec::name)
                .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        String keyNames = String.join(", ", table.key());
        Column keyText = keyText(table.key());
        Column first = min(col("_line")).over(w);
        Column differ = min(values).over(w).notEqual(max(values).over(w));
        Column conflict = FieldRules.error(QuarantineReason.CONFLICTING_KEY, keyNames,
                concat(lit(keyNames + ": key "), keyText, lit(" is shared by "), count(lit(1)).over(w).cast(DataTypes.StringType),
                        lit(" rows that differ (first at line "), first.cast(DataTypes.StringType), lit(")")));
        Column duplicate = FieldRules.error(QuarantineReason.DUPLICATE_ROW, keyNames,
                concat(lit(keyNames + ": identical to the row at line "), first.cast(DataTypes.StringType),
                        lit(", which is kept")));
        Column error = when(differ, conflict).when(col("_line").notEqual(first), duplicate);
        Dataset<Row> keyed = passed.withColumn("_error", error);
        return failed.unionByName(keyed);
    }

    /** {@code (P1, L2)}: the key's values, for messages. */
    static Column keyText(List<String> key) {
        Column[] parts = new Column[key.size() * 2 + 1];
        parts[0] = lit("(");
        for (int i = 0; i < key.size(); i++) {
            parts[2 * i + 1] = coalesce(col(key.get(i)).cast(DataTypes.StringType), lit(""));
            parts[2 * i + 2] = lit(i + 1 < key.size() ? ", " : ")");
        }
        return concat(parts);
    }
}
