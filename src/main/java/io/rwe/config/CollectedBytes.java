package io.rwe.config;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the bytes that tasks send back to the driver (the serialized task results: what
 * {@code collect} and friends bring home). Register once per session with {@link #attach}; read
 * {@link #bytes()} before and after a stage to know what it collected. The manifest records it, and a
 * test holds each stage's figure flat as the number of patients grows.
 */
public final class CollectedBytes extends SparkListener {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();

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
     * Bytes of task results received by the driver so far. Listener events arrive asynchronously:
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
