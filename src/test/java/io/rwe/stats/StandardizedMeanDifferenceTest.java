package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Standardized mean differences as tableone (Yang &amp; Dalton 2012). Categorical expectations from R 4.2.2
 * with tableone's formula written out (tableone's {@code StdDiffFromLstMeans} for two groups):
 * <pre>
 * smd_cat &lt;- function(c1, c2) {
 *   pt &lt;- prop.table(rbind(c1, c2), 1); if (ncol(pt) &gt; 1) pt &lt;- pt[, -1, drop = FALSE]
 *   mv &lt;- function(p) { v &lt;- -outer(p, p); diag(v) &lt;- p * (1 - p); v }
 *   S &lt;- (mv(pt[1, ]) + mv(pt[2, ])) / 2; T &lt;- pt[1, ] - pt[2, ]
 *   if (all(S == 0)) NaN else sqrt(drop(t(T) %*% MASS::ginv(S) %*% T))
 * }
 * </pre>
 */
class StandardizedMeanDifferenceTest {

    private static final double TOL = 1e-9;

    @Test
    void ageFromGroupMeansAndSampleVariances() {
        // a1 <- lung$age[lung$sex == 1]; a2 <- lung$age[lung$sex == 2]
        // (mean(a1) - mean(a2)) / sqrt((var(a1) + var(a2)) / 2)
        double d = StandardizedMeanDifference.numeric(
                new StandardizedMeanDifference.Moments(138, 63.340579710144929, 83.525494551994072),
                new StandardizedMeanDifference.Moments(90, 61.077777777777776, 78.274781523096124));
        assertRel(0.25157756518563384, d, TOL, "smd age");
    }

    @Test
    void threeLevels() {
        // smd_cat(c(10, 20, 30), c(25, 15, 5))
        assertRel(1.0882509040710604, StandardizedMeanDifference.categorical(new long[] {10, 20, 30},
                new long[] {25, 15, 5}), TOL, "smd");
    }

    @Test
    void twoLevelsIsTheBinaryFormula() {
        // smd_cat(c(40, 60), c(55, 45)); by hand (0.6 - 0.45) / sqrt((0.6 * 0.4 + 0.45 * 0.55) / 2)
        double d = StandardizedMeanDifference.categorical(new long[] {40, 60}, new long[] {55, 45});
        assertRel(0.3038218101250999, d, TOL, "smd");
        assertRel((0.6 - 0.45) / Math.sqrt((0.6 * 0.4 + 0.45 * 0.55) / 2), d, TOL, "hand");
    }

    @Test
    void aLevelAbsentFromBothGroupsCountsAsAbsent() {
        // smd_cat(c(12, 0, 30, 7), c(8, 0, 5, 9)) (S singular: MASS::ginv) and smd_cat(c(0, 20, 30, 7), c(0, 15, 5, 9))
        assertRel(0.88602266647525996, StandardizedMeanDifference.categorical(new long[] {12, 0, 30, 7},
                new long[] {8, 0, 5, 9}), TOL, "absent middle level");
        assertRel(0.88602266647525996, StandardizedMeanDifference.categorical(new long[] {12, 30, 7},
                new long[] {8, 5, 9}), TOL, "same without the level");
        assertRel(0.82748915925375854, StandardizedMeanDifference.categorical(new long[] {0, 20, 30, 7},
                new long[] {0, 15, 5, 9}), TOL, "absent first level");
    }

    @Test
    void bothGroupsInOneLevelIsUndefined() {
        // smd_cat(c(0, 5), c(0, 7)): S = 0, tableone's NaN
        assertTrue(Double.isNaN(StandardizedMeanDifference.categorical(new long[] {0, 5}, new long[] {0, 7})));
        assertTrue(Double.isNaN(StandardizedMeanDifference.categorical(new long[] {0, 0}, new long[] {3, 7})),
                "an empty group");
    }

    @Test
    void levelsMustMatch() {
        assertThrows(IllegalArgumentException.class,
                () -> StandardizedMeanDifference.categorical(new long[] {1, 2}, new long[] {1, 2, 3}));
    }
}
