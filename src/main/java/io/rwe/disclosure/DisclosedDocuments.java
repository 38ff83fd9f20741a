package io.rwe.disclosure;

import io.rwe.disclosure.CountCells.Cell;
import io.rwe.stats.ClopperPearson;
import io.rwe.stats.ProportionInterval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Applies a {@link DisclosurePolicy} to the JSON documents of a run (results.json, the manifest's counts),
 * in place, as their {@link Declarations} describe them. One {@link CountCells} holds the counts of every
 * document, so a population hidden in one is hidden in all.
 *
 * <p>In order: every declared count becomes a cell (counts of one population and value share a cell); every
 * relation is declared; the cells are suppressed ({@link CountCells#apply}); then
 * <ul>
 *   <li>a suppressed count becomes {@code null} and its object gains {@code "suppressed": true} (in such an
 *       object every {@code null} count is a suppressed one); a published count is rounded as the policy
 *       says;</li>
 *   <li>a percentage is 100·count/of, a rate count/of with its exact (Clopper–Pearson) 95% CI, both from
 *       the published counts; {@code null} when either count is suppressed (as the policy's
 *       {@code suppress} lists); left as computed when neither is suppressed and nothing is rounded (then
 *       they are the same numbers);</li>
 *   <li>single patients' values are set to {@code null} (a pair to {@code [null, null]}) when the policy
 *       withholds extremes;</li>
 *   <li>values that depend on a suppressed count are withheld when the policy withholds small groups:
 *       blanked in place (every number in them null, their shape kept), or, where a reason is declared,
 *       left out with the reason written there (as a part that is not estimable).</li>
 * </ul>
 * With a policy that changes nothing the documents are left untouched.
 */
public final class DisclosedDocuments {

    /** One document: its file name (for labels), its root object and what is declared of it. */
    public record Document(String name, Map<String, Object> root, Declarations declarations) {
    }

    private record Binding(Document doc, PathPattern.Match match, Declarations.Count decl, Cell cell) {
    }

    private final DisclosurePolicy policy;
    private final UnaryOperator<String> populations;
    private final CountCells cells = new CountCells();
    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, Cell> byPath = new HashMap<>();
    private final Map<String, Cell> byPopulation = new HashMap<>();

    private DisclosedDocuments(DisclosurePolicy policy, UnaryOperator<String> populations) {
        this.policy = policy;
        this.populations = populations;
    }

    /**
     * Applies {@code policy} to {@code documents}; {@code populations} turns a declared population (after
     * its variables are filled in) into the name under which counts of the same patients meet. Returns the
     * cells (for inspection).
     */
    public static CountCells apply(List<Document> documents, DisclosurePolicy policy, UnaryOperator<String> populations) {
        DisclosedDocuments d = new DisclosedDocuments(policy, populations);
        if (!policy.active()) {
            return d.cells;
        }
        for (Document doc : documents) {
            d.declareCounts(doc);
        }
        for (Document doc : documents) {
            d.declareRelations(doc);
        }
        d.cells.apply(policy.suppressBelow(), policy.complementary());
        d.writeCounts();
        d.writeDerived();
        for (Document doc : documents) {
            if (policy.withholdExtremes()) {
                for (PathPattern p : doc.declarations().extremes()) {
                    for (PathPattern.Match m : p.match(doc.root())) {
                        m.owner().put(m.key(), blank(m.value()));
                    }
                }
            }
            if (policy.withholdSmallGroups()) {
                d.withhold(doc);
            }
        }
        return d.cells;
    }

    /** A value with every number, text and flag in it set to null, its shape kept. */
    @SuppressWarnings("unchecked")
    static Object blank(Object v) {
        if (v instanceof List<?> l) {
            return nulls(l.size());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, blank(x)));
            return out;
        }
        return null;
    }

    private static List<Object> nulls(int n) {
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(null);
        }
        return l;
    }

    private static String key(Document doc, List<String> path) {
        return doc.name() + "\u0000" + String.join("\u0000", path);
    }

    private Cell cellAt(Document doc, PathPattern exact) {
        return byPath.get(key(doc, exact.segments()));
    }

    private void declareCounts(Document doc) {
        for (Declarations.Count decl : doc.declarations().counts()) {
            for (PathPattern.Match m : decl.path().match(doc.root())) {
                if (!(m.value() instanceof Number n) || byPath.containsKey(key(doc, m.path()))) {
                    continue;
                }
                long count = n.longValue();
                String population = decl.population() == null ? null
                        : populations.apply(PathPattern.fill(decl.population(), m.bindings()));
                Cell cell = population == null ? null : byPopulation.get(population + "\u0000" + count);
                if (cell == null) {
                    cell = cells.published(doc.name() + ":" + m.where(), count);
                    if (population != null) {
                        byPopulation.put(population + "\u0000" + count, cell);
                    }
                }
                byPath.put(key(doc, m.path()), cell);
                bindings.add(new Binding(doc, m, decl, cell));
            }
        }
    }

    private void declareRelations(Document doc) {
        Map<String, Cell> named = new HashMap<>();
        for (Declarations.Relation rel : doc.declarations().relations()) {
            for (RelationInstances.Instance inst : RelationInstances.of(rel, doc.root(),
                    path -> byPath.containsKey(key(doc, path)))) {
                List<Cell> parts = new ArrayList<>();
                long sum = 0;
                for (List<String> p : inst.parts()) {
                    Cell c = byPath.get(key(doc, p));
                    parts.add(c);
                    sum += c.count();
                }
                Cell total;
                if (inst.total() != null) {
                    total = byPath.get(key(doc, inst.total()));
                } else {
                    total = named.get(inst.name());
                    if (total == null) {
                        total = cells.unseen(doc.name() + ":" + inst.name().substring(1), sum);
                        named.put(inst.name(), total);
                    }
                }
                if (inst.unseen() != null) {
                    parts.add(cells.unseen(doc.name() + ":" + inst.unseen(), total.count() - sum));
                }
                cells.relation(total, parts);
            }
        }
    }

    private void writeCounts() {
        for (Binding b : bindings) {
            Map<String, Object> owner = b.match().owner();
            if (b.cell().suppressed()) {
                owner.put(b.match().key(), null);
                owner.put("suppressed", true);
            } else if (policy.rounds()) {
                owner.put(b.match().key(), policy.publish(b.cell().count()));
            }
        }
    }

    private void writeDerived() {
        for (Binding b : bindings) {
            Declarations.Count d = b.decl();
            for (Declarations.Derived derived : new Declarations.Derived[] {d.percentage(), d.rate()}) {
                if (derived == null) {
                    continue;
                }
                Cell of = cellAt(b.doc(), derived.of().bind(b.match().bindings()));
                boolean rate = derived == d.rate();
                Map<String, Object> owner = b.match().owner();
                if (b.cell().hidden() || of == null || of.hidden()) {
                    if (policy.suppresses(rate ? "rates" : "percentages")) {
                        put(owner, derived.field(), null);
                    }
                    if (rate && derived.ci() != null && policy.suppresses("rate-cis")) {
                        put(owner, derived.ci(), null);
                    }
                    continue;
                }
                if (!policy.rounds()) {
                    continue;
                }
                long x = policy.publish(b.cell().count());
                long n = policy.publish(of.count());
                if (!rate) {
                    put(owner, derived.field(), n == 0 ? Double.NaN : 100.0 * x / n);
                } else if (n > 0) {
                    put(owner, derived.field(), (double) x / n);
                    if (derived.ci() != null) {
                        ProportionInterval ci = ClopperPearson.interval(x, n, 0.95);
                        List<Object> pair = new ArrayList<>(2);
                        pair.add(ci.lower());
                        pair.add(ci.upper());
                        put(owner, derived.ci(), pair);
                    }
                }
            }
        }
    }

    private static void put(Map<String, Object> owner, String field, Object value) {
        if (owner.containsKey(field)) {
            owner.put(field, value);
        }
    }

    @SuppressWarnings("unchecked")
    private void withhold(Document doc) {
        for (Declarations.Withheld w : doc.declarations().withheld()) {
            Map<Map<String, String>, Boolean> instances = new LinkedHashMap<>();
            for (PathPattern.Match m : w.whenSuppressed().match(doc.root())) {
                Cell c = byPath.get(key(doc, m.path()));
                boolean hidden = c != null && c.suppressed();
                instances.merge(m.bindings(), hidden, Boolean::logicalOr);
            }
            for (Map.Entry<Map<String, String>, Boolean> inst : instances.entrySet()) {
                if (!inst.getValue()) {
                    continue;
                }
                for (PathPattern v : w.values()) {
                    for (PathPattern.Match m : v.bind(inst.getKey()).match(doc.root())) {
                        if (m.value() == null) {
                            continue;
                        }
                        if (w.reasonAt() == null) {
                            m.owner().put(m.key(), blank(m.value()));
                            continue;
                        }
                        m.owner().remove(m.key());
                        Map<String, Object> node = doc.root();
                        for (String seg : w.reasonAt().bind(inst.getKey()).segments()) {
                            Object next = node.get(seg);
                            if (next == null) {
                                next = new LinkedHashMap<String, Object>();
                                node.put(seg, next);
                            }
                            if (!(next instanceof Map<?, ?>)) {
                                node = null;
                                break;
                            }
                            node = (Map<String, Object>) next;
                        }
                        if (node != null) {
                            node.put(v.last(), "withheld by the disclosure policy (" + policy.name()
                                    + "): a count it depends on is suppressed");
                        }
                    }
                }
            }
        }
    }
}
