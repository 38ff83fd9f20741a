package io.rwe.ingest;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts reported by Spark tasks, one per part of the data a task covers: the records parsed per split
 * of a file, keyed by the split's start (the file's {@code rows_read}, counted by the reading tasks,
 * independently of the classification that follows), or the repeated key hashes per partition
 * ({@link KeyRepeats}). A task reports its part once it has seen all of it; the value is a map part →
 * count, merged by assignment, so that a part read twice (a recomputed partition, a retried task)
 * still counts once. Only successful tasks report (Spark drops the updates of failed ones).
 */
final class TaskCounts extends AccumulatorV2<Map.Entry<Long, Long>, Map<Long, Long>> {
    private final TreeMap<Long, Long> counts = new TreeMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public TaskCounts copy() {
        TaskCounts c = new TaskCounts();
        synchronized (this) {
            c.counts.putAll(counts);
        }
        return c;
    }

    @Override
    public synchronized void reset() {
        counts.clear();
    }

    @Override
    public synchronized void add(Map.Entry<Long, Long> splitCount) {
        counts.put(splitCount.getKey(), splitCount.getValue());
    }

    @Override
    public void merge(AccumulatorV2<Map.Entry<Long, Long>, Map<Long, Long>> other) {
        Map<Long, Long> o = other.value();
        synchronized (this) {
            counts.putAll(o);
        }
    }

    @Override
    public synchronized Map<Long, Long> value() {
        return new TreeMap<>(counts);
    }

    /** The sum over the parts that reported. */
    long sum() {
        return value().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The file's records read: the sum over its splits. Fails when a split of {@code starts} has not
     * reported (it was never read to its end), rather than undercount.
     */
    long total(java.util.List<Long> starts, String file) {
        Map<Long, Long> v = value();
        long n = 0;
        for (long s : starts) {
            Long c = v.get(s);
            if (c == null) {
                throw new IllegalStateException("accounting: the records of " + file + " from byte " + s
                        + " were not counted (the split was not read to its end)");
            }
            n += c;
        }
        return n;
    }
}
