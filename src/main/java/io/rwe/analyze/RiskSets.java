package io.rwe.analyze;

import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Driver-side reshaping of collected risk sets (small: one row per group, stratum and time). */
public final class RiskSets {

    private RiskSets() {
    }

    /**
     * One unstratified risk set per group, in order of first appearance: the strata of a group pooled
     * (events and censorings summed per time, numbers at risk recomputed). The Kaplan–Meier curve of
     * a group ignores the strata; only the log-rank and Cox use them.
     */
    public static List<RiskSet> poolStrata(List<RiskSet> sets) {
        Map<String, TreeMap<Double, long[]>> byGroup = new LinkedHashMap<>();
        for (RiskSet s : sets) {
            TreeMap<Double, long[]> times = byGroup.computeIfAbsent(s.group(), g -> new TreeMap<>());
            for (RiskRow r : s.rows()) {
                long[] c = times.computeIfAbsent(r.time(), t -> new long[2]);
                c[0] += r.events();
                c[1] += r.censored();
            }
        }
        List<RiskSet> out = new ArrayList<>(byGroup.size());
        for (Map.Entry<String, TreeMap<Double, long[]>> e : byGroup.entrySet()) {
            int m = e.getValue().size();
            double[] t = new double[m];
            long[] ev = new long[m];
            long[] ce = new long[m];
            int i = 0;
            for (Map.Entry<Double, long[]> row : e.getValue().entrySet()) {
                t[i] = row.getKey();
                ev[i] = row.getValue()[0];
                ce[i] = row.getValue()[1];
                i++;
            }
            out.add(RiskSet.fromCounts(e.getKey(), null, t, ev, ce));
        }
        return out;
    }
}
