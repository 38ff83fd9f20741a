package io.rwe.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The instances of a declared relation in one document: once per binding of its named variables, with the
 * concrete paths of its total and parts ({@code *} expanded). Shared by the policy ({@link DisclosedDocuments})
 * and the output checker ({@link OutputCheck}), so that both read a relation the same way.
 */
final class RelationInstances {

    /**
     * One instance.
     *
     * @param bindings the named variables' values
     * @param total    the total's path, or null when the total is named only ({@code =name})
     * @param name     the named total with its variables filled in, or null
     * @param parts    the parts' paths (counts present in the document)
     * @param unseen   the label of the unseen part, or null
     */
    record Instance(Map<String, String> bindings, List<String> total, String name, List<List<String>> parts,
                    String unseen) {
    }

    private RelationInstances() {
    }

    /**
     * The instances of {@code rel} in {@code root}; {@code isCount} tells which paths hold declared counts
     * (a total or part that is not one is left out). Instances without parts are left out.
     */
    static List<Instance> of(Declarations.Relation rel, Map<String, Object> root, Predicate<List<String>> isCount) {
        List<Map<String, String>> totals = new ArrayList<>();
        List<List<String>> totalPaths = new ArrayList<>();
        if (rel.totalPublished()) {
            for (PathPattern.Match m : PathPattern.parse(rel.total()).match(root)) {
                if (isCount.test(m.path())) {
                    totals.add(m.bindings());
                    totalPaths.add(m.path());
                }
            }
        } else {
            totals.add(Map.of());
            totalPaths.add(null);
        }
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < totals.size(); i++) {
            Map<String, String> tb = totals.get(i);
            Map<Map<String, String>, List<List<String>>> byBinding = new LinkedHashMap<>();
            for (PathPattern part : rel.parts()) {
                for (PathPattern.Match m : part.bind(tb).match(root)) {
                    if (isCount.test(m.path())) {
                        Map<String, String> all = new LinkedHashMap<>(tb);
                        all.putAll(m.bindings());
                        byBinding.computeIfAbsent(all, x -> new ArrayList<>()).add(m.path());
                    }
                }
            }
            for (Map.Entry<Map<String, String>, List<List<String>>> e : byBinding.entrySet()) {
                String name = rel.totalPublished() ? null : PathPattern.fill(rel.total(), e.getKey());
                String unseen = rel.unseen() == null ? null : PathPattern.fill(rel.unseen(), e.getKey()) + " of "
                        + (rel.totalPublished() ? String.join(".", totalPaths.get(i)) : name.substring(1));
                out.add(new Instance(e.getKey(), totalPaths.get(i), name, e.getValue(), unseen));
            }
        }
        return out;
    }
}
