package io.rwe.stats;

import java.util.Locale;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.util.ContinuedFraction;

/**
 * A p-value together with its natural logarithm, so that a p-value too small for a double (below about
 * 1e-308) is still reported truthfully: {@code p} then underflows to 0 (or to an imprecise subnormal)
 * and {@link #underflow()} says so, while {@code lnP} keeps the exact order of magnitude.
 *
 * @param p   the p-value as a double (0 when it underflows)
 * @param lnP its natural logarithm (−∞ only when p is exactly 0, e.g. an infinite statistic)
 */
public record PValue(double p, double lnP) {

    /** Below this p is computed in log space (and is subnormal or 0 as a double). */
    static final double LOG_SPACE_BELOW = 1e-300;

    /** Whether {@code p} is too small to be represented (0 or subnormal) and only {@code lnP} is exact. */
    public boolean underflow() {
        return p < Double.MIN_NORMAL && lnP > Double.NEGATIVE_INFINITY;
    }

    /** log₁₀ p. */
    public double log10P() {
        return lnP / Math.log(10);
    }

    /** For reports: {@code "0.00131"}, or {@code "< 1e-300 (log10 p = -1234.5)"} when p underflows. */
    public String describe() {
        if (p >= LOG_SPACE_BELOW || Double.isNaN(p) || lnP == Double.NEGATIVE_INFINITY) {
            return String.format(Locale.ROOT, "%.6g", p);
        }
        return String.format(Locale.ROOT, "< 1e-300 (log10 p = %.6g)", log10P());
    }

    /**
     * Upper tail of the χ² distribution, P(X ≥ x) with {@code df} degrees of freedom, as R's
     * {@code pchisq(x, df, lower.tail=FALSE)}: p = Q(df/2, x/2), the regularized upper incomplete gamma
     * function of Commons Math (accurate relative to p in the tail, unlike 1 − cdf). When p &lt; 1e-300,
     * ln p is computed in log space from Legendre's continued fraction,
     * ln Q(a, y) = −y + a·ln y − ln Γ(a) − ln CF(a, y). NaN for df &lt; 1 or x NaN (R: p = 0 for df = 0,
     * NaN for negative df).
     */
    public static PValue chiSquaredUpper(double x, double df) {
        if (Double.isNaN(x) || !(df >= 1)) {
            return new PValue(Double.NaN, Double.NaN);
        }
        if (x <= 0) {
            return new PValue(1.0, 0.0);
        }
        if (x == Double.POSITIVE_INFINITY) {
            return new PValue(0.0, Double.NEGATIVE_INFINITY);
        }
        double a = df / 2;
        double y = x / 2;
        double p = Gamma.regularizedGammaQ(a, y, 1e-15, Integer.MAX_VALUE);
        if (p >= LOG_SPACE_BELOW) {
            return new PValue(p, Math.log(p));
        }
        return new PValue(p, lnUpperGamma(a, y));
    }

    /** ln Q(a, y) by the continued fraction (valid, and only used, for y ≥ a + 1). */
    static double lnUpperGamma(double a, double y) {
        ContinuedFraction cf = new ContinuedFraction() {
            @Override
            protected double getA(int n, double v) {
                return ((2.0 * n) + 1.0) - a + v;
            }

            @Override
            protected double getB(int n, double v) {
                return n * (a - n);
            }
        };
        double fraction = cf.evaluate(y, 1e-15, Integer.MAX_VALUE);
        return -y + a * Math.log(y) - Gamma.logGamma(a) - Math.log(fraction);
    }
}
