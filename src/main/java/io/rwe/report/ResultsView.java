package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Read-only view of {@code results.json} (docs/study.md, "Results contract") addressed by dotted paths:
 * {@code pfs_all.groups.all.median}, {@code mpfs_lungonly_vs_nonlung.hr.ci[0]}. A segment {@code *}
 * stands for every child (used for "any of the tests").
 */
record ResultsView(JsonNode root, Path file) {

    static ResultsView read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": results file not found");
        }
        JsonNode n;
        try {
            n = Json.read(file);
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file + ": expected one JSON object of analyses");
        }
        return new ResultsView(n, file);
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

    boolean has(String analysis) {
        return root.has(analysis) && root.get(analysis).isObject();
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
