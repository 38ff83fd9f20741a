package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomized differential test: {@value DifferentialData#COUNT} random data sets ({@link DifferentialData}),
 * R computes everything in one process ({@code src/test/resources/r/differential.R}), the project computes
 * the same from risk sets, and every number is compared to 1e-9 relative (plus 1e-12 absolute, for
 * quantities that are 0 up to rounding, e.g. χ² of identical groups). NA in R must be NaN here and the
 * sets of keys must agree (so a row R drops must be dropped here too).
 *
 * <p>Keys (value per line of R's output): {@code km/<conf>/<group>/n_rows},
 * {@code km/<conf>/<group>/table/<i>/<column>} (survfit table, all times; columns of summary.survfit),
 * {@code km/<conf>/<group>/q/<p>/{quantile,lower,upper}} (quantile.survfit, p = .25, .5, .75),
 * {@code km/<conf>/<group>/median_print/...} (print.survfit), {@code km/log/<group>/rmean_common/{estimate,se}}
 * and {@code rmean_tau} (print(fit, rmean=)), {@code km/<conf>/<group>/at/<i>/<column>} and {@code at/n}
 * (summary(fit, times=)), {@code lr/<rho>/<none|strata>/{chisq,df,p,lnp,obs/g,exp/g,var/g/h}} (survdiff),
 * {@code hr/<none|strata>/{estimate,lower,upper,oe}}, {@code rate/chisq/<TRUE|FALSE>/{statistic,p}},
 * {@code rate/fisher/p}, {@code rate/rxc/chisq/{statistic,p}}, {@code rate/rxc/fisher/p} (r×c tables: R's FEXACT
 * network algorithm against full enumeration here, same definition; worst seen 6e-14 relative), {@code rate/binom/{lower,upper}},
 * {@code followup/<group>/{median,lower,upper}} (reverse Kaplan–Meier, print(survfit)) and
 * {@code rmstdiff/{tau,estimate,se,lower,upper,p}}, {@code rmstdiff/<group>/{estimate,se}} (second group minus
 * the first at τ = the smaller of their last times; module {@code differential-followup.R}).
 *
 * <p>If Rscript (with survival) is missing the test fails when the environment variable CI is set and is
 * skipped otherwise.
 */
class SurvivalDifferentialTest {

    private static final double REL = 1e-9;
    private static final double ABS = 1e-12;
    private static final String[] COLUMNS = {"time", "n.risk", "n.event", "n.censor", "surv", "std.err", "lower",
        "upper"};

    @BeforeAll
    static void needsR() {
        if (!DifferentialReference.rAvailable()) {
            if (System.getenv("CI") != null) {
                fail("Rscript with the survival package is required in CI (apt-get install r-base-core r-cran-survival)");
            }
            Assumptions.assumeTrue(false, "Rscript with survival not installed; differential test skipped");
        }
    }

    @Test
    void everyEstimatorAgreesWithROnRandomData() {
        DifferentialReference ref = DifferentialReference.get();
        List<String> failures = new ArrayList<>();
        long compared = 0;
        int rErrors = 0;
        long start = System.nanoTime();
        for (DifferentialData.Dataset ds : ref.datasets()) {
            Map<String, Double> expected = ref.expected(ds.id());
            Map<String, Double> actual = new TreeMap<>();
            compute(ds, expected, actual);
            TreeSet<String> keys = new TreeSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            for (String key : keys) {
                if (key.endsWith("/error")) {
                    rErrors++;
                    continue;
                }
                Double e = expected.get(key);
                Double a = actual.get(key);
                if (e == null || a == null) {
                    failures.add(ds.id() + " " + key + ": " + (e == null ? "not computed by R" : "not computed here"));
                } else if (!close(e, a, REL)) {
                    failures.add(ds.id() + " " + key + ": R " + e + ", here " + a);
                }
                compared++;
            }
        }
        double javaSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("differential: %d data sets, %d numbers compared, %d R survdiff errors skipped, "
                + "R %.1f s, Java %.2f s%n", ref.datasets().size(), compared, rErrors, ref.rSeconds(), javaSeconds);
        if (!failures.isEmpty()) {
            fail(failures.size() + " differences from R, first ones:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(40, failures.size()))));
        }
        assertTrue(compared > 100_000, "too few numbers compared: " + compared);
        assertTrue(rErrors < 10, "R could not compute " + rErrors + " log-rank tests");
    }

    private static boolean close(double e, double a, double rel) {
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        if (Double.isInfinite(e) || Double.isInfinite(a)) {
            return e == a;
        }
        return Math.abs(e - a) <= rel * Math.max(Math.abs(e), Math.abs(a)) + ABS;
    }

    /** The project's numbers under R's keys. */
    static void compute(DifferentialData.Dataset ds, Map<String, Double> expected, Map<String, Double> out) {
        List<RiskSet> byGroup = RiskSets.of(ds.time(), ds.event(), ds.group(), null);
        for (ConfType ct : ConfType.values()) {
            List<KmCurve> curves = new ArrayList<>();
            for (RiskSet rs : byGroup) {
                curves.add(KaplanMeier.fit(rs, ct, ds.conf()));
            }
            double common = KaplanMeier.commonTau(curves);
            for (KmCurve c : curves) {
                String p = "km/" + ct.rName() + "/" + c.group() + "/";
                out.put(p + "n_rows", (double) c.rows().size());
                rows(out, p + "table/", c.rows());
                for (SurvivalQuantile q : c.quantiles(0.25, 0.5, 0.75)) {
                    String qp = p + "q/" + q.probability() + "/";
                    out.put(qp + "quantile", q.time());
                    out.put(qp + "lower", q.lower());
                    out.put(qp + "upper", q.upper());
                }
                SurvivalQuantile m = c.medianAsPrinted();
                out.put(p + "median_print/quantile", m.time());
                out.put(p + "median_print/lower", m.lower());
                out.put(p + "median_print/upper", m.upper());
                if (ct == ConfType.LOG) {
                    Rmst r = c.rmst(common);
                    out.put(p + "rmean_common/estimate", r.estimate());
                    out.put(p + "rmean_common/se", r.se());
                    Rmst rt = c.rmst(ds.tau());
                    out.put(p + "rmean_tau/estimate", rt.estimate());
                    out.put(p + "rmean_tau/se", rt.se());
                }
                List<KmRow> at = c.atTimes(ds.atTimes());
                out.put(p + "at/n", (double) at.size());
                rows(out, p + "at/", at);
            }
        }
        List<String> groups = new ArrayList<>();
        for (RiskSet rs : byGroup) {
            groups.add(rs.group());
            SurvivalQuantile f = FollowUp.median(rs);
            out.put("followup/" + rs.group() + "/median", f.time());
            out.put("followup/" + rs.group() + "/lower", f.lower());
            out.put("followup/" + rs.group() + "/upper", f.upper());
        }
        if (byGroup.size() >= 2) {
            RmstDifference d = RmstDifference.of(KaplanMeier.fit(byGroup.get(1)), KaplanMeier.fit(byGroup.get(0)));
            out.put("rmstdiff/tau", d.tau());
            out.put("rmstdiff/" + d.group() + "/estimate", d.first().estimate());
            out.put("rmstdiff/" + d.group() + "/se", d.first().se());
            out.put("rmstdiff/" + d.reference() + "/estimate", d.ref().estimate());
            out.put("rmstdiff/" + d.reference() + "/se", d.ref().se());
            out.put("rmstdiff/estimate", d.estimate());
            out.put("rmstdiff/se", d.se());
            out.put("rmstdiff/lower", d.lower());
            out.put("rmstdiff/upper", d.upper());
            out.put("rmstdiff/p", d.p());
        }
        if (groups.size() >= 2) {
            List<RiskSet> byStratum = RiskSets.of(ds.time(), ds.event(), ds.group(), ds.stratum());
            for (int rho : new int[] {0, 1}) {
                for (String st : ds.stratified() ? new String[] {"none", "strata"} : new String[] {"none"}) {
                    String p = "lr/" + rho + "/" + st + "/";
                    if (expected.containsKey(p + "error")) {
                        continue;
                    }
                    LogRankResult r = LogRankTest.withDefaults().withRho(rho)
                            .test(st.equals("none") ? byGroup : byStratum);
                    out.put(p + "chisq", r.chiSquare());
                    out.put(p + "df", (double) r.df());
                    if (r.df() >= 1) {
                        out.put(p + "p", r.p());
                        out.put(p + "lnp", r.pValue().lnP());
                    }
                    double[][] v = r.variance();
                    for (int g = 0; g < groups.size(); g++) {
                        out.put(p + "obs/" + groups.get(g), r.observed()[g]);
                        out.put(p + "exp/" + groups.get(g), r.expected()[g]);
                        for (int h = 0; h < groups.size(); h++) {
                            out.put(p + "var/" + groups.get(g) + "/" + groups.get(h), v[g][h]);
                        }
                    }
                    if (rho == 0 && groups.size() == 2) {
                        HazardRatioEstimate hr = HazardRatio.logRank(r, groups.get(1), groups.get(0), ds.conf());
                        out.put("hr/" + st + "/estimate", hr.estimate());
                        out.put("hr/" + st + "/lower", hr.lower());
                        out.put("hr/" + st + "/upper", hr.upper());
                        out.put("hr/" + st + "/oe",
                                HazardRatio.observedExpectedRatio(r, groups.get(1), groups.get(0)).estimate());
                    }
                }
            }
        }
        for (boolean yates : new boolean[] {true, false}) {
            ChiSquareResult c = PearsonChiSquareTest.withDefaults().withYates(yates).test(ds.table());
            String p = "rate/chisq/" + (yates ? "TRUE" : "FALSE") + "/";
            out.put(p + "statistic", c.statistic());
            out.put(p + "p", c.p());
        }
        out.put("rate/fisher/p", FisherExactTest.twoSided(ds.table()).p());
        ChiSquareResult rc = PearsonChiSquareTest.withDefaults().test(ds.rxc());
        out.put("rate/rxc/chisq/statistic", rc.statistic());
        out.put("rate/rxc/chisq/p", rc.p());
        out.put("rate/rxc/fisher/p", FisherExactTest.twoSided(ds.rxc()).p());
        ProportionInterval b = ClopperPearson.interval(ds.bx(), ds.bn(), ds.conf());
        out.put("rate/binom/lower", b.lower());
        out.put("rate/binom/upper", b.upper());
    }

    private static void rows(Map<String, Double> out, String prefix, List<KmRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            KmRow r = rows.get(i);
            double[] v = {r.time(), r.nRisk(), r.nEvent(), r.nCensor(), r.surv(), r.stdErr(), r.lower(), r.upper()};
            for (int j = 0; j < COLUMNS.length; j++) {
                out.put(prefix + i + "/" + COLUMNS[j], v[j]);
            }
        }
    }
}
