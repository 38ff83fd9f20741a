package io.rwe.survival;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code jobs/survival --format text} (docs/cli.md, "jobs/survival beyond the paper"): the report of
 * {@link SurvivalReport} as R prints it for a person at a terminal, from the same JSON object (so the two
 * formats cannot disagree):
 * <ul>
 *   <li>{@code print(survfit(Surv(t, e) ~ g))}: per group n, events, median and its CI; then the median
 *       follow-up (reverse Kaplan–Meier);</li>
 *   <li>{@code survdiff}: per group N, observed, expected, (O − E)²/E, and the χ² line;</li>
 *   <li>the hazard ratio of the second group against the first, the reference named in words: the Cox
 *       model's with its three p-values, the log-rank estimate, and {@code cox.zph} of the model;</li>
 *   <li>with {@code --covariates}, {@code summary(coxph)} of the adjusted model: the coefficient table
 *       (coef, exp(coef), se(coef), z, Pr(&gt;|z|)), the CI table (exp(coef), exp(−coef), lower, upper), the
 *       likelihood-ratio, Wald and score lines, and {@code cox.zph}'s table;</li>
 *   <li>the difference of restricted means with its CI and p.</li>
 * </ul>
 * Numbers are shown to 4 significant digits (R's {@code summary.coxph} digits), p-values to 3, and a p below
 * 2e-16 as {@code <2e-16}, as R's {@code format.pval} does; a missing value is {@code NA}.
 */
public final class SurvivalText {

    private SurvivalText() {
    }

    /** The text of the report {@code json} of a run with {@code options}. */
    public static String of(Map<String, Object> json, SurvivalOptions options) {
        JsonNode r = Json.read(Json.write(json));
        String g = options.group().orElse(null);
        StringBuilder out = new StringBuilder();
        out.append("Surv(").append(options.time()).append(", ").append(options.event())
                .append(options.eventValue().map(v -> " == " + v).orElse("")).append(") ~ ")
                .append(g == null ? "1" : g)
                .append(options.strata().map(s -> " + strata(" + s + ")").orElse("")).append('\n');
        out.append("  n = ").append(r.path("n").asLong()).append(", events = ").append(r.path("events").asLong())
                .append(", dropped for a missing value = ").append(r.path("dropped").asLong()).append("\n\n");

        List<String[]> km = new ArrayList<>();
        km.add(new String[] {"", "n", "events", "median", "0.95LCL", "0.95UCL"});
        List<String[]> fu = new ArrayList<>();
        fu.add(new String[] {"", "median", "0.95LCL", "0.95UCL"});
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("groups").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            String name = label(g, e.getKey());
            km.add(new String[] {name, num(x.path("n")), num(x.path("events")), num(x.path("median")),
                num(x.at("/median_ci/0")), num(x.at("/median_ci/1"))});
            fu.add(new String[] {name, num(x.at("/followup/median")), num(x.at("/followup/median_ci/0")),
                num(x.at("/followup/median_ci/1"))});
        }
        out.append("Kaplan-Meier (survfit, conf.type = ").append(r.path("conf_type").asText()).append("):\n");
        table(out, km);
        out.append("\nMedian follow-up (reverse Kaplan-Meier):\n");
        table(out, fu);

        JsonNode lr = r.path("logrank");
        if (lr.isObject()) {
            List<String[]> t = new ArrayList<>();
            t.add(new String[] {"", "N", "Observed", "Expected", "(O-E)^2/E"});
            for (Iterator<String> it = lr.path("observed").fieldNames(); it.hasNext();) {
                String k = it.next();
                double o = lr.at("/observed/" + k).asDouble();
                double e = lr.at("/expected/" + k).asDouble();
                t.add(new String[] {label(g, k), num(r.at("/groups/" + k + "/n")), num(o), num(e),
                    num((o - e) * (o - e) / e)});
            }
            out.append("\nLog-rank test (survdiff, rho = ").append(num(lr.path("rho"))).append("):\n");
            table(out, t);
            out.append("\n Chisq= ").append(num(lr.path("chisq"))).append("  on ").append(lr.path("df").asInt())
                    .append(" degrees of freedom, p= ").append(p(lr.path("p"))).append('\n');
        } else if (r.has("logrank")) {
            out.append("\nLog-rank test: not estimable\n");
        }

        if (r.has("cox")) {
            List<String> names = new ArrayList<>();
            r.path("groups").fieldNames().forEachRemaining(names::add);
            String ref = label(g, names.get(0));
            String other = label(g, names.get(1));
            out.append("\nHazard ratio of ").append(other).append(" against ").append(ref)
                    .append(" (the reference):\n");
            JsonNode cox = r.path("cox");
            if (cox.isObject()) {
                out.append("  Cox model (coxph, ").append(cox.path("ties").asText()).append(" ties): ")
                        .append(num(cox.path("hr"))).append(" (95% CI ").append(num(cox.at("/ci/0"))).append(" to ")
                        .append(num(cox.at("/ci/1"))).append("), Wald p = ").append(p(cox.path("p_wald")))
                        .append(", likelihood ratio p = ").append(p(cox.path("p_lr"))).append(", score p = ")
                        .append(p(cox.path("p_score"))).append('\n');
            } else {
                out.append("  Cox model: not estimable\n");
            }
            JsonNode hr = r.path("hr");
            if (hr.isObject()) {
                out.append("  Log-rank estimate exp((O-E)/V): ").append(num(hr.path("estimate"))).append(" (95% CI ")
                        .append(num(hr.at("/ci/0"))).append(" to ").append(num(hr.at("/ci/1"))).append(")\n");
            }
            if (cox.path("ph_test").isObject()) {
                JsonNode ph = cox.path("ph_test").path("global");
                out.append("  Proportional hazards (cox.zph): chisq = ").append(num(ph.path("chisq")))
                        .append(", df = ").append(ph.path("df").asInt()).append(", p = ").append(p(ph.path("p")))
                        .append(ph.path("p").asDouble(1) < 0.05
                                ? " (p < 0.05: the hazard ratio changes over time; it is an average)\n" : "\n");
            }
        }

        if (r.has("cox_adjusted")) {
            adjusted(out, r.path("cox_adjusted"), g);
        }

        JsonNode d = r.path("rmst_diff");
        if (d.isObject()) {
            List<String> names = new ArrayList<>();
            d.path("groups").fieldNames().forEachRemaining(names::add);
            out.append("\nRestricted mean survival time to tau = ").append(num(d.path("tau"))).append(":\n");
            List<String[]> t = new ArrayList<>();
            t.add(new String[] {"", "rmean", "se(rmean)"});
            for (String k : names) {
                t.add(new String[] {label(g, k), num(d.at("/groups/" + k + "/estimate")),
                    num(d.at("/groups/" + k + "/se"))});
            }
            table(out, t);
            out.append("  difference ").append(label(g, names.get(1))).append(" minus ").append(label(g, names.get(0)))
                    .append(" = ").append(num(d.path("estimate"))).append(" (se ").append(num(d.path("se")))
                    .append(", 95% CI ").append(num(d.at("/ci/0"))).append(" to ").append(num(d.at("/ci/1")))
                    .append("), p = ").append(p(d.path("p"))).append('\n');
        } else if (r.has("rmst_diff")) {
            out.append("\nRMST difference: not estimable\n");
        }
        return out.toString();
    }

    /** {@code summary(coxph)} of the adjusted model and its {@code cox.zph} table. */
    private static void adjusted(StringBuilder out, JsonNode a, String g) {
        out.append("\nAdjusted Cox model (summary(coxph)):\n");
        if (!a.isObject()) {
            out.append("  not estimable\n");
            return;
        }
        out.append("  reference of the group: ").append(label(g, a.path("reference").asText()))
                .append("; ties: ").append(a.path("ties").asText()).append('\n');
        out.append("  n= ").append(a.path("n").asLong()).append(", number of events= ")
                .append(a.path("events").asLong()).append('\n');
        long dropped = a.path("dropped").asLong(0);
        if (dropped > 0) {
            out.append("   (").append(dropped).append(dropped == 1 ? " observation" : " observations")
                    .append(" deleted due to missingness)\n");
        }
        List<String[]> coef = new ArrayList<>();
        coef.add(new String[] {"", "coef", "exp(coef)", "se(coef)", "z", "Pr(>|z|)"});
        List<String[]> ci = new ArrayList<>();
        ci.add(new String[] {"", "exp(coef)", "exp(-coef)", "lower .95", "upper .95"});
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("terms").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = e.getValue();
            double c = t.path("coef").asDouble(Double.NaN);
            double se = t.path("se").asDouble(Double.NaN);
            coef.add(new String[] {e.getKey(), num(t.path("coef")), num(t.path("hr")), num(t.path("se")), num(c / se),
                p(t.path("p"))});
            ci.add(new String[] {e.getKey(), num(t.path("hr")), num(Math.exp(-c)), num(t.at("/ci/0")),
                num(t.at("/ci/1"))});
        }
        out.append('\n');
        table(out, coef);
        out.append('\n');
        table(out, ci);
        out.append('\n');
        String[][] tests = {{"lr", "Likelihood ratio test= "}, {"wald", "Wald test            = "},
            {"score", "Score (logrank) test = "}};
        for (String[] t : tests) {
            JsonNode x = a.path("global").path(t[0]);
            out.append(t[1]).append(num(x.path("chisq"))).append("  on ").append(x.path("df").asInt())
                    .append(" df,   p=").append(p(x.path("p"))).append('\n');
        }
        if (!a.path("converged").asBoolean(true)) {
            out.append("  (did not converge in ").append(a.path("iterations").asInt()).append(" iterations)\n");
        }
        JsonNode ph = a.path("ph_test");
        if (ph.isObject()) {
            out.append("\nProportional hazards test (cox.zph, transform = ").append(ph.path("transform").asText())
                    .append("):\n");
            List<String[]> t = new ArrayList<>();
            t.add(new String[] {"", "chisq", "df", "p"});
            for (Iterator<Map.Entry<String, JsonNode>> it = ph.path("terms").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                t.add(new String[] {e.getKey(), num(e.getValue().path("chisq")), num(e.getValue().path("df")),
                    p(e.getValue().path("p"))});
            }
            JsonNode gl = ph.path("global");
            t.add(new String[] {"GLOBAL", num(gl.path("chisq")), num(gl.path("df")), p(gl.path("p"))});
            table(out, t);
        }
    }

    private static String label(String group, String level) {
        return group == null ? level : group + "=" + level;
    }

    /** Right-aligned columns after a left-aligned first one, separated by a space. */
    private static void table(StringBuilder out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + Math.max(1, width[0]) + "s", r[0]));
            for (int i = 1; i < r.length; i++) {
                line.append(' ').append(String.format("%" + width[i] + "s", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? num(n.asDouble()) : "NA";
    }

    /** 4 significant digits, whole numbers as they are. */
    static String num(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "NA" : x > 0 ? "Inf" : "-Inf";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return signif(x, 4);
    }

    private static String p(JsonNode n) {
        if (!n.isNumber()) {
            return "NA";
        }
        double p = n.asDouble();
        return p < 2e-16 ? "<2e-16" : signif(p, 3);
    }

    private static String signif(double x, int digits) {
        BigDecimal b = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        double a = Math.abs(x);
        return a != 0 && (a < 1e-4 || a >= 1e15) ? String.format("%." + (digits - 1) + "e", x).replace("e-0", "e-")
                .replace("e+0", "e+") : b.toPlainString();
    }
}
