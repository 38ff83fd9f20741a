package io.rwe.stats;

import static io.rwe.stats.KaplanMeierLungTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kaplan–Meier curve recomputed from rounded cumulative counts (OpenSAFELY's kaplan-meier-function,
 * method "constant"). The rounded counts are derived by hand below; the curve of the rounded counts is
 * what R's {@code survfit} gives for patients with exactly those counts (the R call beside each number).
 */
class KmRoundingTest {

    @Test
    void midpointRoundingIsOpenSafelysRoundmidAny() {
        // roundmid_any <- function(x, to=1) ceiling(x/to)*to - (floor(to/2)*(x!=0))
        // roundmid_any(c(0, 1, 6, 7, 12, 13), 6): 0 3 3 9 9 15
        long[] x = {0, 1, 6, 7, 12, 13};
        long[] expected = {0, 3, 3, 9, 9, 15};
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], KmRounding.midpoint(x[i], 6), "roundmid_any(" + x[i] + ", 6)");
        }
        // roundmid_any(c(1, 20, 21, 1816), 20): 10 10 30 1810
        assertEquals(10, KmRounding.midpoint(1, 20));
        assertEquals(10, KmRounding.midpoint(20, 20));
        assertEquals(30, KmRounding.midpoint(21, 20));
        assertEquals(1810, KmRounding.midpoint(1816, 20));
        assertEquals(17, KmRounding.midpoint(17, 1), "width 1 leaves a count as it is");
        assertThrows(IllegalArgumentException.class, () -> KmRounding.midpoint(3, 0));
    }

    @Test
    void aCurveDerivedByHandFromRoundedCumulativeCounts() {
        // One group of N = 12, width m = 4 (⌊m/2⌋ = 2):
        //   time        1  2  3  5  6  8  9
        //   events      1  2  0  1  3  0  1     cumulative E  1 3 3 4 7 7 8   → mid(E)  2 2 2 2 6 6 6
        //   censored    0  1  1  0  0  2  0     cumulative C  0 1 2 2 2 4 4   → mid(C)  0 2 2 2 2 2 2
        // N' = mid(12) = 10; the cap N' − E'(last) = 4 leaves C' as it is. E' or C' changes at 1, 2, 6:
        //   t=1: n' = 10,            d' = 2, c' = 0
        //   t=2: n' = 10 − 2 − 0 = 8, d' = 0, c' = 2
        //   t=6: n' = 10 − 2 − 2 = 6, d' = 4, c' = 0
        // S: 8/10 = 0.8, 0.8, 0.8·2/6 = 0.2666…; Greenwood var(log S) 2/(10·8) = 0.025, then + 4/(6·2).
        RiskSet raw = RiskSet.fromCounts("g", null, new double[] {1, 2, 3, 5, 6, 8, 9},
                new long[] {1, 2, 0, 1, 3, 0, 1}, new long[] {0, 1, 1, 0, 0, 2, 0});
        RiskSet rounded = KmRounding.round(raw, 4);
        assertEquals(List.of(new RiskRow(1, 10, 2, 0), new RiskRow(2, 8, 0, 2), new RiskRow(6, 6, 4, 0)),
                rounded.rows());
        // The same counts as patients: d <- data.frame(t = c(1,1,2,2,6,6,6,6,6,6), e = c(1,1,0,0,1,1,1,1,0,0))
        // f <- survfit(Surv(t, e) ~ 1, data = d); summary(f, censored = TRUE) (format(digits = 17)):
        //   surv 0.80000000000000004 0.80000000000000004 0.26666666666666666
        //   std.err 0.12649110640673519 0.12649110640673519 0.15962919996504865
        //   lower 0.586817701233813604 0.586817701233813604 0.082495717132957849
        //   upper 1 1 0.86199761130025399
        // (R's last row has n.censor 2: the two never leave the rounded risk set, which does not move S.)
        KmCurve c = KmRounding.round(KaplanMeier.fit(raw), 4);
        row(c.rows().get(0), 1, 10, 2, 0, 0.8, 0.12649110640673519, 0.586817701233813604, 1);
        row(c.rows().get(1), 2, 8, 0, 2, 0.8, 0.12649110640673519, 0.586817701233813604, 1);
        row(c.rows().get(2), 6, 6, 4, 0, 0.26666666666666666, 0.15962919996504865, 0.082495717132957849,
                0.86199761130025399);
        assertEquals(3, c.rows().size());
    }

    @Test
    void everyPublishedCountIsAMultipleOfHalfTheWidth() {
        // 1 000 patients over 400 distinct times, width 20: every n', d', c' is a multiple of 10
        int times = 400;
        double[] t = new double[times];
        long[] e = new long[times];
        long[] c = new long[times];
        java.util.Random rnd = new java.util.Random(7);
        long left = 1000;
        for (int i = 0; i < times && left > 0; i++) {
            t[i] = i + 1;
            e[i] = Math.min(left, rnd.nextInt(3));
            left -= e[i];
            c[i] = Math.min(left, rnd.nextInt(2));
            left -= c[i];
        }
        c[times - 1] += left;
        RiskSet rounded = KmRounding.round(RiskSet.fromCounts("g", null, t, e, c), 20);
        assertTrue(rounded.rows().size() > 10, "steps: " + rounded.rows().size());
        for (RiskRow r : rounded.rows()) {
            assertEquals(0, r.atRisk() % 10, "n' at " + r.time());
            assertEquals(0, r.events() % 10, "d' at " + r.time());
            assertEquals(0, r.censored() % 10, "c' at " + r.time());
            assertTrue(r.events() + r.censored() > 0, "a row without a change at " + r.time());
        }
        assertEquals(KmRounding.midpoint(1000, 20), rounded.n());
    }

    @Test
    void censoringsAreCappedSoThatNoOneLeavesTwice() {
        // N = 2, one event at 1, one censoring at 2, m = 4: N' = 2, E' = 2, mid(C) = 2 would leave −2 at risk;
        // the cap N' − E'(last) = 0 keeps the censorings at 0: one row, S(1) = 0.
        RiskSet rounded = KmRounding.round(RiskSet.fromCounts("g", null, new double[] {1, 2}, new long[] {1, 0},
                new long[] {0, 1}), 4);
        assertEquals(List.of(new RiskRow(1, 2, 2, 0)), rounded.rows());
        assertEquals(0.0, KaplanMeier.fit(rounded).rows().get(0).surv());
        assertTrue(KmRounding.round(new RiskSet("g", null, List.of()), 4).rows().isEmpty());
    }
}
