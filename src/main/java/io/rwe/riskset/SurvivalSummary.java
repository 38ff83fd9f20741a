package io.rwe.riskset;

import io.rwe.stats.ConfType;
import io.rwe.stats.CoxModel;
import io.rwe.stats.CoxResult;
import io.rwe.stats.FollowUp;
import io.rwe.stats.HazardRatio;
import io.rwe.stats.HazardRatioEstimate;
import io.rwe.stats.KaplanMeier;
import io.rwe.stats.KmCurve;
import io.rwe.stats.LogRankResult;
import io.rwe.stats.LogRankTest;
import io.rwe.stats.ProportionalHazardsTest;
import io.rwe.stats.RiskSet;
import io.rwe.stats.RiskSetCoxSums;
import io.rwe.stats.RmstDifference;
import io.rwe.stats.SurvivalQuantile;
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
 *       ({@code survfit(Surv(t, e) ~ 1, conf.type=, conf.int=)}) and its median follow-up (reverse
 *       Kaplan–Meier, {@link FollowUp}); a group without patients has an empty curve and is not estimable
 *       ("no patients");</li>
 *   <li>when the groups are compared: the log-rank test over all groups, stratified when the risk sets
 *       carry strata ({@code survdiff(... + strata(s), rho=)}); with exactly two groups also the log-rank
 *       hazard ratio exp((O − E)/V) of the other group against the reference, from the unweighted test,
 *       with CI exp(ln HR ± z/√V), and the Cox model with Efron ties and the same strata
 *       ({@code coxph(Surv(t, e) ~ group + strata(s))}), both at the same confidence level, with the Cox
 *       model's proportional-hazards test ({@code cox.zph(fit)}, from the same risk sets:
 *       {@link RiskSetCoxSums}); on demand the difference of restricted means ({@link #rmstDifference});</li>
 *   <li>the comparison is not estimable when fewer than two groups have patients (then neither is the
 *       RMST difference), or when there is no event (R then gives χ² 0 on −1 df and NA hazard ratios).</li>
 * </ul>
 *
 * @param curves       group → Kaplan–Meier curve, in the given group order
 * @param logRank      the log-rank test, or null (not compared, or not estimable)
 * @param hr           the log-rank hazard ratio, or null (not two groups, or not estimable)
 * @param cox          the Cox model, or null (not two groups, or not estimable)
 * @param coxPhTest    {@code cox.zph} of the Cox model, or null with it
 * @param followups    group → median follow-up with its CI (reverse Kaplan–Meier), in the group order
 * @param notEstimable part ({@code groups.<g>}, {@code logrank}, {@code hr}, {@code cox},
 *                     {@code rmst_diff}) → reason
 * @param warnings     warnings of the statistics (a Cox coefficient that may be infinite, a p below the
 *                     range of a double), one line each
 */
public record SurvivalSummary(Map<String, KmCurve> curves, LogRankResult logRank, HazardRatioEstimate hr,
                              CoxResult cox, ProportionalHazardsTest coxPhTest, Map<String, SurvivalQuantile> followups,
                              Map<String, String> notEstimable, List<String> warnings) {

    public SurvivalSummary {
        curves = Collections.unmodifiableMap(new LinkedHashMap<>(curves));
        followups = Collections.unmodifiableMap(new LinkedHashMap<>(followups));
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
        Map<String, SurvivalQuantile> followups = new LinkedHashMap<>();
        Map<String, String> notEstimable = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        long events = 0;
        for (String g : groups) {
            RiskSet rs = pooled.getOrDefault(g, new RiskSet(g, null, List.of()));
            curves.put(g, KaplanMeier.fit(rs, settings.confType(), settings.confLevel()));
            followups.put(g, FollowUp.median(rs, settings.confLevel()));
            events += rs.events();
            if (rs.n() == 0) {
                empty.add(g);
                notEstimable.put("groups." + g, "no patients");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (reference == null) {
            return new SurvivalSummary(curves, null, null, null, null, followups, notEstimable, warnings);
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
                if (!empty.isEmpty()) {
                    notEstimable.put("rmst_diff", why);
                }
            }
            return new SurvivalSummary(curves, null, null, null, null, followups, notEstimable, warnings);
        }
        LogRankResult lr = LogRankTest.withDefaults().withRho(settings.rho()).test(sets);
        if (lr.pValue().underflow()) {
            warnings.add("log-rank p is below the range of a double: " + lr.pValue().describe());
        }
        if (!pairwise) {
            return new SurvivalSummary(curves, lr, null, null, null, followups, notEstimable, warnings);
        }
        String other = groups.get(0).equals(reference) ? groups.get(1) : groups.get(0);
        LogRankResult unweighted = settings.rho() == 0 ? lr : LogRankTest.withDefaults().test(sets);
        HazardRatioEstimate hr = HazardRatio.logRank(unweighted, other, reference, settings.confLevel());
        CoxResult cox = CoxModel.of(CoxModel.Options.withDefaults().withReference(reference)
                .withConfLevel(settings.confLevel())).fit(sets);
        for (String w : cox.warnings()) {
            warnings.add("coxph: " + w);
        }
        return new SurvivalSummary(curves, lr, hr, cox, ProportionalHazardsTest.ofGroups(sets, cox), followups,
                notEstimable, warnings);
    }

    /**
     * The difference of restricted mean survival times of a two-group comparison, the other group minus the
     * reference ({@link RmstDifference}), at {@code tau} (NaN: the smaller of the two groups' largest
     * observed times) and the summary's confidence level (its curves'); null when the summary compares no
     * two groups or the difference is not estimable (a group without patients).
     */
    public RmstDifference rmstDifference(String reference, double tau) {
        if (curves.size() != 2 || reference == null || notEstimable.containsKey("rmst_diff")
                || !curves.containsKey(reference)) {
            return null;
        }
        KmCurve ref = curves.get(reference);
        KmCurve other = curves.values().stream().filter(c -> c != ref).findFirst().orElseThrow();
        return RmstDifference.of(other, ref, tau, ref.confLevel());
    }

    /** τ of the restricted means when none is given: the largest observed time of all groups (R's default). */
    public double commonTau() {
        return KaplanMeier.commonTau(curves.values());
    }
}
