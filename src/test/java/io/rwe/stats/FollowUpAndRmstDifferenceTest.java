package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Median follow-up (reverse Kaplan–Meier) and the RMST difference on R's {@code lung} by sex, against
 * R 4.2.2 / survival 3.5-3 ({@code sprintf("%.17g", ...)}).
 */
class FollowUpAndRmstDifferenceTest {

    private static final double TOL = 1e-9;

    /** Risk sets of lung by sex: group "1" (male) first, then "2". */
    private static List<RiskSet> lungBySex() {
        CoxFixtures.Table t = CoxFixtures.readCsv("/r-data/lung.csv");
        return CoxFixtures.riskSets(t.doubles("time"), CoxRows.events(t.doubles("status"), 2), t.strings("sex"), null);
    }

    @Test
    void followUpIsTheReverseKaplanMeierMedianAsPrinted() {
        // for (s in 1:2) summary(survfit(Surv(time, 2 - status) ~ 1, data = lung[lung$sex == s, ]))$table[
        //     c("median", "0.95LCL", "0.95UCL")]
        List<RiskSet> sets = lungBySex();
        SurvivalQuantile male = FollowUp.median(sets.get(0));
        assertEquals(840, male.time());
        assertEquals(806, male.lower());
        assertTrue(Double.isNaN(male.upper()), "R: NA");
        SurvivalQuantile female = FollowUp.median(sets.get(1));
        assertEquals(529, female.time());
        assertEquals(376, female.lower());
        assertTrue(Double.isNaN(female.upper()), "R: NA");
    }

    @Test
    void reversingExchangesEventsAndCensorings() {
        RiskSet rs = RiskSet.fromCounts("a", null, new double[] {1, 2, 3}, new long[] {2, 0, 1},
                new long[] {1, 3, 0});
        RiskSet rev = FollowUp.reversed(rs);
        assertEquals(List.of(new RiskRow(1, 7, 1, 2), new RiskRow(2, 4, 3, 0), new RiskRow(3, 1, 0, 1)), rev.rows());
    }

    @Test
    void rmstDifferenceFemaleMinusMaleAsR() {
        // fit <- survfit(Surv(time, status) ~ sex, lung); tau <- min(tapply(lung$time, lung$sex, max))  # 965
        // tb <- summary(fit, rmean = tau)$table; d <- tb[2, "rmean"] - tb[1, "rmean"]
        // se <- sqrt(sum(tb[, "se(rmean)"]^2)); d + c(-1, 1) * qnorm(0.975) * se; 2 * pnorm(-abs(d / se))
        List<RiskSet> sets = lungBySex();
        RmstDifference r = RmstDifference.of(KaplanMeier.fit(sets.get(1)), KaplanMeier.fit(sets.get(0)));
        assertEquals(965, r.tau());
        assertEquals("2", r.group());
        assertEquals("1", r.reference());
        assertRel(455.90408751167342, r.first().estimate(), TOL, "rmean sex=2");
        assertRel(32.917415688735048, r.first().se(), TOL, "se(rmean) sex=2");
        assertRel(324.04841906214551, r.ref().estimate(), TOL, "rmean sex=1");
        assertRel(22.297939234143815, r.ref().se(), TOL, "se(rmean) sex=1");
        assertRel(131.85566844952791, r.estimate(), TOL, "difference");
        assertRel(39.758701559715831, r.se(), TOL, "se");
        assertRel(53.930045320408425, r.lower(), TOL, "lower");
        assertRel(209.7812915786474, r.upper(), TOL, "upper");
        assertRel(0.00091185947832012797, r.p(), TOL, "p");
    }

    @Test
    void rmstDifferenceAtAGivenTau() {
        // hand: group a: one event at 2 of 2 at risk, then the other censored at 4: S = 1/2 from 2;
        // RMST(3) = 2 + 0.5 = 2.5, var = (1/(2·1))·(0.5)² → se = 0.3535533905932738.
        // group b: no events: RMST(3) = 3, se 0. Δ = −0.5, se = 0.35355…, z = −√2, p = 2Φ(−√2).
        RiskSet a = RiskSet.fromCounts("a", null, new double[] {2, 4}, new long[] {1, 0}, new long[] {0, 1});
        RiskSet b = RiskSet.fromCounts("b", null, new double[] {5}, new long[] {0}, new long[] {1});
        RmstDifference r = RmstDifference.of(KaplanMeier.fit(a), KaplanMeier.fit(b), 3, 0.95);
        assertEquals(3, r.tau());
        assertRel(-0.5, r.estimate(), TOL, "difference");
        assertRel(Math.sqrt(0.125), r.se(), TOL, "se");
        // 2 * pnorm(-sqrt(2)) in R: 0.15729920705028513
        assertRel(0.15729920705028513, r.p(), TOL, "p");
        // default tau: the smaller of the last times 4 and 5
        assertEquals(4, RmstDifference.of(KaplanMeier.fit(a), KaplanMeier.fit(b)).tau());
    }
}
