package io.rwe.stats;

/**
 * Outcome of Pearson's χ² test on a contingency table.
 *
 * @param statistic the χ² statistic (NaN when a row or column total is 0, as R)
 * @param df        (rows − 1)(columns − 1)
 * @param pValue    upper χ² tail, with ln p
 * @param yates     whether Yates' continuity correction was applied (2×2 with correction requested)
 */
public record ChiSquareResult(double statistic, int df, PValue pValue, boolean yates) {

    /** The p-value as a double. */
    public double p() {
        return pValue.p();
    }
}
