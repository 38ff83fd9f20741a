package io.rwe.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwe.disclosure.OutputCheck.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output checker's reading of a JSON file ({@link OutputCheck}): integers taken for counts, and for
 * results.json and manifest.json what their declarations say must hold of a published document.
 */
final class JsonCounts {

    private JsonCounts() {
    }

    static List<Finding> check(String file, JsonNode root, OutputCheck.Settings s) {
        List<Finding> out = new ArrayList<>();
        integers(file, root, "", s, out);
        Declarations d = file.equals("results.json") ? s.results() : file.equals("manifest.json") ? s.manifest() : null;
        if (d != null && s.policy().active() && root.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = new ObjectMapper().convertValue(root, LinkedHashMap.class);
            new Declared(file, tree, d, s, out).check();
        }
        return out;
    }

    private static boolean exempt(String file, String path, OutputCheck.Settings s) {
        for (String e : s.exempt()) {
            int colon = e.indexOf(':');
            if (colon > 0 && e.substring(0, colon).equals(file)) {
                String p = e.substring(colon + 1);
                if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void integers(String file, JsonNode n, String path, OutputCheck.Settings s, List<Finding> out) {
        if (!path.isEmpty() && exempt(file, path, s)) {
            return;
        }
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (!s.notCounts().contains(e.getKey())) {
                    integers(file, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), s, out);
                }
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                integers(file, n.get(i), path + "[" + i + "]", s, out);
            }
        } else if (n.isIntegralNumber() && n.asLong() >= 0 && !s.policy().allows(n.asLong())) {
            out.add(new Finding(file, path, n.asLong() + " is a count the policy " + s.policy().name()
                    + " does not allow (" + s.policy().allowedCounts() + ")"));
        }
    }

    /** The declared checks of one document. */
    private static final class Declared {
        private final String file;
        private final Map<String, Object> tree;
        private final Declarations d;
        private final OutputCheck.Settings s;
        private final List<Finding> out;
        private final Map<List<String>, Long> known = new HashMap<>();
        private final Set<List<String>> hidden = new HashSet<>();
        private final Set<List<String>> counts = new HashSet<>();

        Declared(String file, Map<String, Object> tree, Declarations d, OutputCheck.Settings s, List<Finding> out) {
            this.file = file;
            this.tree = tree;
            this.d = d;
            this.s = s;
            this.out = out;
        }

        private void finding(List<String> path, String message) {
            out.add(new Finding(file, String.join(".", path), message));
        }

        void check() {
            Map<String, List<String>> shownByPopulation = new HashMap<>();
            Map<String, List<List<String>>> hiddenByPopulation = new HashMap<>();
            for (Declarations.Count c : d.counts()) {
                for (PathPattern.Match m : c.path().match(tree)) {
                    Object v = m.value();
                    if (v != null && !(v instanceof Number)) {
                        continue;
                    }
                    counts.add(m.path());
                    String pop = c.population() == null ? null
                            : s.populations().apply(PathPattern.fill(c.population(), m.bindings()));
                    if (v instanceof Number n) {
                        known.put(m.path(), n.longValue());
                        if (pop != null) {
                            shownByPopulation.putIfAbsent(pop, m.path());
                        }
                    } else {
                        hidden.add(m.path());
                        if (!Boolean.TRUE.equals(m.owner().get("suppressed"))) {
                            finding(m.path(), "a null count in an object without \"suppressed\": true");
                        }
                        if (pop != null) {
                            hiddenByPopulation.computeIfAbsent(pop, x -> new ArrayList<>()).add(m.path());
                        }
                    }
                    derived(c, m);
                }
            }
            hiddenByPopulation.forEach((pop, paths) -> {
                List<String> shown = shownByPopulation.get(pop);
                if (shown != null) {
                    for (List<String> p : paths) {
                        finding(p, "suppressed here, but the same patients are counted at " + String.join(".", shown));
                        known.put(p, known.get(shown));
                    }
                }
            });
            relations();
            if (s.policy().withholdExtremes()) {
                for (PathPattern p : d.extremes()) {
                    for (PathPattern.Match m : p.match(tree)) {
                        if (present(m.value())) {
                            finding(m.path(), "a single patient's value, which the policy withholds");
                        }
                    }
                }
            }
            if (s.policy().withholdSmallGroups()) {
                withheld();
            }
        }

        /** Whether a value holds anything: a number, a text, a flag, in it or in its members. */
        private static boolean present(Object v) {
            if (v instanceof List<?> l) {
                return l.stream().anyMatch(Declared::present);
            }
            if (v instanceof Map<?, ?> m) {
                return m.values().stream().anyMatch(Declared::present);
            }
            return v != null;
        }

        private boolean isHidden(List<String> path) {
            return hidden.contains(path);
        }

        private void derived(Declarations.Count c, PathPattern.Match m) {
            for (Declarations.Derived dv : new Declarations.Derived[] {c.percentage(), c.rate()}) {
                if (dv == null) {
                    continue;
                }
                List<String> of = dv.of().bind(m.bindings()).segments();
                Object ofValue = valueAt(of);
                boolean hiddenAny = !(m.value() instanceof Number) || !(ofValue instanceof Number);
                Object field = m.owner().get(dv.field());
                Object ci = dv.ci() == null ? null : m.owner().get(dv.ci());
                List<String> at = new ArrayList<>(m.path().subList(0, m.path().size() - 1));
                if (hiddenAny) {
                    if (field instanceof Number) {
                        at.add(dv.field());
                        finding(at, "a number beside a suppressed count (or of a suppressed denominator) gives it back");
                    } else if (present(ci)) {
                        at.add(dv.ci());
                        finding(at, "a confidence interval of a suppressed count gives it back");
                    }
                    continue;
                }
                if (s.policy().rounds() && field instanceof Number f) {
                    long x = ((Number) m.value()).longValue();
                    long n = ((Number) ofValue).longValue();
                    double expected = n == 0 ? Double.NaN : (dv == c.percentage() ? 100.0 * x / n : (double) x / n);
                    if (!(Math.abs(f.doubleValue() - expected) <= 1e-9 * Math.abs(expected) + 1e-12)) {
                        at.add(dv.field());
                        finding(at, f + " is not computed from the published (rounded) counts " + x + " and " + n
                                + ": it would give the exact counts back");
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        private Object valueAt(List<String> path) {
            Object node = tree;
            for (String seg : path) {
                if (!(node instanceof Map<?, ?> m)) {
                    return null;
                }
                node = ((Map<String, Object>) m).get(seg);
            }
            return node;
        }

        /** Derivations chained through the relations: a suppressed count or a small unseen cell must stay unknown. */
        private void relations() {
            record Member(List<String> path, String label) {
            }
            List<List<Member>> instances = new ArrayList<>();
            for (Declarations.Relation rel : d.relations()) {
                for (RelationInstances.Instance inst : RelationInstances.of(rel, tree, counts::contains)) {
                    List<Member> members = new ArrayList<>();
                    members.add(inst.total() != null ? new Member(inst.total(), null) : new Member(null, inst.name()));
                    for (List<String> p : inst.parts()) {
                        members.add(new Member(p, null));
                    }
                    if (inst.unseen() != null) {
                        members.add(new Member(null, inst.unseen()));
                    }
                    instances.add(members);
                }
            }
            Map<String, Long> unseen = new HashMap<>();
            Set<List<String>> reported = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (List<Member> members : instances) {
                    Member unknown = null;
                    int n = 0;
                    long sumKnownParts = 0;
                    Long total = null;
                    for (int i = 0; i < members.size(); i++) {
                        Member m = members.get(i);
                        Long v = m.path() != null ? known.get(m.path()) : unseen.get(m.label());
                        if (v == null) {
                            unknown = m;
                            n++;
                        } else if (i == 0) {
                            total = v;
                        } else {
                            sumKnownParts += v;
                        }
                    }
                    if (n != 1) {
                        continue;
                    }
                    long value = unknown == members.get(0) ? sumKnownParts : total - sumKnownParts;
                    changed = true;
                    if (unknown.path() != null) {
                        known.put(unknown.path(), value);
                        if (isHidden(unknown.path()) && reported.add(unknown.path())) {
                            finding(unknown.path(), "a suppressed count that can be derived from the published ones"
                                    + (s.policy().rounds() ? " (about " : " (") + value + ")");
                        }
                    } else {
                        unseen.put(unknown.label(), value);
                        if (!s.policy().rounds() && s.policy().sensitive(value)) {
                            out.add(new Finding(file, unknown.label(), "derivable from the published counts as "
                                    + value + ", a count the policy " + s.policy().name() + " does not allow"));
                        }
                    }
                }
            }
        }

        private void withheld() {
            for (Declarations.Withheld w : d.withheld()) {
                Map<Map<String, String>, Boolean> instances = new LinkedHashMap<>();
                for (PathPattern.Match m : w.whenSuppressed().match(tree)) {
                    instances.merge(m.bindings(), isHidden(m.path()), Boolean::logicalOr);
                }
                instances.forEach((b, isSuppressed) -> {
                    if (!isSuppressed) {
                        return;
                    }
                    for (PathPattern v : w.values()) {
                        for (PathPattern.Match m : v.bind(b).match(tree)) {
                            if (present(m.value())) {
                                finding(m.path(), "a statistic of a group whose size is suppressed");
                            }
                        }
                    }
                });
            }
        }
    }
}
