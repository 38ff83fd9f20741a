package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built edge cases of the Cox model against R 4.2 / survival 3.5.3. Each data set is written
 * below as the R data frame it was fitted from; numbers printed with {@code sprintf("%.17g", ...)}.
 *
 * <p>Tolerance: 1e-9 relative, except where R's coefficient "may be infinite": there the
 * Newton–Raphson iterates are sums of terms of very different size, and R's own numbers move by
 * ~1e-7 relative under a mere change of the reference level (see
 * {@link #referenceGroupWithoutEventsGoesToPlusInfinity()}); coefficients and standard errors are
 * then compared to 1e-6, the likelihood-ratio and score tests still to 1e-9.
 */
class CoxEdgeCasesTest {

    private static final double TOL = 1e-9;
    private static final double TOL_INFINITE = 1e-6;

    private static String[] rep(String... labelsAndCounts) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < labelsAndCounts.length; i += 2) {
            for (int j = 0; j < Integer.parseInt(labelsAndCounts[i + 1]); j++) {
                out.add(labelsAndCounts[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    // d1 <- data.frame(t=c(1,1,1,1,2,2,2,2,3,3, 1,1,1,2,2,2,3,3,3,3, 1,1,2,2,2,3,3,3,3,3),
    //                  e=c(1,1,1,0,1,1,0,1,1,0, 1,0,1,1,1,0,1,1,0,1, 1,1,1,1,1,1,1,0,1,1),
    //                  g=rep(c("a","b","c"), each=10))
    private static List<RiskSet> heavyTies() {
        double[] t = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3};
        int[] e = {1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1};
        return CoxFixtures.riskSets(t, e, rep("a", "10", "b", "10", "c", "10"));
    }

    @Test
    void heavyTiesEfron() {
        // coxph(Surv(t, e) ~ factor(g), data = d1)
        CoxResult r = CoxModel.withDefaults().fit(heavyTies());
        assertRel(-0.27344882540698845, r.coefficient("b").coef(), TOL, "coef b");
        assertRel(-0.11739029873465807, r.coefficient("c").coef(), TOL, "coef c");
        assertRel(0.53626140881839446, r.coefficient("b").se(), TOL, "se b");
        assertRel(0.50727518138755168, r.coefficient("c").se(), TOL, "se c");
        assertRel(0.14532737082568245, r.variance(0, 1), TOL, "cov");
        assertRel(0.26593539570464203, r.coefficient("b").lower(), TOL, "lower b");
        assertRel(2.4033192123668319, r.coefficient("c").upper(), TOL, "upper c");
        assertRel(0.26236761731656089, r.wald().chisq(), TOL, "wald");
        assertRel(0.87705654898667951, r.wald().p(), TOL, "wald p");
        assertRel(0.26411229467265684, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.87629179224810105, r.likelihoodRatio().p(), TOL, "lr p");
        assertRel(0.26352127039405748, r.score().chisq(), TOL, "score");
        assertRel(0.87655078537620101, r.score().p(), TOL, "score p");
        assertEquals(2, r.score().df());
        assertRel(-61.590084203065111, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-61.458028055728782, r.loglik(), TOL, "loglik[2]");
        assertEquals(3, r.iterations());
    }

    @Test
    void heavyTiesBreslowDiffersFromEfron() {
        // coxph(Surv(t, e) ~ factor(g), data = d1, ties = "breslow")
        CoxResult r = CoxModel.withDefaults().with(CoxModel.Ties.BRESLOW).fit(heavyTies());
        assertRel(-0.26731432440302277, r.coefficient("b").coef(), TOL, "coef b");
        assertRel(-0.14811668546263496, r.coefficient("c").coef(), TOL, "coef c");
        assertRel(0.53780480579121392, r.coefficient("b").se(), TOL, "se b");
        assertRel(0.5098606227527428, r.coefficient("c").se(), TOL, "se c");
        assertRel(0.14743587053752516, r.variance(1, 0), TOL, "cov");
        assertRel(0.2478162288107161, r.wald().chisq(), TOL, "wald");
        assertRel(0.24642152247304239, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.88407731369613718, r.likelihoodRatio().p(), TOL, "lr p");
        assertRel(0.24883582502326099, r.score().chisq(), TOL, "score");
        assertRel(-67.347723355809435, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-67.224512594572914, r.loglik(), TOL, "loglik[2]");
    }

    @Test
    void groupWithoutEventsRunsOutOfIterationsAsR() {
        // d2 <- data.frame(t=1:8, e=c(1,1,0,1,0,0,0,0), g=rep(c("a","b"), each=4))
        // coxph(Surv(t, e) ~ factor(g), data = d2)
        // Warning: Ran out of iterations and did not converge; fit$iter = 21
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8};
        int[] e = {1, 1, 0, 1, 0, 0, 0, 0};
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, rep("a", "4", "b", "4")));
        assertRel(-22.098165437605811, r.first().coef(), TOL_INFINITE, "coef");
        assertRel(24988.459425845187, r.first().se(), TOL_INFINITE, "se");
        assertRel(2.5286498200780061e-10, r.hr(), 30 * TOL_INFINITE, "exp(coef)");
        assertEquals(0.0, r.ci()[0], "lower .95 (R: 0)");
        assertEquals(Double.POSITIVE_INFINITY, r.ci()[1], "upper .95 (R: Inf)");
        assertRel(0.99929440297114336, r.pWald(), TOL_INFINITE, "wald p");
        assertRel(6.2997659035595408, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.012075391786854763, r.pLr(), TOL, "lr p");
        assertRel(5.3477718915550021, r.score().chisq(), TOL, "score");
        assertRel(0.020748769062276243, r.pScore(), TOL, "score p");
        assertRel(-5.6347896031692493, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-2.4849066513894789, r.loglik(), TOL, "loglik[2]");
        assertEquals(21, r.iterations());
        assertFalse(r.converged());
        assertEquals(List.of("Ran out of iterations and did not converge"), r.warnings());
    }

    @Test
    void groupWithoutEventsConvergesWithInfiniteWarningAsR() {
        // d3 <- data.frame(t=c(1,2,3,4,5,6,7,8,2,3,5,9), e=c(1,1,0,1,0,0,0,0,1,0,1,1),
        //                  g=rep(c("a","b","c"), each=4))
        // coxph(Surv(t, e) ~ factor(g), data = d3)
        // Warning: Loglik converged before variable  1 ; coefficient may be infinite.
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8, 2, 3, 5, 9};
        int[] e = {1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1};
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, rep("a", "4", "b", "4", "c", "4")));
        assertRel(-22.430596600801014, r.coefficient("b").coef(), TOL_INFINITE, "coef b");
        assertRel(-1.4429628440283042, r.coefficient("c").coef(), TOL_INFINITE, "coef c");
        assertRel(19700.269353171061, r.coefficient("b").se(), TOL_INFINITE, "se b");
        assertRel(1.1613814194177088, r.coefficient("c").se(), TOL_INFINITE, "se c");
        assertRel(0.95257340428635295, r.variance(0, 1), TOL_INFINITE, "cov");
        assertRel(1.543692810894006, r.wald().chisq(), TOL_INFINITE, "wald");
        assertRel(8.4544475216553945, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.014592847598345459, r.likelihoodRatio().p(), TOL, "lr p");
        assertRel(7.1557733223776125, r.score().chisq(), TOL, "score");
        assertRel(0.027934671343368123, r.score().p(), TOL, "score p");
        assertRel(-6.6958328730360881, r.loglik(), TOL, "loglik[2]");
        assertEquals(20, r.iterations());
        assertTrue(r.converged());
        assertEquals(List.of("Loglik converged before variable 1 (b); coefficient may be infinite."), r.warnings());
    }

    @Test
    void referenceGroupWithoutEventsGoesToPlusInfinity() {
        // d4 <- data.frame(t=c(2,4,6,8,10,12,1,3,5,7,9,11), e=c(0,0,0,0,0,0,1,1,0,1,1,0),
        //                  g=rep(c("a","b"), each=6)); coxph(Surv(t, e) ~ factor(g), data = d4)
        // Warning: Loglik converged before variable  1 ; coefficient may be infinite.
        double[] t = {2, 4, 6, 8, 10, 12, 1, 3, 5, 7, 9, 11};
        int[] e = {0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0};
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, rep("a", "6", "b", "6")));
        assertRel(21.202894746454966, r.first().coef(), TOL_INFINITE, "coef");
        assertRel(20096.48479590597, r.first().se(), TOL_INFINITE, "se");
        assertRel(1.1131408409387024e-06, r.wald().chisq(), TOL_INFINITE, "wald");
        assertRel(5.5451774395274605, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(4, r.score().chisq(), TOL, "score");
        assertRel(0.045500263896358473, r.pScore(), TOL, "score p");
        assertEquals(20, r.iterations());
        assertEquals(1, r.warnings().size());

        // d10: 400 rows, group "a" never has an event (r-data/cox-reference-without-events.csv)
        // coxph(Surv(t, e) ~ factor(g), data = d10)
        // Warning: Loglik converged before variable  1,2 ; coefficient may be infinite.
        CoxFixtures.Table d10 = CoxFixtures.readCsv("/r-data/cox-reference-without-events.csv");
        double[] ev = d10.doubles("e");
        int[] e10 = new int[ev.length];
        for (int i = 0; i < ev.length; i++) {
            e10[i] = (int) ev[i];
        }
        List<RiskSet> rs = CoxFixtures.riskSets(d10.doubles("t"), e10, d10.strings("g"));
        CoxResult big = CoxModel.withDefaults().fit(rs);
        assertRel(19.718744241175948, big.coefficient("b").coef(), TOL_INFINITE, "coef b");
        assertRel(19.852410901436329, big.coefficient("c").coef(), TOL_INFINITE, "coef c");
        assertRel(1908.7776865495914, big.coefficient("b").se(), TOL_INFINITE, "se b");
        assertRel(0.81671296014764039, big.wald().chisq(), TOL_INFINITE, "wald");
        assertRel(166.7427732382946, big.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(6.1982179395614282e-37, big.likelihoodRatio().p(), TOL, "lr p");
        assertRel(105.82658810335408, big.score().chisq(), TOL, "score");
        assertRel(1.0472451893016634e-23, big.score().p(), TOL, "score p");
        assertRel(-921.15146535327585, big.loglikNull(), TOL, "loglik[1]");
        assertRel(-837.78007873412855, big.loglik(), TOL, "loglik[2]");
        assertEquals(19, big.iterations());
        assertEquals(List.of("Loglik converged before variable 1 (b), 2 (c); coefficient may be infinite."),
                big.warnings());

        // the same with reference b: coxph(Surv(t, e) ~ factor(g, levels = c("b", "a", "c")), data = d10)
        CoxResult relevelled = CoxModel.withDefaults().withReference("b").fit(rs);
        assertRel(-19.718744238419209, relevelled.coefficient("a").coef(), TOL_INFINITE, "coef a");
        assertRel(0.13366666026038096, relevelled.coefficient("c").coef(), TOL_INFINITE, "coef c");
        assertRel(0.1479166069450783, relevelled.coefficient("c").se(), TOL_INFINITE, "se c");
        assertRel(0.3661744989730365, relevelled.coefficient("c").p(), TOL_INFINITE, "p c");
        assertEquals(List.of("Loglik converged before variable 1 (a); coefficient may be infinite."),
                relevelled.warnings());
    }

    @Test
    void eventAtTimeZero() {
        // d5 <- data.frame(t=c(0,0,1,2,2,3,0,1,1,2,4,5), e=c(1,1,1,0,1,1,1,0,1,1,1,0),
        //                  g=rep(c("x","y"), each=6)); coxph(Surv(t, e) ~ factor(g), data = d5)
        double[] t = {0, 0, 1, 2, 2, 3, 0, 1, 1, 2, 4, 5};
        int[] e = {1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0};
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, rep("x", "6", "y", "6")));
        assertRel(-0.68585180796838496, r.first().coef(), TOL, "coef");
        assertRel(0.73464695027342852, r.first().se(), TOL, "se");
        assertRel(0.11934541159877773, r.ci()[0], TOL, "lower");
        assertRel(2.1255482219844644, r.ci()[1], TOL, "upper");
        assertRel(0.35052051001121881, r.pWald(), TOL, "wald p");
        assertRel(0.34129922010851499, r.pLr(), TOL, "lr p");
        assertRel(0.34142803253579623, r.pScore(), TOL, "score p");
        assertRel(-16.655009985486682, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-16.202237464872301, r.loglik(), TOL, "loglik[2]");
    }

    @Test
    void stratumWithAllCensoredContributesNothing() {
        // d6 <- data.frame(t=c(1,2,2,3,4,5,1,2,3,3,4,6, 2,3,4,5,2,3),
        //                  e=c(1,0,1,1,0,1,0,1,1,1,1,0, 0,0,0,0,0,0),
        //                  g=c(rep("a",6),rep("b",6),"a","a","a","b","b","b"),
        //                  s=c(rep("s1",12), rep("s2",6)))
        // coxph(Surv(t, e) ~ factor(g) + strata(s), data = d6)
        double[] t = {1, 2, 2, 3, 4, 5, 1, 2, 3, 3, 4, 6, 2, 3, 4, 5, 2, 3};
        boolean[] e = new boolean[t.length];
        int[] ei = {1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < e.length; i++) {
            e[i] = ei[i] == 1;
        }
        String[] g = rep("a", "6", "b", "6", "a", "3", "b", "3");
        String[] s = rep("s1", "12", "s2", "6");
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, g, s));
        assertEquals(2, r.strata());
        assertEquals(18, r.n());
        assertRel(-0.080447652555503291, r.first().coef(), TOL, "coef");
        assertRel(0.70819285977319435, r.first().se(), TOL, "se");
        assertRel(0.23027520270851179, r.ci()[0], TOL, "lower");
        assertRel(3.6972335348648633, r.ci()[1], TOL, "upper");
        assertRel(0.012903979502233834, r.wald().chisq(), TOL, "wald");
        assertRel(0.012900583248271147, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(0.012910876853699913, r.score().chisq(), TOL, "score");
        assertRel(-14.411265392515569, r.loglikNull(), TOL, "loglik[1]");
        assertRel(-14.404815100891433, r.loglik(), TOL, "loglik[2]");
        assertEquals(2, r.iterations());
    }

    @Test
    void allCensoredGivesNaCoefficientsAndZeroTests() {
        // d7 <- data.frame(t=1:4, e=0, g=c("a","b","a","b")); f <- coxph(Surv(t, e) ~ factor(g), data = d7)
        // f$coefficients: NA; f$var: 0; summary(f)$logtest, $sctest: test 0, df 0, p 1; f$wald.test: 0
        CoxResult r = CoxModel.withDefaults().fit(
                CoxFixtures.riskSets(new double[] {1, 2, 3, 4}, new int[] {0, 0, 0, 0}, rep("a", "1", "b", "1", "a", "1", "b", "1")));
        assertTrue(Double.isNaN(r.first().coef()));
        assertTrue(Double.isNaN(r.hr()));
        assertEquals(0.0, r.variance(0, 0));
        assertEquals(new CoxResult.GlobalTest(0, 0, 1), r.likelihoodRatio());
        assertEquals(new CoxResult.GlobalTest(0, 0, 1), r.score());
        assertEquals(new CoxResult.GlobalTest(0, 0, 1), r.wald());
        assertEquals(0, r.iterations());
        assertEquals(0.0, r.loglik());
    }

    @Test
    void groupNeverAtRiskAtAnEventTimeIsNa() {
        // d8 <- data.frame(t=c(3,4,5,6,4,5,7,8,1,1,2), e=c(1,1,0,1,1,0,1,0,0,0,0),
        //                  g=c("a","a","a","a","b","b","b","b","c","c","c"))
        // coxph(Surv(t, e) ~ factor(g), data = d8): coef of c NA, var 0; LR/score/Wald on 1 df
        double[] t = {3, 4, 5, 6, 4, 5, 7, 8, 1, 1, 2};
        int[] e = {1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0};
        CoxResult r = CoxModel.withDefaults().fit(CoxFixtures.riskSets(t, e, rep("a", "4", "b", "4", "c", "3")));
        assertRel(-1.4429628440282871, r.coefficient("b").coef(), TOL, "coef b");
        assertRel(1.1613814195164571, r.coefficient("b").se(), TOL, "se b");
        assertTrue(Double.isNaN(r.coefficient("c").coef()), "coef c is NA");
        assertEquals(0.0, r.coefficient("c").se());
        assertRel(1.5436916293566207, r.wald().chisq(), TOL, "wald");
        assertEquals(1, r.wald().df());
        assertRel(0.21406914890064238, r.wald().p(), TOL, "wald p");
        assertRel(1.8260755174636447, r.likelihoodRatio().chisq(), TOL, "lr");
        assertEquals(1, r.likelihoodRatio().df());
        assertRel(1.8185977859778599, r.score().chisq(), TOL, "score");
        assertRel(0.17748027681487058, r.score().p(), TOL, "score p");
        assertEquals(4, r.iterations());
    }

    @Test
    void ranOutOfIterationsKeepsRsDiagonalVariance() {
        // d9 <- data.frame(t=c(1,2,3,4,5,6,7,8,2.5,3,5,9), e=c(1,1,0,1,0,0,0,0,1,0,1,0),
        //                  g=rep(c("a","b","c"), each=4))
        // coxph(Surv(t, e) ~ factor(g), data = d9, control = coxph.control(iter.max = 3))
        // R: fit$var has zero off-diagonals after running out of iterations; fit$iter = 4
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8, 2.5, 3, 5, 9};
        int[] e = {1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0};
        CoxResult r = CoxModel.of(CoxModel.Options.withDefaults().withIterMax(3))
                .fit(CoxFixtures.riskSets(t, e, rep("a", "4", "b", "4", "c", "4")));
        assertRel(-5.4966290588319584, r.coefficient("b").coef(), TOL, "coef b");
        assertRel(-1.5283865935228995, r.coefficient("c").coef(), TOL, "coef c");
        assertRel(16.807255300319149, r.variance(0, 0), TOL, "var b");
        assertEquals(0.0, r.variance(0, 1));
        assertRel(1.2909350841488181, r.variance(1, 1), TOL, "var c");
        assertRel(3.6071267932806732, r.wald().chisq(), TOL, "wald");
        assertRel(8.5815231197400319, r.likelihoodRatio().chisq(), TOL, "lr");
        assertRel(7.604926970898366, r.score().chisq(), TOL, "score");
        assertRel(-6.6322950739937694, r.loglik(), TOL, "loglik[2]");
        assertEquals(4, r.iterations());
        assertEquals(List.of("Ran out of iterations and did not converge"), r.warnings());
    }

    @Test
    void badInputIsRefused() {
        List<RiskSet> one = CoxFixtures.riskSets(new double[] {1, 2}, new int[] {1, 0}, new String[] {"a", "a"});
        assertThrows(IllegalArgumentException.class, () -> CoxModel.withDefaults().fit(one));
        List<RiskSet> two = CoxFixtures.riskSets(new double[] {1, 2}, new int[] {1, 0}, new String[] {"a", "b"});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> CoxModel.withDefaults().withReference("z").fit(two));
        assertTrue(ex.getMessage().contains("'z'"));
        List<RiskSet> dup = new java.util.ArrayList<>(two);
        dup.add(two.get(0));
        assertThrows(IllegalArgumentException.class, () -> CoxModel.withDefaults().fit(dup));
    }
}
