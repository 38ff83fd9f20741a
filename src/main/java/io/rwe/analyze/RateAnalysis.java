package io.rwe.analyze;

import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.results.Counts;
import io.rwe.results.Interval;
import io.rwe.results.NotEstimable;
import io.rwe.results.Paired;
import io.rwe.results.Proportion;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.stats.ChiSquareResult;
import io.rwe.stats.ClopperPearson;
import io.rwe.stats.FisherExactTest;
import io.rwe.stats.McNemarExact;
import io.rwe.stats.PearsonChiSquareTest;
import io.rwe.stats.ProportionInterval;
import io.rwe.study.AnalysisSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rate or scope-rates analysis from its collected response counts (docs/study.md, "Statistics"):
 * per group n, responders, rate = responders/n and its exact (Clopper–Pearson) 95% CI, as
 * proportions; with two groups the 2×2 table (responders, non-responders) × groups is tested with
 * Pearson's χ² without and with Yates' correction and Fisher's exact two-sided test, as R's
 * {@code chisq.test(m, correct=FALSE)}, {@code chisq.test(m)} and {@code fisher.test(m)}.
 *
 * <p>Each group also carries its patients by best response (CR, PR, SD, PD, NE, none) and its disease
 * control (CR, PR or SD) with its exact CI. A two-scope scope-rates analysis, whose scopes are measured
 * on the same patients, adds the paired comparison from its discordant pairs b and c: the difference
 * (b − c)/n with its Wald CI and McNemar's exact p ({@link McNemarExact}).
 *
 * <p>Not estimable (docs/analyze.md): the rate of a group without patients (rate and CI null); the tests
 * when a group has no patients ({@code tests} null); the χ² tests when nobody, or everybody, responded
 * (an expected count of 0: R gives NaN), Fisher's p being 1 then.
 */
final class RateAnalysis {

    private RateAnalysis() {
    }

    /** The analysis's result without a paired comparison; {@code tests} is null for a single group. */
    static RateResult toResult(AnalysisSpec spec, List<CohortCounts.ResponseCount> counts) {
        return toResult(spec, counts, null);
    }

    /**
     * The analysis's result; {@code tests} is null for a single group; {@code discordant} (null: none)
     * the discordant pairs of a two-scope scope-rates analysis.
     */
    static RateResult toResult(AnalysisSpec spec, List<CohortCounts.ResponseCount> counts,
                               CohortCounts.Discordant discordant) {
        Map<String, RateGroup> groups = new LinkedHashMap<>();
        NotEstimable ne = NotEstimable.none();
        for (CohortCounts.ResponseCount c : counts) {
            Counts best = c.bestResponse().isEmpty() ? null : new Counts(c.bestResponse(), false);
            if (c.n() > 0) {
                groups.put(c.group(), new RateGroup(c.n(), c.responders(), (double) c.responders() / c.n(),
                        exact(c.responders(), c.n()), false, best, best == null ? null : new Proportion(c.diseaseControl(),
                        (double) c.diseaseControl() / c.n(), exact(c.diseaseControl(), c.n()), false)));
            } else {
                groups.put(c.group(), new RateGroup(c.n(), c.responders(), null, Interval.unknown(), false, best,
                        best == null ? null : new Proportion(0L, null, Interval.unknown(), false)));
                ne = ne.with("groups." + c.group(), "no patients");
            }
        }
        Paired paired = null;
        if (discordant != null) {
            double[] d = McNemarExact.pairedDifference(discordant.b(), discordant.c(), discordant.n(), 0.95);
            paired = new Paired(discordant.n(), discordant.b(), discordant.c(), discordant.n() > 0 ? d[0] : null,
                    discordant.n() > 0 ? new Interval(d[1], d[2]) : Interval.unknown(),
                    McNemarExact.p(discordant.b(), discordant.c()), false);
            if (discordant.n() == 0) {
                ne = ne.with("paired", "no patients");
            }
        }
        RateTests tests = null;
        if (counts.size() == 2) {
            CohortCounts.ResponseCount a = counts.get(0);
            CohortCounts.ResponseCount b = counts.get(1);
            if (a.n() == 0 || b.n() == 0) {
                ne = ne.with("tests", "no patients in " + (a.n() == 0 ? a.group() : b.group()));
            } else {
                long[][] table = {
                        {a.responders(), a.n() - a.responders()},
                        {b.responders(), b.n() - b.responders()}};
                long responders = a.responders() + b.responders();
                String chisq = responders == 0 ? "no responders"
                        : responders == a.n() + b.n() ? "every patient responded" : null;
                RateTests.Test none = new RateTests.Test(null, null);
                tests = new RateTests(chisq == null ? chiSquare(table, false) : none,
                        chisq == null ? chiSquare(table, true) : none,
                        new RateTests.Test(null, FisherExactTest.twoSided(table).p()));
                if (chisq != null) {
                    ne = ne.with("tests.chisq", chisq).with("tests.chisq_yates", chisq);
                }
            }
        }
        return new RateResult(groups, tests, ne, paired);
    }

    /** The exact (Clopper–Pearson) 95% CI of x/n. */
    private static Interval exact(long x, long n) {
        ProportionInterval ci = ClopperPearson.interval(x, n, 0.95);
        return new Interval(ci.lower(), ci.upper());
    }

    /**
     * The tests of a two-group rate analysis object of results.json under {@code policy}, in place: withheld
     * ({@code tests} null, the reason in {@code not_estimable.tests}) when a count of its 2×2 table is
     * suppressed — a test of the exact table would give the count back; recomputed from the published
     * counts when the policy rounds them; else left as computed.
     */
    @SuppressWarnings("unchecked")
    static void withPublishedTests(AnalysisSpec spec, Map<String, Object> analysis, DisclosurePolicy policy) {
        if (!(analysis.get("groups") instanceof Map<?, ?> groups) || groups.size() != 2
                || analysis.get("tests") == null) {
            return;
        }
        List<CohortCounts.ResponseCount> counts = new ArrayList<>();
        for (Map.Entry<?, ?> e : groups.entrySet()) {
            Map<String, Object> g = (Map<String, Object>) e.getValue();
            if (!(g.get("n") instanceof Number n) || !(g.get("responders") instanceof Number r)) {
                analysis.put("tests", null);
                Map<String, Object> ne = (Map<String, Object>) analysis.computeIfAbsent("not_estimable",
                        k -> new LinkedHashMap<String, Object>());
                ne.keySet().removeIf(k -> k.startsWith("tests"));
                ne.put("tests", "withheld by the disclosure policy (" + policy.name()
                        + "): a count of the table is suppressed");
                return;
            }
            counts.add(new CohortCounts.ResponseCount((String) e.getKey(), n.longValue(), r.longValue()));
        }
        if (!policy.rounds()) {
            return;
        }
        Map<String, Object> recomputed = toResult(spec, counts).toJson();
        analysis.put("tests", recomputed.get("tests"));
        Map<String, Object> ne = (Map<String, Object>) analysis.get("not_estimable");
        if (ne != null) {
            ne.keySet().removeIf(k -> k.startsWith("tests"));
        }
        if (recomputed.get("not_estimable") instanceof Map<?, ?> fresh) {
            for (Map.Entry<?, ?> e : fresh.entrySet()) {
                if (((String) e.getKey()).startsWith("tests")) {
                    ne = ne != null ? ne : (Map<String, Object>) analysis.computeIfAbsent("not_estimable",
                            k -> new LinkedHashMap<String, Object>());
                    ne.put((String) e.getKey(), e.getValue());
                }
            }
        }
        if (ne != null && ne.isEmpty()) {
            analysis.remove("not_estimable");
        }
    }

    private static RateTests.Test chiSquare(long[][] table, boolean yates) {
        ChiSquareResult r = PearsonChiSquareTest.withDefaults().withYates(yates).test(table);
        return new RateTests.Test(r.statistic(), r.p());
    }
}
