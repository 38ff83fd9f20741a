package io.rwe.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.results.AdverseEvents;
import io.rwe.results.Baseline;
import io.rwe.results.CountPct;
import io.rwe.results.Counts;
import io.rwe.results.Flow;
import io.rwe.study.BaselineVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the study-wide parts of {@code results.json} (docs/study.md, "Results contract") from collected
 * counts: pure driver-side functions over small inputs, keys in the study's order, so the same inputs
 * give the same bytes.
 */
final class StudyResults {

    private StudyResults() {
    }

    /**
     * {@code cohort_flow}: the derive stage's flow re-keyed in the study's order: reviewed, excluded per
     * step of {@code flowSteps}, included, included per pattern of {@code patterns} (a step or pattern
     * absent from the flow counts 0).
     */
    static Flow flow(JsonNode f, List<String> flowSteps, List<String> patterns) {
        Map<String, Long> ex = new LinkedHashMap<>();
        for (String k : flowSteps) {
            ex.put(k, f.path("excluded").path(k).asLong());
        }
        Map<String, Long> p = new LinkedHashMap<>();
        for (String k : patterns) {
            p.put(k, f.path("patterns").path(k).asLong());
        }
        return new Flow(f.path("reviewed").asLong(), new Counts(ex, false), f.path("included").asLong(),
                new Counts(p, false), false);
    }

    /**
     * {@code baseline}: n, age {median, min, max}, and per variable its categories in the listed order
     * (every listed category, zero counts included), then categories seen but not listed (sorted), then
     * {@code missing} when any value is missing; each {@code {"n", "pct"}} with pct = 100·n/N over the
     * whole cohort.
     */
    static Baseline baseline(CohortCounts.Baseline b, List<BaselineVariable> variables) {
        Map<String, Map<String, CountPct>> vars = new LinkedHashMap<>();
        for (BaselineVariable v : variables) {
            Map<String, Long> counts = b.counts().getOrDefault(v.name(), Map.of());
            Map<String, CountPct> cats = new LinkedHashMap<>();
            for (String c : v.categories()) {
                cats.put(c, CountPct.of(counts.getOrDefault(c, 0L), b.n()));
            }
            TreeSet<String> extra = new TreeSet<>();
            for (String c : counts.keySet()) {
                if (c != null && !v.categories().contains(c)) {
                    extra.add(c);
                }
            }
            for (String c : extra) {
                cats.put(c, CountPct.of(counts.get(c), b.n()));
            }
            Long missing = counts.get(null);
            if (missing != null && missing > 0) {
                cats.put("missing", CountPct.of(missing, b.n()));
            }
            vars.put(v.name(), cats);
        }
        return new Baseline(b.n(), new Baseline.Age(b.age().median(), b.age().min(), b.age().max()), vars, false);
    }

    /**
     * {@code adverse_events}: n; any_grade, dose_reduced, interrupted as {n, pct}; per term the patients
     * by worst grade (1–2, 3, ≥ 4) and with any grade; grade_3_plus (patients with a grade ≥ 3 event of
     * any term, once each) as {n, pct}; the total row, patients by their worst grade over every term.
     */
    static AdverseEvents adverseEvents(CohortCounts.AdverseEvents ae) {
        Map<String, AdverseEvents.Term> terms = new LinkedHashMap<>();
        for (CohortCounts.TermCount t : ae.terms()) {
            terms.put(t.term(), new AdverseEvents.Term(t.grade12(), t.grade3(), t.grade4Plus(), t.any(), false));
        }
        return new AdverseEvents(ae.n(), CountPct.of(ae.anyGrade(), ae.n()), CountPct.of(ae.doseReduced(), ae.n()),
                CountPct.of(ae.interrupted(), ae.n()), terms, false, CountPct.of(ae.grade3Plus(), ae.n()),
                new AdverseEvents.Term(ae.total().grade12(), ae.total().grade3(), ae.total().grade4Plus(),
                        ae.total().any(), false));
    }
}
