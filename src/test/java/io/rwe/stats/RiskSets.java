package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Test helper: builds risk sets from subject-level arrays (in production Spark aggregates; here the
 * tests need a small, obviously correct aggregation to feed the statistics).
 */
final class RiskSets {

    private RiskSets() {
    }

    /** One risk set of all subjects (group "all", no stratum). */
    static RiskSet of(double[] time, boolean[] event) {
        return of(time, event, null, null).get(0);
    }

    /**
     * Risk sets per group (and per stratum when {@code stratum} is non-null), groups sorted as strings
     * and strata sorted within each group. A null {@code group} array means one group "all".
     */
    static List<RiskSet> of(double[] time, boolean[] event, String[] group, String[] stratum) {
        Map<String, Map<String, TreeMap<Double, long[]>>> cells = new TreeMap<>();
        for (int i = 0; i < time.length; i++) {
            String g = group == null ? "all" : group[i];
            String s = stratum == null ? "" : stratum[i];
            long[] c = cells.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(s, k -> new TreeMap<>())
                    .computeIfAbsent(time[i], k -> new long[2]);
            c[event[i] ? 0 : 1]++;
        }
        List<RiskSet> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, TreeMap<Double, long[]>>> g : cells.entrySet()) {
            for (Map.Entry<String, TreeMap<Double, long[]>> s : g.getValue().entrySet()) {
                TreeMap<Double, long[]> byTime = s.getValue();
                double[] t = new double[byTime.size()];
                long[] d = new long[t.length];
                long[] c = new long[t.length];
                int j = 0;
                for (Map.Entry<Double, long[]> e : byTime.entrySet()) {
                    t[j] = e.getKey();
                    d[j] = e.getValue()[0];
                    c[j] = e.getValue()[1];
                    j++;
                }
                out.add(RiskSet.fromCounts(g.getKey(), stratum == null ? null : s.getKey(), t, d, c));
            }
        }
        return out;
    }

    /** The risk set of one group from a list. */
    static RiskSet group(List<RiskSet> sets, String group) {
        for (RiskSet rs : sets) {
            if (Objects.equals(rs.group(), group)) {
                return rs;
            }
        }
        throw new IllegalArgumentException("no group " + group);
    }
}
