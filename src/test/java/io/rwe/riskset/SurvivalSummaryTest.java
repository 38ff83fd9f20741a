package io.rwe.riskset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.stats.ConfType;
import io.rwe.stats.KmRow;
import io.rwe.stats.RiskSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary shared by the study's analyses and jobs/survival, against R 4.2 / survival 3.5 on
 * <pre>
 * d &lt;- data.frame(t = c(1,2,3,4,5,6, 2,3,4,5,6,7), e = c(1,0,1,1,0,1, 1,1,0,1,1,0),
 *                 g = rep(c("a","b"), each = 6),
 *                 s = c("s1","s1","s2","s2","s1","s2", "s1","s2","s1","s2","s1","s2"))
 * </pre>
 * at confidence level 0.9, stratified by s.
 */
class SurvivalSummaryTest {

    static void near(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-9 + 1e-12, "R gives " + expected + ", got " + actual);
    }

    /** One risk set per group and stratum, as the boundary collects them. */
    static List<RiskSet> sets() {
        return List.of(
                RiskSet.fromCounts("a", "s1", new double[] {1, 2, 5}, new long[] {1, 0, 0}, new long[] {0, 1, 1}),
                RiskSet.fromCounts("a", "s2", new double[] {3, 4, 6}, new long[] {1, 1, 1}, new long[] {0, 0, 0}),
                RiskSet.fromCounts("b", "s1", new double[] {2, 4, 6}, new long[] {1, 0, 1}, new long[] {0, 1, 0}),
                RiskSet.fromCounts("b", "s2", new double[] {3, 5, 7}, new long[] {1, 1, 0}, new long[] {0, 0, 1}));
    }

    static final SurvivalSummary.Settings AT_90 = new SurvivalSummary.Settings(ConfType.LOG, 0.9, 0);

    @Test
    void curvesPoolTheStrataAndEveryIntervalTakesTheConfidenceLevel() {
        SurvivalSummary s = SurvivalSummary.of(sets(), List.of("a", "b"), "b", AT_90);
        // f <- survfit(Surv(t, e) ~ g, data = d, conf.int = 0.9); summary(f, censored = TRUE): group a
        List<KmRow> a = s.curves().get("a").rows();
        assertEquals(6, a.size());
        assertEquals(6, a.get(0).nRisk());
        near(0.83333333333333337, a.get(0).surv());
        near(0.61715851934535815, a.get(0).lower());
        near(0.625, a.get(2).surv());
        near(0.35635491221257881, a.get(2).lower());
        // summary(f)$table: medians 4 and 5
        near(4, s.curves().get("a").medianAsPrinted().time());
        near(5, s.curves().get("b").medianAsPrinted().time());
        // sd <- survdiff(Surv(t, e) ~ g + strata(s), data = d); sd$chisq
        near(0.36457615437629215, s.logRank().chiSquare());
        // V <- sd$var[1, 1]; exp((O - E) / V), CI exp(ln HR -/+ qnorm(0.95) / sqrt(V)): a against b
        near(1.60887329043680705, s.hr().estimate());
        near(0.44047638891216834, s.hr().lower());
        near(5.87653125079788197, s.hr().upper());
        // summary(coxph(Surv(t, e) ~ relevel(factor(g), "b") + strata(s), data = d), conf.int = 0.9)
        near(1.5647437277830349, s.cox().hr());
        near(0.44077639765999543, s.cox().ci()[0]);
        near(5.554795916103032, s.cox().ci()[1]);
        near(0.56105676472876298, s.cox().pWald());
        assertTrue(s.notEstimable().isEmpty());
    }

    @Test
    void poolingSumsTheStrataOfAGroupPerTime() {
        Map<String, RiskSet> pooled = Strata.pooled(sets());
        assertEquals(List.of("a", "b"), List.copyOf(pooled.keySet()));
        RiskSet a = pooled.get("a");
        assertNull(a.stratum());
        // group a: times 1..6, at risk 6, 5, 4, 3, 2, 1 (one patient leaves at each time)
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), a.rows().stream().map(r -> r.atRisk()).toList());
        assertEquals(4, a.events());
    }

    @Test
    void aGroupWithoutPatientsLeavesTheComparisonNotEstimable() {
        List<RiskSet> onlyB = sets().stream().filter(r -> r.group().equals("b")).toList();
        SurvivalSummary s = SurvivalSummary.of(onlyB, List.of("a", "b"), "b", AT_90);
        assertEquals(0, s.curves().get("a").n());
        assertEquals(6, s.curves().get("b").n());
        assertEquals("no patients", s.notEstimable().get("groups.a"));
        for (String part : List.of("logrank", "hr", "cox")) {
            assertEquals("fewer than two groups with patients (none in a)", s.notEstimable().get(part), part);
        }
        assertNull(s.logRank());
        assertNull(s.hr());
        assertNull(s.cox());
    }

    @Test
    void noEventsLeavesTheComparisonNotEstimable() {
        // d0 <- d; d0$e <- 0; survdiff(Surv(t, e) ~ g, data = d0): "Chisq = 0 on -1 degrees of freedom, p = NA"
        List<RiskSet> censored = List.of(
                RiskSet.fromCounts("a", null, new double[] {1, 2}, new long[] {0, 0}, new long[] {1, 1}),
                RiskSet.fromCounts("b", null, new double[] {3}, new long[] {0}, new long[] {2}));
        SurvivalSummary s = SurvivalSummary.of(censored, List.of("a", "b"), "a", AT_90);
        assertEquals(Map.of("logrank", "no events", "hr", "no events", "cox", "no events"), s.notEstimable());
        // the curves are still drawn: no event, the median not reached
        assertTrue(Double.isNaN(s.curves().get("a").medianAsPrinted().time()));
    }

    @Test
    void curvesOnlyWhenNotCompared() {
        SurvivalSummary s = SurvivalSummary.of(sets(), List.of("a"), null, AT_90);
        assertEquals(List.of("a"), List.copyOf(s.curves().keySet()));
        assertNull(s.logRank());
        assertTrue(s.notEstimable().isEmpty());
    }
}
