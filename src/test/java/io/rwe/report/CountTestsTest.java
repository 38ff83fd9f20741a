package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tests applied to the paper's published counts, against R 4.2. */
class CountTestsTest {

    private static void close(double expected, double actual) {
        assertEquals(expected, actual, 1e-9 * Math.max(1e-300, Math.abs(expected)));
    }

    @Test
    void mOrrLungOnlyVsNonLungFromThePapersCounts() {
        // m <- matrix(c(6,22,1,19),2)
        // fisher.test(m)$p.value                 0.213803482407058
        // chisq.test(m, correct=FALSE)$p.value   0.111854314773295  (statistic 2.52782478845197)
        // chisq.test(m, correct=TRUE)$p.value    0.239933341108603  (statistic 1.38098556495769)
        close(0.213803482407058, CountTests.fisher(6, 28, 1, 20));
        close(0.111854314773295, CountTests.chisqP(6, 28, 1, 20, false));
        close(2.52782478845197, CountTests.chisqStatistic(6, 28, 1, 20, false));
        close(0.239933341108603, CountTests.chisqP(6, 28, 1, 20, true));
        close(1.38098556495769, CountTests.chisqStatistic(6, 28, 1, 20, true));
    }

    @Test
    void multiOrganSitesFromThePapersCounts() {
        // m2 <- matrix(c(3,10,0,13),2)
        // fisher.test(m2)$p.value                0.22
        // chisq.test(m2, correct=FALSE)$p.value  0.0655410821530714 (statistic 3.39130434782609)
        // chisq.test(m2, correct=TRUE)$p.value   0.219559746112117  (statistic 1.50724637681159)
        close(0.22, CountTests.fisher(3, 13, 0, 13));
        close(0.0655410821530714, CountTests.chisqP(3, 13, 0, 13, false));
        close(3.39130434782609, CountTests.chisqStatistic(3, 13, 0, 13, false));
        close(0.219559746112117, CountTests.chisqP(3, 13, 0, 13, true));
    }

    @Test
    void mcNemarExactOnDiscordantPairs() {
        // binom.test(3, 3)$p.value  0.25 ; binom.test(2, 7)$p.value 0.453125
        close(0.25, CountTests.mcnemarExact(3, 0));
        close(0.453125, CountTests.mcnemarExact(2, 5));
    }

    @Test
    void normalTwoSidedP() {
        // 2 * pnorm(-abs(-2.86620375655098725)) = 0.00415426768387237; 2 * pnorm(-1.959963984540054) = 0.05
        close(0.00415426768387237, CountTests.normalTwoSided(-2.86620375655098725));
        close(0.05, CountTests.normalTwoSided(1.959963984540054));
    }

    @Test
    void pValueImpliedByAHazardRatioAndItsCiIsRecomputedByTheCheck() {
        // se <- (log(0.696)-log(0.144))/(2*qnorm(0.975)); z <- log(0.316)/se; 2*pnorm(-abs(z))
        // se 0.40192992656652099 (printed 0.4019), z -2.86620375655098725 (-2.866), p 0.00415426768387237
        Inconsistencies.Finding f = Inconsistencies.check(io.rwe.core.Json.read("{\"id\": \"hr\", \"kind\": \"hr_ci_p\","
                + " \"hr\": 0.316, \"lower\": 0.144, \"upper\": 0.696, \"printed_p\": \"<0.001\"}"));
        assertTrue(f.recomputed().contains("= 0.4019; z = ln 0.316 / SE = -2.866; p = 0.004"), f.recomputed());
        // p = 0.0042 is not below 0.001: the printed "<0.001" is inconsistent with the HR and its CI
        assertTrue(f.inconsistent());
        // a printed p of 0.004 agrees with the recomputed 0.00415 at the printed precision
        Inconsistencies.Finding ok = Inconsistencies.check(io.rwe.core.Json.read("{\"id\": \"hr\", \"kind\": \"hr_ci_p\","
                + " \"hr\": 0.316, \"lower\": 0.144, \"upper\": 0.696, \"printed_p\": \"0.004\"}"));
        assertFalse(ok.inconsistent());
    }
}
