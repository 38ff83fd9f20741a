package io.rwe.stats;

/**
 * A χ² test: statistic, degrees of freedom and upper-tail p with its logarithm.
 *
 * @param chisq  the statistic
 * @param df     degrees of freedom
 * @param pValue P(χ²_df &gt; chisq) ({@link PValue#chiSquaredUpper}); with df = 0, 1 for a statistic of 0
 *               and 0 otherwise, as R's {@code pchisq}
 */
public record ChiSquareStatistic(double chisq, int df, PValue pValue) {

    /** The test of statistic {@code chisq} on {@code df} degrees of freedom. */
    public static ChiSquareStatistic of(double chisq, int df) {
        if (df == 0 && !Double.isNaN(chisq)) {
            return new ChiSquareStatistic(chisq, 0, chisq > 0 ? new PValue(0, Double.NEGATIVE_INFINITY)
                    : new PValue(1, 0));
        }
        return new ChiSquareStatistic(chisq, df, PValue.chiSquaredUpper(chisq, df));
    }

    /** The p-value as a double (0 when it underflows; see {@link PValue#lnP()}). */
    public double p() {
        return pValue.p();
    }
}
