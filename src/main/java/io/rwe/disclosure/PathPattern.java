package io.rwe.disclosure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dotted path into a JSON document with wildcards (conf/disclosure.conf): a segment is a key, {@code *}
 * (every key at that place) or {@code {name}} (every key, bound to {@code name}). Matching walks JSON
 * objects only (maps); keys are never split on dots once matched, so a key holding a dot (a free-text
 * adverse-event term) is matched as one segment.
 */
record PathPattern(List<String> segments) {

    /** Keys that hold markers, not results: never matched by a wildcard. */
    static final Set<String> MARKERS = Set.of("suppressed", "not_estimable");

    /** One match: the bindings of the named segments, the object holding the value and the value's key. */
    record Match(Map<String, String> bindings, List<String> path, Map<String, Object> owner, String key) {
        Object value() {
            return owner.get(key);
        }

        /** The matched path as dotted text (for messages and labels). */
        String where() {
            return String.join(".", path);
        }
    }

    PathPattern {
        segments = List.copyOf(segments);
    }

    static PathPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        return new PathPattern(List.of(text.trim().split("\\.")));
    }

    static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** The names of the {@code {name}} segments, in order. */
    Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : segments) {
            if (isVariable(s)) {
                out.add(s.substring(1, s.length() - 1));
            }
        }
        return out;
    }

    /** This pattern with the bound variables replaced by their values. */
    PathPattern bind(Map<String, String> bindings) {
        List<String> out = new ArrayList<>(segments.size());
        for (String s : segments) {
            String v = isVariable(s) ? bindings.get(s.substring(1, s.length() - 1)) : null;
            out.add(v != null ? v : s);
        }
        return new PathPattern(out);
    }

    /** The last segment (the name of the value). */
    String last() {
        return segments.get(segments.size() - 1);
    }

    /** Every value of {@code root} the pattern reaches (present keys only; the value may be anything). */
    List<Match> match(Map<String, Object> root) {
        List<Match> out = new ArrayList<>();
        walk(root, 0, new LinkedHashMap<>(), new ArrayList<>(), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void walk(Map<String, Object> node, int i, Map<String, String> bound, List<String> path, List<Match> out) {
        String seg = segments.get(i);
        boolean wild = seg.equals("*") || isVariable(seg);
        Iterable<String> keys = wild ? new ArrayList<>(node.keySet()) : Collections.singletonList(seg);
        for (String k : keys) {
            if (!node.containsKey(k) || (wild && MARKERS.contains(k))) {
                continue;
            }
            Map<String, String> b = bound;
            if (isVariable(seg)) {
                b = new LinkedHashMap<>(bound);
                b.put(seg.substring(1, seg.length() - 1), k);
            }
            path.add(k);
            if (i == segments.size() - 1) {
                out.add(new Match(Collections.unmodifiableMap(new LinkedHashMap<>(b)), List.copyOf(path), node, k));
            } else if (node.get(k) instanceof Map<?, ?> child) {
                walk((Map<String, Object>) child, i + 1, b, path, out);
            }
            path.remove(path.size() - 1);
        }
    }

    /** Replaces {@code {name}} in a text template by the bound values. */
    static String fill(String template, Map<String, String> bindings) {
        String out = template;
        for (Map.Entry<String, String> e : bindings.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
