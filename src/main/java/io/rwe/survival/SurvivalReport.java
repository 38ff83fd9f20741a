package io.rwe.survival;

import io.rwe.core.Json;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.riskset.SurvivalSummary;
import io.rwe.results.PhTest;
import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.RmstDifference;
import io.rwe.stats.ConfType;
import io.rwe.stats.HazardRatioEstimate;
import io.rwe.stats.KmCurve;
import io.rwe.stats.KmRow;
import io.rwe.stats.LogRankResult;
import io.rwe.stats.RiskSet;
import io.rwe.stats.Rmst;
import io.rwe.stats.SurvivalQuantile;
import io.rwe.stats.TimeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON of {@code jobs/survival} (docs/cli.md, "JSON of jobs/survival") from the collected risk sets,
 * computed on the driver from counts only:
 * <ul>
 *   <li>per group (strata pooled), the Kaplan–Meier curve of {@code survfit(Surv(time, event) ~ group,
 *       conf.type=)}: {@code median} and {@code median_ci} as {@code print(fit)} shows them,
 *       {@code quartiles} as {@code quantile(fit, c(.25, .75))}, {@code range} the smallest and largest
 *       observed time, {@code rmst} as {@code print(fit, rmean=tau)} (τ = {@code --rmst-tau}, else R's
 *       {@code rmean="common"}: the largest time of all groups), {@code at_times} as
 *       {@code summary(fit, times=)} (times after a group's last time are left out, as R does), and
 *       {@code table} as {@code summary(fit, censored=TRUE)};</li>
 *   <li>with two or more groups, {@code logrank}: {@code survdiff(Surv(time, event) ~ group +
 *       strata(stratum), rho=)};</li>
 *   <li>with exactly two groups, {@code hr}: the log-rank estimate exp((O − E)/V) of the second group
 *       against the first (from the unweighted test, stratified like it), and {@code cox}:
 *       {@code coxph(Surv(time, event) ~ factor(group) + strata(stratum))} (Efron ties).</li>
 * </ul>
 * Groups are sorted as strings (Java's {@code String} order); the first is the reference. Statistics
 * warnings (a Cox coefficient that may be infinite, a p-value below the double range) are returned as
 * {@link #warnings} lines for standard error; the JSON keeps exactly the fields of docs/cli.md.
 */
public final class SurvivalReport {

    /** Level of every confidence interval: R's default (jobs/survival has no option for it). */
    public static final double CONF_LEVEL = 0.95;

    private final Map<String, Object> json;
    private final List<String> warnings;

    private SurvivalReport(Map<String, Object> json, List<String> warnings) {
        this.json = json;
        this.warnings = List.copyOf(warnings);
    }

    /** The docs/cli.md JSON object, keys in the contract's order. */
    public Map<String, Object> json() {
        return json;
    }

    /** Warnings of the statistics, one line each (R's wording where R warns). */
    public List<String> warnings() {
        return warnings;
    }

    /** The docs/cli.md JSON object alone. */
    public static Map<String, Object> of(SurvivalOptions options, RiskSetBuilder.Aggregate counts) {
        return compute(options, counts).json();
    }

    /** The groups of the risk sets in the report's order (as strings; the first is the reference). */
    public static List<String> groups(RiskSetBuilder.Aggregate counts) {
        return new ArrayList<>(new TreeSet<>(counts.riskSets().stream().map(RiskSet::group).toList()));
    }

    /** The report without an adjusted model. */
    public static SurvivalReport compute(SurvivalOptions options, RiskSetBuilder.Aggregate counts) {
        return compute(options, counts, null);
    }

    /**
     * Computes every statistic of the report from the risk sets of {@code counts}, by the summary the study
     * shares ({@link SurvivalSummary}): groups in string order, the first the reference. A comparison the
     * data cannot support (no events) is written {@code null}, its reason a warning.
     *
     * @param adjusted the adjusted Cox model of {@code --covariates} fitted on the table, or null when none
     */
    public static SurvivalReport compute(SurvivalOptions options, RiskSetBuilder.Aggregate counts,
                                         AdjustedCox.Outcome adjusted) {
        List<String> labels = groups(counts);
        ConfType confType = ConfType.parse(options.confType());
        SurvivalSummary summary = SurvivalSummary.of(counts.riskSets(), labels,
                labels.size() >= 2 ? labels.get(0) : null,
                new SurvivalSummary.Settings(confType, CONF_LEVEL, options.rho()));
        long n = 0;
        long events = 0;
        for (KmCurve c : summary.curves().values()) {
            n += c.n();
            events += c.events();
        }
        double tau = options.rmstTau().orElse(summary.commonTau());
        double[] times = options.times().stream().mapToDouble(Double::doubleValue).toArray();

        Map<String, Object> json = Json.object();
        json.put("n", n);
        json.put("events", events);
        json.put("dropped", counts.dropped());
        json.put("conf_type", confType.rName());
        Map<String, Object> groups = Json.object();
        for (Map.Entry<String, KmCurve> e : summary.curves().entrySet()) {
            Map<String, Object> g = group(e.getValue(), tau, times);
            g.put("followup", TypedResults.followup(summary.followups().get(e.getKey())).toJson());
            groups.put(e.getKey(), g);
        }
        json.put("groups", groups);

        List<String> warnings = new ArrayList<>(summary.warnings());
        if (labels.size() >= 2) {
            json.put("logrank", summary.logRank() == null ? null : logRank(summary.logRank()));
            if (labels.size() == 2) {
                HazardRatioEstimate hr = summary.hr();
                Map<String, Object> h = null;
                if (hr != null) {
                    h = Json.object();
                    h.put("method", hr.method());
                    h.put("reference", hr.reference());
                    h.put("estimate", hr.estimate());
                    h.put("ci", Arrays.asList(hr.lower(), hr.upper()));
                }
                json.put("hr", h);
                Map<String, Object> cox = null;
                if (summary.cox() != null) {
                    cox = summary.cox().toJson();
                    PhTest ph = TypedResults.phTest(summary.coxPhTest());
                    cox.put("ph_test", ph == null ? null : ph.toJson());
                }
                json.put("cox", cox);
            }
            if (adjusted != null) {
                json.put("cox_adjusted", adjusted.notEstimable() != null ? null
                        : TypedResults.coxAdjusted(adjusted.fit(), adjusted.design(),
                                adjusted.dropped() - counts.dropped()).toJson());
                if (adjusted.notEstimable() != null) {
                    warnings.add("cox_adjusted not estimable: " + adjusted.notEstimable());
                }
                if (adjusted.fit() != null) {
                    adjusted.fit().warnings().forEach(w -> warnings.add("coxph (adjusted): " + w));
                }
            }
            if (labels.size() == 2) {
                RmstDifference d = summary.rmstDifference(labels.get(0), options.rmstTau().orElse(Double.NaN));
                json.put("rmst_diff", d == null ? null : TypedResults.rmstDiff(d, labels).toJson());
            }
        }
        summary.notEstimable().forEach((part, why) -> warnings.add(part + " not estimable: " + why));
        return new SurvivalReport(json, warnings);
    }

    private static Map<String, Object> group(KmCurve c, double tau, double[] times) {
        Map<String, Object> g = Json.object();
        g.put("n", c.n());
        g.put("events", c.events());
        SurvivalQuantile median = c.medianAsPrinted();
        g.put("median", median.time());
        g.put("median_ci", Arrays.asList(median.lower(), median.upper()));
        Map<String, Object> q = Json.object();
        q.put("q25", c.quantile(0.25).time());
        q.put("q75", c.quantile(0.75).time());
        g.put("quartiles", q);
        TimeRange range = c.range();
        g.put("range", Arrays.asList(range.min(), range.max()));
        Rmst rmst = c.rmst(tau);
        Map<String, Object> r = Json.object();
        r.put("tau", rmst.tau());
        r.put("estimate", rmst.estimate());
        r.put("se", rmst.se());
        g.put("rmst", r);
        List<Object> at = new ArrayList<>();
        for (KmRow row : c.atTimes(times)) {
            Map<String, Object> a = Json.object();
            a.put("time", row.time());
            a.put("n_risk", row.nRisk());
            a.put("surv", row.surv());
            a.put("std_err", row.stdErr());
            a.put("lower", row.lower());
            a.put("upper", row.upper());
            at.add(a);
        }
        g.put("at_times", at);
        List<Object> table = new ArrayList<>(c.rows().size());
        for (KmRow row : c.rows()) {
            Map<String, Object> t = Json.object();
            t.put("time", row.time());
            t.put("n_risk", row.nRisk());
            t.put("n_event", row.nEvent());
            t.put("n_censor", row.nCensor());
            t.put("surv", row.surv());
            t.put("std_err", row.stdErr());
            t.put("lower", row.lower());
            t.put("upper", row.upper());
            table.add(t);
        }
        g.put("table", table);
        return g;
    }

    private static Map<String, Object> logRank(LogRankResult lr) {
        Map<String, Object> m = Json.object();
        m.put("rho", lr.rho());
        m.put("chisq", lr.chiSquare());
        m.put("df", lr.df());
        m.put("p", lr.p());
        Map<String, Object> o = Json.object();
        Map<String, Object> e = Json.object();
        for (String g : lr.groups()) {
            o.put(g, lr.observed(g));
            e.put(g, lr.expected(g));
        }
        m.put("observed", o);
        m.put("expected", e);
        return m;
    }
}
