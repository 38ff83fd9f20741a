package io.rwe.stats;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event times of all strata with, per group, the number at risk and the events there. Times
 * without events contribute nothing to the partial likelihood and are left out.
 */
final class CoxEventTable {
    final int k;
    final int times;
    final double[] atRisk; // times × k
    final double[] dead; // times × k
    final long[] deadTotal; // per time
    final long n;
    final long events;
    final int strata;

    private CoxEventTable(int k, int times, double[] atRisk, double[] dead, long[] deadTotal, long n, long events,
            int strata) {
        this.k = k;
        this.times = times;
        this.atRisk = atRisk;
        this.dead = dead;
        this.deadTotal = deadTotal;
        this.n = n;
        this.events = events;
        this.strata = strata;
    }

    static CoxEventTable of(List<RiskSet> riskSets, List<String> groups) {
        int k = groups.size();
        Map<String, Integer> index = new HashMap<>();
        for (int g = 0; g < k; g++) {
            index.put(groups.get(g), g);
        }
        TreeMap<String, RiskSet[]> byStratum = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        long n = 0;
        long events = 0;
        int rowsTotal = 0;
        for (RiskSet rs : riskSets) {
            RiskSet[] slot = byStratum.computeIfAbsent(rs.stratum(), s -> new RiskSet[k]);
            int g = index.get(rs.group());
            if (slot[g] != null) {
                throw new IllegalArgumentException("two risk sets for group '" + rs.group() + "', stratum '"
                        + rs.stratum() + "'");
            }
            slot[g] = rs;
            n += rs.n();
            events += rs.events();
            rowsTotal += rs.rows().size();
        }
        double[] atRisk = new double[Math.max(1, rowsTotal) * k];
        double[] dead = new double[Math.max(1, rowsTotal) * k];
        long[] deadTotal = new long[Math.max(1, rowsTotal)];
        int t = 0;
        int[] pos = new int[k];
        double[][] times = new double[k][];
        long[][] risk = new long[k][];
        long[][] ev = new long[k][];
        for (RiskSet[] slot : byStratum.values()) {
            for (int g = 0; g < k; g++) {
                List<RiskRow> rows = slot[g] == null ? List.of() : slot[g].rows();
                times[g] = new double[rows.size()];
                risk[g] = new long[rows.size()];
                ev[g] = new long[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    RiskRow row = rows.get(i);
                    times[g][i] = row.time();
                    risk[g][i] = row.atRisk();
                    ev[g][i] = row.events();
                }
                pos[g] = 0;
            }
            while (true) {
                double time = Double.POSITIVE_INFINITY;
                for (int g = 0; g < k; g++) {
                    if (pos[g] < times[g].length && times[g][pos[g]] < time) {
                        time = times[g][pos[g]];
                    }
                }
                if (time == Double.POSITIVE_INFINITY) {
                    break;
                }
                long d = 0;
                int o = t * k;
                for (int g = 0; g < k; g++) {
                    int i = pos[g];
                    if (i < times[g].length) {
                        atRisk[o + g] = risk[g][i];
                        if (times[g][i] == time) {
                            dead[o + g] = ev[g][i];
                            d += ev[g][i];
                            pos[g]++;
                        } else {
                            dead[o + g] = 0;
                        }
                    } else {
                        atRisk[o + g] = 0;
                        dead[o + g] = 0;
                    }
                }
                if (d > 0) {
                    deadTotal[t] = d;
                    t++;
                }
            }
        }
        return new CoxEventTable(k, t, atRisk, dead, deadTotal, n, events, byStratum.size());
    }
}
