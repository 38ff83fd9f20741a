package io.rwe.ingest;

import static org.apache.spark.sql.functions.xxhash64;

import io.rwe.registry.ExtractTable;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The key check of a child file, done by the tasks that write its accepted rows instead of by a query
 * of its own: each task notes the 64-bit hash ({@code xxhash64}) of the key of every row that passed
 * the field rules, and when it ends, sorts them and reports to a {@link TaskCounts} (under its partition)
 * how many hashes occur twice or more. The rows are partitioned by patient ({@link PatientReference#attach})
 * and every key starts with {@code patient_id}, so rows sharing a key meet in one task.
 *
 * <p>Rows sharing a key share its hash, so a sum of 0 means exactly that no key is shared and the rows
 * written are the accepted ones; otherwise (a shared key, or rarely two keys with one hash) the file goes
 * through the exact key rules ({@link KeyRules#apply}) and its accepted rows are written again.
 */
final class KeyRepeats {

    private KeyRepeats() {
    }

    /**
     * A condition that is true for every row and notes the row's key hash on the way: to be applied, as a
     * filter, to the rows that passed the field rules, in the query that writes the accepted rows.
     */
    static Column noted(TaskCounts repeats, ExtractTable table) {
        Column hash = xxhash64(table.key().stream().map(functions::col).toArray(Column[]::new));
        return functions.udf((UDF1<Long, Boolean>) h -> {
            hashes(repeats).add(h);
            return true;
        }, DataTypes.BooleanType).asNondeterministic().apply(hash);
    }

    /** The hashes noted by the running task, reported when it ends. */
    private static final ThreadLocal<Hashes> TASK = new ThreadLocal<>();

    private static Hashes hashes(TaskCounts repeats) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            // Hashes noted outside a task could never be reported: a missed shared key, so refuse.
            throw new IllegalStateException("the key check ran outside a Spark task");
        }
        Hashes h = TASK.get();
        if (h == null || h.attempt != task.taskAttemptId()) {
            h = new Hashes(task.taskAttemptId());
            TASK.set(h);
            int partition = task.partitionId();
            Hashes noted = h;
            task.addTaskCompletionListener(context -> {
                TASK.remove();
                repeats.add(Map.entry((long) partition, repeated(noted.values, noted.size)));
            });
        }
        return h;
    }

    /** The key hashes one task noted. */
    private static final class Hashes {
        final long attempt;
        long[] values = new long[1024];
        int size;

        Hashes(long attempt) {
            this.attempt = attempt;
        }

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** How many distinct values occur twice or more among {@code values[0..size)} (sorts them in place). */
    static long repeated(long[] values, int size) {
        Arrays.sort(values, 0, size);
        long n = 0;
        for (int i = 1; i < size; i++) {
            if (values[i] == values[i - 1] && (i == 1 || values[i - 1] != values[i - 2])) {
                n++;
            }
        }
        return n;
    }
}
