package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How numbers are printed in the report, as a journal prints them: medians and times with 2
 * decimals, hazard ratios with 2 (3 beside a published 3-decimal value), percentages with 1, p-values
 * with 3 decimals and {@code < 0.001} below that. Plain text; the page escapes it.
 */
final class Formats {

    /** Shown for "not reached" (a null median or CI bound). */
    static final String NOT_REACHED = "NR";

    private Formats() {
    }

    /** {@code x} with {@code decimals} decimals; {@link #NOT_REACHED} when not finite. */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return NOT_REACHED;
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
        return s.equals("-0") || s.matches("-0\\.0+") ? s.substring(1) : s;
    }

    /** A JSON number with {@code decimals} decimals; {@link #NOT_REACHED} for null; "—" when absent. */
    static String fixed(JsonNode n, int decimals) {
        if (n == null || n.isMissingNode()) {
            return "—";
        }
        return n.isNumber() ? fixed(n.doubleValue(), decimals) : NOT_REACHED;
    }

    /** A median, time or RMST: 2 decimals. */
    static String months(JsonNode n) {
        return fixed(n, 2);
    }

    /** An interval {@code lo–hi} from a two-element JSON array. */
    static String interval(JsonNode arr, int decimals) {
        if (arr == null || !arr.isArray() || arr.size() != 2) {
            return "—";
        }
        return fixed(arr.get(0), decimals) + "–" + fixed(arr.get(1), decimals);
    }

    /** A percentage with one decimal. */
    static String pct(double pct) {
        return fixed(pct, 1);
    }

    /**
     * A p-value as journals print it: {@code 0.214}, {@code 0.019}, {@code < 0.001}. A p that
     * underflowed to 0 is printed from its natural logarithm {@code lnP} when known
     * ({@code < 0.001 (p ≈ 3e-412)}), otherwise as {@code < 1e-300}; absent gives "—".
     */
    static String p(double p, Double lnP) {
        if (Double.isNaN(p)) {
            return "—";
        }
        if (p == 0.0) {
            if (lnP != null && Double.isFinite(lnP)) {
                double log10 = lnP / Math.log(10);
                long exp = (long) Math.floor(log10);
                double mant = Math.pow(10, log10 - exp);
                return String.format(Locale.ROOT, "< 0.001 (p ≈ %.0fe%d)", mant, exp);
            }
            return "< 1e-300";
        }
        if (p < 0.001) {
            return "< 0.001";
        }
        return fixed(p, 3);
    }

    /** A p-value from a JSON test object carrying {@code p} and optionally {@code ln_p}. */
    static String p(JsonNode test) {
        if (test == null || !test.has("p") || !test.get("p").isNumber()) {
            return "—";
        }
        JsonNode ln = test.has("ln_p") ? test.get("ln_p") : test.get("log_p");
        return p(test.get("p").doubleValue(), ln != null && ln.isNumber() ? ln.doubleValue() : null);
    }
}
