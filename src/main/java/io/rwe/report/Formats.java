package io.rwe.report;

import io.rwe.results.Interval;
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

    /** A results number with {@code decimals} decimals; {@link #NOT_REACHED} for null (R's NA). */
    static String fixed(Double x, int decimals) {
        return x == null ? NOT_REACHED : fixed(x.doubleValue(), decimals);
    }

    /** A median, time or RMST: 2 decimals. */
    static String months(Double x) {
        return fixed(x, 2);
    }

    /** An interval {@code lo–hi}; "—" when absent. */
    static String interval(Interval i, int decimals) {
        if (i == null) {
            return "—";
        }
        return fixed(i.lower(), decimals) + "–" + fixed(i.upper(), decimals);
    }

    /** A count with thousands separators ({@code 12,345}), legible at registry scale. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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

    /** A results p-value; "—" when absent. */
    static String p(Double p) {
        return p == null ? "—" : p(p.doubleValue(), null);
    }
}
