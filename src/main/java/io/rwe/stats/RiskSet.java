package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The risk set of one group (and optional stratum): every distinct observed time in increasing order
 * with the numbers at risk, with events and censored. This is all the statistics core ever sees of the
 * patients; its size grows with the number of distinct times, never with the number of patients.
 *
 * @param group   the group's label ({@code "all"} when ungrouped)
 * @param stratum the stratum's label, or {@code null} when unstratified
 * @param rows    distinct times, strictly increasing
 */
public record RiskSet(String group, String stratum, List<RiskRow> rows) {

    public RiskSet {
        rows = List.copyOf(rows);
        for (int i = 1; i < rows.size(); i++) {
            if (!(rows.get(i).time() > rows.get(i - 1).time())) {
                throw new IllegalArgumentException("risk set times must be strictly increasing: "
                        + rows.get(i - 1).time() + " then " + rows.get(i).time());
            }
            long expected = rows.get(i - 1).atRisk() - rows.get(i - 1).events() - rows.get(i - 1).censored();
            if (rows.get(i).atRisk() != expected) {
                throw new IllegalArgumentException("at-risk count at time " + rows.get(i).time() + " is "
                        + rows.get(i).atRisk() + " but " + expected + " remain after the previous time");
            }
        }
    }

    /**
     * Builds a risk set from per-time counts, as a Spark aggregation delivers them
     * ({@code groupBy(group, stratum, time).agg(events, censored)}): the numbers at risk are the
     * reverse cumulative sums. Times must be strictly increasing.
     */
    public static RiskSet fromCounts(String group, String stratum, double[] times, long[] events, long[] censored) {
        if (times.length != events.length || times.length != censored.length) {
            throw new IllegalArgumentException("times, events and censored differ in length");
        }
        long total = 0;
        for (int i = 0; i < times.length; i++) {
            total += events[i] + censored[i];
        }
        List<RiskRow> rows = new ArrayList<>(times.length);
        long atRisk = total;
        for (int i = 0; i < times.length; i++) {
            rows.add(new RiskRow(times[i], atRisk, events[i], censored[i]));
            atRisk -= events[i] + censored[i];
        }
        return new RiskSet(group, stratum, rows);
    }

    /** Number of subjects: those at risk at the first time. */
    public long n() {
        return rows.isEmpty() ? 0 : rows.get(0).atRisk();
    }

    /** Total events. */
    public long events() {
        long e = 0;
        for (RiskRow r : rows) {
            e += r.events();
        }
        return e;
    }
}
