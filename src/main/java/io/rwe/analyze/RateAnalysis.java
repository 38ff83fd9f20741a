package io.rwe.analyze;

import io.rwe.results.Interval;
import io.rwe.results.NotEstimable;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.stats.ChiSquareResult;
import io.rwe.stats.ClopperPearson;
import io.rwe.stats.FisherExactTest;
import io.rwe.stats.PearsonChiSquareTest;
import io.rwe.stats.ProportionInterval;
import io.rwe.study.AnalysisSpec;
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
 * <p>Not estimable (docs/analyze.md): the rate of a group without patients (rate and CI null); the tests
 * when a group has no patients ({@code tests} null); the χ² tests when nobody, or everybody, responded
 * (an expected count of 0: R gives NaN), Fisher's p being 1 then.
 */
final class RateAnalysis {

    private RateAnalysis() {
    }

    /** The analysis's result; {@code tests} is null for a single group. */
    static RateResult toResult(AnalysisSpec spec, List<CohortCounts.ResponseCount> counts) {
        Map<String, RateGroup> groups = new LinkedHashMap<>();
        NotEstimable ne = NotEstimable.none();
        for (CohortCounts.ResponseCount c : counts) {
            if (c.n() > 0) {
                ProportionInterval ci = ClopperPearson.interval(c.responders(), c.n(), 0.95);
                groups.put(c.group(), new RateGroup(c.n(), c.responders(), (double) c.responders() / c.n(),
                        new Interval(ci.lower(), ci.upper()), false));
            } else {
                groups.put(c.group(), new RateGroup(c.n(), c.responders(), null, Interval.unknown(), false));
                ne = ne.with("groups." + c.group(), "no patients");
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
        return new RateResult(groups, tests, ne);
    }

    private static RateTests.Test chiSquare(long[][] table, boolean yates) {
        ChiSquareResult r = PearsonChiSquareTest.withDefaults().withYates(yates).test(table);
        return new RateTests.Test(r.statistic(), r.p());
    }
}
