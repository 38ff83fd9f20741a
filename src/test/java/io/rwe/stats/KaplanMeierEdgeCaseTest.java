package io.rwe.stats;

import static io.rwe.stats.KaplanMeierLungTest.row;
import static io.rwe.stats.RAssert.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built edge cases of the Kaplan–Meier curve; each expectation was printed by R 4.2.2 / survival 3.5.3
 * ({@code sprintf("%.17g")} or {@code print(digits=17)}) from the call beside it.
 */
class KaplanMeierEdgeCaseTest {

    private static KmCurve km(double[] t, int[] status) {
        return km(t, status, ConfType.LOG);
    }

    private static KmCurve km(double[] t, int[] status, ConfType type) {
        boolean[] e = new boolean[status.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = status[i] == 1;
        }
        return KaplanMeier.fit(RiskSets.of(t, e), type, 0.95);
    }

    @Test
    void eventsAndCensoringsTiedAtOneTimeCountTheCensoredAsAtRisk() {
        // x <- summary(survfit(Surv(c(1,2,2,2,2,3,4), c(1,1,1,0,0,1,0)) ~ 1), censored=TRUE)
        // time 1 2 3 4; n.risk 7 6 2 1; n.event 1 2 1 0; n.censor 0 2 0 1;
        // surv 0.8571428571428571 0.5714285714285714 0.2857142857142857 0.2857142857142857
        // std.err 0.13226001425322162 0.18704390591656486 0.22262677784970844 (x2)
        // lower 0.6334465290121496 0.30084364638978678 0.062041323894974798 (x2); upper 1 1 1 1
        KmCurve c = km(new double[] {1, 2, 2, 2, 2, 3, 4}, new int[] {1, 1, 1, 0, 0, 1, 0});
        row(c.rows().get(0), 1, 7, 1, 0, 0.8571428571428571, 0.13226001425322162, 0.6334465290121496, 1);
        row(c.rows().get(1), 2, 6, 2, 2, 0.5714285714285714, 0.18704390591656486, 0.30084364638978678, 1);
        row(c.rows().get(2), 3, 2, 1, 0, 0.2857142857142857, 0.22262677784970844, 0.062041323894974798, 1);
        row(c.rows().get(3), 4, 1, 0, 1, 0.2857142857142857, 0.22262677784970844, 0.062041323894974798, 1);
    }

    @Test
    void allCensoredStaysAtOneWithNoMedian() {
        // f <- survfit(Surv(c(1,2,3), c(0,0,0)) ~ 1): surv 1 1 1, std.err 0 0 0, lower 1 1 1, upper 1 1 1;
        // quantile(f, 0.5): NA (NA, NA); survmean(f, rmean="common"): rmean 3, se 0
        KmCurve c = km(new double[] {1, 2, 3}, new int[] {0, 0, 0});
        for (KmRow r : c.rows()) {
            row(r, r.time(), r.nRisk(), 0, 1, 1, 0, 1, 1);
        }
        SurvivalQuantile m = c.median();
        assertTrue(!m.reached() && Double.isNaN(m.lower()) && Double.isNaN(m.upper()));
        assertEquals(new Rmst(3, 3, 0), c.rmst(3));
        // survfit(..., conf.type="log-log")$lower: NA NA NA (undefined at S = 1)
        for (KmRow r : km(new double[] {1, 2, 3}, new int[] {0, 0, 0}, ConfType.LOG_LOG).rows()) {
            assertTrue(Double.isNaN(r.lower()) && Double.isNaN(r.upper()));
        }
    }

    @Test
    void medianNotReached() {
        // f <- survfit(Surv(c(1,2,3,4,5), c(1,0,0,0,0)) ~ 1); quantile(f): quantile NA NA NA,
        // lower 1 NA NA, upper NA NA NA; survmean(f, rmean=10): rmean 8.1999999999999993, se 1.6099689437998488
        KmCurve c = km(new double[] {1, 2, 3, 4, 5}, new int[] {1, 0, 0, 0, 0});
        assertEquals(new SurvivalQuantile(0.25, Double.NaN, 1, Double.NaN), c.quantile(0.25));
        assertEquals(new SurvivalQuantile(0.5, Double.NaN, Double.NaN, Double.NaN), c.median());
        close(8.1999999999999993, c.rmst(10).estimate(), "rmst beyond the last time: curve extended flat");
        close(1.6099689437998488, c.rmst(10).se(), "se");
    }

    @Test
    void survivalExactlyOneHalfOverAnIntervalGivesTheMidpoint() {
        // f <- survfit(Surv(c(1,2,3,5), c(1,1,0,1)) ~ 1): S = 0.5 on [2, 5)
        // quantile(f): quantile 1.5 3.5 5; lower 1 1 2; upper NA NA NA
        // print(f) (survmean): median 3.5, 0.95LCL 1, UCL NA; rmean 3.25 se 0.8926785535678563
        KmCurve c = km(new double[] {1, 2, 3, 5}, new int[] {1, 1, 0, 1});
        assertEquals(new SurvivalQuantile(0.25, 1.5, 1, Double.NaN), c.quantile(0.25));
        assertEquals(new SurvivalQuantile(0.5, 3.5, 1, Double.NaN), c.median());
        assertEquals(new SurvivalQuantile(0.75, 5, 2, Double.NaN), c.quantile(0.75));
        assertEquals(new SurvivalQuantile(0.5, 3.5, 1, Double.NaN), c.medianAsPrinted());
        close(3.25, c.rmst(5).estimate(), "rmst");
        close(0.8926785535678563, c.rmst(5).se(), "se");
    }

    @Test
    void survivalOneHalfToTheEndIsWhereQuantileAndPrintDiffer() {
        // f <- survfit(Surv(c(1,2,3,4), c(1,1,0,0)) ~ 1): S = 0.5 from 2 to the last time 4
        // quantile(f, 0.5): 3 (midpoint of 2 and the last time), lower 1, upper NA
        // print(f): median 2, 0.95LCL 1, UCL NA; rmean 2.75 se 0.649519052838329
        KmCurve c = km(new double[] {1, 2, 3, 4}, new int[] {1, 1, 0, 0});
        assertEquals(new SurvivalQuantile(0.5, 3, 1, Double.NaN), c.median());
        assertEquals(new SurvivalQuantile(0.5, 2, 1, Double.NaN), c.medianAsPrinted());
        close(2.75, c.rmst(c.lastTime()).estimate(), "rmst");
        close(0.649519052838329, c.rmst(c.lastTime()).se(), "se");
    }

    @Test
    void eventAtTimeZero() {
        // f <- survfit(Surv(c(0,0,2,3,3), c(1,0,1,1,0)) ~ 1); x <- summary(f, times=c(0,1,3))
        // time 0 1 3; n.risk 5 3 2; n.event 1 0 2; surv 0.8 0.8 0.26666666666666666;
        // std.err 0.17888543819998318 0.17888543819998318 0.22574977954133857;
        // lower 0.51612576034217206 0.51612576034217206 0.050742765126671217; upper 1 1 1
        // survmean(f, rmean="common"): rmean 2.1333333333333333 se 0.52436910946676007, median 3 (2, NA)
        KmCurve c = km(new double[] {0, 0, 2, 3, 3}, new int[] {1, 0, 1, 1, 0});
        List<KmRow> at = c.atTimes(0, 1, 3);
        row(at.get(0), 0, 5, 1, 1, 0.8, 0.17888543819998318, 0.51612576034217206, 1);
        row(at.get(1), 1, 3, 0, 0, 0.8, 0.17888543819998318, 0.51612576034217206, 1);
        row(at.get(2), 3, 2, 2, 1, 0.26666666666666666, 0.22574977954133857, 0.050742765126671217, 1);
        close(2.1333333333333333, c.rmst(3).estimate(), "rmst");
        close(0.52436910946676007, c.rmst(3).se(), "se");
        assertEquals(new SurvivalQuantile(0.5, 3, 2, Double.NaN), c.medianAsPrinted());
    }

    @Test
    void timesBeforeTheFirstAndAfterTheLastObservation() {
        // summary(survfit(Surv(time, status) ~ sex, data=lung), times=c(0, 5, 100, 365, 1000, 2000)), sex=1:
        // rows at 0 and 5 (before the first time 11): n.risk 138, n.event 0, survival 1, std.err 0, CI 1-1;
        // 2000 is after the last time (1022) and is dropped (extend=FALSE)
        CsvTable lung = CsvTable.rData("lung.csv");
        KmCurve c = KaplanMeier.fit(RiskSets.group(RiskSets.of(lung.doubles("time"), lung.equalTo("status", "2"),
                lung.strings("sex"), null), "1"));
        List<KmRow> at = c.atTimes(2000, 1000, 365, 100, 5, 0);
        assertEquals(List.of(0.0, 5.0, 100.0, 365.0, 1000.0), at.stream().map(KmRow::time).toList());
        row(at.get(0), 0, 138, 0, 0, 1, 0, 1, 1);
        row(at.get(1), 5, 138, 0, 0, 1, 0, 1, 1);
        // ... 1000: n.risk 2, n.event 27, survival 0.0357 (printed with 3 digits by print(summary()))
        assertEquals(2, at.get(4).nRisk());
        assertEquals(27, at.get(4).nEvent());
        close(0.0357, at.get(4).surv(), 0.01, "S(1000)");
    }

    @Test
    void singleSubject() {
        // x <- summary(survfit(Surv(4, 1) ~ 1)): surv 0, std.err NaN, lower NA, upper NA;
        // conf.type="plain": lower NaN, upper NaN; quantile(f, .5): 4 (NA, NA); survmean: rmean 4, se 0
        KmCurve c = km(new double[] {4}, new int[] {1});
        KmRow r = c.rows().get(0);
        assertEquals(0, r.surv());
        assertTrue(Double.isNaN(r.stdErr()) && Double.isNaN(r.lower()) && Double.isNaN(r.upper()));
        KmRow p = km(new double[] {4}, new int[] {1}, ConfType.PLAIN).rows().get(0);
        assertTrue(Double.isNaN(p.lower()) && Double.isNaN(p.upper()));
        assertEquals(new SurvivalQuantile(0.5, 4, Double.NaN, Double.NaN), c.median());
        assertEquals(new Rmst(4, 4, 0), c.rmst(4));
        assertEquals(new TimeRange(4, 4), c.range());
    }

    @Test
    void curveThatReachesZeroHasNoLogBoundsThere() {
        // f <- survfit(Surv(c(1,2,2,3,4), c(1,1,0,1,1)) ~ 1): surv 0.8 0.6 0.3 0; lower ... NA; upper 1 1 1 NA
        // summary(f, censored=TRUE)$std.err: 0.1788854 0.2190890 0.2387467 NaN
        KmCurve c = km(new double[] {1, 2, 2, 3, 4}, new int[] {1, 1, 0, 1, 1});
        KmRow last = c.rows().get(3);
        assertEquals(0, last.surv());
        assertTrue(Double.isNaN(last.lower()) && Double.isNaN(last.upper()) && Double.isNaN(last.stdErr()));
        close(0.2387467, c.rows().get(2).stdErr(), 1e-6, "std.err before the last death");
        // quantile(survfit(..., conf.type="log-log")): quantile 2 3 4; lower 1 1 1; upper 3 NA NA
        KmCurve ll = km(new double[] {1, 2, 2, 3, 4}, new int[] {1, 1, 0, 1, 1}, ConfType.LOG_LOG);
        assertEquals(new SurvivalQuantile(0.25, 2, 1, 3), ll.quantile(0.25));
        assertEquals(new SurvivalQuantile(0.5, 3, 1, Double.NaN), ll.quantile(0.5));
        assertEquals(new SurvivalQuantile(0.75, 4, 1, Double.NaN), ll.quantile(0.75));
    }
}
