package io.rwe.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * When a registry number "differs" from the number the paper prints:
 * <ul>
 *   <li>a median (or its CI): when further apart than the tolerance (months, default 0.05);</li>
 *   <li>a p-value: the paper's {@code <0.001} is matched by p &lt; 0.001; otherwise the registry p
 *       rounded to the printed decimals must equal it;</li>
 *   <li>a count (printed without decimals, not a median): on any difference;</li>
 *   <li>any other number (percentage, HR, CI bound, range): when the registry value rounded half-up
 *       to the printed number of decimals is not the printed value.</li>
 * </ul>
 */
final class Agreement {

    private Agreement() {
    }

    enum Kind { MEDIAN, P, COUNT, DECIMAL }

    /** The kind of the number at {@code path} printed as {@code printed}. */
    static Kind kind(String path, String printed) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (last.startsWith("median")) {
            return Kind.MEDIAN;
        }
        if (last.equals("p") || last.startsWith("p_") || printed.trim().startsWith("<")) {
            return Kind.P;
        }
        return printed.contains(".") ? Kind.DECIMAL : Kind.COUNT;
    }

    /** True when {@code registry} and {@code printed} differ under the rule of {@code kind}. */
    static boolean differs(Kind kind, double registry, String printed, double medianTolerance) {
        if (!Double.isFinite(registry)) {
            return true;
        }
        String s = printed.trim().replace("%", "");
        if (s.startsWith("<")) {
            double bound = Double.parseDouble(s.substring(1).trim());
            return !(registry < bound);
        }
        double v = Double.parseDouble(s);
        return switch (kind) {
            case MEDIAN -> Math.abs(registry - v) > medianTolerance + 1e-12;
            case COUNT -> Math.abs(registry - v) > 1e-9;
            case P, DECIMAL -> round(registry, decimals(s)).compareTo(new BigDecimal(s).setScale(decimals(s), RoundingMode.HALF_UP)) != 0;
        };
    }

    /** True when the percentage {@code 100·n/of} does not round to the printed {@code pct}. */
    static boolean pctDiffers(double pct, String printedPct) {
        return differs(Kind.DECIMAL, pct, printedPct, 0);
    }

    /** Number of decimals printed in {@code s}. */
    static int decimals(String s) {
        int dot = s.indexOf('.');
        return dot < 0 ? 0 : s.length() - dot - 1;
    }

    /** {@code x} rounded half-up to {@code d} decimals (from its shortest decimal representation). */
    static BigDecimal round(double x, int d) {
        return new BigDecimal(Double.toString(x)).setScale(d, RoundingMode.HALF_UP);
    }
}
