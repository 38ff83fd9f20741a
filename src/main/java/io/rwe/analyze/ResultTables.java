package io.rwe.analyze;

import io.rwe.core.CsvTable;
import io.rwe.results.AdverseEvents;
import io.rwe.results.AnalysisResult;
import io.rwe.results.Baseline;
import io.rwe.results.ChiSquare;
import io.rwe.results.Comparison;
import io.rwe.results.CountPct;
import io.rwe.results.Flow;
import io.rwe.results.Interval;
import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.results.Paired;
import io.rwe.results.Proportion;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.results.Results;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables of a run ({@code tables/*.csv}) read off the published results (what results.json holds,
 * after suppression), so a table never shows what the results suppressed: {@code flow.csv} (Figure 1),
 * {@code table1.csv} (Table 1), {@code table2.csv} (Table 2, per term, then the total row
 * {@code any_term}: each patient once, by its worst grade), {@code ae_summary.csv} (patients with any
 * event, dose reductions, interruptions, grade ≥ 3), {@code survival.csv} (one row per survival
 * analysis and group), {@code comparisons.csv} (log-rank, HR, Cox), {@code rates.csv},
 * {@code rate_tests.csv}, {@code best_response.csv} (Figure 5: patients per group by best response,
 * then disease control) and {@code paired.csv} (a paired scope comparison: discordant pairs, paired
 * difference and CI, McNemar's exact p). Percentages are 100·n/N unrounded; a
 * suppressed count is the policy's marker, a missing number {@code NA}.
 */
final class ResultTables {

    /** The row of table2.csv holding Table 2's total: patients by their worst grade over every term. */
    static final String TOTAL_ROW = "any_term";

    /** The row of best_response.csv holding a group's disease control (CR + PR + SD). */
    static final String DISEASE_CONTROL_ROW = "disease_control";

    private ResultTables() {
    }

    /** A count of an object: the marker when suppressed (null in a suppressed object), else the value. */
    static Object cell(Object value, boolean ownerSuppressed, String marker) {
        return value == null && ownerSuppressed ? new CsvTable.Suppressed(marker) : value;
    }

    static Object lower(Interval i) {
        return i == null ? null : i.lower();
    }

    static Object upper(Interval i) {
        return i == null ? null : i.upper();
    }

    /**
     * File name → table, for every table that the results hold; {@code marker}: the text of a suppressed
     * count (the disclosure policy's).
     */
    static Map<String, CsvTable> of(Results results, String marker) {
        Map<String, CsvTable> out = new LinkedHashMap<>();
        Flow flow = results.flow();
        if (flow != null) {
            CsvTable t = new CsvTable("step", "n");
            t.row("reviewed", cell(flow.reviewed(), flow.suppressed(), marker));
            flow.excluded().values().forEach((k, n) ->
                    t.row("excluded_" + k, cell(n, flow.excluded().suppressed(), marker)));
            t.row("included", cell(flow.included(), flow.suppressed(), marker));
            flow.patterns().values().forEach((k, n) ->
                    t.row("pattern_" + k, cell(n, flow.patterns().suppressed(), marker)));
            out.put("flow.csv", t);
        }
        Baseline base = results.baseline();
        if (base != null) {
            CsvTable t = new CsvTable("variable", "category", "n", "pct", "value");
            t.row("all", "n", cell(base.n(), base.suppressed(), marker), null, null);
            t.row("age", "median", null, null, base.age().median());
            t.row("age", "min", null, null, base.age().min());
            t.row("age", "max", null, null, base.age().max());
            base.variables().forEach((v, cats) -> cats.forEach((c, cp) ->
                    t.row(v, c, cell(cp.n(), cp.suppressed(), marker), cell(cp.pct(), cp.suppressed(), marker), null)));
            out.put("table1.csv", t);
        }
        AdverseEvents ae = results.adverseEvents();
        if (ae != null) {
            long n = ae.n() == null ? 0 : ae.n();
            CsvTable t = new CsvTable("term", "grade_1_2", "grade_1_2_pct", "grade_3", "grade_3_pct", "grade_4_plus",
                    "grade_4_plus_pct", "any", "any_pct");
            Map<String, AdverseEvents.Term> rows = new java.util.LinkedHashMap<>(ae.terms());
            if (ae.total() != null) {
                rows.put(TOTAL_ROW, ae.total());
            }
            rows.forEach((term, counts) -> {
                Object[] row = new Object[9];
                row[0] = term;
                int i = 1;
                for (Long v : counts.byName().values()) {
                    Object c = cell(v, counts.suppressed(), marker);
                    row[i++] = c;
                    row[i++] = v != null && ae.n() != null ? (n == 0 ? Double.NaN : 100.0 * v / n)
                            : (c instanceof CsvTable.Suppressed ? c : null);
                }
                t.row(row);
            });
            out.put("table2.csv", t);
            CsvTable s = new CsvTable("measure", "n", "pct");
            s.row("patients", cell(ae.n(), ae.suppressed(), marker), null);
            ae.flags().forEach((k, c) -> s.row(k, cell(c.n(), c.suppressed(), marker),
                    cell(c.pct(), c.suppressed(), marker)));
            out.put("ae_summary.csv", s);
        }
        CsvTable survival = new CsvTable("analysis", "group", "n", "events", "median", "median_lower", "median_upper",
                "range_min", "range_max", "rmst_tau", "rmst", "rmst_se");
        CsvTable comparisons = new CsvTable("analysis", "logrank_chisq", "logrank_df", "logrank_p", "hr_method", "hr",
                "hr_lower", "hr_upper", "reference", "cox_hr", "cox_lower", "cox_upper", "cox_p_wald", "cox_p_lr",
                "cox_p_score");
        CsvTable rates = new CsvTable("analysis", "group", "n", "responders", "rate", "ci_lower", "ci_upper");
        CsvTable best = new CsvTable("analysis", "group", "best_response", "n", "pct");
        CsvTable paired = new CsvTable("analysis", "n", "b", "c", "difference", "ci_lower", "ci_upper", "mcnemar_exact_p");
        CsvTable rateTests = new CsvTable("analysis", "test", "statistic", "p");
        for (Map.Entry<String, AnalysisResult> e : results.analyses().entrySet()) {
            String a = e.getKey();
            if (e.getValue() instanceof KmResult km) {
                km.groups().forEach((g, grp) -> survivalRow(survival, a, g, grp, marker));
                if (km.comparison() != null) {
                    comparisonRow(comparisons, a, km.comparison());
                }
            } else if (e.getValue() instanceof RateResult rate) {
                rate.groups().forEach((g, grp) -> rates.row(a, g, cell(grp.n(), grp.suppressed(), marker),
                        cell(grp.responders(), grp.suppressed(), marker), cell(grp.rate(), grp.suppressed(), marker),
                        cell(lower(grp.ci()), grp.ci() == null && grp.suppressed(), marker),
                        cell(upper(grp.ci()), grp.ci() == null && grp.suppressed(), marker)));
                rate.groups().forEach((g, grp) -> bestResponseRows(best, a, g, grp, marker));
                if (rate.paired() != null) {
                    Paired p = rate.paired();
                    paired.row(a, cell(p.n(), p.suppressed(), marker), cell(p.b(), p.suppressed(), marker),
                            cell(p.c(), p.suppressed(), marker), cell(p.difference(), p.suppressed(), marker),
                            cell(lower(p.ci()), p.ci() == null && p.suppressed(), marker),
                            cell(upper(p.ci()), p.ci() == null && p.suppressed(), marker),
                            cell(p.mcnemarP(), p.suppressed(), marker));
                }
                if (rate.tests() != null) {
                    rate.tests().byName().forEach((k, test) -> rateTests.row(a, k,
                            test == null ? null : test.statistic(), test == null ? null : test.p()));
                }
            }
        }
        out.put("survival.csv", survival);
        out.put("comparisons.csv", comparisons);
        out.put("rates.csv", rates);
        out.put("rate_tests.csv", rateTests);
        out.put("best_response.csv", best);
        out.put("paired.csv", paired);
        return out;
    }

    /**
     * Figure 5's counts: one row per best-response category of the group, then {@code disease_control}
     * (CR + PR + SD); pct = 100·n/N of the group's patients.
     */
    private static void bestResponseRows(CsvTable t, String a, String g, RateGroup grp, String marker) {
        if (grp.bestResponse() == null) {
            return;
        }
        boolean hidden = grp.bestResponse().suppressed();
        grp.bestResponse().values().forEach((k, v) -> t.row(a, g, k, cell(v, hidden, marker),
                cell(pct(v, grp.n()), hidden || grp.suppressed(), marker)));
        if (grp.diseaseControl() != null) {
            Proportion d = grp.diseaseControl();
            t.row(a, g, DISEASE_CONTROL_ROW, cell(d.n(), d.suppressed(), marker),
                    cell(d.rate() == null ? null : 100 * d.rate(), d.suppressed(), marker));
        }
    }

    private static Double pct(Long n, Long total) {
        return n == null || total == null || total == 0 ? null : 100.0 * n / total;
    }

    private static void survivalRow(CsvTable t, String a, String g, KmGroup grp, String marker) {
        KmGroup.Rmst rmst = grp.rmst();
        t.row(a, g, cell(grp.n(), grp.suppressed(), marker), cell(grp.events(), grp.suppressed(), marker),
                grp.median(), lower(grp.medianCi()), upper(grp.medianCi()), lower(grp.range()), upper(grp.range()),
                rmst == null ? null : rmst.tau(), rmst == null ? null : rmst.estimate(), rmst == null ? null : rmst.se());
    }

    private static void comparisonRow(CsvTable t, String a, Comparison c) {
        ChiSquare lr = c.logrank();
        Comparison.LogRankHr hr = c.hr();
        Comparison.Cox cox = c.cox();
        t.row(a, lr == null ? null : lr.chisq(), lr == null ? null : lr.df(), lr == null ? null : lr.p(),
                hr == null ? null : hr.method(), hr == null ? null : hr.estimate(), hr == null ? null : lower(hr.ci()),
                hr == null ? null : upper(hr.ci()), hr == null ? null : hr.reference(), cox == null ? null : cox.hr(),
                cox == null ? null : lower(cox.ci()), cox == null ? null : upper(cox.ci()),
                cox == null ? null : cox.pWald(), cox == null ? null : cox.pLr(), cox == null ? null : cox.pScore());
    }
}
