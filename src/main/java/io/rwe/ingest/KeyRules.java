package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The key rules of docs/registry-extract.md, among the rows that passed the field rules: within one file,
 * rows sharing the table's key ({@link ExtractTable#key()}) are either all identical in their decoded
 * values — the first (lowest line) is kept, the others are {@code duplicate_row} — or not, and then
 * every one of them is a {@code conflicting_key}. It runs only for a file where some key is shared,
 * which the ingest finds without it ({@link PatientReference#sharedPatientIds} for patients.csv,
 * {@link KeyRepeats} for the child files).
 *
 * <p>How: every key holds {@code patient_id}, so with the rows partitioned by patient (child files are,
 * {@link PatientReference#attach}; patients.csv is repartitioned here) rows sharing a key lie in one
 * partition. Each partition is sorted by the 64-bit hash of the key ({@code xxhash64}; a sort on one
 * number) and read once: rows with one hash are consecutive, a hash held by one row (almost all) passes
 * through, and the few groups of more are split by their exact key and judged. A Spark window per key
 * (key hash first) did the same: the whole ingest of a registry of 10^6 patients with 1 % bad rows took
 * 156–174 s with it and 128–148 s with this (docs/benchmarks-ingest.md).
 */
public final class KeyRules {

    private static final String HASH = "_key_hash";

    private KeyRules() {
    }

    /** How a message names the row at a {@code _line} value ({@code line 4}). */
    public interface LineNames extends Serializable {
        String of(long line);
    }

    /** Sets {@code _error} of the passed rows that break a key rule; rows already in error are kept as they are. */
    public static Dataset<Row> apply(Dataset<Row> checked, ExtractTable table) {
        return apply(checked, table, line -> "line " + line);
    }

    /**
     * As {@link #apply(Dataset, ExtractTable)}, for rows whose {@code _line} orders them (the lowest is
     * the first) and is named in messages by {@code names} (rows of several files).
     */
    public static Dataset<Row> apply(Dataset<Row> checked, ExtractTable table, LineNames names) {
        Dataset<Row> byPatient = table == ExtractTable.PATIENTS ? checked.repartition(col("patient_id")) : checked;
        StructType schema = byPatient.schema();
        Column hash = xxhash64(table.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        Judge judge = new Judge(schema, table, names);
        return byPatient.withColumn(HASH, hash).sortWithinPartitions(col(HASH))
                .mapPartitions((MapPartitionsFunction<Row, Row>) judge::rows, Encoders.row(schema));
    }

    /** Judges the rows of one partition, sorted by key hash (the hash the last column, dropped on output). */
    static final class Judge implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int width;
        private final int error;
        private final int line;
        private final int[] key;
        private final int[] values;
        private final String keyNames;
        private final LineNames names;

        Judge(StructType schema, ExtractTable table) {
            this(schema, table, line -> "line " + line);
        }

        Judge(StructType schema, ExtractTable table, LineNames names) {
            this.names = names;
            this.width = schema.length();
            this.error = schema.fieldIndex("_error");
            this.line = schema.fieldIndex("_line");
            this.key = table.key().stream().mapToInt(schema::fieldIndex).toArray();
            this.values = table.columns().stream().map(ColumnSpec::name).mapToInt(schema::fieldIndex).toArray();
            this.keyNames = String.join(", ", table.key());
        }

        Iterator<Row> rows(Iterator<Row> in) {
            return new Iterator<>() {
                private final ArrayDeque<Row> out = new ArrayDeque<>();
                private Row pending;

                @Override
                public boolean hasNext() {
                    if (out.isEmpty()) {
                        fill();
                    }
                    return !out.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return out.poll();
                }

                /** Reads the next group of rows with one hash and judges it. */
                private void fill() {
                    Row first = pending != null ? pending : in.hasNext() ? in.next() : null;
                    pending = null;
                    if (first == null) {
                        return;
                    }
                    long h = first.getLong(width);
                    List<Row> group = new ArrayList<>();
                    group.add(first);
                    while (in.hasNext()) {
                        Row r = in.next();
                        if (r.getLong(width) != h) {
                            pending = r;
                            break;
                        }
                        group.add(r);
                    }
                    judge(group, out);
                }
            };
        }

        /** The rows of one hash, judged, into {@code out} (in their order). */
        void judge(List<Row> group, ArrayDeque<Row> out) {
            if (group.size() == 1) {
                out.add(strip(group.get(0), null));
                return;
            }
            Object[] errors = new Object[group.size()];
            boolean[] done = new boolean[group.size()];
            for (int i = 0; i < group.size(); i++) {
                if (done[i] || !group.get(i).isNullAt(error)) {
                    continue;
                }
                // The passed rows with the key of row i.
                List<Integer> same = new ArrayList<>();
                for (int j = i; j < group.size(); j++) {
                    if (!done[j] && group.get(j).isNullAt(error) && equal(group.get(i), group.get(j), key)) {
                        same.add(j);
                        done[j] = true;
                    }
                }
                if (same.size() < 2) {
                    continue;
                }
                long firstLine = Long.MAX_VALUE;
                boolean differ = false;
                for (int j : same) {
                    firstLine = Math.min(firstLine, group.get(j).getLong(line));
                    differ |= !equal(group.get(same.get(0)), group.get(j), values);
                }
                for (int j : same) {
                    if (differ) {
                        errors[j] = RowFactory.create(QuarantineReason.CONFLICTING_KEY.code(), keyNames, keyNames + ": key "
                                + keyText(group.get(j)) + " is shared by " + same.size() + " rows that differ (first at "
                                + names.of(firstLine) + ")");
                    } else if (group.get(j).getLong(line) != firstLine) {
                        errors[j] = RowFactory.create(QuarantineReason.DUPLICATE_ROW.code(), keyNames, keyNames
                                + ": identical to the row at " + names.of(firstLine) + ", which is kept");
                    }
                }
            }
            for (int i = 0; i < group.size(); i++) {
                out.add(strip(group.get(i), errors[i]));
            }
        }

        /** The row without the hash, its error set to {@code newError} when that is not null. */
        private Row strip(Row r, Object newError) {
            Object[] v = new Object[width];
            for (int k = 0; k < width; k++) {
                v[k] = r.get(k);
            }
            if (newError != null) {
                v[error] = newError;
            }
            return RowFactory.create(v);
        }

        /**
         * Whether two rows hold the same decoded values in {@code columns}: equal objects, nulls equal to
         * each other, and numbers compared as numbers (0.0 and -0.0 are one value, as in Spark's ordering).
         */
        private static boolean equal(Row a, Row b, int[] columns) {
            for (int k : columns) {
                Object x = a.get(k);
                Object y = b.get(k);
                if (x instanceof Double dx && y instanceof Double dy ? dx.doubleValue() != dy.doubleValue() : !Objects.equals(x, y)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code (P1, L2)}: the key's values, for messages (dates as {@code yyyy-MM-dd}). */
        private String keyText(Row r) {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < key.length; i++) {
                Object v = r.get(key[i]);
                s.append(v == null ? "" : v.toString()).append(i + 1 < key.length ? ", " : ")");
            }
            return s.toString();
        }
    }
}
