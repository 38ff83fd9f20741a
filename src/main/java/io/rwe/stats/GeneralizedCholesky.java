package io.rwe.stats;

/**
 * The generalized Cholesky decomposition of R's {@code survival} package ({@code cholesky2},
 * {@code chsolve2}, {@code chinv2}), which the Cox fit needs to treat singular and near-singular
 * information matrices exactly as R does: a redundant column gets a zero pivot, a zero component in
 * every solution and a zero row and column in the inverse. Matrices are square {@code double[n][n]};
 * the factorization is F D F' with F unit lower triangular (stored below the diagonal) and D on the
 * diagonal.
 */
final class GeneralizedCholesky {

    private GeneralizedCholesky() {
    }

    /**
     * R's {@code cholesky2}: m = F D F' with F unit lower triangular (stored below the diagonal) and D on
     * the diagonal, for a symmetric m (read from its upper triangle). A pivot that is not finite or
     * below toler × the largest diagonal is set to 0 (that column is redundant). Returns the rank, negated
     * when m is not non-negative definite; 0 (and m zeroed) when no diagonal is positive.
     */
    static int factor(double[][] m, double toler) {
        int n = m.length;
        double eps = 0;
        for (int i = 0; i < n; i++) {
            if (m[i][i] > eps) {
                eps = m[i][i];
            }
            for (int j = i + 1; j < n; j++) {
                m[j][i] = m[i][j];
            }
        }
        if (eps == 0) {
            for (double[] row : m) {
                java.util.Arrays.fill(row, 0);
            }
            return 0;
        }
        eps *= toler;
        int rank = 0;
        int nonneg = 1;
        for (int i = 0; i < n; i++) {
            double pivot = m[i][i];
            if (!Double.isFinite(pivot) || pivot < eps) {
                m[i][i] = 0;
                if (pivot < -8 * eps) {
                    nonneg = -1;
                }
            } else {
                rank++;
                for (int j = i + 1; j < n; j++) {
                    double temp = m[j][i] / pivot;
                    m[j][i] = temp;
                    m[j][j] -= temp * temp * pivot;
                    for (int q = j + 1; q < n; q++) {
                        m[q][j] -= temp * m[q][i];
                    }
                }
            }
        }
        return rank * nonneg;
    }

    /** R's {@code chsolve2}: y ← (F D F')⁻ y, a zero pivot giving 0 in its component. */
    static void solve(double[][] m, double[] y) {
        int n = m.length;
        for (int i = 0; i < n; i++) {
            double temp = y[i];
            for (int j = 0; j < i; j++) {
                temp -= y[j] * m[i][j];
            }
            y[i] = temp;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (m[i][i] == 0) {
                y[i] = 0;
            } else {
                double temp = y[i] / m[i][i];
                for (int j = i + 1; j < n; j++) {
                    temp -= y[j] * m[j][i];
                }
                y[i] = temp;
            }
        }
    }

    /**
     * R's {@code chinv2}: the (generalized) inverse of F D F' from its factorization, rows and columns of
     * zero pivots set to 0. Returns a new full symmetric matrix; {@code m} is overwritten.
     */
    static double[][] invert(double[][] m) {
        int n = m.length;
        for (int i = 0; i < n; i++) {
            if (m[i][i] > 0) {
                m[i][i] = 1 / m[i][i];
                for (int j = i + 1; j < n; j++) {
                    m[j][i] = -m[j][i];
                    for (int q = 0; q < i; q++) {
                        m[j][q] += m[j][i] * m[i][q];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (m[i][i] == 0) {
                for (int j = 0; j < i; j++) {
                    m[j][i] = 0;
                }
                for (int j = i; j < n; j++) {
                    m[i][j] = 0;
                }
            } else {
                for (int j = i + 1; j < n; j++) {
                    double temp = m[j][i] * m[j][j];
                    m[i][j] = temp;
                    for (int q = i; q < j; q++) {
                        m[i][q] += temp * m[j][q];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                out[i][j] = m[i][j];
                out[j][i] = m[i][j];
            }
        }
        return out;
    }
}
