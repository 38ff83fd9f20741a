package io.rwe.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The key rules of registry-extract.md, among the rows that passed the field rules: within one file,
 * rows sharing the table's key ({@link ExtractTable#key()}) are either all identical in their decoded
 * values — the first (lowest line) is kept, the others are {@code duplicate_row} — or not, and then
 * every one of them is a {@code conflicting_key}. Computed with one window per key, comparing the
 * smallest and the largest row of the group ({@link #apply}). It runs only for a file where some key is
 * shared, which the ingest finds without it ({@link PatientReference#sharedPatientIds} for patients.csv,
 * {@link KeyRepeats} for the child files).
 */
public final class KeyRules {

    private KeyRules() {
    }

    /**
     * Sets {@code _error} of the passed rows that break a key rule; rows already in error are kept as
     * they are. One window over every row, by (key hash, passed, key): the rows that passed and share a
     * key meet in one window partition. The hash comes first so that the sort the window needs compares
     * mostly 64-bit numbers, not the key's strings (patient ids share long prefixes). A file's rows that
     * are already partitioned by {@code patient_id} (child files, {@link PatientReference#attach}) are
     * not shuffled again: every key holds {@code patient_id}.
     */
    public static Dataset<Row> apply(Dataset<Row> checked, ExtractTable table) {
        Column passed = col("_error").isNull();
        Column[] key = table.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column[] by = new Column[key.length + 2];
        by[0] = xxhash64(key);
        by[1] = passed;
        System.arraycopy(key, 0, by, 2, key.length);
        WindowSpec w = Window.partitionBy(by);
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
        Column error = when(not(passed), col("_error")).when(differ, conflict)
                .when(col("_line").notEqual(first), duplicate);
        return checked.withColumn("_error", error);
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
