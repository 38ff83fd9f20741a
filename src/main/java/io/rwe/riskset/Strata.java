package io.rwe.riskset;

import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strata pooling of collected risk sets (driver side, small: one row per group, stratum and time). The
 * Kaplan–Meier curve of a group ignores the strata; only the log-rank test and the Cox model use them.
 */
public final class Strata {

    private Strata() {
    }

    /**
     * One unstratified risk set per group, groups in order of first appearance: the strata of a group
     * pooled (events and censorings summed per distinct time, numbers at risk recomputed); a group's
     * single unstratified risk set is kept as it is.
     */
    public static Map<String, RiskSet> pooled(List<RiskSet> sets) {
        Map<String, List<RiskSet>> byGroup = new LinkedHashMap<>();
        for (RiskSet rs : sets) {
            byGroup.computeIfAbsent(rs.group(), k -> new ArrayList<>()).add(rs);
        }
        Map<String, RiskSet> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RiskSet>> e : byGroup.entrySet()) {
            List<RiskSet> parts = e.getValue();
            out.put(e.getKey(), parts.size() == 1 && parts.get(0).stratum() == null ? parts.get(0)
                    : pool(e.getKey(), parts));
        }
        return out;
    }

    /** The risk sets of {@code parts} as one of group {@code group}: counts summed per distinct time. */
    static RiskSet pool(String group, List<RiskSet> parts) {
        TreeMap<Double, long[]> byTime = new TreeMap<>();
        for (RiskSet rs : parts) {
            for (RiskRow r : rs.rows()) {
                long[] c = byTime.computeIfAbsent(r.time(), k -> new long[2]);
                c[0] += r.events();
                c[1] += r.censored();
            }
        }
        double[] t = new double[byTime.size()];
        long[] ev = new long[t.length];
        long[] ce = new long[t.length];
        int i = 0;
        for (Map.Entry<Double, long[]> e : byTime.entrySet()) {
            t[i] = e.getKey();
            ev[i] = e.getValue()[0];
            ce[i] = e.getValue()[1];
            i++;
        }
        return RiskSet.fromCounts(group, null, t, ev, ce);
    }
}
