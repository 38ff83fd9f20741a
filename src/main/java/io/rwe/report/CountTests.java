package io.rwe.report;

import io.rwe.stats.FisherExactTest;
import io.rwe.stats.McNemarExact;
import io.rwe.stats.PearsonChiSquareTest;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The tests the report applies to the paper's own published counts (the inconsistency section).
 * Definitions as R's: {@code fisher.test}, {@code chisq.test(correct = TRUE/FALSE)} (both from the
 * statistics core, {@code io.rwe.stats}), {@code binom.test(b, b + c)} (McNemar's exact test), and
 * the two-sided normal p of a z.
 */
final class CountTests {

    private CountTests() {
    }

    /**
     * Fisher's exact two-sided p of x1/n1 vs x2/n2 responders (R: {@code fisher.test}), by the
     * statistics core's {@link FisherExactTest} on the 2×2 table (responders, non-responders) × groups.
     */
    static double fisher(long x1, long n1, long x2, long n2) {
        return FisherExactTest.twoSided(table(x1, n1, x2, n2)).p();
    }

    /**
     * Pearson's χ² statistic of the same 2×2 table (R: {@code chisq.test(correct = yates)}), by the
     * statistics core's {@link PearsonChiSquareTest}.
     */
    static double chisqStatistic(long x1, long n1, long x2, long n2, boolean yates) {
        return PearsonChiSquareTest.withDefaults().withYates(yates).test(table(x1, n1, x2, n2)).statistic();
    }

    /** Upper-tail p of {@link #chisqStatistic} on 1 degree of freedom. */
    static double chisqP(long x1, long n1, long x2, long n2, boolean yates) {
        return PearsonChiSquareTest.withDefaults().withYates(yates).test(table(x1, n1, x2, n2)).p();
    }

    private static long[][] table(long x1, long n1, long x2, long n2) {
        return new long[][] {{x1, n1 - x1}, {x2, n2 - x2}};
    }

    /**
     * McNemar's exact test on {@code b} and {@code c} discordant pairs: the two-sided binomial p of b
     * out of b + c at probability ½ (R: {@code binom.test(b, b + c)$p.value}).
     */
    static double mcnemarExact(long b, long c) {
        return McNemarExact.p(b, c);
    }

    /** Two-sided normal p of {@code z}: 2·Φ(−|z|). */
    static double normalTwoSided(double z) {
        return 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
    }
}
