package io.rwe.analyze;

import io.rwe.study.AnalysisSpec;

import io.rwe.core.Json;
import io.rwe.stats.ChiSquareResult;
import io.rwe.stats.ClopperPearson;
import io.rwe.stats.FisherExactTest;
import io.rwe.stats.PearsonChiSquareTest;
import io.rwe.stats.ProportionInterval;
import java.util.List;
import java.util.Map;

/**
 * A rate or scope-rates analysis from its collected response counts (docs/study.md, "Statistics"):
 * per group n, responders, rate = responders/n and its exact (Clopper–Pearson) 95% CI, as
 * proportions; with two groups the 2×2 table (responders, non-responders) × groups is tested with
 * Pearson's χ² without and with Yates' correction and Fisher's exact two-sided test, as R's
 * {@code chisq.test(m, correct=FALSE)}, {@code chisq.test(m)} and {@code fisher.test(m)}.
 */
public final class RateAnalysis {

    private RateAnalysis() {
    }

    /**
     * The analysis's object of results.json: {@code {"groups": {g: {"n", "responders", "rate",
     * "ci"}}, "tests": {"chisq", "chisq_yates", "fisher"}}}; {@code tests} is null for a single
     * group. A group without patients has rate and CI null.
     */
    public static Map<String, Object> toResults(AnalysisSpec spec, List<CohortCounts.ResponseCount> counts) {
        Map<String, Object> o = Json.object();
        Map<String, Object> groups = Json.object();
        for (CohortCounts.ResponseCount c : counts) {
            Map<String, Object> g = Json.object();
            g.put("n", c.n());
            g.put("responders", c.responders());
            if (c.n() > 0) {
                ProportionInterval ci = ClopperPearson.interval(c.responders(), c.n(), 0.95);
                g.put("rate", (double) c.responders() / c.n());
                g.put("ci", StudyResults.pair(ci.lower(), ci.upper()));
            } else {
                g.put("rate", null);
                g.put("ci", StudyResults.pair(Double.NaN, Double.NaN));
            }
            groups.put(c.group(), g);
        }
        o.put("groups", groups);
        o.put("tests", counts.size() == 2 ? tests(counts.get(0), counts.get(1)) : null);
        return o;
    }

    /** χ², χ² with Yates' correction and Fisher's exact test on the 2×2 table of two groups. */
    static Map<String, Object> tests(CohortCounts.ResponseCount a, CohortCounts.ResponseCount b) {
        long[][] table = {
                {a.responders(), a.n() - a.responders()},
                {b.responders(), b.n() - b.responders()}};
        Map<String, Object> t = Json.object();
        t.put("chisq", chiSquare(table, false));
        t.put("chisq_yates", chiSquare(table, true));
        Map<String, Object> f = Json.object();
        f.put("statistic", null);
        f.put("p", degenerate(table) ? Double.NaN : FisherExactTest.twoSided(table).p());
        t.put("fisher", f);
        return t;
    }

    private static Map<String, Object> chiSquare(long[][] table, boolean yates) {
        Map<String, Object> o = Json.object();
        if (degenerate(table)) {
            o.put("statistic", Double.NaN);
            o.put("p", Double.NaN);
            return o;
        }
        ChiSquareResult r = PearsonChiSquareTest.withDefaults().withYates(yates).test(table);
        o.put("statistic", r.statistic());
        o.put("p", r.p());
        return o;
    }

    /** A table with an empty row (a group without patients): no test is defined. */
    private static boolean degenerate(long[][] t) {
        return t[0][0] + t[0][1] == 0 || t[1][0] + t[1][1] == 0;
    }
}
