package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's internal inconsistencies, each recomputed from the paper's own published numbers (never
 * from the registry): every printed percentage against its printed count and denominator, and every
 * configured check ({@link Paper#checks()}) by its kind:
 * <ul>
 *   <li>{@code two_by_two}: x1/n1 vs x2/n2 → Fisher's exact, χ² and χ² with Yates p (as R's
 *       {@code fisher.test}, {@code chisq.test}); inconsistent when the printed p matches none;</li>
 *   <li>{@code paired_discordant}: McNemar's exact p from the discordant pairs;</li>
 *   <li>{@code hr_ci_p}: the p implied by a hazard ratio and its 95% CI, SE = (ln U − ln L)/(2·1.96),
 *       z = ln HR / SE, p = 2Φ(−|z|);</li>
 *   <li>{@code percent}: n/N against the printed % and which counts would give it;</li>
 *   <li>{@code same_quantity}: one quantity printed with different values;</li>
 *   <li>{@code sum}: parts against their printed total; {@code difference}: a printed count minus
 *       another (inconsistent when zero or non-zero, as configured); {@code range_subset}: a subgroup's maximum
 *       above the whole group's; {@code note}: a contradiction in words, stated.</li>
 * </ul>
 */
final class Inconsistencies {

    /** One check: what the paper prints, what its own numbers give, and whether they disagree. */
    record Finding(String id, String title, String where, String printed, String recomputed,
                   boolean inconsistent, String note) {
    }

    private Inconsistencies() {
    }

    /** The percentage checks of every published count with a printed percentage, titled by {@code label}. */
    static List<Finding> percentages(Paper paper, java.util.function.Function<String, String> label) {
        List<Finding> out = new ArrayList<>();
        for (Published v : paper.values()) {
            if (v.pct() == null || v.of() == null) {
                continue;
            }
            String title = label.apply(v.path());
            if (v.printed() != null) {
                double n = Double.parseDouble(v.printed());
                double pct = 100 * n / v.of();
                int d = Agreement.decimals(v.pct());
                boolean bad = Agreement.pctDiffers(pct, v.pct());
                out.add(new Finding("pct:" + v.path() + ":" + v.where(), title, v.where(),
                        v.printed() + " (" + v.pct() + "%) of " + v.of(),
                        v.printed() + "/" + v.of() + " = " + Agreement.round(pct, Math.max(d, 1) + 1) + "% → "
                                + Agreement.round(pct, d) + "%" + (bad ? "; " + matching(v.pct(), v.of()) : ""),
                        bad, null));
            } else {
                String m = matching(v.pct(), v.of());
                out.add(new Finding("pct:" + v.path() + ":" + v.where(), title, v.where(), v.pct() + "% of " + v.of(), m,
                        m.startsWith("no count"), null));
            }
        }
        return out;
    }

    /** "k/N = x%" for every count k whose percentage of N rounds to {@code pct}, or "no count …". */
    static String matching(String pct, int of) {
        List<String> ks = new ArrayList<>();
        for (int k = 0; k <= of; k++) {
            if (!Agreement.pctDiffers(100.0 * k / of, pct)) {
                ks.add(k + "/" + of);
            }
        }
        return ks.isEmpty() ? "no count out of " + of + " gives " + pct + "%"
                : "printed % corresponds to " + String.join(" or ", ks);
    }

    /** The configured checks, recomputed. */
    static List<Finding> checks(Paper paper) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode c : paper.checks()) {
            out.add(check(c));
        }
        return out;
    }

    static Finding check(JsonNode c) {
        String id = c.path("id").asText();
        String title = c.path("title").asText(id);
        String where = c.path("where").asText("");
        String note = c.hasNonNull("note") ? c.get("note").asText() : null;
        String kind = c.path("kind").asText("note");
        switch (kind) {
            case "two_by_two": {
                long x1 = c.path("x1").asLong();
                long n1 = c.path("n1").asLong();
                long x2 = c.path("x2").asLong();
                long n2 = c.path("n2").asLong();
                String printed = c.path("printed_p").asText();
                double fisher = CountTests.fisher(x1, n1, x2, n2);
                double chi = CountTests.chisqP(x1, n1, x2, n2, false);
                double yates = CountTests.chisqP(x1, n1, x2, n2, true);
                boolean bad = Agreement.differs(Agreement.Kind.P, fisher, printed, 0)
                        && Agreement.differs(Agreement.Kind.P, chi, printed, 0)
                        && Agreement.differs(Agreement.Kind.P, yates, printed, 0);
                String rec = String.format(Locale.ROOT,
                        "%d/%d vs %d/%d: Fisher's exact p = %s; χ² = %.3f, p = %s; χ² with Yates' correction = %.3f, p = %s",
                        x1, n1, x2, n2, Formats.p(fisher, null),
                        CountTests.chisqStatistic(x1, n1, x2, n2, false), Formats.p(chi, null),
                        CountTests.chisqStatistic(x1, n1, x2, n2, true), Formats.p(yates, null));
                return new Finding(id, title, where, "p = " + printed, rec, bad, note);
            }
            case "paired_discordant": {
                long b = c.path("only_first").asLong();
                long d = c.path("only_second").asLong();
                String printed = c.path("printed_p").asText();
                double p = CountTests.mcnemarExact(b, d);
                return new Finding(id, title, where, "p = " + printed,
                        "discordant pairs " + b + " vs " + d + ": McNemar's exact p = " + Formats.p(p, null),
                        Agreement.differs(Agreement.Kind.P, p, printed, 0), note);
            }
            case "hr_ci_p": {
                double hr = c.path("hr").asDouble();
                double lo = c.path("lower").asDouble();
                double hi = c.path("upper").asDouble();
                String printed = c.path("printed_p").asText();
                double z975 = 1.959963984540054;
                double se = (Math.log(hi) - Math.log(lo)) / (2 * z975);
                double z = Math.log(hr) / se;
                double p = CountTests.normalTwoSided(z);
                double centre = Math.exp((Math.log(lo) + Math.log(hi)) / 2);
                String rec = String.format(Locale.ROOT,
                        "SE(ln HR) = (ln %s − ln %s)/(2·1.96) = %.4f; z = ln %s / SE = %.3f; p = %s (χ² = %.2f); CI centre exp(mean ln) = %.3f",
                        trim(hi), trim(lo), se, trim(hr), z, Formats.p(p, null), z * z, centre);
                return new Finding(id, title, where, "HR " + trim(hr) + " (" + trim(lo) + "–" + trim(hi) + "), p " + printed,
                        rec, Agreement.differs(Agreement.Kind.P, p, printed, 0), note);
            }
            case "percent": {
                long n = c.path("n").asLong();
                int of = c.path("of").asInt();
                String printed = c.path("printed").asText();
                double pct = 100.0 * n / of;
                boolean bad = Agreement.pctDiffers(pct, printed);
                return new Finding(id, title, where, printed + "%",
                        n + "/" + of + " = " + Agreement.round(pct, Agreement.decimals(printed) + 1) + "%; "
                                + matching(printed, of), bad, note);
            }
            case "same_quantity": {
                List<String> shown = new ArrayList<>();
                java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
                for (JsonNode v : c.path("values")) {
                    shown.add(v.path("printed").asText() + " (" + v.path("where").asText() + ")");
                    distinct.add(v.path("printed").asText().replace("%", "").trim());
                }
                String rec = distinct.size() > 1 ? distinct.size() + " different values for one quantity" : "the same value";
                if (c.has("n") && c.has("of")) {
                    double pct = 100.0 * c.get("n").asLong() / c.get("of").asInt();
                    rec += "; " + c.get("n").asLong() + "/" + c.get("of").asInt() + " = " + Agreement.round(pct, 2) + "%";
                }
                if (where.isEmpty()) {
                    where = String.join("; ", c.path("values").findValuesAsText("where"));
                }
                return new Finding(id, title, where, String.join(" vs ", shown), rec, distinct.size() > 1, note);
            }
            case "sum": {
                long sum = 0;
                List<String> parts = new ArrayList<>();
                for (JsonNode p : c.path("parts")) {
                    sum += p.asLong();
                    parts.add(p.asText());
                }
                long total = c.path("total").asLong();
                boolean expectDifferent = "different".equals(c.path("expect").asText());
                boolean bad = expectDifferent ? sum == total : sum != total;
                String rec = String.join(" + ", parts) + " = " + sum + (sum == total ? " = " : " ≠ ") + total
                        + (expectDifferent ? " (difference " + (total - sum) + ")" : "");
                return new Finding(id, title, where, "parts " + String.join(", ", parts) + "; total " + total, rec, bad, note);
            }
            case "difference": {
                long a = c.path("minuend").path("value").asLong();
                long m = c.path("subtrahend").path("value").asLong();
                long diff = a - m;
                boolean bad = "zero".equals(c.path("inconsistent_when").asText()) ? diff == 0 : diff != 0;
                return new Finding(id, title, where,
                        a + " " + c.path("minuend").path("label").asText() + "; " + m + " " + c.path("subtrahend").path("label").asText(),
                        a + " − " + m + " = " + diff + " " + c.path("result_label").asText(), bad, note);
            }
            case "range_subset": {
                double sub = c.path("subset_max").asDouble();
                double whole = c.path("whole_max").asDouble();
                return new Finding(id, title, where, "subgroup maximum " + trim(sub) + "; whole-group maximum " + trim(whole),
                        trim(sub) + (sub > whole ? " > " : " ≤ ") + trim(whole), sub > whole, note);
            }
            default:
                return new Finding(id, title, where, "—", "(stated in words; no number to recompute)", true, note);
        }
    }

    private static String trim(double x) {
        return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }
}
