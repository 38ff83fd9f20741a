package io.rwe.analyze;

import io.rwe.core.CsvTable;
import io.rwe.results.ChiSquare;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.results.Comparison;
import io.rwe.results.Interval;
import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.results.NotEstimable;
import io.rwe.riskset.SurvivalSummary;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.KaplanMeier;
import io.rwe.stats.KmCurve;
import io.rwe.stats.KmRounding;
import io.rwe.stats.KmRow;
import io.rwe.stats.RiskSet;
import io.rwe.study.AnalysisSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A km or compare analysis computed from its collected risk sets by the shared
 * {@link SurvivalSummary}: per group the Kaplan–Meier curve (strata pooled) and the median follow-up, and
 * for a comparison the log-rank test (stratified when the risk sets carry strata), the log-rank hazard
 * ratio of the first-named group against the reference, the Cox model (Efron ties, same strata) with its
 * proportional-hazards test, the difference of restricted means (first-named minus reference) and the
 * adjusted Cox model fitted in Spark ({@link AdjustedModels}). What the data cannot support is not
 * estimable, with its reason.
 *
 * <p>Under a disclosure policy with rounded curves ({@link DisclosurePolicy#curveMinCount()} m &gt; 0) each
 * group's curve is also recomputed from cumulative counts rounded in steps of m ({@link KmRounding}): the
 * step table shows the rounded curve; the RMST's τ is the largest time of the rounded curves (not a single
 * patient's last time); medians and RMST are read off the rounded curves or the exact ones, as the policy
 * says. Log-rank, hazard ratio and Cox stay those of the unrounded risk sets.
 */
final class SurvivalAnalysis {
    private final AnalysisSpec spec;
    private final SurvivalSummary summary;
    private final Map<String, KmCurve> rounded;
    private final boolean statisticsFromRounded;

    private SurvivalAnalysis(AnalysisSpec spec, SurvivalSummary summary, Map<String, KmCurve> rounded,
                             boolean statisticsFromRounded) {
        this.spec = spec;
        this.summary = summary;
        this.rounded = rounded;
        this.statisticsFromRounded = statisticsFromRounded;
    }

    /** Fits the analysis on its risk sets (one per group, or per group and stratum), curves as published. */
    static SurvivalAnalysis of(AnalysisSpec spec, List<RiskSet> sets, SurvivalSummary.Settings settings) {
        return of(spec, sets, settings, DisclosurePolicy.none());
    }

    /** Fits the analysis; the curves are rounded as {@code policy} says. */
    static SurvivalAnalysis of(AnalysisSpec spec, List<RiskSet> sets, SurvivalSummary.Settings settings,
                               DisclosurePolicy policy) {
        SurvivalSummary summary = SurvivalSummary.of(sets, List.copyOf(spec.groups().keySet()),
                spec.type() == AnalysisSpec.Type.COMPARE ? spec.reference() : null, settings);
        Map<String, KmCurve> rounded = null;
        if (policy.curveMinCount() > 0) {
            rounded = new LinkedHashMap<>();
            for (Map.Entry<String, KmCurve> e : summary.curves().entrySet()) {
                rounded.put(e.getKey(), KmRounding.round(e.getValue(), policy.curveMinCount()));
            }
        }
        return new SurvivalAnalysis(spec, summary, rounded, policy.statisticsFromRoundedCurves());
    }

    /** The curves the step table shows: the rounded ones under a policy, else the fitted ones. */
    Map<String, KmCurve> publishedCurves() {
        return rounded != null ? rounded : summary.curves();
    }

    AnalysisSpec spec() {
        return spec;
    }

    /** Why the comparison cannot be made at all (fewer than two groups with patients, no events), or null. */
    String notComparable() {
        return summary.notEstimable().get("cox");
    }

    /**
     * The analysis's result: per group n, events, median, median CI, range, RMST with τ = the largest
     * observed time of the analysis (R's default) and median follow-up; for a comparison the log-rank test,
     * the log-rank HR, the Cox model with its PH test, {@code adjusted} (the adjusted Cox model) and the RMST
     * difference at τ = the smaller of the two groups' largest times, each null when not estimable.
     *
     * @param adjusted the adjusted model of a comparison (null for a km analysis)
     */
    KmResult toResult(AdjustedModels.Fitted adjusted) {
        double tau = rounded != null ? KaplanMeier.commonTau(rounded.values()) : summary.commonTau();
        Map<String, KmGroup> groups = new LinkedHashMap<>();
        for (Map.Entry<String, KmCurve> e : summary.curves().entrySet()) {
            KmCurve read = rounded != null && statisticsFromRounded ? rounded.get(e.getKey()) : e.getValue();
            groups.put(e.getKey(), kmGroup(e.getValue(), read, tau)
                    .withFollowup(TypedResults.followup(summary.followups().get(e.getKey()))));
        }
        Comparison comparison = null;
        NotEstimable notEstimable = new NotEstimable(summary.notEstimable());
        if (spec.type() == AnalysisSpec.Type.COMPARE) {
            var lr = summary.logRank();
            var hr = summary.hr();
            var cox = summary.cox();
            var rmst = summary.rmstDifference(spec.reference(), Double.NaN);
            if (adjusted != null && adjusted.notEstimable() != null) {
                notEstimable = notEstimable.with("cox_adjusted", adjusted.notEstimable());
            }
            comparison = new Comparison(
                    lr == null ? null : new ChiSquare(lr.chiSquare(), lr.df(), lr.p()),
                    hr == null ? null : new Comparison.LogRankHr(hr.estimate(), new Interval(hr.lower(), hr.upper()),
                            hr.method(), spec.reference()),
                    cox == null ? null : new Comparison.Cox(cox.hr(), new Interval(cox.ci()[0], cox.ci()[1]),
                            cox.pWald(), cox.pLr(), cox.pScore(), spec.reference(),
                            TypedResults.phTest(summary.coxPhTest())),
                    adjusted == null ? null : adjusted.result(),
                    rmst == null ? null : TypedResults.rmstDiff(rmst, List.copyOf(spec.groups().keySet())));
        }
        return new KmResult(groups, comparison, notEstimable);
    }

    /**
     * A Kaplan–Meier group: n, events and range (min–max observed time) of the fitted curve {@code c};
     * median with its CI (as R's {@code print(survfit)}: null where not reached) and RMST to {@code tau}
     * read off {@code read} (the fitted curve, or its rounded one).
     */
    static KmGroup kmGroup(KmCurve c, KmCurve read, double tau) {
        var median = read.medianAsPrinted();
        KmGroup.Rmst rmst;
        if (read.rows().isEmpty() || !Double.isFinite(tau)) {
            rmst = new KmGroup.Rmst(tau, Double.NaN, Double.NaN);
        } else {
            var r = read.rmst(tau);
            rmst = new KmGroup.Rmst(r.tau(), r.estimate(), r.se());
        }
        return new KmGroup(c.n(), c.events(), median.time(), new Interval(median.lower(), median.upper()),
                new Interval(c.range().min(), c.range().max()), rmst, false);
    }

    /**
     * The step table {@code km_<analysis>.csv}: analysis, group, time (months), n_risk, n_event,
     * n_censor, surv, std_err, lower, upper — one row per distinct time per group, as R's
     * {@code summary(survfit(...), censored=TRUE)}; under a policy with rounded curves, one row per time
     * where the rounded counts change. A group whose size {@code published} suppressed has no rows.
     */
    CsvTable stepTable(KmResult published) {
        CsvTable t = new CsvTable("analysis", "group", "time", "n_risk", "n_event", "n_censor", "surv", "std_err",
                "lower", "upper");
        for (Map.Entry<String, KmCurve> e : publishedCurves().entrySet()) {
            KmGroup grp = published.groups().get(e.getKey());
            if (grp != null && grp.n() == null && grp.suppressed()) {
                continue;
            }
            for (KmRow r : e.getValue().rows()) {
                t.row(spec.name(), e.getKey(), r.time(), r.nRisk(), r.nEvent(), r.nCensor(), r.surv(), r.stdErr(),
                        r.lower(), r.upper());
            }
        }
        return t;
    }

    /**
     * Rows of {@code logrank.csv}: observed and expected events per group of a comparison whose log-rank
     * test was estimated (published only without a disclosure policy: the expected counts add up to the
     * exact number of events).
     */
    void logRankRows(CsvTable t) {
        if (summary.logRank() == null) {
            return;
        }
        for (String g : spec.groups().keySet()) {
            t.row(spec.name(), g, summary.logRank().observed(g), summary.logRank().expected(g));
        }
    }
}
