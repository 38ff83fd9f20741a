package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: comparisons with numbers R printed. */
final class RAssert {

    /** Relative tolerance where the maths is the same as R's. */
    static final double REL = 1e-9;

    private RAssert() {
    }

    /** |actual − expected| ≤ 1e-9·|expected| (both NaN counts as equal: R's NA). */
    static void close(double expected, double actual, String what) {
        close(expected, actual, REL, what);
    }

    static void close(double expected, double actual, double rel, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            assertTrue(Double.isNaN(expected) && Double.isNaN(actual),
                    what + ": expected " + expected + " but was " + actual);
            return;
        }
        double tol = rel * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-13;
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " but was " + actual);
    }
}
