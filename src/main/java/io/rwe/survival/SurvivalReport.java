package io.rwe.survival;

import io.rwe.json.Json;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code jobs/survival} (cli.md, "JSON of jobs/survival") from the collected risk sets:
 * computed on the driver, from counts only.
 */
public final class SurvivalReport {

    private SurvivalReport() {
    }

    /** The cli.md JSON object, keys in the contract's order. */
    public static Map<String, Object> of(SurvivalOptions options, RiskSetBuilder.Aggregate counts) {
        Map<String, RiskSet> byGroup = pooledByGroup(counts.riskSets());
        long n = 0;
        long events = 0;
        for (RiskSet rs : byGroup.values()) {
            n += rs.n();
            events += rs.events();
        }
        Map<String, Object> json = Json.object();
        json.put("n", n);
        json.put("events", events);
        json.put("dropped", counts.dropped());
        json.put("conf_type", options.confType());
        Map<String, Object> groups = Json.object();
        for (Map.Entry<String, RiskSet> e : byGroup.entrySet()) {
            RiskSet rs = e.getValue();
            Map<String, Object> g = Json.object();
            g.put("n", rs.n());
            g.put("events", rs.events());
            groups.put(e.getKey(), g);
        }
        json.put("groups", groups);
        return json;
    }

    /**
     * One risk set per group, its strata pooled (the Kaplan–Meier curve of a group ignores the strata):
     * events and censorings summed per distinct time, at risk recomputed. Groups in string order.
     */
    static Map<String, RiskSet> pooledByGroup(List<RiskSet> sets) {
        Map<String, List<RiskSet>> byGroup = new TreeMap<>();
        for (RiskSet rs : sets) {
            byGroup.computeIfAbsent(rs.group(), k -> new ArrayList<>()).add(rs);
        }
        Map<String, RiskSet> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RiskSet>> e : byGroup.entrySet()) {
            out.put(e.getKey(), e.getValue().size() == 1 && e.getValue().get(0).stratum() == null
                    ? e.getValue().get(0) : pool(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The risk sets of {@code parts} as one: counts summed per distinct time. */
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
