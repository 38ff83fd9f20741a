package io.rwe.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * Fisher's exact test of independence, two-sided, as R's {@code fisher.test(table)$p.value}: the sum of
 * the probabilities, under the multivariate hypergeometric distribution of tables with the observed
 * margins, of all tables no more probable than the observed one, "no more probable" meaning
 * P(table) ≤ P(observed)·(1 + 10⁻⁷) — R's relative tolerance for ties.
 *
 * <p>2×2 tables: exactly R's computation — the hypergeometric log densities of the support (Loader's
 * saddle-point algorithm in both), rescaled by their maximum and normalised. r×c tables: full enumeration
 * of the tables with the observed margins (R uses the FEXACT network algorithm, same definition), limited to
 * {@value #MAX_TABLES} tables — beyond that an {@link IllegalArgumentException} names the limit. R's FEXACT
 * compares probabilities with its own tolerance; on random small r×c tables the two agree to about 1e-13, and
 * could differ only where tables are tied in probability to within about 10⁻⁷.
 */
public final class FisherExactTest {

    /** Largest number of r×c tables enumerated. */
    public static final long MAX_TABLES = 20_000_000L;

    private static final double REL_ERR = 1 + 1e-7;

    private FisherExactTest() {
    }

    /** Two-sided p-value of {@code table[row][column]} (at least 2×2). */
    public static FisherExactResult twoSided(long[][] table) {
        Tables.check(table);
        if (table.length == 2 && table[0].length == 2) {
            return twoByTwo(table);
        }
        return new Enumeration(table).run();
    }

    private static FisherExactResult twoByTwo(long[][] t) {
        long m = t[0][0] + t[1][0];
        long n = t[0][1] + t[1][1];
        long k = t[0][0] + t[0][1];
        long x = t[0][0];
        if (m + n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("table total too large: " + (m + n));
        }
        long lo = Math.max(0, k - n);
        long hi = Math.min(k, m);
        HypergeometricDistribution h = new HypergeometricDistribution(null, (int) (m + n), (int) m, (int) k);
        int size = (int) (hi - lo + 1);
        if (size == 1) {
            return new FisherExactResult(1.0, 1);   // margins admit one table only (a zero margin)
        }
        double[] d = new double[size];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            d[i] = h.logProbability((int) (lo + i));
            max = Math.max(max, d[i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            d[i] = Math.exp(d[i] - max);
            sum += d[i];
        }
        double threshold = d[(int) (x - lo)] / sum * REL_ERR;
        double p = 0;
        for (int i = 0; i < size; i++) {
            double di = d[i] / sum;
            if (di <= threshold) {
                p += di;
            }
        }
        return new FisherExactResult(p, size);
    }

    /** Enumerates r×c tables with fixed margins, summing the probabilities of those no more probable. */
    private static final class Enumeration {
        private final int r;
        private final int c;
        private final long[] rowRem;
        private final long[] colRem;
        private final double constant;
        private final double logObserved;
        private double p;
        private long count;

        Enumeration(long[][] t) {
            r = t.length;
            c = t[0].length;
            rowRem = new long[r];
            colRem = new long[c];
            long n = 0;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    rowRem[i] += t[i][j];
                    colRem[j] += t[i][j];
                    n += t[i][j];
                }
            }
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("table total too large: " + n);
            }
            double k = -lf(n);
            for (long v : rowRem) {
                k += lf(v);
            }
            for (long v : colRem) {
                k += lf(v);
            }
            constant = k;
            double lo = constant;
            for (long[] row : t) {
                for (long v : row) {
                    lo -= lf(v);
                }
            }
            logObserved = lo;
        }

        FisherExactResult run() {
            fill(0, 0, constant);
            return new FisherExactResult(Math.min(1.0, p), count);
        }

        private void fill(int i, int j, double logP) {
            if (i == r - 1) {
                // last row is determined by the remaining column totals
                double lp = logP;
                for (int jj = 0; jj < c; jj++) {
                    lp -= lf(colRem[jj]);
                }
                if (++count > MAX_TABLES) {
                    throw new IllegalArgumentException("Fisher's exact test: more than " + MAX_TABLES
                            + " tables with these margins; too large for exact enumeration");
                }
                if (lp <= logObserved + Math.log(REL_ERR)) {
                    p += Math.exp(lp);
                }
                return;
            }
            if (j == c - 1) {
                long v = rowRem[i];
                if (v > colRem[j]) {
                    return;
                }
                colRem[j] -= v;
                rowRem[i] = 0;
                fill(i + 1, 0, logP - lf(v));
                rowRem[i] = v;
                colRem[j] += v;
                return;
            }
            long restCols = 0;
            for (int jj = j + 1; jj < c; jj++) {
                restCols += colRem[jj];
            }
            long min = Math.max(0, rowRem[i] - restCols);
            long max = Math.min(rowRem[i], colRem[j]);
            for (long v = min; v <= max; v++) {
                rowRem[i] -= v;
                colRem[j] -= v;
                fill(i, j + 1, logP - lf(v));
                rowRem[i] += v;
                colRem[j] += v;
            }
        }

        private static double lf(long v) {
            return CombinatoricsUtils.factorialLog((int) v);
        }
    }
}
