package io.rwe.riskset;

import io.rwe.stats.ConfType;
import io.rwe.stats.CoxModel;
import io.rwe.stats.CoxResult;
import io.rwe.stats.HazardRatio;
import io.rwe.stats.HazardRatioEstimate;
import io.rwe.stats.KaplanMeier;
import io.rwe.stats.KmCurve;
import io.rwe.stats.LogRankResult;
import io.rwe.stats.LogRankTest;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Kaplan–Meier + log-rank + hazard ratio + Cox" summary of collected risk sets, the one that both
 * the study's km and compare analyses and {@code jobs/survival} report (docs/analyze.md,
 * docs/survival-cli.md), with the same guards:
 * <ul>
 *   <li>per group, the Kaplan–Meier curve of its risk sets with the strata pooled
 *       ({@code survfit(Surv(t, e) ~ 1, conf.type=, conf.int=)}); a group without patients has an empty
 *       curve and is not estimable ("no patients");</li>
 *   <li>when the groups are compared: the log-rank test over all groups, stratified when the risk sets
 *       carry strata ({@code survdiff(... + strata(s), rho=)}); with exactly two groups also the log-rank
 *       hazard ratio exp((O − E)/V) of the other group against the reference, from the unweighted test,
 *       with CI exp(ln HR ± z/√V), and the Cox model with Efron ties and the same strata
 *       ({@code coxph(Surv(t, e) ~ group + strata(s))}), both at the same confidence level;</li>
 *   <li>the comparison is not estimable when fewer than two groups have patients, or when there is no
 *       event (R then gives χ² 0 on −1 df and NA hazard ratios).</li>
 * </ul>
 *
 * @param curves       group → Kaplan–Meier curve, in the given group order
 * @param logRank      the log-rank test, or null (not compared, or not estimable)
 * @param hr           the log-rank hazard ratio, or null (not two groups, or not estimable)
 * @param cox          the Cox model, or null (not two groups, or not estimable)
 * @param notEstimable part ({@code groups.<g>}, {@code logrank}, {@code hr}, {@code cox}) → reason
 * @param warnings     warnings of the statistics (a Cox coefficient that may be infinite, a p below the
 *                     range of a double), one line each
 */
public record SurvivalSummary(Map<String, KmCurve> curves, LogRankResult logRank, HazardRatioEstimate hr,
                              CoxResult cox, Map<String, String> notEstimable, List<String> warnings) {

    public SurvivalSummary {
        curves = Collections.unmodifiableMap(new LinkedHashMap<>(curves));
        notEstimable = Collections.unmodifiableMap(new LinkedHashMap<>(notEstimable));
        warnings = List.copyOf(warnings);
    }

    /**
     * How the summary is computed.
     *
     * @param confType  the pointwise CI of the curves (R's {@code conf.type})
     * @param confLevel the level of every interval (curves, log-rank HR, Cox)
     * @param rho       the Fleming–Harrington ρ of the log-rank test (0: log-rank); the HR always comes
     *                  from the unweighted test
     */
    public record Settings(ConfType confType, double confLevel, double rho) {
    }

    /**
     * The summary of {@code sets} (one per group, or per group and stratum).
     *
     * @param groups    the groups in reporting order; a group without a risk set has no patients
     * @param reference null for curves only; else the groups are compared, this one the reference
     */
    public static SurvivalSummary of(List<RiskSet> sets, List<String> groups, String reference, Settings settings) {
        Map<String, RiskSet> pooled = Strata.pooled(sets);
        Map<String, KmCurve> curves = new LinkedHashMap<>();
        Map<String, String> notEstimable = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        long events = 0;
        for (String g : groups) {
            RiskSet rs = pooled.getOrDefault(g, new RiskSet(g, null, List.of()));
            curves.put(g, KaplanMeier.fit(rs, settings.confType(), settings.confLevel()));
            events += rs.events();
            if (rs.n() == 0) {
                empty.add(g);
                notEstimable.put("groups." + g, "no patients");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (reference == null) {
            return new SurvivalSummary(curves, null, null, null, notEstimable, warnings);
        }
        boolean pairwise = groups.size() == 2;
        String why = groups.size() - empty.size() < 2
                ? "fewer than two groups with patients (none in " + String.join(", ", empty) + ")"
                : events == 0 ? "no events" : null;
        if (why != null) {
            notEstimable.put("logrank", why);
            if (pairwise) {
                notEstimable.put("hr", why);
                notEstimable.put("cox", why);
            }
            return new SurvivalSummary(curves, null, null, null, notEstimable, warnings);
        }
        LogRankResult lr = LogRankTest.withDefaults().withRho(settings.rho()).test(sets);
        if (lr.pValue().underflow()) {
            warnings.add("log-rank p is below the range of a double: " + lr.pValue().describe());
        }
        if (!pairwise) {
            return new SurvivalSummary(curves, lr, null, null, notEstimable, warnings);
        }
        String other = groups.get(0).equals(reference) ? groups.get(1) : groups.get(0);
        LogRankResult unweighted = settings.rho() == 0 ? lr : LogRankTest.withDefaults().test(sets);
        HazardRatioEstimate hr = HazardRatio.logRank(unweighted, other, reference, settings.confLevel());
        CoxResult cox = CoxModel.of(CoxModel.Options.withDefaults().withReference(reference)
                .withConfLevel(settings.confLevel())).fit(sets);
        for (String w : cox.warnings()) {
            warnings.add("coxph: " + w);
        }
        return new SurvivalSummary(curves, lr, hr, cox, notEstimable, warnings);
    }

    /** τ of the restricted means when none is given: the largest observed time of all groups (R's default). */
    public double commonTau() {
        return KaplanMeier.commonTau(curves.values());
    }
}
