package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.rwe.core.Json;
import io.rwe.results.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The published results as the paper's numbers address them: dotted paths into results.json
 * ({@code pfs_all.groups.all.median}, {@code <comparison>.hr.ci[0]}), resolved on the JSON
 * that the typed {@link Results} write. A segment {@code *} stands for every child (used for "any of the
 * tests").
 */
record ResultsView(JsonNode root) {

    static ResultsView of(Results results) {
        return new ResultsView(Json.read(Json.write(results.toJson())));
    }

    /** The node at {@code path}, or a missing node; {@code *} segments take the first match. */
    JsonNode at(String path) {
        List<JsonNode> all = all(path);
        return all.isEmpty() ? MissingNode.getInstance() : all.get(0);
    }

    /** Every node matching {@code path} ({@code *} expands to all children). */
    List<JsonNode> all(String path) {
        List<JsonNode> cur = List.of(root);
        for (String seg : segments(path)) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : cur) {
                if (seg.equals("*")) {
                    n.elements().forEachRemaining(next::add);
                } else if (seg.startsWith("[")) {
                    JsonNode c = n.get(Integer.parseInt(seg.substring(1, seg.length() - 1)));
                    if (c != null) {
                        next.add(c);
                    }
                } else {
                    JsonNode c = n.get(seg);
                    if (c != null) {
                        next.add(c);
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    /** The number at {@code path}, empty when absent, null or not a number. */
    OptionalDouble number(String path) {
        JsonNode n = at(path);
        return n.isNumber() ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /**
     * Whether the registry's value at {@code path} is a suppressed small cell (not comparable): not a
     * number, in an object marked {@code "suppressed": true}.
     */
    boolean suppressedAt(String path) {
        if (at(path).isNumber()) {
            return false;
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 && at(path.substring(0, dot)).path("suppressed").asBoolean(false);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            if (b < 0) {
                out.add(part);
            } else {
                if (b > 0) {
                    out.add(part.substring(0, b));
                }
                for (String idx : part.substring(b).split("(?=\\[)")) {
                    out.add(idx);
                }
            }
        }
        return out;
    }
}
