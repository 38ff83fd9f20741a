package io.rwe.ingest;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * The records parsed per split of one file, counted by the reading tasks themselves (the file's
 * {@code rows_read}, independent of the classification that follows). A task records its split's count
 * when it has read the split to the end; the value is a map split start → records, merged by
 * assignment, so that a split read twice (a recomputed partition, a retried task) still counts once.
 * Only successful tasks report (Spark drops the updates of failed ones).
 */
final class SplitRowCounts extends AccumulatorV2<Map.Entry<Long, Long>, Map<Long, Long>> {
    private final TreeMap<Long, Long> counts = new TreeMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public SplitRowCounts copy() {
        SplitRowCounts c = new SplitRowCounts();
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
