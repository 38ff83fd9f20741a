package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adjusted Cox models and their PH tests on R's {@code lung} and {@code veteran}
 * (src/test/resources/r-data), from per-time sums ({@link CoxRows}), against R 4.2.2 / survival 3.5-3.
 * Every number printed with {@code sprintf("%.17g", ...)} of {@code coef(fit)}, {@code sqrt(diag(fit$var))},
 * {@code summary(fit)$conf.int}, {@code summary(fit)$coefficients[, "Pr(>|z|)"]}, {@code fit$wald.test},
 * {@code summary(fit)$logtest}, {@code $sctest}, {@code fit$loglik}, {@code fit$iter} and
 * {@code cox.zph(fit)$table}. Tolerance 1e-9 relative: the iteration is R's, step for step, so it ends on
 * the same digits.
 */
class CoxRegressionRDataTest {

    private static final double TOL = 1e-9;

    /** veteran with celltype in the package's level order (squamous first) and prior a factor (0, 10). */
    private static CoxRows veteran() {
        CoxFixtures.Table t = CoxRows.complete("/r-data/veteran.csv", "time", "status");
        return new CoxRows(t.doubles("time"), CoxRows.events(t.doubles("status"), 1), null)
                .numeric("trt", t.doubles("trt"))
                .numeric("karno", t.doubles("karno"))
                .numeric("age", t.doubles("age"))
                .categorical("celltype", t.strings("celltype"), List.of("squamous", "smallcell", "adeno", "large"),
                        null)
                .categorical("prior", t.strings("prior"), List.of(), null);
    }

    private static CoxRegressionResult fit(CoxRows rows, CoxModel.Ties ties) {
        return CoxRegression.withDefaults().with(ties).fit(rows.design(), rows.source());
    }

    private static void assertCoefficients(CoxRegressionResult r, List<String> terms, double[] coef, double[] se,
            double[] lower, double[] upper, double[] p) {
        assertEquals(terms, r.coefficients().stream().map(CoxRegressionResult.Coefficient::term).toList());
        for (int j = 0; j < terms.size(); j++) {
            CoxRegressionResult.Coefficient c = r.coefficients().get(j);
            assertRel(coef[j], c.coef(), TOL, "coef " + c.term());
            assertRel(se[j], c.se(), TOL, "se " + c.term());
            assertRel(lower[j], c.lower(), TOL, "lower .95 " + c.term());
            assertRel(upper[j], c.upper(), TOL, "upper .95 " + c.term());
            assertRel(p[j], c.p(), TOL, "Pr(>|z|) " + c.term());
        }
    }

    private static void assertTests(CoxRegressionResult r, double[] wald, double[] lr, double[] score, int df,
            double[] loglik, int iter) {
        assertRel(wald[0], r.wald().chisq(), TOL, "fit$wald.test");
        assertRel(wald[1], r.wald().p(), TOL, "waldtest p");
        assertRel(lr[0], r.likelihoodRatio().chisq(), TOL, "logtest");
        assertRel(lr[1], r.likelihoodRatio().p(), TOL, "logtest p");
        assertRel(score[0], r.score().chisq(), TOL, "sctest");
        assertRel(score[1], r.score().p(), TOL, "sctest p");
        assertEquals(df, r.likelihoodRatio().df());
        assertRel(loglik[0], r.loglikNull(), TOL, "loglik[1]");
        assertRel(loglik[1], r.loglik(), TOL, "loglik[2]");
        assertEquals(iter, r.iterations(), "fit$iter");
        assertTrue(r.converged());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    private static void assertPh(CoxRegressionResult r, List<String> variables, double[] chisq, int[] df, double[] p) {
        ProportionalHazardsTest ph = r.phTest();
        assertEquals("km", ph.transform());
        assertEquals(variables, List.copyOf(ph.terms().keySet()));
        int k = variables.size();
        for (int i = 0; i < k; i++) {
            ChiSquareStatistic t = ph.terms().get(variables.get(i));
            assertRel(chisq[i], t.chisq(), TOL, "zph chisq " + variables.get(i));
            assertEquals(df[i], t.df(), "zph df " + variables.get(i));
            assertRel(p[i], t.p(), TOL, "zph p " + variables.get(i));
        }
        assertRel(chisq[k], ph.global().chisq(), TOL, "zph GLOBAL chisq");
        assertEquals(df[k], ph.global().df());
        assertRel(p[k], ph.global().p(), TOL, "zph GLOBAL p");
    }

    private static final List<String> LUNG_TERMS = List.of("sex", "age", "ph.ecog=1", "ph.ecog=2", "ph.ecog=3",
            "wt.loss");
    private static final List<String> LUNG_VARIABLES = List.of("sex", "age", "ph.ecog", "wt.loss");
    private static final List<String> VETERAN_TERMS = List.of("trt", "karno", "age", "celltype=smallcell",
            "celltype=adeno", "celltype=large", "prior=10");
    private static final List<String> VETERAN_VARIABLES = List.of("trt", "karno", "age", "celltype", "prior");

    @Test
    void lungEfronAsCoxph() {
        // fit <- coxph(Surv(time, status) ~ sex + age + factor(ph.ecog) + wt.loss, lung); z <- cox.zph(fit)
        CoxRegressionResult r = fit(CoxRows.lung(false), CoxModel.Ties.EFRON);
        assertEquals(213, r.n());
        assertEquals(151, r.events());
        assertCoefficients(r, LUNG_TERMS,
                new double[] {-0.58255130890200613, 0.013104370995285067, 0.45966613978589649, 1.0046677752889133,
                    2.1617476207520503, -0.0090930774236808402},
                new double[] {0.17594005932851486, 0.0096737580390359873, 0.2082704620395818, 0.2528383752943506,
                    1.0381898548675512, 0.0067032444485996606},
                new double[] {0.39558583405889286, 0.99416126569375574, 1.0528107949989782, 1.6638158443342195,
                    1.135340829424113, 0.97801409682226392},
                new double[] {0.78842725902539712, 1.0325841960576829, 2.381829153589615, 4.4826835992424581,
                    66.457480049453864, 1.004053232492782},
                new double[] {0.00092937206633288171, 0.17553520203414466, 0.027309621698045461,
                    7.0807110148878545e-05, 0.037321680913895018, 0.17493414322795062});
        assertTests(r, new double[] {31.560441770566158, 1.9808068826155344e-05},
                new double[] {31.433919968759255, 2.094338660057515e-05},
                new double[] {33.965554082486591, 6.8312169640821936e-06}, 6,
                new double[] {-675.02437331833187, -659.30741333395224}, 6);
        assertPh(r, LUNG_VARIABLES,
                new double[] {2.7840714402479225, 0.39222842788599727, 5.1028314804639976, 0.033915168076748686,
                    7.9751200147050998},
                new int[] {1, 1, 3, 1, 6},
                new double[] {0.095205861741967282, 0.53113036528370161, 0.16442033186086741, 0.8538873790699657,
                    0.23993175153212662});
    }

    @Test
    void lungBreslowAsCoxph() {
        // fit <- coxph(Surv(time, status) ~ sex + age + factor(ph.ecog) + wt.loss, lung, ties = "breslow"); z <- cox.zph(fit)
        CoxRegressionResult r = fit(CoxRows.lung(false), CoxModel.Ties.BRESLOW);
        assertEquals(213, r.n());
        assertEquals(151, r.events());
        assertCoefficients(r, LUNG_TERMS,
                new double[] {-0.5818346972142121, 0.013076697954018536, 0.45907855382935919, 1.0024278657105643,
                    2.1621748237122249, -0.0090591149358201922},
                new double[] {0.17594753609689048, 0.0096734742708225047, 0.20827437253098932, 0.25283850160962701,
                    1.0381918576356806, 0.0067023058568315983},
                new double[] {0.39586361598261138, 0.99413430752165433, 1.0521842954549334, 1.6600928070226277,
                    1.1358214954936767, 0.9780491124016274},
                new double[] {0.78900401983940815, 1.0325550474260285, 2.3804482800104858, 4.4726551374793511,
                    66.486137927919771, 1.0040854860941257},
                new double[] {0.00094346447396863006, 0.17643614730449805, 0.027510220391655533, 7.3489457585043669e-05,
                    0.037284495469259916, 0.17649001836198447});
        assertTests(r, new double[] {31.463128315150183, 2.0675697810070633e-05},
                new double[] {31.331956276590745, 2.1905064798539372e-05},
                new double[] {33.861663526191286, 7.1540627837992637e-06}, 6,
                new double[] {-675.21267946798366, -659.54670132968829}, 6);
        assertPh(r, LUNG_VARIABLES,
                new double[] {2.7735847059846668, 0.39251745066032662, 5.1009988248406763, 0.036180147626205597,
                    7.9522901910471875},
                new int[] {1, 1, 3, 1, 6},
                new double[] {0.095831330597894018, 0.53097908235763547, 0.16454915407377771, 0.84914395011144816,
                    0.24161953453698976});
    }

    @Test
    void lungStratifiedByInstitutionAsCoxph() {
        // fit <- coxph(Surv(time, status) ~ sex + age + factor(ph.ecog) + wt.loss + strata(inst), lung); z <- cox.zph(fit)
        CoxRegressionResult r = fit(CoxRows.lung(true), CoxModel.Ties.EFRON);
        assertEquals(212, r.n());
        assertEquals(150, r.events());
        assertCoefficients(r, LUNG_TERMS,
                new double[] {-0.6066779529217059, 0.010114946876692199, 0.52095028315608571, 1.3338690179274286,
                    2.425047737139749, -0.011751255850383962},
                new double[] {0.19358103422821149, 0.010920112925120675, 0.23831672530221837, 0.30582821120444337,
                    1.2557163578895467, 0.0072747088783910348},
                new double[] {0.37303247152558378, 0.98877539017682425, 1.0553348233167792, 2.0843493381428728,
                    0.96453312874694941, 0.97432590824883236},
                new double[] {0.79670875167919475, 1.032019925901476, 2.6859714843959801, 6.9121539032180728,
                    132.45017982523407, 1.0025100564795058},
                new double[] {0.00172456060726191, 0.35430692526505952, 0.028818699442104474, 1.2917519667794712e-05,
                    0.053457506265628438, 0.10623328924897334});
        assertTests(r, new double[] {34.091242053445633, 6.4599048278756656e-06},
                new double[] {34.646243890437063, 5.0457335368335519e-06},
                new double[] {37.508188868580497, 1.4015094862358317e-06}, 6,
                new double[] {-290.25581307252816, -272.93269112730962}, 9);
        assertPh(r, LUNG_VARIABLES,
                new double[] {2.1061506274232462, 0.38290095768394328, 2.6773902945647796, 0.70993301192327996,
                    4.8230321174226978},
                new int[] {1, 1, 3, 1, 6},
                new double[] {0.1467079507434807, 0.53605476747104963, 0.44408326120710728, 0.39946605120872775,
                    0.56670288101356747});
    }

    @Test
    void veteranEfronAsCoxph() {
        // fit <- coxph(Surv(time, status) ~ trt + karno + age + celltype + factor(prior), veteran); z <- cox.zph(fit)
        CoxRegressionResult r = fit(veteran(), CoxModel.Ties.EFRON);
        assertEquals(137, r.n());
        assertEquals(128, r.events());
        assertCoefficients(r, VETERAN_TERMS,
                new double[] {0.29478444420928562, -0.032823110704333185, -0.0087159463773552655, 0.861956259726673,
                    1.1960003940756798, 0.40136645994706804, 0.072525909707909147},
                new double[] {0.20654232790097196, 0.00543769692002837, 0.0092387079031702526, 0.27167553639272912,
                    0.300833830001491, 0.2825634611885891, 0.20731524379421745},
                new double[] {0.8958062934195502, 0.95745093618121135, 0.9735330733149018, 1.3902477837080183,
                    1.833775436978041, 0.85860375712344428, 0.71619378329847083},
                new double[] {2.0129473034107264, 0.97807842736549366, 1.0094358277267939, 4.0326774158362992,
                    5.963299088139201, 2.599140119932704, 1.6142271883328698},
                new double[] {0.15351216241898424, 1.5777047898691209e-09, 0.34546807815438019, 0.0015100689015207019,
                    7.0196722208064148e-05, 0.15547754766272301, 0.72646332193316854});
        assertTests(r, new double[] {62.36394575320768, 5.082650286441685e-11},
                new double[] {62.103807257851372, 5.7304400664602333e-11},
                new double[] {66.626788551113222, 7.0787625209842048e-12}, 7,
                new double[] {-505.44905491805798, -474.3971512891323}, 4);
        assertPh(r, VETERAN_VARIABLES,
                new double[] {0.26168837462038952, 12.913041504331359, 1.8264191191043482, 15.118384586354756,
                    2.130716413680136, 31.715916732174566},
                new int[] {1, 1, 1, 3, 1, 7},
                new double[] {0.60896258447428186, 0.00032630064238050845, 0.17655108746732223, 0.0017182254881599735,
                    0.14437326488264263, 4.5848263721462866e-05});
    }

    @Test
    void veteranBreslowAsCoxph() {
        // fit <- coxph(Surv(time, status) ~ trt + karno + age + celltype + factor(prior), veteran, ties = "breslow"); z <- cox.zph(fit)
        CoxRegressionResult r = fit(veteran(), CoxModel.Ties.BRESLOW);
        assertEquals(137, r.n());
        assertEquals(128, r.events());
        assertCoefficients(r, VETERAN_TERMS,
                new double[] {0.28972893786321052, -0.03261272575595555, -0.008538670541726882, 0.85604123092235418,
                    1.1883762021123032, 0.39954457968734014, 0.07126946702907902},
                new double[] {0.20619293465812288, 0.0054327063284603178, 0.0092434150553633073, 0.27161379970062016,
                    0.3006565874115768, 0.28254229498266942, 0.20714879717430656},
                new double[] {0.89189952941285333, 0.95766175784524254, 0.97369668928252595, 1.3822159411840813,
                    1.8204798479730846, 0.85707646306237428, 0.7155278800810061},
                new double[] {2.001425473952362, 0.97827465306956585, 1.0096241067655882, 4.0084093669908167,
                    5.9159511358471217, 2.5943014819996475, 1.6116744166977177},
                new double[] {0.15998109689186335, 1.9366295569343176e-09, 0.35561278118106943, 0.0016233110302545665,
                    7.7305557498960102e-05, 0.15733096346027869, 0.73080896240291826});
        assertTests(r, new double[] {61.650979917167241, 7.0604572511391227e-11},
                new double[] {61.409013102079712, 7.8930750830427308e-11},
                new double[] {65.821128817703084, 1.0282511748610955e-11}, 7,
                new double[] {-505.88395628311599, -475.17944973207614}, 4);
        assertPh(r, VETERAN_VARIABLES,
                new double[] {0.24507459617777641, 12.676297391530754, 1.8308520010750864, 14.929196585413436,
                    2.0883436032764537, 31.240784056138445},
                new int[] {1, 1, 1, 3, 1, 7},
                new double[] {0.62056475994260674, 0.00037032016691254584, 0.17602694451252399, 0.0018781659619206712,
                    0.14842692339317637, 5.6126976297407655e-05});
    }
}
