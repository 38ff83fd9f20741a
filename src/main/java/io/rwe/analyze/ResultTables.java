package io.rwe.analyze;

import io.rwe.core.CsvTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a run ({@code tables/*.csv}) read off the final {@code results.json} object, so a
 * table never shows what the results suppressed: {@code table1.csv} (Table 1), {@code table2.csv}
 * (Table 2, per term), {@code ae_summary.csv}, {@code flow.csv} (Figure 1), {@code survival.csv}
 * (one row per survival analysis and group), {@code comparisons.csv} (log-rank, HR, Cox),
 * {@code rates.csv} and {@code rate_tests.csv}. Percentages are 100·n/N unrounded.
 */
public final class ResultTables {

    private ResultTables() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
    }

    private static Object at(Object list, int i) {
        return list instanceof List<?> l && l.size() > i ? l.get(i) : null;
    }

    /** File name → table, for every table that the results hold. */
    public static Map<String, CsvTable> fromResults(Map<String, Object> results, int minCell) {
        Map<String, CsvTable> out = new LinkedHashMap<>();
        Map<String, Object> flow = obj(results.get("cohort_flow"));
        if (!flow.isEmpty()) {
            CsvTable t = new CsvTable("step", "n");
            t.row("reviewed", CsvTable.cell(flow, "reviewed", minCell));
            Map<String, Object> ex = obj(flow.get("excluded"));
            for (String k : ex.keySet()) {
                if (!k.equals("suppressed")) {
                    t.row("excluded_" + k, CsvTable.cell(ex, k, minCell));
                }
            }
            t.row("included", CsvTable.cell(flow, "included", minCell));
            Map<String, Object> p = obj(flow.get("patterns"));
            for (String k : p.keySet()) {
                if (!k.equals("suppressed")) {
                    t.row("pattern_" + k, CsvTable.cell(p, k, minCell));
                }
            }
            out.put("flow.csv", t);
        }
        Map<String, Object> base = obj(results.get("baseline"));
        if (!base.isEmpty()) {
            CsvTable t = new CsvTable("variable", "category", "n", "pct", "value");
            t.row("all", "n", CsvTable.cell(base, "n", minCell), null, null);
            Map<String, Object> age = obj(base.get("age"));
            for (String k : List.of("median", "min", "max")) {
                t.row("age", k, null, null, age.get(k));
            }
            for (Map.Entry<String, Object> v : obj(base.get("variables")).entrySet()) {
                for (Map.Entry<String, Object> c : obj(v.getValue()).entrySet()) {
                    Map<String, Object> cell = obj(c.getValue());
                    t.row(v.getKey(), c.getKey(), CsvTable.cell(cell, "n", minCell), CsvTable.cell(cell, "pct", minCell),
                            null);
                }
            }
            out.put("table1.csv", t);
        }
        Map<String, Object> ae = obj(results.get("adverse_events"));
        if (!ae.isEmpty()) {
            long n = ae.get("n") instanceof Number x ? x.longValue() : 0;
            CsvTable t = new CsvTable("term", "grade_1_2", "grade_1_2_pct", "grade_3", "grade_3_pct", "grade_4_plus",
                    "grade_4_plus_pct", "any", "any_pct");
            for (Map.Entry<String, Object> e : obj(ae.get("terms")).entrySet()) {
                Map<String, Object> term = obj(e.getValue());
                Object[] row = new Object[9];
                row[0] = e.getKey();
                int i = 1;
                for (String k : List.of("grade_1_2", "grade_3", "grade_4_plus", "any")) {
                    Object v = CsvTable.cell(term, k, minCell);
                    row[i++] = v;
                    row[i++] = v instanceof Number num && ae.get("n") != null ? StudyResults.pct(num.longValue(), n)
                            : (v instanceof CsvTable.Suppressed ? v : null);
                }
                t.row(row);
            }
            out.put("table2.csv", t);
            CsvTable s = new CsvTable("measure", "n", "pct");
            s.row("patients", CsvTable.cell(ae, "n", minCell), null);
            for (String k : List.of("any_grade", "dose_reduced", "interrupted")) {
                Map<String, Object> c = obj(ae.get(k));
                s.row(k, CsvTable.cell(c, "n", minCell), CsvTable.cell(c, "pct", minCell));
            }
            out.put("ae_summary.csv", s);
        }
        CsvTable survival = new CsvTable("analysis", "group", "n", "events", "median", "median_lower", "median_upper",
                "range_min", "range_max", "rmst_tau", "rmst", "rmst_se");
        CsvTable comparisons = new CsvTable("analysis", "logrank_chisq", "logrank_df", "logrank_p", "hr_method", "hr",
                "hr_lower", "hr_upper", "reference", "cox_hr", "cox_lower", "cox_upper", "cox_p_wald", "cox_p_lr",
                "cox_p_score");
        CsvTable rates = new CsvTable("analysis", "group", "n", "responders", "rate", "ci_lower", "ci_upper");
        CsvTable rateTests = new CsvTable("analysis", "test", "statistic", "p");
        for (Map.Entry<String, Object> e : results.entrySet()) {
            Map<String, Object> a = obj(e.getValue());
            if (!(a.get("groups") instanceof Map<?, ?>)) {
                continue;
            }
            for (Map.Entry<String, Object> g : obj(a.get("groups")).entrySet()) {
                Map<String, Object> grp = obj(g.getValue());
                if (grp.containsKey("responders")) {
                    rates.row(e.getKey(), g.getKey(), CsvTable.cell(grp, "n", minCell),
                            CsvTable.cell(grp, "responders", minCell), CsvTable.cell(grp, "rate", minCell),
                            suppressedOr(grp, "ci", at(grp.get("ci"), 0), minCell),
                            suppressedOr(grp, "ci", at(grp.get("ci"), 1), minCell));
                } else {
                    Map<String, Object> rmst = obj(grp.get("rmst"));
                    survival.row(e.getKey(), g.getKey(), CsvTable.cell(grp, "n", minCell),
                            CsvTable.cell(grp, "events", minCell), grp.get("median"), at(grp.get("median_ci"), 0),
                            at(grp.get("median_ci"), 1), at(grp.get("range"), 0), at(grp.get("range"), 1),
                            rmst.get("tau"), rmst.get("estimate"), rmst.get("se"));
                }
            }
            if (a.containsKey("logrank")) {
                Map<String, Object> lr = obj(a.get("logrank"));
                Map<String, Object> hr = obj(a.get("hr"));
                Map<String, Object> cox = obj(a.get("cox"));
                comparisons.row(e.getKey(), lr.get("chisq"), lr.get("df"), lr.get("p"), hr.get("method"),
                        hr.get("estimate"), at(hr.get("ci"), 0), at(hr.get("ci"), 1), hr.get("reference"),
                        cox.get("hr"), at(cox.get("ci"), 0), at(cox.get("ci"), 1), cox.get("p_wald"), cox.get("p_lr"),
                        cox.get("p_score"));
            }
            if (a.get("tests") instanceof Map<?, ?>) {
                for (Map.Entry<String, Object> t : obj(a.get("tests")).entrySet()) {
                    Map<String, Object> test = obj(t.getValue());
                    rateTests.row(e.getKey(), t.getKey(), test.get("statistic"), test.get("p"));
                }
            }
        }
        out.put("survival.csv", survival);
        out.put("comparisons.csv", comparisons);
        out.put("rates.csv", rates);
        out.put("rate_tests.csv", rateTests);
        return out;
    }

    private static Object suppressedOr(Map<String, Object> owner, String key, Object value, int minCell) {
        Object c = CsvTable.cell(owner, key, minCell);
        return c instanceof CsvTable.Suppressed ? c : value;
    }
}
