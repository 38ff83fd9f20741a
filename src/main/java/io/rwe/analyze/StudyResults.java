package io.rwe.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.results.AdverseEvents;
import io.rwe.results.Baseline;
import io.rwe.results.BaselineByGroup;
import io.rwe.results.CountPct;
import io.rwe.results.Counts;
import io.rwe.results.Flow;
import io.rwe.stats.StandardizedMeanDifference;
import io.rwe.study.BaselineVariable;
import io.rwe.study.CategoryNames;
import java.util.ArrayList;
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
        return baseline(b, categories(List.of(b), variables));
    }

    /**
     * The categories of each variable as Table 1 prints them for {@code parts} together: the listed ones,
     * then those seen in any part but not listed (sorted), then {@code missing} when any part has a missing
     * value.
     */
    private static Map<String, List<String>> categories(List<CohortCounts.Baseline> parts,
                                                        List<BaselineVariable> variables) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (BaselineVariable v : variables) {
            List<String> cats = new ArrayList<>(v.categories());
            TreeSet<String> extra = new TreeSet<>();
            boolean missing = false;
            for (CohortCounts.Baseline b : parts) {
                Map<String, Long> counts = b.counts().getOrDefault(v.name(), Map.of());
                for (String c : counts.keySet()) {
                    if (c != null && !v.categories().contains(c)) {
                        extra.add(c);
                    }
                }
                Long m = counts.get(null);
                missing |= m != null && m > 0;
            }
            cats.addAll(extra);
            if (missing && !cats.contains(CategoryNames.MISSING)) {
                cats.add(CategoryNames.MISSING);
            }
            out.put(v.name(), cats);
        }
        return out;
    }

    /** Table 1 of {@code b} over the given categories (a category without patients counts 0). */
    private static Baseline baseline(CohortCounts.Baseline b, Map<String, List<String>> categories) {
        Map<String, Map<String, CountPct>> vars = new LinkedHashMap<>();
        categories.forEach((v, cats) -> {
            Map<String, CountPct> out = new LinkedHashMap<>();
            for (String c : cats) {
                out.put(c, CountPct.of(count(b, v, c), b.n()));
            }
            vars.put(v, out);
        });
        return new Baseline(b.n(), new Baseline.Age(b.age().median(), b.age().min(), b.age().max()), vars, false);
    }

    /**
     * Patients of {@code b} in category {@code c} of variable {@code v}; {@code missing} counts the missing
     * values (null) when there are any.
     */
    private static long count(CohortCounts.Baseline b, String v, String c) {
        Map<String, Long> counts = b.counts().getOrDefault(v, Map.of());
        Long n = c.equals(CategoryNames.MISSING) && counts.get(null) != null ? counts.get(null) : counts.get(c);
        return n == null ? 0 : n;
    }

    /**
     * One comparison's {@code baseline_by_group} entry: Table 1 of each of its groups over the categories
     * of both (so the two tables have the same rows), and the standardized mean differences of the first
     * group against the second (the reference) as tableone computes them
     * ({@link StandardizedMeanDifference}): {@code age} from the means and sample variances, then each
     * variable from its category counts, {@code missing} included.
     *
     * @param groups group → its Table 1 counts, the first-named group first, the reference second
     */
    static BaselineByGroup.Grouping baselineByGroup(Map<String, CohortCounts.Baseline> groups,
                                                    List<BaselineVariable> variables) {
        List<CohortCounts.Baseline> parts = List.copyOf(groups.values());
        Map<String, List<String>> categories = categories(parts, variables);
        Map<String, Baseline> tables = new LinkedHashMap<>();
        groups.forEach((g, b) -> tables.put(g, baseline(b, categories)));
        Map<String, Double> smd = new LinkedHashMap<>();
        if (parts.size() == 2) {
            CohortCounts.Baseline a = parts.get(0);
            CohortCounts.Baseline r = parts.get(1);
            smd.put("age", StandardizedMeanDifference.numeric(moments(a), moments(r)));
            categories.forEach((v, cats) -> {
                long[] ca = new long[cats.size()];
                long[] cr = new long[cats.size()];
                for (int i = 0; i < cats.size(); i++) {
                    ca[i] = count(a, v, cats.get(i));
                    cr[i] = count(r, v, cats.get(i));
                }
                smd.put(v, StandardizedMeanDifference.categorical(ca, cr));
            });
        }
        return new BaselineByGroup.Grouping(tables, smd);
    }

    private static StandardizedMeanDifference.Moments moments(CohortCounts.Baseline b) {
        return new StandardizedMeanDifference.Moments(b.n(), b.age().mean(), b.age().variance());
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
