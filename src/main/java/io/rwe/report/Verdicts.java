package io.rwe.report;

import static io.rwe.report.Html.escape;

import io.rwe.results.Interval;
import io.rwe.results.Replication;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication verdict in words (docs/report.md, "The verdict"): one line per claim of results.json's
 * {@code replication} ("mPFS, lung only vs non-lung: paper HR 0.32 (0.14–0.70), registry 0.23
 * (0.11–0.49): same direction, both significant, inside the paper's CI, standardized difference −0.56")
 * and a summary line counting the claims that agree on each metric among those it applies to.
 */
final class Verdicts {

    private Verdicts() {
    }

    /** The claim's line, plain text. */
    static String line(Replication.Claim c) {
        boolean pct = c.measure().startsWith("rate");
        String what = switch (c.measure()) {
            case "hazard-ratio" -> "HR";
            case "rate-difference" -> "difference";
            case "rate" -> "rate";
            default -> "median";
        };
        List<String> verdicts = new ArrayList<>();
        if (c.directionAgrees() != null) {
            verdicts.add(c.directionAgrees() ? "same direction" : "opposite direction");
        }
        if (c.significanceAgrees() != null) {
            verdicts.add(significance(c));
        }
        if (c.estimateAgrees() != null) {
            boolean paperCi = c.paper().ci() != null;
            verdicts.add(paperCi ? (c.estimateAgrees() ? "inside the paper's CI" : "outside the paper's CI")
                    : (c.estimateAgrees() ? "the paper's median inside the registry's CI"
                    : "the paper's median outside the registry's CI"));
        }
        if (c.stdDiff() != null) {
            verdicts.add("standardized difference " + Formats.fixed(c.stdDiff(), 2)
                    + (Boolean.TRUE.equals(c.stdDiffAgrees()) ? "" : " (|d| > 1.96)"));
        }
        String registry = c.registry().estimate() == null ? "not estimable" : value(c.registry(), pct, true);
        return c.label() + ": paper " + what + " " + value(c.paper(), pct, false) + ", registry " + registry
                + (verdicts.isEmpty() ? "" : ": " + String.join(", ", verdicts));
    }

    /** "both significant", "neither significant", "paper significant, registry not" … */
    private static String significance(Replication.Claim c) {
        boolean ps = c.paper().p() < 0.05;
        boolean rs = c.registry().p() < 0.05;
        if (ps && rs) {
            return c.significanceAgrees() ? "both significant" : "both significant, in opposite directions";
        }
        if (!ps && !rs) {
            return "neither significant";
        }
        return (ps ? "paper" : "registry") + " significant, " + (ps ? "registry" : "paper") + " not (p "
                + Formats.p(c.paper().p()) + " vs " + Formats.p(c.registry().p()) + ")";
    }

    /** "0.32 (0.14–0.70)" ("p = 0.346" when only a p is printed); rates and differences in %. */
    private static String value(Replication.Estimate e, boolean pct, boolean registry) {
        if (e.estimate() == null) {
            return e.pPrinted() != null ? "not printed (p = " + e.pPrinted() + ")" : registry ? "—" : "not printed";
        }
        String s = number(e.estimate(), pct);
        Interval ci = e.ci();
        if (ci != null && ci.lower() != null) {
            s += " (" + number(ci.lower(), pct) + "–" + (ci.upper() == null ? Formats.NOT_REACHED : number(ci.upper(), pct)) + ")";
        }
        return s;
    }

    private static String number(double x, boolean pct) {
        return pct ? Formats.fixed(100 * x, 1) + "%" : Formats.fixed(x, 2);
    }

    /** "9 claims. Direction agrees in 4 of 4, …" */
    static String summary(Replication.Summary s) {
        List<String> parts = new ArrayList<>();
        String[] words = {"same direction", "significance agrees", "registry estimate inside the paper's CI",
                "standardized difference within ±1.96"};
        for (int i = 0; i < Replication.Summary.METRICS.size(); i++) {
            String m = Replication.Summary.METRICS.get(i);
            parts.add(words[i] + ": " + s.agree().get(m) + " of " + s.applicable().get(m));
        }
        String all = String.join("; ", parts);
        return s.claims() + " published estimates compared. " + Character.toUpperCase(all.charAt(0)) + all.substring(1) + ".";
    }

    /** The verdict section's HTML: the summary, then one line per claim. */
    static String html(Replication r) {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"summary\" id=\"verdict-summary\"><strong>").append(escape(summary(r.summary())))
                .append("</strong></p>\n<ul class=\"verdicts\">\n");
        for (Replication.Claim c : r.claims()) {
            boolean all = c.metrics().stream().allMatch(m -> m == null || m);
            b.append("<li class=\"").append(all ? "agrees" : "differs-claim").append("\" id=\"claim-")
                    .append(escape(c.id().replaceAll("[^A-Za-z0-9_-]", "_"))).append("\">")
                    .append(all ? "✓ " : "✗ ").append(escape(line(c))).append("</li>\n");
        }
        return b.append("</ul>\n").toString();
    }
}
