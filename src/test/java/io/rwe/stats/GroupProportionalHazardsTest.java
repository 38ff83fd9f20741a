package io.rwe.stats;

import static io.rwe.stats.CoxFixtures.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code cox.zph} of the group-only Cox model ({@link CoxModel}) from the risk sets alone
 * ({@link ProportionalHazardsTest#ofGroups}: {@link RiskSetCoxSums} + {@link ProportionalHazardsTest#of}), on R's {@code lung}, against R 4.2.2 /
 * survival 3.5-3:
 * <pre>
 *   l &lt;- read.csv("lung.csv"); l$ev &lt;- l$status == 2
 *   cox.zph(coxph(Surv(time, ev) ~ factor(sex), data = l))$table                       # Efron
 *   cox.zph(coxph(Surv(time, ev) ~ factor(sex), data = l, ties = "breslow"))$table
 *   l2 &lt;- l[!is.na(l$ph.ecog), ]
 *   cox.zph(coxph(Surv(time, ev) ~ factor(sex) + strata(ph.ecog), data = l2))$table
 *   cox.zph(coxph(Surv(time, ev) ~ factor(ph.ecog), data = l2))$table                  # 4 groups, df 3
 * </pre>
 * (printed with {@code sprintf("%.17g")}).
 */
class GroupProportionalHazardsTest {

    private static final double TOL = 1e-9;

    private static ProportionalHazardsTest zph(List<RiskSet> sets, CoxModel.Ties ties) {
        return ProportionalHazardsTest.ofGroups(sets, CoxModel.withDefaults().with(ties).fit(sets));
    }

    private static CoxFixtures.Table lung() {
        return CoxFixtures.readCsv("/r-data/lung.csv");
    }

    @Test
    void bySexEfronAndBreslow() {
        CoxFixtures.Table t = lung();
        List<RiskSet> sets = CoxFixtures.riskSets(t.doubles("time"), CoxRows.events(t.doubles("status"), 2),
                t.strings("sex"), null);
        ProportionalHazardsTest efron = zph(sets, CoxModel.Ties.EFRON);
        assertEquals("km", efron.transform());
        assertEquals(List.of("group"), List.copyOf(efron.terms().keySet()));
        assertRel(2.8632351493205905, efron.terms().get("group").chisq(), TOL, "chisq factor(sex)");
        assertEquals(1, efron.terms().get("group").df());
        assertRel(0.090625064252995574, efron.terms().get("group").p(), TOL, "p factor(sex)");
        assertRel(2.8632351493205905, efron.global().chisq(), TOL, "GLOBAL");
        ProportionalHazardsTest breslow = zph(sets, CoxModel.Ties.BRESLOW);
        assertRel(2.852951570487996, breslow.terms().get("group").chisq(), TOL, "chisq breslow");
        assertRel(0.091206350494051583, breslow.global().p(), TOL, "p breslow");
    }

    @Test
    void bySexStratifiedByEcogAndByEcogInFourGroups() {
        CoxFixtures.Table t = CoxRows.complete("/r-data/lung.csv", "ph.ecog");
        boolean[] ev = CoxRows.events(t.doubles("status"), 2);
        List<RiskSet> strat = CoxFixtures.riskSets(t.doubles("time"), ev, t.strings("sex"), t.strings("ph.ecog"));
        ProportionalHazardsTest s = zph(strat, CoxModel.Ties.EFRON);
        assertRel(2.3681077107985402, s.terms().get("group").chisq(), TOL, "chisq stratified");
        assertRel(0.123837080968215, s.global().p(), TOL, "p stratified");
        List<RiskSet> ecog = CoxFixtures.riskSets(t.doubles("time"), ev, t.strings("ph.ecog"), null);
        ProportionalHazardsTest e = zph(ecog, CoxModel.Ties.EFRON);
        assertRel(4.8759156012109184, e.terms().get("group").chisq(), TOL, "chisq factor(ph.ecog)");
        assertEquals(3, e.terms().get("group").df());
        assertRel(0.18111198870293083, e.global().p(), TOL, "p factor(ph.ecog)");
    }

    @Test
    void theSumsFromRiskSetsGiveTheGroupOnlyFitOfCoxModel() {
        // coxph(Surv(time, ev) ~ factor(sex), data = l): the fit from these sums is CoxModel's
        CoxFixtures.Table t = lung();
        List<RiskSet> sets = CoxFixtures.riskSets(t.doubles("time"), CoxRows.events(t.doubles("status"), 2),
                t.strings("sex"), null);
        CoxDesign design = RiskSetCoxSums.groupDesign("1", List.of("2"));
        CoxRegressionResult r = CoxRegression.withDefaults().fit(design, new RiskSetCoxSums(sets, design));
        CoxResult m = CoxModel.withDefaults().fit(sets);
        assertRel(m.first().coef(), r.coefficient("group=2").coef(), 1e-12, "coef");
        assertRel(m.first().se(), r.coefficient("group=2").se(), 1e-12, "se");
        assertEquals(m.iterations(), r.iterations());
        assertRel(2.8632351493205905, r.phTest().terms().get("group").chisq(), TOL, "zph of the regression");
    }

    @Test
    void aGroupOutsideTheDesignIsRefused() {
        List<RiskSet> sets = List.of(RiskSet.fromCounts("x", null, new double[] {1}, new long[] {1}, new long[] {0}));
        CoxDesign design = RiskSetCoxSums.groupDesign("a", List.of("b"));
        assertThrows(IllegalArgumentException.class, () -> new RiskSetCoxSums(sets, design));
    }
}
