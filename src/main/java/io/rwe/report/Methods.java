package io.rwe.report;

/**
 * The report's closing Methods section (docs/report.md, "Methods"): each estimator and test behind the
 * report's numbers, named with the R call that gives the same number (R 4.2, survival 3.5), as
 * docs/statistics.md and docs/study.md define them.
 */
final class Methods {

    private Methods() {
    }

    /** One method: what it computes, its definition, and its R equivalent. */
    private record Method(String what, String definition, String r) {
    }

    private static final Method[] METHODS = {
        new Method("Kaplan–Meier survival", "product-limit estimate; Greenwood variance; pointwise 95% CI on the log scale",
                "survfit(Surv(t, e) ~ group, conf.type = \"log\")"),
        new Method("Median (95% CI)", "first time the curve is at or below 0.5 (midpoint of a flat stretch); CI where the CI curves cross 0.5",
                "print(survfit(...))"),
        new Method("Restricted mean survival time (τ)", "area under the curve to τ, the largest observed time by default; se as R",
                "print(survfit(...), rmean = \"common\")"),
        new Method("Median follow-up", "reverse Kaplan–Meier: censorings as events",
                "survfit(Surv(t, 1 - e) ~ 1)"),
        new Method("Log-rank test", "χ² of observed minus expected events, 1 df for two groups",
                "survdiff(Surv(t, e) ~ group)"),
        new Method("Log-rank hazard ratio", "exp((O − E)/V), 95% CI exp(ln HR ± 1.96/√V), the first-named group against the reference (the paper's method)",
                "from survdiff: exp((O[1] - E[1]) / V[1, 1])"),
        new Method("Cox hazard ratio", "partial likelihood, Efron ties; Wald, likelihood-ratio and score p",
                "coxph(Surv(t, e) ~ group, ties = \"efron\")"),
        new Method("Proportional-hazards test", "scaled Schoenfeld residuals against the Kaplan–Meier transform of time",
                "cox.zph(fit, transform = \"km\")"),
        new Method("Response rate (95% CI)", "responders / all patients of the group; exact Clopper–Pearson CI",
                "binom.test(x, n)$conf.int"),
        new Method("χ² and Fisher's exact test", "2×2 table of responders by group; χ² with and without Yates' correction; Fisher two-sided",
                "chisq.test(m, correct = FALSE); chisq.test(m); fisher.test(m)"),
        new Method("Difference of response rates", "p̂₁ − p̂₂ with the Wald 95% CI p̂₁ − p̂₂ ± 1.96·√(p̂₁q̂₁/n₁ + p̂₂q̂₂/n₂)",
                "p1 - p2 + c(-1, 1) * qnorm(0.975) * sqrt(p1*(1-p1)/n1 + p2*(1-p2)/n2)"),
        new Method("Replication verdict", "direction, significance (α = 0.05), registry estimate inside the paper's CI, standardized difference (registry − paper)/√(se_r² + se_p²), se = CI width/(2·1.96), ratios on the log scale (RCT-DUPLICATE)",
                "(log(hr_r) - log(hr_p)) / sqrt(se_r^2 + se_p^2)"),
    };

    static String html() {
        StringBuilder b = new StringBuilder("<section id=\"methods\">\n<h2>Methods</h2>\n<div class=\"wide\"><table><thead><tr>"
                + "<th scope=\"col\">Estimate or test</th><th scope=\"col\">Definition</th><th scope=\"col\">R equivalent</th></tr></thead><tbody>\n");
        for (Method m : METHODS) {
            b.append("<tr><th scope=\"row\">").append(Html.escape(m.what())).append("</th><td>").append(Html.escape(m.definition()))
                    .append("</td><td><code>").append(Html.escape(m.r())).append("</code></td></tr>\n");
        }
        return b.append("</tbody></table></div>\n<p class=\"note\">Times in months (days / 30.4375). The reference is R 4.2 with survival 3.5; "
                + "docs/statistics.md gives each formula.</p>\n</section>\n").toString();
    }
}
