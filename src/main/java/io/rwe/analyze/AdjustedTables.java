package io.rwe.analyze;

import static io.rwe.analyze.ResultTables.cell;
import static io.rwe.analyze.ResultTables.lower;
import static io.rwe.analyze.ResultTables.upper;

import io.rwe.core.CsvTable;
import io.rwe.results.AnalysisResult;
import io.rwe.results.Baseline;
import io.rwe.results.BaselineByGroup;
import io.rwe.results.ChiSquare;
import io.rwe.results.Comparison;
import io.rwe.results.CoxAdjusted;
import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.results.PhTest;
import io.rwe.results.Results;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of the analyses beyond the paper (docs/study.md, "tables/"), read off the published
 * results like {@link ResultTables}: {@code followup.csv}, {@code cox_adjusted.csv} (one row per term),
 * {@code cox_adjusted_tests.csv} (likelihood-ratio, Wald, score), {@code ph_tests.csv} (cox.zph of the
 * unadjusted and the adjusted model, per variable and {@code GLOBAL}), {@code rmst_diff.csv},
 * {@code table1_by_group.csv} and {@code smd.csv}. A suppressed count is {@code <k}, a missing number
 * {@code NA}.
 */
final class AdjustedTables {

    private AdjustedTables() {
    }

    /** File name → table. */
    static Map<String, CsvTable> of(Results results, String marker) {
        CsvTable followup = new CsvTable("analysis", "group", "median", "median_lower", "median_upper");
        CsvTable cox = new CsvTable("analysis", "reference", "n", "events", "term", "coef", "se", "hr", "hr_lower",
                "hr_upper", "p");
        CsvTable coxTests = new CsvTable("analysis", "test", "chisq", "df", "p");
        CsvTable ph = new CsvTable("analysis", "model", "variable", "chisq", "df", "p");
        CsvTable rmst = new CsvTable("analysis", "group", "reference", "tau", "group_rmst", "group_se",
                "reference_rmst", "reference_se", "difference", "se", "lower", "upper", "p");
        for (Map.Entry<String, AnalysisResult> e : results.analyses().entrySet()) {
            if (!(e.getValue() instanceof KmResult km)) {
                continue;
            }
            String a = e.getKey();
            km.groups().forEach((g, grp) -> followupRow(followup, a, g, grp));
            Comparison c = km.comparison();
            if (c == null) {
                continue;
            }
            if (c.cox() != null) {
                phRows(ph, a, "cox", c.cox().phTest());
            }
            CoxAdjusted adj = c.coxAdjusted();
            if (adj != null) {
                adj.terms().forEach((term, t) -> cox.row(a, adj.reference(), cell(adj.n(), adj.suppressed(), marker),
                        cell(adj.events(), adj.suppressed(), marker), term, t.coef(), t.se(), t.hr(), lower(t.ci()),
                        upper(t.ci()), t.p()));
                adj.global().forEach((test, x) -> coxTests.row(a, test, x.chisq(), x.df(), x.p()));
                phRows(ph, a, "cox_adjusted", adj.phTest());
            }
            if (c.rmstDiff() != null) {
                var d = c.rmstDiff();
                List<String> groups = List.copyOf(d.groups().keySet()); // the first-named group, then the reference
                String first = groups.get(0);
                String ref = groups.get(1);
                var gf = d.groups().get(first);
                var gr = d.groups().get(ref);
                rmst.row(a, first, ref, d.tau(), gf.estimate(), gf.se(), gr.estimate(), gr.se(), d.estimate(), d.se(),
                        lower(d.ci()), upper(d.ci()), d.p());
            }
        }
        Map<String, CsvTable> out = new LinkedHashMap<>();
        out.put("followup.csv", followup);
        out.put("cox_adjusted.csv", cox);
        out.put("cox_adjusted_tests.csv", coxTests);
        out.put("ph_tests.csv", ph);
        out.put("rmst_diff.csv", rmst);
        if (results.baselineByGroup() != null) {
            out.putAll(byGroup(results.baselineByGroup(), marker));
        }
        return out;
    }

    private static void followupRow(CsvTable t, String a, String g, KmGroup grp) {
        if (grp.followup() != null) {
            t.row(a, g, grp.followup().median(), lower(grp.followup().medianCi()), upper(grp.followup().medianCi()));
        }
    }

    private static void phRows(CsvTable t, String a, String model, PhTest ph) {
        if (ph == null) {
            return;
        }
        ph.terms().forEach((v, x) -> t.row(a, model, v, x.chisq(), x.df(), x.p()));
        ChiSquare g = ph.global();
        if (g != null) {
            t.row(a, model, "GLOBAL", g.chisq(), g.df(), g.p());
        }
    }

    /** {@code table1_by_group.csv} (as table1.csv, per comparison and group) and {@code smd.csv}. */
    private static Map<String, CsvTable> byGroup(BaselineByGroup byGroup, String marker) {
        CsvTable t = new CsvTable("analysis", "group", "variable", "category", "n", "pct", "value");
        CsvTable smd = new CsvTable("analysis", "variable", "smd");
        byGroup.comparisons().forEach((a, grouping) -> {
            grouping.groups().forEach((g, base) -> table1Rows(t, a, g, base, marker));
            grouping.smd().forEach((v, d) -> smd.row(a, v, d));
        });
        Map<String, CsvTable> out = new LinkedHashMap<>();
        out.put("table1_by_group.csv", t);
        out.put("smd.csv", smd);
        return out;
    }

    private static void table1Rows(CsvTable t, String a, String g, Baseline base, String marker) {
        t.row(a, g, "all", "n", cell(base.n(), base.suppressed(), marker), null, null);
        t.row(a, g, "age", "median", null, null, base.age().median());
        t.row(a, g, "age", "min", null, null, base.age().min());
        t.row(a, g, "age", "max", null, null, base.age().max());
        base.variables().forEach((v, cats) -> cats.forEach((c, cp) -> t.row(a, g, v, c,
                cell(cp.n(), cp.suppressed(), marker), cell(cp.pct(), cp.suppressed(), marker), null)));
    }
}
