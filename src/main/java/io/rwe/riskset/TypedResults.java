package io.rwe.riskset;

import io.rwe.results.ChiSquare;
import io.rwe.results.CoxAdjusted;
import io.rwe.results.Followup;
import io.rwe.results.Interval;
import io.rwe.results.PhTest;
import io.rwe.results.RmstDiff;
import io.rwe.stats.ChiSquareStatistic;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegressionResult;
import io.rwe.stats.ProportionalHazardsTest;
import io.rwe.stats.RmstDifference;
import io.rwe.stats.SurvivalQuantile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics that the study's analyses and {@code jobs/survival} both report, as the typed records of
 * {@code io.rwe.results} (one mapping for both, so their objects have the same shape: docs/study.md,
 * "Beyond the paper"; docs/cli.md). Not-finite numbers stay NaN (written as null).
 */
public final class TypedResults {

    /** The variable of the compared groups in a Cox design. */
    public static final String GROUP = "group";

    private TypedResults() {
    }

    /** {@code followup}: the reverse Kaplan–Meier median and its CI. */
    public static Followup followup(SurvivalQuantile q) {
        return new Followup(q.time(), new Interval(q.lower(), q.upper()));
    }

    /** {@code ph_test}, or null. */
    public static PhTest phTest(ProportionalHazardsTest t) {
        if (t == null) {
            return null;
        }
        Map<String, ChiSquare> terms = new LinkedHashMap<>();
        t.terms().forEach((k, v) -> terms.put(k, chiSquare(v)));
        return new PhTest(t.transform(), terms, chiSquare(t.global()));
    }

    private static ChiSquare chiSquare(ChiSquareStatistic s) {
        return new ChiSquare(s.chisq(), s.df(), s.p());
    }

    /**
     * {@code rmst_diff}: τ, each group's restricted mean and se in {@code order} (the two groups), the
     * difference (the group minus the reference), its se, CI and p.
     */
    public static RmstDiff rmstDiff(RmstDifference d, List<String> order) {
        Map<String, RmstDiff.Estimate> groups = new LinkedHashMap<>();
        for (String g : order) {
            var r = g.equals(d.reference()) ? d.ref() : d.first();
            groups.put(g, new RmstDiff.Estimate(r.estimate(), r.se()));
        }
        return new RmstDiff(d.tau(), groups, d.estimate(), d.se(), new Interval(d.lower(), d.upper()), d.p());
    }

    /**
     * {@code cox_adjusted} of a fit of {@code design}: every term, the group's term repeated at the top
     * (when the design has exactly one group column; null otherwise), the global tests, {@code cox.zph},
     * iterations and convergence.
     *
     * @param dropped rows left out for a missing covariate, or null where not reported (the study)
     */
    public static CoxAdjusted coxAdjusted(CoxRegressionResult r, CoxDesign design, Long dropped) {
        Map<String, CoxAdjusted.Term> terms = new LinkedHashMap<>();
        for (CoxRegressionResult.Coefficient c : r.coefficients()) {
            terms.put(c.term(), new CoxAdjusted.Term(c.coef(), c.se(), c.hr(), new Interval(c.lower(), c.upper()),
                    c.p()));
        }
        String reference = null;
        CoxAdjusted.Term group = null;
        for (CoxDesign.Variable v : design.variables()) {
            if (v.name().equals(GROUP)) {
                reference = v.reference();
                if (v.columns().size() == 1) {
                    group = terms.get(v.columns().get(0).term());
                }
            }
        }
        Map<String, ChiSquare> global = new LinkedHashMap<>();
        global.put("lr", chiSquare(r.likelihoodRatio()));
        global.put("wald", chiSquare(r.wald()));
        global.put("score", chiSquare(r.score()));
        return new CoxAdjusted(r.ties().rName(), reference, r.n(), r.events(), dropped, terms,
                group == null ? null : group.hr(), group == null ? null : group.ci(), group == null ? null : group.p(),
                global, phTest(r.phTest()), r.iterations(), r.converged(), false);
    }
}
