package io.rwe.analyze;

import io.rwe.study.BaselineVariable;

import io.rwe.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the objects of {@code results.json} (docs/study.md, "Results contract") from collected counts and
 * the statistics core's results. Pure driver-side functions over small inputs; key order as the
 * contract lists it, so the same inputs give the same bytes.
 */
public final class StudyResults {

    private StudyResults() {
    }

    /** 100·n/N, unrounded (NaN when N = 0). */
    static double pct(long n, long total) {
        return total == 0 ? Double.NaN : 100.0 * n / total;
    }

    static Map<String, Object> countPct(long n, long total) {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("pct", pct(n, total));
        return o;
    }

    static List<Double> pair(double a, double b) {
        List<Double> l = new ArrayList<>(2);
        l.add(a);
        l.add(b);
        return l;
    }

    /**
     * {@code cohort_flow}: the derive stage's flow object (reviewed, excluded per step, included,
     * patterns), re-keyed in the contract's order; steps and patterns in the order the derive stage
     * wrote them, which is the study's ({@code rwe.study.flow-steps}, {@code rwe.study.patterns}).
     */
    public static Map<String, Object> flow(com.fasterxml.jackson.databind.JsonNode f) {
        Map<String, Object> o = Json.object();
        o.put("reviewed", f.path("reviewed").asLong());
        Map<String, Object> ex = Json.object();
        f.path("excluded").fields().forEachRemaining(e -> ex.put(e.getKey(), e.getValue().asLong()));
        o.put("excluded", ex);
        o.put("included", f.path("included").asLong());
        Map<String, Object> p = Json.object();
        f.path("patterns").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asLong()));
        o.put("patterns", p);
        return o;
    }

    /**
     * {@code baseline}: n, age {median, min, max}, and per variable its categories in the listed
     * order (every listed category, zero counts included), then categories seen but not listed
     * (sorted), then {@code missing} when any value is missing; each {@code {"n", "pct"}} with
     * pct = 100·n/N over the whole cohort.
     */
    public static Map<String, Object> baseline(CohortCounts.Baseline b, List<BaselineVariable> variables) {
        Map<String, Object> o = Json.object();
        o.put("n", b.n());
        Map<String, Object> age = Json.object();
        age.put("median", b.age().median());
        age.put("min", b.age().min());
        age.put("max", b.age().max());
        o.put("age", age);
        Map<String, Object> vars = Json.object();
        for (BaselineVariable v : variables) {
            Map<String, Long> counts = b.counts().getOrDefault(v.name(), Map.of());
            Map<String, Object> cats = Json.object();
            for (String c : v.categories()) {
                cats.put(c, countPct(counts.getOrDefault(c, 0L), b.n()));
            }
            TreeSet<String> extra = new TreeSet<>();
            for (String c : counts.keySet()) {
                if (c != null && !v.categories().contains(c)) {
                    extra.add(c);
                }
            }
            for (String c : extra) {
                cats.put(c, countPct(counts.get(c), b.n()));
            }
            Long missing = counts.get(null);
            if (missing != null && missing > 0) {
                cats.put("missing", countPct(missing, b.n()));
            }
            vars.put(v.name(), cats);
        }
        o.put("variables", vars);
        return o;
    }

    /**
     * {@code adverse_events}: n; any_grade, dose_reduced, interrupted as {n, pct}; per term the
     * patients by worst grade (1–2, 3, ≥ 4) and with any grade.
     */
    public static Map<String, Object> adverseEvents(CohortCounts.AdverseEvents ae) {
        Map<String, Object> o = Json.object();
        o.put("n", ae.n());
        o.put("any_grade", countPct(ae.anyGrade(), ae.n()));
        o.put("dose_reduced", countPct(ae.doseReduced(), ae.n()));
        o.put("interrupted", countPct(ae.interrupted(), ae.n()));
        Map<String, Object> terms = Json.object();
        for (CohortCounts.TermCount t : ae.terms()) {
            Map<String, Object> term = Json.object();
            term.put("grade_1_2", t.grade12());
            term.put("grade_3", t.grade3());
            term.put("grade_4_plus", t.grade4Plus());
            term.put("any", t.any());
            terms.put(t.term(), term);
        }
        o.put("terms", terms);
        return o;
    }
}
