package io.rwe.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two proportions measured on the same n patients (a paired 2×2 table with discordant cells b, the
 * first yes and the second no, and c, the reverse): McNemar's exact test and the Wald CI of the paired
 * difference.
 */
public final class McNemarExact {

    private McNemarExact() {
    }

    /**
     * McNemar's exact two-sided p: the binomial p of b successes out of b + c at probability ½, summing
     * the probabilities of every outcome no more likely than b (relative tolerance 1e-7), as R's
     * {@code binom.test(b, b + c)$p.value}; 1 when b + c = 0.
     */
    public static double p(long b, long c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant pairs must be >= 0: b=" + b + ", c=" + c);
        }
        long m = b + c;
        if (m == 0) {
            return 1.0;
        }
        BinomialDistribution d = new BinomialDistribution(null, Math.toIntExact(m), 0.5);
        double obs = d.probability((int) b);
        double p = 0;
        for (int k = 0; k <= m; k++) {
            double pk = d.probability(k);
            if (pk <= obs * (1 + 1e-7)) {
                p += pk;
            }
        }
        return Math.min(1.0, p);
    }

    /**
     * The paired difference d = (b − c)/n of the two proportions with its Wald CI at {@code confLevel}:
     * d ± z·√((b + c) − (b − c)²/n)/n, z the normal quantile (1.959964 at 95%). In R:
     * {@code d <- (b - c)/n; se <- sqrt((b + c) - (b - c)^2/n)/n; d + c(-1, 1) * qnorm(0.975) * se}.
     * Returns {@code [d, lower, upper]}; NaN bounds when n = 0.
     */
    public static double[] pairedDifference(long b, long c, long n, double confLevel) {
        if (n <= 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confLevel) / 2);
        double diff = (double) (b - c) / n;
        double se = Math.sqrt(Math.max(0, (b + c) - (double) (b - c) * (b - c) / n)) / n;
        return new double[] {diff, diff - z * se, diff + z * se};
    }
}
