package io.rwe.riskset;

import java.util.Arrays;

/**
 * The risk-set counts of one task: events and rows per (group number, stratum number, time), in an
 * open-addressing table of primitive arrays (no object per row, no boxing). A task counts its rows here and
 * hands on one row per distinct key, which {@link RiskSetBuilder#count} sums over the tasks; what leaves a
 * task grows with the distinct times, not with its rows. Stratum -1 stands for none. Times are compared by
 * their bits ({@link Double#doubleToLongBits}), as the aggregation compares doubles.
 */
public final class TimeCounts {

    private int[] keyGroup = new int[1024];
    private int[] keyStratum = new int[1024];
    private long[] keyTime = new long[1024];
    private long[] events = new long[1024];
    private long[] rows = new long[1024];
    private int[] table = new int[2048];
    private int size;

    public TimeCounts() {
        Arrays.fill(table, -1);
    }

    /** Counts one row of group {@code g}, stratum {@code s} (-1: none) and time {@code time}: an event when {@code event} is 1. */
    public void add(int g, int s, double time, int event) {
        long timeBits = Double.doubleToLongBits(time);
        int h = hash(g, s, timeBits) & (table.length - 1);
        while (true) {
            int at = table[h];
            if (at < 0) {
                break;
            }
            if (keyTime[at] == timeBits && keyGroup[at] == g && keyStratum[at] == s) {
                events[at] += event;
                rows[at]++;
                return;
            }
            h = (h + 1) & (table.length - 1);
        }
        if (size == keyTime.length) {
            int cap = size * 2;
            keyGroup = Arrays.copyOf(keyGroup, cap);
            keyStratum = Arrays.copyOf(keyStratum, cap);
            keyTime = Arrays.copyOf(keyTime, cap);
            events = Arrays.copyOf(events, cap);
            rows = Arrays.copyOf(rows, cap);
        }
        keyGroup[size] = g;
        keyStratum[size] = s;
        keyTime[size] = timeBits;
        events[size] = event;
        rows[size] = 1;
        table[h] = size++;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    private void rehash() {
        table = new int[table.length * 2];
        Arrays.fill(table, -1);
        for (int i = 0; i < size; i++) {
            int h = hash(keyGroup[i], keyStratum[i], keyTime[i]) & (table.length - 1);
            while (table[h] >= 0) {
                h = (h + 1) & (table.length - 1);
            }
            table[h] = i;
        }
    }

    private static int hash(int g, int s, long t) {
        long x = t * 0x9E3779B97F4A7C15L + g * 0x632BE59BD9B4E019L + s;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 32));
    }

    /** Distinct (group, stratum, time) keys counted, numbered 0.. in order of first appearance. */
    public int size() {
        return size;
    }

    public int group(int i) {
        return keyGroup[i];
    }

    /** The stratum number of key {@code i}, -1 for none. */
    public int stratum(int i) {
        return keyStratum[i];
    }

    public double time(int i) {
        return Double.longBitsToDouble(keyTime[i]);
    }

    public long events(int i) {
        return events[i];
    }

    public long rows(int i) {
        return rows[i];
    }
}
