package io.rwe.stats;

/**
 * x = A⁻¹b for a small dense matrix, as R's {@code solve(a, b)}: LU with partial pivoting, refused
 * (null) when A is singular to working precision, i.e. its reciprocal 1-norm condition number
 * 1/(‖A‖₁‖A⁻¹‖₁) is below the double precision ε (R's "system is computationally singular").
 * The condition number is computed from the inverse (exact, where LAPACK's {@code dgecon} estimates it).
 */
final class DenseSolve {

    private DenseSolve() {
    }

    /** A⁻¹b, or null when A is computationally singular. A and b are not modified. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] inv = inverse(a);
        if (inv == null) {
            return null;
        }
        double normA = 0;
        double normInv = 0;
        for (int j = 0; j < n; j++) {
            double ca = 0;
            double ci = 0;
            for (int i = 0; i < n; i++) {
                ca += Math.abs(a[i][j]);
                ci += Math.abs(inv[i][j]);
            }
            normA = Math.max(normA, ca);
            normInv = Math.max(normInv, ci);
        }
        if (!(1 / (normA * normInv) >= Math.ulp(1.0))) {
            return null;
        }
        double[][] lu = CoxNewtonRaphson.copy(a);
        return substitute(lu, factor(lu), b);
    }

    /** Forward and back substitution with an LU factorization and its row permutation. */
    private static double[] substitute(double[][] lu, int[] perm, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = b[perm[i]];
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                x[i] -= lu[i][k] * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                x[i] -= lu[i][k] * x[k];
            }
            x[i] /= lu[i][i];
        }
        return x;
    }

    /** b'A⁻¹b, NaN when A is computationally singular. */
    static double quadraticForm(double[][] a, double[] b) {
        double[] x = solve(a, b);
        if (x == null) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += b[i] * x[i];
        }
        return s;
    }

    /** In-place LU with partial pivoting; returns the row permutation, null when a pivot is 0. */
    private static int[] factor(double[][] lu) {
        int n = lu.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(lu[i][k]) > Math.abs(lu[piv][k])) {
                    piv = i;
                }
            }
            if (!(lu[piv][k] != 0) || !Double.isFinite(lu[piv][k])) {
                return null;
            }
            if (piv != k) {
                double[] t = lu[piv];
                lu[piv] = lu[k];
                lu[k] = t;
                int tp = perm[piv];
                perm[piv] = perm[k];
                perm[k] = tp;
            }
            for (int i = k + 1; i < n; i++) {
                double f = lu[i][k] / lu[k][k];
                lu[i][k] = f;
                for (int j = k + 1; j < n; j++) {
                    lu[i][j] -= f * lu[k][j];
                }
            }
        }
        return perm;
    }

    private static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] lu = CoxNewtonRaphson.copy(a);
        int[] perm = factor(lu);
        if (perm == null) {
            return null;
        }
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1;
            double[] x = substitute(lu, perm, e);
            for (int i = 0; i < n; i++) {
                inv[i][c] = x[i];
            }
        }
        return inv;
    }
}
