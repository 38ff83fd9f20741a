package io.rwe.analyze;

import io.rwe.analyze.CellSuppression.Cell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link CellSuppression} to the published counts of {@code results.json} (docs/study.md,
 * "Results contract"), in place. A suppressed count becomes {@code null}, so do the numbers that
 * would reveal it (its {@code pct}; a rate's {@code rate} and {@code ci}), and the object holding it
 * gains {@code "suppressed": true}: in such an object every {@code null} count is a suppressed one. With the threshold off the results
 * are left untouched (no {@code suppressed} key anywhere).
 *
 * <p>Additive relations declared (each a {@link CellSuppression.Partition}):
 * <ul>
 *   <li>{@code cohort_flow}: reviewed = the exclusions + included; included = the patterns;</li>
 *   <li>{@code baseline}: per variable, n = its categories (missing included);</li>
 *   <li>survival groups: n = events + censored (censored implicit);</li>
 *   <li>rate groups: n = responders + non-responders (implicit); with best responses also n = the
 *       best-response categories, responders = CR + PR and disease control = CR + PR + SD;</li>
 *   <li>{@code baseline_by_group}: per comparison, group and variable, the group's n = its categories;</li>
 *   <li>{@code cox_adjusted}: n = events + censored (implicit);</li>
 *   <li>a rate analysis's {@code paired} comparison: its n is the groups' population; b and c are
 *       counts whose difference, CI and McNemar p are blanked with them;</li>
 *   <li>{@code adverse_events}: n = any_grade + none (implicit), likewise dose_reduced, interrupted and
 *       grade_3_plus; per term and for the total row n = any + without (implicit) and any = grade 1–2 +
 *       3 + ≥ 4; grade_3_plus = the total row's grade 3 + ≥ 4.</li>
 * </ul>
 * The same population printed in several tables is one cell: a group's n is identified by its
 * predicate ({@code "pattern = '<pattern>'"}), which the flow's patterns, Table 1's boolean site
 * variables and the cohort size ({@code "true"}) share, so a count hidden in one table is hidden in
 * every table that prints it.
 */
public final class ResultsSuppression {

    private record Binding(Cell cell, Map<String, Object> owner, String key, List<String> dependents) {
    }

    private final CellSuppression engine;
    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, Cell> byLabel = new HashMap<>();

    private ResultsSuppression(int minCell) {
        this.engine = new CellSuppression(minCell);
    }

    /**
     * Suppresses the small cells of {@code results} (the object written as results.json) with
     * threshold {@code minCell}; {@code groupPredicates} maps analysis name → group → predicate, to
     * identify the same population across tables. Returns the engine (for inspection in tests).
     */
    public static CellSuppression apply(Map<String, Object> results, int minCell,
                                        Map<String, Map<String, String>> groupPredicates) {
        ResultsSuppression s = new ResultsSuppression(minCell);
        if (!s.engine.active()) {
            return s.engine;
        }
        s.declare(results, groupPredicates);
        s.engine.apply();
        s.blank();
        return s.engine;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    private static long count(Map<String, Object> owner, String key) {
        return ((Number) owner.get(key)).longValue();
    }

    /** A published count, shared with an earlier cell of the same label and count. */
    private Cell bind(String label, Map<String, Object> owner, String key, String... dependents) {
        long c = count(owner, key);
        Cell cell = null;
        if (label != null) {
            cell = byLabel.get(label + "#" + c);
        }
        if (cell == null) {
            cell = engine.published(label == null ? key : label, c);
            if (label != null) {
                byLabel.put(label + "#" + c, cell);
            }
        }
        bindings.add(new Binding(cell, owner, key, List.of(dependents)));
        return cell;
    }

    private void declare(Map<String, Object> results, Map<String, Map<String, String>> groupPredicates) {
        for (Map.Entry<String, Object> e : results.entrySet()) {
            Map<String, Object> a = obj(e.getValue());
            switch (e.getKey()) {
                case "cohort_flow" -> flow(a);
                case "baseline" -> baseline(a);
                case "adverse_events" -> adverseEvents(a);
                case "baseline_by_group" -> baselineByGroup(a, groupPredicates);
                default -> {
                    groups(a, groupPredicates.getOrDefault(e.getKey(), Map.of()));
                    coxAdjusted(a);
                    if (a.get("paired") instanceof Map<?, ?> p) {
                        paired(e.getKey(), obj(p));
                    }
                }
            }
        }
    }

    private void flow(Map<String, Object> f) {
        Cell reviewed = bind("reviewed", f, "reviewed");
        Cell included = bind("true", f, "included");
        List<Cell> parts = new ArrayList<>();
        Map<String, Object> excluded = obj(f.get("excluded"));
        for (String k : excluded.keySet()) {
            parts.add(bind("excluded:" + k, excluded, k));
        }
        parts.add(included);
        engine.partition(reviewed, parts);
        Map<String, Object> patterns = obj(f.get("patterns"));
        List<Cell> ps = new ArrayList<>();
        for (String k : patterns.keySet()) {
            ps.add(bind("pattern = '" + k + "'", patterns, k));
        }
        engine.partition(included, ps);
    }

    private void baseline(Map<String, Object> b) {
        Cell n = bind("true", b, "n");
        Map<String, Object> vars = obj(b.get("variables"));
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            List<Cell> parts = new ArrayList<>();
            for (Map.Entry<String, Object> cat : obj(v.getValue()).entrySet()) {
                String label = "yes".equals(cat.getKey()) ? v.getKey() : "baseline:" + v.getKey() + "=" + cat.getKey();
                parts.add(bind(label, obj(cat.getValue()), "n", "pct"));
            }
            engine.partition(n, parts);
        }
    }

    private void groups(Map<String, Object> a, Map<String, String> predicates) {
        Object g = a.get("groups");
        if (!(g instanceof Map<?, ?>)) {
            return;
        }
        for (Map.Entry<String, Object> e : obj(g).entrySet()) {
            Map<String, Object> group = obj(e.getValue());
            String predicate = predicates.get(e.getKey());
            Cell n = bind(predicate, group, "n");
            if (group.containsKey("responders")) {
                Cell r = bind(null, group, "responders", "rate", "ci");
                engine.partition(n, List.of(r, engine.implicit("non-responders", n.count() - r.count())));
                if (group.get("best_response") instanceof Map<?, ?> best) {
                    bestResponses(n, r, obj(best), group.get("disease_control"));
                }
            } else if (group.containsKey("events")) {
                Cell ev = bind(null, group, "events");
                engine.partition(n, List.of(ev, engine.implicit("censored", n.count() - ev.count())));
            }
        }
    }

    /** n = the categories; responders = CR + PR; disease control = CR + PR + SD. */
    private void bestResponses(Cell n, Cell responders, Map<String, Object> best, Object diseaseControl) {
        Map<String, Cell> cells = new java.util.LinkedHashMap<>();
        for (String k : best.keySet()) {
            cells.put(k, bind(null, best, k));
        }
        engine.partition(n, List.copyOf(cells.values()));
        engine.partition(responders, CohortCounts.RESPONDERS.stream().filter(cells::containsKey).map(cells::get).toList());
        if (diseaseControl instanceof Map<?, ?> dc) {
            Cell d = bind(null, obj(dc), "n", "rate", "ci");
            engine.partition(d, CohortCounts.DISEASE_CONTROL.stream().filter(cells::containsKey).map(cells::get).toList());
        }
    }

    private void paired(String analysis, Map<String, Object> p) {
        bind("paired population:" + analysis, p, "n");
        bind(null, p, "b", "difference", "ci", "mcnemar_exact");
        bind(null, p, "c", "difference", "ci", "mcnemar_exact");
    }

    /**
     * {@code baseline_by_group}: per comparison and group, n = each variable's categories; the group's n is
     * the population of its predicate (one cell with the analysis's group n when the counts agree).
     */
    private void baselineByGroup(Map<String, Object> byGroup, Map<String, Map<String, String>> groupPredicates) {
        for (Map.Entry<String, Object> c : byGroup.entrySet()) {
            Map<String, String> predicates = groupPredicates.getOrDefault(c.getKey(), Map.of());
            for (Map.Entry<String, Object> g : obj(obj(c.getValue()).get("groups")).entrySet()) {
                Map<String, Object> table = obj(g.getValue());
                Cell n = bind(predicates.get(g.getKey()), table, "n");
                for (Map.Entry<String, Object> v : obj(table.get("variables")).entrySet()) {
                    List<Cell> parts = new ArrayList<>();
                    for (Map.Entry<String, Object> cat : obj(v.getValue()).entrySet()) {
                        parts.add(bind("baseline_by_group:" + c.getKey() + ":" + g.getKey() + ":" + v.getKey() + "="
                                + cat.getKey(), obj(cat.getValue()), "n", "pct"));
                    }
                    engine.partition(n, parts);
                }
            }
        }
    }

    /** {@code cox_adjusted} of a comparison: n = events + censored (censored implicit). */
    private void coxAdjusted(Map<String, Object> a) {
        if (!(a.get("cox_adjusted") instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> cox = obj(a.get("cox_adjusted"));
        Cell n = bind(null, cox, "n");
        Cell ev = bind(null, cox, "events");
        engine.partition(n, List.of(ev, engine.implicit("censored", n.count() - ev.count())));
    }

    private void adverseEvents(Map<String, Object> ae) {
        Cell n = bind("true", ae, "n");
        Map<String, Cell> flags = new java.util.HashMap<>();
        for (String flag : List.of("any_grade", "dose_reduced", "interrupted", "grade_3_plus")) {
            if (!ae.containsKey(flag)) {
                continue;
            }
            Cell c = bind(null, obj(ae.get(flag)), "n", "pct");
            engine.partition(n, List.of(c, engine.implicit("not " + flag, n.count() - c.count())));
            flags.put(flag, c);
        }
        for (Map.Entry<String, Object> t : obj(ae.get("terms")).entrySet()) {
            termRow(n, t.getKey(), obj(t.getValue()));
        }
        if (ae.get("total") instanceof Map<?, ?> total) {
            Cell[] bands = termRow(n, "any term", obj(total));
            if (flags.containsKey("grade_3_plus")) {
                engine.partition(flags.get("grade_3_plus"), List.of(bands[1], bands[2]));
            }
        }
    }

    /** One row of Table 2: n = any + without (implicit); any = grade 1–2 + 3 + ≥ 4 (returned). */
    private Cell[] termRow(Cell n, String name, Map<String, Object> term) {
        Cell any = bind(null, term, "any");
        engine.partition(n, List.of(any, engine.implicit("without " + name, n.count() - any.count())));
        Cell[] bands = {bind(null, term, "grade_1_2"), bind(null, term, "grade_3"), bind(null, term, "grade_4_plus")};
        engine.partition(any, List.of(bands));
        return bands;
    }

    private void blank() {
        for (Binding b : bindings) {
            if (!b.cell().suppressed()) {
                continue;
            }
            b.owner().put(b.key(), null);
            for (String d : b.dependents()) {
                if (b.owner().containsKey(d)) {
                    b.owner().put(d, null);
                }
            }
            b.owner().put("suppressed", true);
        }
    }
}
