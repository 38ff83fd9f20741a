package io.rwe.report;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The tests the report applies to the paper's own published counts (the inconsistency section).
 * Definitions as R's: {@code fisher.test}, {@code chisq.test(correct = TRUE/FALSE)},
 * {@code binom.test(b, b + c)} (McNemar's exact test), and the two-sided normal p of a z.
 */
final class CountTests {

    private CountTests() {
    }

    /**
     * Fisher's exact two-sided p of x1/n1 vs x2/n2 responders: the sum of the hypergeometric
     * probabilities of the tables with the observed margins no more probable than the observed one,
     * within R's relative tolerance 1e-7.
     */
    static double fisher(long x1, long n1, long x2, long n2) {
        int total = (int) (n1 + n2);
        int responders = (int) (x1 + x2);
        HypergeometricDistribution h = new HypergeometricDistribution(null, total, responders, (int) n1);
        double obs = h.probability((int) x1);
        double p = 0;
        int lo = Math.max(0, responders - (int) n2);
        int hi = (int) Math.min(n1, responders);
        for (int k = lo; k <= hi; k++) {
            double pk = h.probability(k);
            if (pk <= obs * (1 + 1e-7)) {
                p += pk;
            }
        }
        return Math.min(1.0, p);
    }

    /**
     * Pearson's χ² statistic of the 2×2 table (responders, non-responders) × (group 1, group 2);
     * with {@code yates}, |O − E| is reduced by min(0.5, min |O − E|) as R does.
     */
    static double chisqStatistic(long x1, long n1, long x2, long n2, boolean yates) {
        double[][] o = {{x1, n1 - x1}, {x2, n2 - x2}};
        double n = n1 + n2;
        double[] row = {n1, n2};
        double[] col = {x1 + x2, n - x1 - x2};
        double[][] e = new double[2][2];
        double minDev = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                e[i][j] = row[i] * col[j] / n;
                minDev = Math.min(minDev, Math.abs(o[i][j] - e[i][j]));
            }
        }
        double c = yates ? Math.min(0.5, minDev) : 0;
        double s = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double d = Math.abs(o[i][j] - e[i][j]) - c;
                s += d * d / e[i][j];
            }
        }
        return s;
    }

    /** Upper-tail p of {@link #chisqStatistic} on 1 degree of freedom. */
    static double chisqP(long x1, long n1, long x2, long n2, boolean yates) {
        double s = chisqStatistic(x1, n1, x2, n2, yates);
        return Double.isFinite(s) ? 1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(s) : Double.NaN;
    }

    /**
     * McNemar's exact test on {@code b} and {@code c} discordant pairs: the two-sided binomial p of b
     * out of b + c at probability ½ (R: {@code binom.test(b, b + c)$p.value}).
     */
    static double mcnemarExact(long b, long c) {
        int m = (int) (b + c);
        if (m == 0) {
            return 1.0;
        }
        BinomialDistribution d = new BinomialDistribution(null, m, 0.5);
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

    /** Two-sided normal p of {@code z}: 2·Φ(−|z|). */
    static double normalTwoSided(double z) {
        return 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
    }
}
