package io.rwe.stats;

import org.apache.commons.math3.special.Beta;

/**
 * The Clopper–Pearson ("exact") confidence interval of a binomial proportion, as R's
 * {@code binom.test(x, n, conf.level=level)$conf.int}: with α = 1 − level,
 * <pre>
 *   lower = 0 if x = 0, else the α/2 quantile of Beta(x, n − x + 1)
 *   upper = 1 if x = n, else the 1 − α/2 quantile of Beta(x + 1, n − x)
 * </pre>
 * The beta quantiles are found by bisection on Commons Math's regularized incomplete beta function to
 * the last representable digit (Commons Math's own inverse stops at an absolute 1e-9). No difference from
 * R known.
 */
public final class ClopperPearson {

    private ClopperPearson() {
    }

    /** The interval for x successes out of n trials (0 ≤ x ≤ n, n ≥ 1). */
    public static ProportionInterval interval(long x, long n, double confLevel) {
        if (n < 1 || x < 0 || x > n) {
            throw new IllegalArgumentException("need 0 <= x <= n and n >= 1, got x=" + x + ", n=" + n);
        }
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confLevel);
        }
        double alpha = 1 - confLevel;
        double lower = x == 0 ? 0.0 : betaQuantile(alpha / 2, x, n - x + 1);
        double upper = x == n ? 1.0 : betaQuantile(1 - alpha / 2, x + 1, n - x);
        return new ProportionInterval(x, n, (double) x / n, lower, upper, confLevel);
    }

    /** The 95% interval. */
    public static ProportionInterval interval(long x, long n) {
        return interval(x, n, 0.95);
    }

    /** The q-quantile of Beta(a, b) by bisection on I_x(a, b), to adjacent doubles. */
    static double betaQuantile(double q, double a, double b) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 2000 && hi - lo > 0; i++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (Beta.regularizedBeta(mid, a, b, 1e-16, Integer.MAX_VALUE) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + (hi - lo) / 2;
    }
}
