package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cox models on R's {@code lung} data (src/test/resources/r-data/lung.csv, written by
 * {@code write.csv(survival::lung, "lung.csv", row.names = FALSE)}), against R 4.2 / survival 3.5.3.
 * Expected numbers printed with {@code sprintf("%.17g", ...)} from the fit and {@code summary(fit)}.
 */
class CoxLungTest {

    private static final double TOL = 1e-9;

    private static List<RiskSet> lung(String group, String stratum) {
        CoxFixtures.Table t = stratum == null
                ? CoxFixtures.readCsv("/r-data/lung.csv").complete("time", "status", group)
                : CoxFixtures.readCsv("/r-data/lung.csv").complete("time", "status", group, stratum);
        double[] time = t.doubles("time");
        double[] status = t.doubles("status");
        boolean[] event = new boolean[time.length];
        for (int i = 0; i < event.length; i++) {
            event[i] = status[i] == 2;
        }
        return CoxFixtures.riskSets(time, event, t.strings(group), stratum == null ? null : t.strings(stratum));
    }

    @Test
    void sexEfronAsCoxph() {
        // coxph(Surv(time, status) ~ factor(sex), data = lung); summary(fit)
        CoxResult r = CoxModel.withDefaults().fit(lung("sex", null));
        assertEquals(CoxModel.Ties.EFRON, r.ties());
        assertEquals("1", r.reference());
        assertEquals("2", r.first().group());
        assertEquals(228, r.n());
        assertEquals(165, r.events());
        assertRel(-0.53102353761950805, r.first().coef(), TOL, "coef");
        assertRel(0.16717858323075419, r.first().se(), TOL, "se");
        assertRel(0.5880028185635886, r.hr(), TOL, "exp(coef)");
        assertRel(0.42371783035391491, r.ci()[0], TOL, "lower .95");
        assertRel(0.81598481317138638, r.ci()[1], TOL, "upper .95");
        assertRel(0.0014912292048807547, r.first().p(), TOL, "Pr(>|z|)");
        assertRel(10.089421422141006, r.wald().chisq(), TOL, "fit$wald.test");
        assertRel(0.0014912292048807493, r.pWald(), TOL, "summary$waldtest p");
        assertRel(10.63360473088278, r.likelihoodRatio().chisq(), TOL, "logtest");
        assertRel(0.0011105103778994612, r.pLr(), TOL, "logtest p");
        assertRel(10.325148495746417, r.score().chisq(), TOL, "sctest");
        assertRel(0.0013122970135135033, r.pScore(), TOL, "sctest p");
        assertEquals(1, r.score().df());
        assertRel(-749.9098013903947, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-744.59299902495331, r.loglik(), TOL, "loglik[2]");
        assertEquals(3, r.iterations());
        assertTrue(r.converged());
        assertTrue(r.warnings().isEmpty());
        // The headline: HR 0.588 (0.424-0.816)
        assertEquals(0.588, r.hr(), 5e-4);
        assertEquals(0.424, r.ci()[0], 5e-4);
        assertEquals(0.816, r.ci()[1], 5e-4);
    }

    @Test
    void sexBreslowAsCoxph() {
        // coxph(Surv(time, status) ~ factor(sex), data = lung, ties = "breslow")
        CoxResult r = CoxModel.withDefaults().with(CoxModel.Ties.BRESLOW).fit(lung("sex", null));
        assertEquals("breslow", r.toJson().get("ties"));
        assertRel(-0.5303965745093342, r.first().coef(), TOL, "coef");
        assertRel(0.16718083738578793, r.first().se(), TOL, "se");
        assertRel(0.42398169591631335, r.ci()[0], TOL, "lower .95");
        assertRel(0.81650017329697877, r.ci()[1], TOL, "upper .95");
        assertRel(10.06533951515312, r.wald().chisq(), TOL, "wald");
        assertRel(0.0015108472157001052, r.pWald(), TOL, "wald p");
        assertRel(10.607672299885508, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.0011261937457332331, r.pLr(), TOL, "lr p");
        assertRel(10.299924323240303, r.score().chisq(), TOL, "score");
        assertRel(0.0013303566471359251, r.pScore(), TOL, "score p");
        assertRel(-750.12201889531877, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-744.81818274537602, r.loglik(), TOL, "loglik[2]");
        assertEquals(3, r.iterations());
    }

    @Test
    void fourEcogGroupsEfronAsCoxph() {
        // coxph(Surv(time, status) ~ factor(ph.ecog), data = lung)   (one row with ph.ecog NA dropped)
        CoxResult r = CoxModel.withDefaults().fit(lung("ph.ecog", null));
        assertEquals("0", r.reference());
        assertEquals(List.of("1", "2", "3"), r.coefficients().stream().map(CoxResult.Coefficient::group).toList());
        double[] coef = {0.36884008976930893, 0.916387038183747, 2.2079802559009787};
        double[] se = {0.19865749729226662, 0.22454849210060346, 1.0258332235850367};
        double[] lower = {0.97968768176966814, 1.610073903734887, 1.2182118459677094};
        double[] upper = {2.1344342637594718, 3.8825571486580501, 67.936702648794764};
        double[] p = {0.063359068199691865, 4.4838366514343127e-05, 0.031367641497416367};
        for (int j = 0; j < 3; j++) {
            CoxResult.Coefficient c = r.coefficients().get(j);
            assertRel(coef[j], c.coef(), TOL, "coef " + j);
            assertRel(se[j], c.se(), TOL, "se " + j);
            assertRel(lower[j], c.lower(), TOL, "lower " + j);
            assertRel(upper[j], c.upper(), TOL, "upper " + j);
            assertRel(p[j], c.p(), TOL, "p " + j);
        }
        // fit$var (column-major 3x3)
        double[] var = {0.039464801230426914, 0.027345028654555233, 0.028261510894387644, 0.027345028654555233,
            0.050422025304654776, 0.029945873169533399, 0.028261510894387644, 0.029945873169533399,
            1.0523338026108677};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertRel(var[j * 3 + i], r.variance(i, j), TOL, "var " + i + "," + j);
            }
        }
        assertRel(20.218120760367512, r.wald().chisq(), TOL, "wald");
        assertEquals(3, r.wald().df());
        assertRel(0.00015295944872764273, r.wald().p(), TOL, "wald p");
        assertRel(18.444545634563156, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.00035609589182269697, r.likelihoodRatio().p(), TOL, "lr p");
        assertRel(21.968052278952747, r.score().chisq(), TOL, "score");
        assertRel(6.6237212724251282e-05, r.score().p(), TOL, "score p");
        assertRel(-744.48045576144023, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-735.25818294415865, r.loglik(), TOL, "loglik[2]");
        assertEquals(6, r.iterations());
    }

    @Test
    void fourEcogGroupsBreslowAsCoxph() {
        // coxph(Surv(time, status) ~ factor(ph.ecog), data = lung, ties = "breslow")
        CoxResult r = CoxModel.withDefaults().with(CoxModel.Ties.BRESLOW).fit(lung("ph.ecog", null));
        double[] coef = {0.36848760314045148, 0.9146940626177863, 2.2088742363190712};
        double[] se = {0.19865748183245455, 0.22455113998001708, 1.0258323838390344};
        for (int j = 0; j < 3; j++) {
            assertRel(coef[j], r.coefficients().get(j).coef(), TOL, "coef " + j);
            assertRel(se[j], r.coefficients().get(j).se(), TOL, "se " + j);
        }
        assertRel(20.155667827724233, r.wald().chisq(), TOL, "wald");
        assertRel(18.386270416844809, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.00036609919079618429, r.likelihoodRatio().p(), TOL, "lr p");
        assertRel(21.90251921261644, r.score().chisq(), TOL, "score");
        assertRel(6.8349597556582062e-05, r.score().p(), TOL, "score p");
        assertRel(-744.69281926616088, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-735.49968405773848, r.loglik(), TOL, "loglik[2]");
    }

    @Test
    void sexStratifiedByEcogAsCoxph() {
        // coxph(Surv(time, status) ~ factor(sex) + strata(ph.ecog), data = lung)
        CoxResult r = CoxModel.withDefaults().fit(lung("sex", "ph.ecog"));
        assertEquals(4, r.strata());
        assertRel(-0.55436445814286051, r.first().coef(), TOL, "coef");
        assertRel(0.17058520386861398, r.first().se(), TOL, "se");
        assertRel(0.41118776731931173, r.ci()[0], TOL, "lower");
        assertRel(0.8024998569247046, r.ci()[1], TOL, "upper");
        assertRel(10.561072879905769, r.wald().chisq(), TOL, "wald");
        assertRel(11.092609756216007, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.00086672424677668094, r.pLr(), TOL, "lr p");
        assertRel(10.810820720458484, r.score().chisq(), TOL, "score");
        assertRel(0.0010090855867720312, r.pScore(), TOL, "score p");
        assertRel(-566.90651758465106, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-561.36021270654305, r.loglik(), TOL, "loglik[2]");
        assertEquals(3, r.iterations());
    }

    @Test
    void referenceCanBeChosen() {
        // coxph(Surv(time, status) ~ factor(sex, levels = c(2, 1)), data = lung)
        CoxResult r = CoxModel.withDefaults().withReference("2").fit(lung("sex", null));
        assertEquals("2", r.reference());
        assertEquals("1", r.first().group());
        assertRel(0.53102353761950649, r.first().coef(), TOL, "coef");
        assertRel(1.2255130044803446, r.ci()[0], TOL, "lower");
        assertRel(2.3600611736464749, r.ci()[1], TOL, "upper");
        assertRel(0.0013122970135134972, r.pScore(), TOL, "score p");
    }

    @Test
    void jsonCarriesTheContractFields() {
        CoxResult r = CoxModel.withDefaults().fit(lung("sex", null));
        assertEquals(List.of("ties", "reference", "hr", "ci", "p_wald", "p_lr", "p_score"),
                List.copyOf(r.toJson().keySet()));
        assertEquals("efron", r.toJson().get("ties"));
        assertEquals("1", r.toJson().get("reference"));
    }
}
