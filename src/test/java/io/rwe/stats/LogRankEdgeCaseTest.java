package io.rwe.stats;

import static io.rwe.stats.RAssert.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases of the log-rank test and its p-value; R 4.2.2 / survival 3.5.3 calls beside each number. */
class LogRankEdgeCaseTest {

    private static List<RiskSet> sets(double[] t, int[] s, String[] g) {
        boolean[] e = new boolean[s.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = s[i] == 1;
        }
        return RiskSets.of(t, e, g, null);
    }

    @Test
    void groupWithZeroExpectedEventsIsLeftOutOfTheStatisticAndTheDegreesOfFreedom() {
        // d <- data.frame(t=c(5,6,7,8,9,10,1,2), s=c(1,0,1,1,0,1,0,0), g=c("A","A","A","B","B","B","C","C"))
        // sd <- survdiff(Surv(t,s) ~ g, data=d): chisq 3.5714285714285716, obs 2 2 0, exp 0.75 3.25 0,
        // var[1,1] 0.4375, var[3,3] 0; df = sum(exp > 0) - 1 = 1; pchisq(chisq, 1, lower.tail=FALSE) 0.058781721355358973
        LogRankResult r = LogRankTest.withDefaults().test(sets(new double[] {5, 6, 7, 8, 9, 10, 1, 2},
                new int[] {1, 0, 1, 1, 0, 1, 0, 0}, new String[] {"A", "A", "A", "B", "B", "B", "C", "C"}));
        assertEquals(1, r.df());
        close(3.5714285714285716, r.chiSquare(), "chisq");
        close(0.058781721355358973, r.p(), "p");
        close(0.75, r.expected("A"), "E A");
        assertEquals(0, r.expected("C"));
        close(0.4375, r.variance()[0][0], "V AA");
        assertEquals(0, r.variance()[2][2]);
    }

    @Test
    void pValueBelowTheSmallestDoubleIsReportedByItsLogarithm() {
        // d <- data.frame(t=c(1:800, 1001:1800), s=1, g=rep(c("a","b"), each=800)); sd <- survdiff(Surv(t,s) ~ g, data=d)
        // chisq 1986.5983830905029; pchisq(chisq, 1, lower.tail=FALSE) 0; log.p=TRUE -997.32257518894517
        double[] t = new double[1600];
        int[] s = new int[1600];
        String[] g = new String[1600];
        for (int i = 0; i < 800; i++) {
            t[i] = i + 1;
            t[800 + i] = 1001 + i;
            g[i] = "a";
            g[800 + i] = "b";
        }
        java.util.Arrays.fill(s, 1);
        LogRankResult r = LogRankTest.withDefaults().test(sets(t, s, g));
        close(1986.5983830905029, r.chiSquare(), "chisq");
        assertEquals(0, r.p());
        assertTrue(r.pValue().underflow());
        close(-997.32257518894517, r.pValue().lnP(), "ln p");
        assertTrue(r.pValue().describe().startsWith("< 1e-300 (log10 p = -433.1"), r.pValue().describe());
    }

    @Test
    void chiSquaredTailInLogSpace() {
        // pchisq(1500, 1, lower.tail=FALSE, log.p=TRUE) -753.88306710538234
        // pchisq(5000, 4, lower.tail=FALSE, log.p=TRUE) -2492.1755540691224
        // pchisq(1380, 1, lower.tail=FALSE) 4.6611584556740716e-302, log.p=TRUE -693.8414340713208
        close(-753.88306710538234, PValue.chiSquaredUpper(1500, 1).lnP(), "ln p (1500, 1)");
        close(-2492.1755540691224, PValue.chiSquaredUpper(5000, 4).lnP(), "ln p (5000, 4)");
        PValue p = PValue.chiSquaredUpper(1380, 1);
        close(4.6611584556740716e-302, p.p(), "p (1380, 1)");
        close(-693.8414340713208, p.lnP(), "ln p (1380, 1)");
        assertFalse(p.underflow());
        // pchisq(10.326741954885632, 1, lower.tail=FALSE) 0.0013111645203554882
        assertEquals("0.00131116", PValue.chiSquaredUpper(10.326741954885632, 1).describe());
    }

    @Test
    void singularVarianceWhereRStopsUsesTheGeneralizedInverse() {
        // survdiff(Surv(time, status) ~ group + strata(stratum)) on the rows below stops in R with
        // "system is computationally singular" (groups B, C only in stratum s1, A, D only in s3).
        // Hand derivation: s1 times 4 (n 3: B2 C1, d 1), 5 (n 2: B1 C1, d 1), 8 (n 1); s3 times 15 (n 3: A2 D1,
        // d 2), 36 (n 1). O - E: A -1/3... dropping A: B 5/6, C -5/6, D 1/3; V(B,C block) = 17/36 [[1,-1],[-1,1]],
        // V(D,D) = 2/9. Moore-Penrose: chi = (9/17)(5/3)^2 + (1/3)^2 (9/2) = 25/17 + 1/2 = 67/34, df = rank = 2.
        List<RiskSet> s = RiskSets.of(new double[] {5, 15, 8, 4, 36, 15}, new boolean[] {true, true, true, true, true, true},
                new String[] {"B", "D", "C", "B", "A", "A"}, new String[] {"s1", "s3", "s1", "s1", "s3", "s3"});
        LogRankResult r = LogRankTest.withDefaults().test(s);
        assertEquals(2, r.df());
        close(67.0 / 34, r.chiSquare(), "chisq");
        close(17.0 / 36, r.variance()[1][1], "V BB");
        close(7.0 / 6, r.expected("B"), "E B");
    }

    @Test
    void oneGroupIsNotATest() {
        // survdiff(Surv(c(1,2), c(1,1)) ~ g) with one level of g: "There is only 1 group"
        assertThrows(IllegalArgumentException.class, () -> LogRankTest.withDefaults()
                .test(sets(new double[] {1, 2}, new int[] {1, 1}, new String[] {"a", "a"})));
        assertThrows(IllegalArgumentException.class, () -> LogRankTest.withDefaults().withRho(-1));
    }
}
