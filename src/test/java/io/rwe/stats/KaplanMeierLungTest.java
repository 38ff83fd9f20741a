package io.rwe.stats;

import static io.rwe.stats.RAssert.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kaplan–Meier on R's {@code lung} data (src/test/resources/r-data/lung.csv, {@code write.csv(lung)}), by sex,
 * event = status 2. Every expected number was printed by R 4.2.2 / survival 3.5.3 with
 * {@code print(..., digits=17)} from {@code f <- survfit(Surv(time, status) ~ sex, data = lung)}.
 */
class KaplanMeierLungTest {

    private static final CsvTable LUNG = CsvTable.rData("lung.csv");
    private static final List<RiskSet> BY_SEX = RiskSets.of(LUNG.doubles("time"), LUNG.equalTo("status", "2"),
            LUNG.strings("sex"), null);

    private static KmCurve curve(String sex, ConfType type) {
        return KaplanMeier.fit(RiskSets.group(BY_SEX, sex), type, 0.95);
    }

    @Test
    void mediansAndTheirLogConfidenceIntervalsAreRs() {
        // print(f): sex=1 median 270 (212, 310); sex=2 median 426 (348, 550)
        SurvivalQuantile m1 = curve("1", ConfType.LOG).median();
        SurvivalQuantile m2 = curve("2", ConfType.LOG).median();
        assertEquals(new SurvivalQuantile(0.5, 270, 212, 310), m1);
        assertEquals(new SurvivalQuantile(0.5, 426, 348, 550), m2);
        assertEquals(m1, curve("1", ConfType.LOG).medianAsPrinted());
        assertEquals(m2, curve("2", ConfType.LOG).medianAsPrinted());
    }

    @Test
    void quartilesAreRsQuantileMethod() {
        // quantile(f): $quantile sex=1 144 270 457, sex=2 226 426 687; $lower sex=1 107 212 387,
        // sex=2 186 348 550; $upper sex=1 177 310 574, sex=2 340 550 NA
        KmCurve c1 = curve("1", ConfType.LOG);
        KmCurve c2 = curve("2", ConfType.LOG);
        assertEquals(new SurvivalQuantile(0.25, 144, 107, 177), c1.quantile(0.25));
        assertEquals(new SurvivalQuantile(0.75, 457, 387, 574), c1.quantile(0.75));
        assertEquals(new SurvivalQuantile(0.25, 226, 186, 340), c2.quantile(0.25));
        SurvivalQuantile q75 = c2.quantile(0.75);
        assertEquals(687, q75.time());
        assertEquals(550, q75.lower());
        assertEquals(Double.NaN, q75.upper(), "upper bound not reached: R's NA");
    }

    @Test
    void mediansWithLogLogAndPlainIntervals() {
        // quantile(survfit(Surv(time, status) ~ sex, data=lung, conf.type="log-log"), 0.5):
        //   sex=1 270 (210, 306), sex=2 426 (345, 524)
        assertEquals(new SurvivalQuantile(0.5, 270, 210, 306), curve("1", ConfType.LOG_LOG).median());
        assertEquals(new SurvivalQuantile(0.5, 426, 345, 524), curve("2", ConfType.LOG_LOG).median());
        // same with conf.type="plain": sex=1 270 (212, 306), sex=2 426 (345, 524)
        assertEquals(new SurvivalQuantile(0.5, 270, 212, 306), curve("1", ConfType.PLAIN).median());
        assertEquals(new SurvivalQuantile(0.5, 426, 345, 524), curve("2", ConfType.PLAIN).median());
    }

    @Test
    void survivalAtRequestedTimesIsRsSummary() {
        // s <- summary(f, times=c(100, 365)):
        //  sex=1 100 n.risk 114 n.event 24 n.censor 0  surv 0.82608695652173947 se 0.032265575587881824
        //        lower 0.76520756618523289 upper 0.89180986949383845
        //  sex=1 365 35 61 18 0.33608783463937864 0.043423588841798151 0.26090050378972490 0.43294294549781109
        //  sex=2 100 82 7 1 0.92208835341365458 0.028279413652742329 0.86829468332241688 0.97921471573192786
        //  sex=2 365 30 29 23 0.52646303018590557 0.059736853990442505 0.42148634082910141 0.65758553790217888
        List<KmRow> s1 = curve("1", ConfType.LOG).atTimes(100, 365);
        List<KmRow> s2 = curve("2", ConfType.LOG).atTimes(365, 100);
        row(s1.get(0), 100, 114, 24, 0, 0.82608695652173947, 0.032265575587881824, 0.76520756618523289,
                0.89180986949383845);
        row(s1.get(1), 365, 35, 61, 18, 0.33608783463937864, 0.043423588841798151, 0.26090050378972490,
                0.43294294549781109);
        row(s2.get(0), 100, 82, 7, 1, 0.92208835341365458, 0.028279413652742329, 0.86829468332241688,
                0.97921471573192786);
        row(s2.get(1), 365, 30, 29, 23, 0.52646303018590557, 0.059736853990442505, 0.42148634082910141,
                0.65758553790217888);
        // summary(survfit(..., conf.type="log-log"), times=365): sex=1 (0.25272914332797330, 0.42130216822271926),
        // sex=2 (0.40357982326673075, 0.63531623282408622); conf.type="plain": sex=1 (0.25097916442997892,
        // 0.42119650484877835), sex=2 (0.40938094781491047, 0.64354511255690072)
        KmRow ll1 = curve("1", ConfType.LOG_LOG).atTimes(365).get(0);
        KmRow ll2 = curve("2", ConfType.LOG_LOG).atTimes(365).get(0);
        KmRow pl1 = curve("1", ConfType.PLAIN).atTimes(365).get(0);
        KmRow pl2 = curve("2", ConfType.PLAIN).atTimes(365).get(0);
        close(0.25272914332797330, ll1.lower(), "log-log lower sex=1");
        close(0.42130216822271926, ll1.upper(), "log-log upper sex=1");
        close(0.40357982326673075, ll2.lower(), "log-log lower sex=2");
        close(0.63531623282408622, ll2.upper(), "log-log upper sex=2");
        close(0.25097916442997892, pl1.lower(), "plain lower sex=1");
        close(0.42119650484877835, pl1.upper(), "plain upper sex=1");
        close(0.40938094781491047, pl2.lower(), "plain lower sex=2");
        close(0.64354511255690072, pl2.upper(), "plain upper sex=2");
    }

    @Test
    void tableRowsAreRsIncludingCensoringOnlyTimesAndTheCapAtOne() {
        // summary(f, censored=TRUE), first rows of sex=1 and last rows of sex=2:
        //  sex=1 11 138 3 0 0.97826086956521741 0.012413918276525233 0.95423011624918674 1 (upper capped)
        //  sex=1 12 135 1 0 0.97101449275362317 0.014281169221012037 0.94342349658807378 0.99941240444773471
        //  sex=2 821 2 0 1 0.083214443513358174 0.049921274437846837 0.025677538957091645 0.26967707539298352
        //  sex=2 965 1 0 1 (same)
        KmCurve c1 = curve("1", ConfType.LOG);
        KmCurve c2 = curve("2", ConfType.LOG);
        row(c1.rows().get(0), 11, 138, 3, 0, 0.97826086956521741, 0.012413918276525233, 0.95423011624918674, 1.0);
        row(c1.rows().get(1), 12, 135, 1, 0, 0.97101449275362317, 0.014281169221012037, 0.94342349658807378,
                0.99941240444773471);
        List<KmRow> r2 = c2.rows();
        row(r2.get(r2.size() - 2), 821, 2, 0, 1, 0.083214443513358174, 0.049921274437846837,
                0.025677538957091645, 0.26967707539298352);
        row(r2.get(r2.size() - 1), 965, 1, 0, 1, 0.083214443513358174, 0.049921274437846837,
                0.025677538957091645, 0.26967707539298352);
        // length(f$time) per stratum: f$strata = 119, 87 (distinct times, censoring-only ones included)
        assertEquals(119, c1.rows().size());
        assertEquals(87, c2.rows().size());
        assertEquals(new TimeRange(11, 1022), c1.range());
        assertEquals(new TimeRange(5, 965), c2.range());
    }

    @Test
    void restrictedMeanIsRsSurvmean() {
        // survival:::survmean(f, rmean="common")$matrix (print(f, rmean="common")): tau = 1022;
        //  sex=1 rmean 326.08410966887470 se 22.911563468489504; sex=2 460.64731079193484 34.689846026494365
        KmCurve c1 = curve("1", ConfType.LOG);
        KmCurve c2 = curve("2", ConfType.LOG);
        double tau = KaplanMeier.commonTau(List.of(c1, c2));
        assertEquals(1022, tau);
        close(326.08410966887470, c1.rmst(tau).estimate(), "rmst sex=1");
        close(22.911563468489504, c1.rmst(tau).se(), "se sex=1");
        close(460.64731079193484, c2.rmst(tau).estimate(), "rmst sex=2 (curve extended flat from 965 to 1022)");
        close(34.689846026494365, c2.rmst(tau).se(), "se sex=2");
        // survmean(f, rmean=500): sex=1 278.76323152999436 (14.354558566712331),
        //                         sex=2 360.91095419546645 (16.801018168693957)
        close(278.76323152999436, c1.rmst(500).estimate(), "rmst(500) sex=1");
        close(14.354558566712331, c1.rmst(500).se(), "se(500) sex=1");
        close(360.91095419546645, c2.rmst(500).estimate(), "rmst(500) sex=2");
        close(16.801018168693957, c2.rmst(500).se(), "se(500) sex=2");
    }

    static void row(KmRow r, double time, long nRisk, long nEvent, long nCensor, double surv, double se,
            double lower, double upper) {
        assertEquals(time, r.time(), "time");
        assertEquals(nRisk, r.nRisk(), "n.risk at " + time);
        assertEquals(nEvent, r.nEvent(), "n.event at " + time);
        assertEquals(nCensor, r.nCensor(), "n.censor at " + time);
        close(surv, r.surv(), "surv at " + time);
        close(se, r.stdErr(), "std.err at " + time);
        close(lower, r.lower(), "lower at " + time);
        close(upper, r.upper(), "upper at " + time);
    }
}
