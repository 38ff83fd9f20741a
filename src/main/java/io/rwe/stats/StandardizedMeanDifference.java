package io.rwe.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Standardized mean differences between two groups, as R's {@code tableone} computes them (Yang &amp; Dalton
 * 2012), from aggregates only.
 * <ul>
 * <li>Numeric: d = (mean₁ − mean₂) / √((s₁² + s₂²)/2), s² the sample variances (denominator n − 1).
 * Signed here; {@code tableone} prints |d|.</li>
 * <li>Categorical with K levels (a missing category being a level): with p_g the vector of level
 * proportions of group g without the first level (K − 1 entries; all K when K = 1),
 * d = √((p₁ − p₂)' S⁻ (p₁ − p₂)), S = (S₁ + S₂)/2, S_g[k,k] = p_k(1 − p_k), S_g[k,l] = −p_k p_l, S⁻ the
 * Moore–Penrose inverse ({@code MASS::ginv}: singular values below √ε times the largest are dropped), so a
 * level absent from both groups counts as absent. NaN when S = 0 (both groups entirely in one level,
 * tableone's rule) and when a group is empty. Always ≥ 0.</li>
 * </ul>
 */
public final class StandardizedMeanDifference {

    /** ginv's tolerance: √ε. */
    private static final double GINV_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private StandardizedMeanDifference() {
    }

    /**
     * A group's summary of a numeric variable.
     *
     * @param n        non-missing values
     * @param mean     their mean
     * @param variance their sample variance (denominator n − 1; NaN for n &lt; 2)
     */
    public record Moments(long n, double mean, double variance) {
    }

    /** (mean₁ − mean₂) / √((s₁² + s₂²)/2). */
    public static double numeric(Moments first, Moments second) {
        return (first.mean() - second.mean()) / Math.sqrt((first.variance() + second.variance()) / 2);
    }

    /** √((p₁ − p₂)' S⁻ (p₁ − p₂)) from the counts per level of each group (same levels, same order). */
    public static double categorical(long[] first, long[] second) {
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException("both groups need counts for the same levels, got " + first.length
                    + " and " + second.length);
        }
        double[] p1 = proportions(first);
        double[] p2 = proportions(second);
        int k = p1.length;
        double[][] s = new double[k][k];
        double[] t = new double[k];
        boolean zero = true;
        for (int i = 0; i < k; i++) {
            t[i] = p1[i] - p2[i];
            for (int j = 0; j < k; j++) {
                s[i][j] = (covariance(p1, i, j) + covariance(p2, i, j)) / 2;
                zero &= s[i][j] == 0;
            }
        }
        if (zero || Double.isNaN(t[0])) {
            return Double.NaN;
        }
        return Math.sqrt(Math.max(0, pseudoInverseForm(s, t)));
    }

    /** Level proportions of a group, the first level dropped when there are two or more. */
    private static double[] proportions(long[] counts) {
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            n += c;
        }
        int from = counts.length > 1 ? 1 : 0;
        double[] p = new double[counts.length - from];
        for (int i = from; i < counts.length; i++) {
            p[i - from] = (double) counts[i] / n;
        }
        return p;
    }

    /** The multinomial covariance of proportions p: p_i(1 − p_i) on the diagonal, −p_i p_j off it. */
    private static double covariance(double[] p, int i, int j) {
        return i == j ? p[i] * (1 - p[i]) : -p[i] * p[j];
    }

    /** t' S⁻ t with S⁻ = V diag(1/d) U' over the singular values d &gt; √ε·d_max. */
    private static double pseudoInverseForm(double[][] s, double[] t) {
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(s, false));
        double[] d = svd.getSingularValues();
        RealMatrix u = svd.getU();
        RealMatrix v = svd.getV();
        double cut = GINV_TOLERANCE * d[0];
        double sum = 0;
        for (int c = 0; c < d.length; c++) {
            if (!(d[c] > cut)) {
                continue;
            }
            double tv = 0;
            double tu = 0;
            for (int i = 0; i < t.length; i++) {
                tv += t[i] * v.getEntry(i, c);
                tu += t[i] * u.getEntry(i, c);
            }
            sum += tv * tu / d[c];
        }
        return sum;
    }
}
