package io.rwe.core;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * What reaches the driver, measured two ways.
 *
 * <ul>
 *   <li><b>Data collected</b> ({@link #dataBytes()}): the rows the project's own actions bring home.
 *   Every collect of the jobs goes through {@link #collect(Dataset)}, {@link #first(Dataset)} or
 *   {@link #record}, which add the Java-serialized size of what was collected (an architecture test
 *   forbids collecting any other way). This is the figure that must not grow with the number of
 *   patients: it holds risk sets (one row per group, stratum and distinct time), category counts and
 *   per-file accounting, never a patient-level row. The manifest's {@code collected_bytes}.</li>
 *   <li><b>Task results</b> ({@link #bytes()}): every serialized task result the driver receives,
 *   counted by this listener: the data above plus Spark's own per-task bookkeeping (metric and
 *   accumulator updates, map statuses, file-commit messages), a few kilobytes per task. It grows with
 *   the number of tasks, i.e. with the input's partitions, not with rows; a patient-level collect
 *   shows in it too. The manifest's {@code task_results} ({@code bytes}, with the task count).</li>
 * </ul>
 *
 * Register once per session with {@link #attach}; read the counters before and after a stage.
 */
public final class CollectedBytes extends SparkListener {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong dataBytes = new AtomicLong();

    /** Collects {@code ds} (a small aggregate) and counts its serialized size as data collected. */
    public static List<Row> collect(Dataset<Row> ds) {
        List<Row> rows = ds.collectAsList();
        record(ds.sparkSession(), rows);
        return rows;
    }

    /** Collects {@code rdd} (small per-task results), counting their serialized size as data collected. */
    public static <T> List<T> collect(SparkSession spark, org.apache.spark.api.java.JavaRDDLike<T, ?> rdd) {
        List<T> out = rdd.collect();
        record(spark, new java.util.ArrayList<>(out));
        return out;
    }

    /** The first row of {@code ds} (a one-row aggregate), counted as data collected. */
    public static Row first(Dataset<Row> ds) {
        Row r = ds.first();
        record(ds.sparkSession(), r);
        return r;
    }

    /**
     * Counts {@code collected} (what an action returned to the driver: a list of rows or of small
     * serializable results) as data collected by the session's counter; returns it unchanged.
     */
    public static <T> T record(SparkSession spark, T collected) {
        attach(spark).dataBytes.addAndGet(serializedSize(collected));
        return collected;
    }

    /** Bytes of the Java serialization of {@code o} (0 for null or a value that cannot be serialized). */
    static long serializedSize(Object o) {
        if (o == null) {
            return 0;
        }
        CountingStream counter = new CountingStream();
        try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
            out.writeObject(o);
        } catch (IOException e) {
            return 0;
        }
        return counter.n;
    }

    private static final class CountingStream extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    /** Bytes of data collected through this class so far (see the class comment). */
    public long dataBytes() {
        return dataBytes.get();
    }

    /** The counter registered on {@code spark} (one per SparkContext). */
    public static synchronized CollectedBytes attach(SparkSession spark) {
        CollectedBytes existing = Registry.get(spark);
        if (existing != null) {
            return existing;
        }
        CollectedBytes c = new CollectedBytes();
        spark.sparkContext().addSparkListener(c);
        Registry.put(spark, c);
        return c;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            bytes.addAndGet(end.taskMetrics().resultSize());
            tasks.incrementAndGet();
        }
    }

    /**
     * Bytes of task results received by the driver so far (data and Spark's per-task bookkeeping). Listener events arrive asynchronously:
     * call {@link #settle} first when reading right after an action.
     */
    public long bytes() {
        return bytes.get();
    }

    public long tasks() {
        return tasks.get();
    }

    /** Waits (briefly) until the listener bus has delivered the events of finished jobs. */
    public static void settle(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        } catch (Exception e) {
            // Best effort: a late event only makes the figure slightly low.
        }
    }

    private static final class Registry {
        private static final java.util.Map<org.apache.spark.SparkContext, CollectedBytes> MAP =
                new java.util.WeakHashMap<>();

        static CollectedBytes get(SparkSession s) {
            return MAP.get(s.sparkContext());
        }

        static void put(SparkSession s, CollectedBytes c) {
            MAP.put(s.sparkContext(), c);
        }
    }
}
