package io.rwe.stats;

import static io.rwe.stats.RAssert.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Log-rank and hazard ratios on data sets exported from R (src/test/resources/r-data). Expected numbers:
 * R 4.2.2 / survival 3.5.3, printed with {@code sprintf("%.17g")}; the call is beside each.
 */
class LogRankTestRDataTest {

    private static final CsvTable LUNG = CsvTable.rData("lung.csv");
    private static final CsvTable VETERAN = CsvTable.rData("veteran.csv");

    private static List<RiskSet> lungBySex() {
        return RiskSets.of(LUNG.doubles("time"), LUNG.equalTo("status", "2"), LUNG.strings("sex"), null);
    }

    @Test
    void lungBySexIsTheIssuesKeyCheck() {
        // sd <- survdiff(Surv(time, status) ~ sex, data = lung)
        // chisq 10.326741954885632, p = pchisq(chisq, 1, lower.tail=FALSE) 0.0013111645203554882,
        // obs 112 53, exp 91.581739029572802 73.418260970427212, var[1,1] 40.37143397964261, var[1,2] -40.371433979642632
        LogRankResult r = LogRankTest.withDefaults().test(lungBySex());
        assertEquals(List.of("1", "2"), r.groups());
        close(10.326741954885632, r.chiSquare(), "chisq");
        assertEquals(1, r.df());
        close(0.0013111645203554882, r.p(), "p");
        close(Math.log(0.0013111645203554882), r.pValue().lnP(), "ln p");
        close(112, r.observed("1"), "O sex=1");
        close(53, r.observed("2"), "O sex=2");
        close(91.581739029572802, r.expected("1"), "E sex=1");
        close(73.418260970427212, r.expected("2"), "E sex=2");
        close(40.37143397964261, r.variance()[0][0], "V11");
        close(-40.371433979642632, r.variance()[0][1], "V12");
        close(40.371433979642653, r.variance()[1][1], "V22");
    }

    @Test
    void petoPetoWeightsByThePooledKaplanMeierJustBeforeEachTime() {
        // survdiff(Surv(time, status) ~ sex, data = lung, rho = 1): chisq 12.714151401157508,
        // p 0.00036289892759891056, obs 70.377542294752203 28.72865327218986,
        // exp 55.571085471784251 43.535110095157783, var[1,1] 17.243082666960721
        LogRankResult r = LogRankTest.withDefaults().withRho(1).test(lungBySex());
        close(12.714151401157508, r.chiSquare(), "chisq");
        close(0.00036289892759891056, r.p(), "p");
        close(70.377542294752203, r.observed("1"), "O sex=1");
        close(28.72865327218986, r.observed("2"), "O sex=2");
        close(55.571085471784251, r.expected("1"), "E sex=1");
        close(43.535110095157783, r.expected("2"), "E sex=2");
        close(17.243082666960721, r.variance()[0][0], "V11");
    }

    @Test
    void stratifiedTestSumsObservedExpectedAndVarianceOverStrata() {
        // sd <- survdiff(Surv(time, status) ~ trt + strata(celltype), data = veteran)
        // chisq 0.70174334684431949, p 0.40219852378067422, rowSums(obs) 64 64,
        // rowSums(exp) 68.207552976872506 59.792447023127465, var[1,1] 25.227887279302458
        List<RiskSet> sets = RiskSets.of(VETERAN.doubles("time"), VETERAN.equalTo("status", "1"),
                VETERAN.strings("trt"), VETERAN.strings("celltype"));
        LogRankResult r = LogRankTest.withDefaults().test(sets);
        assertEquals(List.of("adeno", "large", "smallcell", "squamous"), r.strata());
        close(0.70174334684431949, r.chiSquare(), "chisq");
        close(0.40219852378067422, r.p(), "p");
        close(64, r.observed("1"), "O trt=1");
        close(68.207552976872506, r.expected("1"), "E trt=1");
        close(59.792447023127465, r.expected("2"), "E trt=2");
        close(25.227887279302458, r.variance()[0][0], "V11");
        // stratified log-rank HR of trt 2 vs 1: exp((o[2]-e[2])/v) with v = sd$var[2,2], CI exp(log(hr) -+ qnorm(0.975)/sqrt(v)):
        // 1.1814964593030806 (0.79976567946567201, 1.74542859138235)
        HazardRatioEstimate hr = HazardRatio.logRank(r, "2", "1", 0.95);
        close(1.1814964593030806, hr.estimate(), "HR");
        close(0.79976567946567201, hr.lower(), "HR lower");
        close(1.74542859138235, hr.upper(), "HR upper");
    }

    @Test
    void fourGroupsHaveThreeDegreesOfFreedom() {
        // sd <- survdiff(Surv(time, status) ~ celltype, data = veteran): chisq 25.403700345785357,
        // pchisq(chisq, 3, lower.tail=FALSE) 1.2712459390060946e-05, log.p=TRUE -11.272927991083513,
        // obs 31 45 26 26, exp 47.654677672475373 30.102079326814831 15.693764614360491 34.549478386349314
        List<RiskSet> sets = RiskSets.of(VETERAN.doubles("time"), VETERAN.equalTo("status", "1"),
                VETERAN.strings("celltype"), null);
        LogRankResult r = LogRankTest.withDefaults().test(sets);
        assertEquals(3, r.df());
        close(25.403700345785357, r.chiSquare(), "chisq");
        close(1.2712459390060946e-05, r.p(), "p");
        close(-11.272927991083513, r.pValue().lnP(), "ln p");
        // (R's order is the factor's: squamous, smallcell, adeno, large)
        String[] level = {"squamous", "smallcell", "adeno", "large"};
        double[] o = {31, 45, 26, 26};
        double[] e = {47.654677672475373, 30.102079326814831, 15.693764614360491, 34.549478386349314};
        for (int g = 0; g < 4; g++) {
            close(o[g], r.observed(level[g]), "O " + level[g]);
            close(e[g], r.expected(level[g]), "E " + level[g]);
        }
    }

    @Test
    void amlAndOvarian() {
        // survdiff(Surv(time, status) ~ x, data = aml, rho = 1): chisq 2.7792795447517733, p 0.095491115406493104,
        // obs 3.8454106280193239 7.1815044858523116, exp 6.1428571428571423 4.8840579710144922
        CsvTable aml = CsvTable.rData("aml.csv");
        LogRankResult r = LogRankTest.withDefaults().withRho(1)
                .test(RiskSets.of(aml.doubles("time"), aml.equalTo("status", "1"), aml.strings("x"), null));
        close(2.7792795447517733, r.chiSquare(), "aml chisq");
        close(0.095491115406493104, r.p(), "aml p");
        close(3.8454106280193239, r.observed("Maintained"), "aml O");
        close(4.8840579710144922, r.expected("Nonmaintained"), "aml E");
        // survdiff(Surv(futime, fustat) ~ rx, data = ovarian): chisq 1.0627398612914141, p 0.30259111698909524
        CsvTable ov = CsvTable.rData("ovarian.csv");
        LogRankResult o = LogRankTest.withDefaults()
                .test(RiskSets.of(ov.doubles("futime"), ov.equalTo("fustat", "1"), ov.strings("rx"), null));
        close(1.0627398612914141, o.chiSquare(), "ovarian chisq");
        close(0.30259111698909524, o.p(), "ovarian p");
    }

    @Test
    void logRankHazardRatioOfTheSecondGroupAgainstTheReference() {
        // sd <- survdiff(Surv(time, status) ~ sex, data = lung); hr <- exp((sd$obs[2]-sd$exp[2])/sd$var[2,2]);
        // CI hr*exp(-+qnorm(0.975)/sqrt(sd$var[2,2])): 0.60304701790742776 (0.44298084863367521, 0.82095130507047342)
        // (sd$obs[2]/sd$exp[2])/(sd$obs[1]/sd$exp[1]) = 0.59028621281029559
        LogRankResult r = LogRankTest.withDefaults().test(lungBySex());
        HazardRatioEstimate hr = HazardRatio.logRank(r, "2", "1", 0.95);
        assertEquals("2", hr.group());
        assertEquals("1", hr.reference());
        close(0.60304701790742776, hr.estimate(), "HR");
        close(0.44298084863367521, hr.lower(), "lower");
        close(0.82095130507047342, hr.upper(), "upper");
        close(0.59028621281029559, HazardRatio.observedExpectedRatio(r, "2", "1").estimate(), "O/E ratio");
        // the reverse comparison is the reciprocal (both groups share |V| and O − E up to sign)
        close(1 / 0.60304701790742776, HazardRatio.logRank(r, "1", "2", 0.95).estimate(), "reverse HR");
    }
}
