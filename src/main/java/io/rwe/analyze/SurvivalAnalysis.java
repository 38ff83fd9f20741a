package io.rwe.analyze;

import io.rwe.core.CsvTable;

import io.rwe.study.AnalysisSpec;

import io.rwe.core.Json;
import io.rwe.stats.ConfType;
import io.rwe.stats.CoxModel;
import io.rwe.stats.CoxResult;
import io.rwe.stats.HazardRatio;
import io.rwe.stats.HazardRatioEstimate;
import io.rwe.stats.KaplanMeier;
import io.rwe.stats.KmCurve;
import io.rwe.stats.KmRow;
import io.rwe.stats.LogRankResult;
import io.rwe.stats.LogRankTest;
import io.rwe.stats.RiskSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A km or compare analysis computed from its collected risk sets: per group the Kaplan–Meier curve
 * (strata pooled), and for a comparison the log-rank test (stratified when the risk sets carry
 * strata), the log-rank hazard ratio of the first-named group against the reference and the Cox
 * model (Efron ties, same strata).
 */
public final class SurvivalAnalysis {
    private final AnalysisSpec spec;
    private final Map<String, KmCurve> curves;
    private final Comparison comparison;

    private SurvivalAnalysis(AnalysisSpec spec, Map<String, KmCurve> curves, Comparison comparison) {
        this.spec = spec;
        this.curves = curves;
        this.comparison = comparison;
    }

    /** Fits the analysis on its risk sets (one per group, or per group and stratum). */
    public static SurvivalAnalysis of(AnalysisSpec spec, List<RiskSet> sets, ConfType confType) {
        Map<String, KmCurve> curves = new LinkedHashMap<>();
        List<RiskSet> pooled = RiskSets.poolStrata(sets);
        for (String g : spec.groups().keySet()) {
            RiskSet rs = pooled.stream().filter(r -> r.group().equals(g)).findFirst()
                    .orElse(new RiskSet(g, null, List.of()));
            curves.put(g, KaplanMeier.fit(rs, confType, 0.95));
        }
        Comparison cmp = spec.type() == AnalysisSpec.Type.COMPARE ? Comparison.of(spec, sets) : null;
        return new SurvivalAnalysis(spec, curves, cmp);
    }

    public AnalysisSpec spec() {
        return spec;
    }

    public Map<String, KmCurve> curves() {
        return curves;
    }

    /**
     * The analysis's object of results.json: {@code groups} (n, events, median, median_ci, range,
     * rmst with τ = the largest observed time of the analysis, R's default), and for a comparison
     * {@code logrank}, {@code hr}, {@code cox}.
     */
    public Map<String, Object> toResults() {
        double tau = KaplanMeier.commonTau(curves.values());
        Map<String, Object> o = Json.object();
        Map<String, Object> groups = Json.object();
        for (Map.Entry<String, KmCurve> e : curves.entrySet()) {
            groups.put(e.getKey(), kmGroup(e.getValue(), tau));
        }
        o.put("groups", groups);
        if (comparison != null) {
            comparison.addTo(o);
        }
        return o;
    }

    /**
     * A Kaplan–Meier group: n, events, median with its CI (as R's {@code print(survfit)}: null where
     * not reached), range (min–max observed time), RMST to {@code tau}.
     */
    static Map<String, Object> kmGroup(KmCurve c, double tau) {
        Map<String, Object> g = Json.object();
        g.put("n", c.n());
        g.put("events", c.events());
        var median = c.medianAsPrinted();
        g.put("median", median.time());
        g.put("median_ci", StudyResults.pair(median.lower(), median.upper()));
        g.put("range", StudyResults.pair(c.range().min(), c.range().max()));
        Map<String, Object> r = Json.object();
        if (c.rows().isEmpty() || !Double.isFinite(tau)) {
            r.put("tau", tau);
            r.put("estimate", Double.NaN);
            r.put("se", Double.NaN);
        } else {
            var rmst = c.rmst(tau);
            r.put("tau", rmst.tau());
            r.put("estimate", rmst.estimate());
            r.put("se", rmst.se());
        }
        g.put("rmst", r);
        return g;
    }

    /**
     * The step table {@code km_<analysis>.csv}: analysis, group, time (months), n_risk, n_event,
     * n_censor, surv, std_err, lower, upper — one row per distinct time per group, as R's
     * {@code summary(survfit(...), censored=TRUE)}. With suppression on, counts 1..k-1 show as
     * {@code <k}.
     */
    public CsvTable stepTable(int minCell) {
        CsvTable t = new CsvTable("analysis", "group", "time", "n_risk", "n_event", "n_censor", "surv", "std_err",
                "lower", "upper");
        for (Map.Entry<String, KmCurve> e : curves.entrySet()) {
            for (KmRow r : e.getValue().rows()) {
                t.row(spec.name(), e.getKey(), r.time(), small(r.nRisk(), minCell), small(r.nEvent(), minCell),
                        small(r.nCensor(), minCell), r.surv(), r.stdErr(), r.lower(), r.upper());
            }
        }
        return t;
    }

    private static Object small(long v, int minCell) {
        return minCell > 1 && v > 0 && v < minCell ? new CsvTable.Suppressed(minCell) : (Object) v;
    }

    /** Rows of {@code logrank.csv} (observed and expected events per group; observed hidden with events). */
    @SuppressWarnings("unchecked")
    void logRankRows(CsvTable t, Map<String, Object> results, int minCell) {
        if (comparison == null) {
            return;
        }
        Map<String, Object> groups = (Map<String, Object>) ((Map<String, Object>) results.get(spec.name())).get("groups");
        for (String g : spec.groups().keySet()) {
            Object observed = CsvTable.cell((Map<String, Object>) groups.get(g), "events", minCell);
            if (!(observed instanceof CsvTable.Suppressed)) {
                observed = comparison.logRank().observed(g);
            }
            t.row(spec.name(), g, observed, comparison.logRank().expected(g));
        }
    }

    /** The comparison part of a compare analysis. */
    public Comparison comparison() {
        return comparison;
    }

    /** Log-rank, log-rank HR and Cox of a two-group comparison. */
    public record Comparison(AnalysisSpec spec, LogRankResult logRank, HazardRatioEstimate hr, CoxResult cox) {

        /**
         * Log-rank (ρ = 0) over the risk sets (stratified when they carry strata: O, E and V summed
         * over strata, as {@code survdiff(... + strata(center))}), the log-rank HR
         * exp((O₁ − E₁)/V₁₁) of the first-named group with CI exp(ln HR ± 1.96/√V₁₁), and the Cox
         * model with Efron ties and the same strata, reference = the analysis's reference group.
         */
        static Comparison of(AnalysisSpec spec, List<RiskSet> sets) {
            String first = spec.groups().keySet().iterator().next();
            LogRankResult lr = LogRankTest.withDefaults().test(sets);
            HazardRatioEstimate hr = HazardRatio.logRank(lr, first, spec.reference(), 0.95);
            CoxResult cox = CoxModel.withDefaults().withReference(spec.reference()).fit(sets);
            return new Comparison(spec, lr, hr, cox);
        }

        void addTo(Map<String, Object> o) {
            Map<String, Object> lr = Json.object();
            lr.put("chisq", logRank.chiSquare());
            lr.put("df", logRank.df());
            lr.put("p", logRank.p());
            o.put("logrank", lr);
            Map<String, Object> h = Json.object();
            h.put("estimate", hr.estimate());
            h.put("ci", StudyResults.pair(hr.lower(), hr.upper()));
            h.put("method", "logrank");
            h.put("reference", spec.reference());
            o.put("hr", h);
            Map<String, Object> c = Json.object();
            c.put("hr", cox.hr());
            c.put("ci", StudyResults.pair(cox.ci()[0], cox.ci()[1]));
            c.put("p_wald", cox.pWald());
            c.put("p_lr", cox.pLr());
            c.put("p_score", cox.pScore());
            c.put("reference", spec.reference());
            o.put("cox", c);
        }
    }
}
