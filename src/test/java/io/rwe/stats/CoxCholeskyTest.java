package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** R's generalized Cholesky (cholesky2 / chsolve2 / chinv2), on matrices worked by hand. */
class CoxCholeskyTest {

    @Test
    void positiveDefiniteMatrix() {
        // M = [[4, 2], [2, 3]] = F D F' with F = [[1, 0], [0.5, 1]], D = diag(4, 3 - 0.5·0.5·4 = 2);
        // M⁻¹ = [[3, -2], [-2, 4]] / 8; M⁻¹ (2, 1)' = (0.5, 0).
        double[][] m = {{4, 2}, {2, 3}};
        assertEquals(2, GeneralizedCholesky.factor(m, 1e-12));
        assertEquals(4, m[0][0]);
        assertEquals(0.5, m[1][0]);
        assertEquals(2, m[1][1]);
        double[] y = {2, 1};
        GeneralizedCholesky.solve(m, y);
        assertArrayEquals(new double[] {0.5, 0}, y, 1e-15);
        double[][] inv = GeneralizedCholesky.invert(m);
        assertArrayEquals(new double[] {0.375, -0.25}, inv[0], 1e-15);
        assertArrayEquals(new double[] {-0.25, 0.5}, inv[1], 1e-15);
    }

    @Test
    void redundantColumnGetsZeroPivotSolutionAndInverse() {
        // M = [[1, 1], [1, 1]]: D = (1, 0), rank 1; the redundant second column solves to 0 and its
        // row and column of the inverse are 0 (R: coefficient NA).
        double[][] m = {{1, 1}, {1, 1}};
        assertEquals(1, GeneralizedCholesky.factor(m, 1e-12));
        assertEquals(0, m[1][1]);
        double[] y = {2, 2};
        GeneralizedCholesky.solve(m, y);
        assertArrayEquals(new double[] {2, 0}, y, 0);
        double[][] inv = GeneralizedCholesky.invert(m);
        assertArrayEquals(new double[] {1, 0}, inv[0], 0);
        assertArrayEquals(new double[] {0, 0}, inv[1], 0);
    }

    @Test
    void allZeroMatrixHasRankZero() {
        double[][] m = {{0, 0}, {0, 0}};
        assertEquals(0, GeneralizedCholesky.factor(m, 1e-12));
        double[] y = {3, 4};
        GeneralizedCholesky.solve(m, y);
        assertArrayEquals(new double[] {0, 0}, y, 0);
    }
}
