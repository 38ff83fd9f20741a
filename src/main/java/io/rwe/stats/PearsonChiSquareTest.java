package io.rwe.stats;

/**
 * Pearson's χ² test of independence on an r×c table of counts, as R's
 * {@code chisq.test(matrix, correct=yates)}: with Eᵢⱼ = rowᵢ·colⱼ/n,
 * <pre>
 *   χ² = Σᵢⱼ (|Oᵢⱼ − Eᵢⱼ| − c)² / Eᵢⱼ,   df = (r − 1)(c − 1)
 * </pre>
 * where c = min(0.5, minᵢⱼ |Oᵢⱼ − Eᵢⱼ|) for a 2×2 table with Yates' correction (so the correction never
 * overshoots, as R), and c = 0 otherwise. A zero row or column total gives E = 0 and a NaN statistic,
 * as R (which also warns). Tables must be at least 2×2 (R treats a single row or column as a
 * goodness-of-fit test, which is not offered here).
 */
public final class PearsonChiSquareTest {

    private final boolean yates;

    private PearsonChiSquareTest(boolean yates) {
        this.yates = yates;
    }

    /** R's default: Yates' correction on 2×2 tables. */
    public static PearsonChiSquareTest withDefaults() {
        return new PearsonChiSquareTest(true);
    }

    /** A copy with Yates' continuity correction on (2×2 tables only) or off. */
    public PearsonChiSquareTest withYates(boolean correct) {
        return new PearsonChiSquareTest(correct);
    }

    /** The statistic, degrees of freedom and p-value for {@code table[row][column]}. */
    public ChiSquareResult test(long[][] table) {
        Tables.check(table);
        int r = table.length;
        int c = table[0].length;
        double[] rowSum = new double[r];
        double[] colSum = new double[c];
        double n = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                rowSum[i] += table[i][j];
                colSum[j] += table[i][j];
                n += table[i][j];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("at least one entry of the table must be positive");
        }
        double[][] e = new double[r][c];
        double correction = 0;
        boolean applied = yates && r == 2 && c == 2;
        double minAbs = Double.POSITIVE_INFINITY;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                e[i][j] = rowSum[i] * colSum[j] / n;
                minAbs = Math.min(minAbs, Math.abs(table[i][j] - e[i][j]));
            }
        }
        if (applied) {
            correction = Math.min(0.5, minAbs);
        }
        double stat = 0;
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                double dev = Math.abs(table[i][j] - e[i][j]) - correction;
                stat += dev * dev / e[i][j];
            }
        }
        int df = (r - 1) * (c - 1);
        return new ChiSquareResult(stat, df, PValue.chiSquaredUpper(stat, df), applied && correction > 0);
    }
}
