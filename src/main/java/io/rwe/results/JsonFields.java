package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reading one field of a results.json object, for the records of this package. Absent and {@code null}
 * read as null; a value of the wrong kind is refused with one line naming the file and the field's
 * path ({@code results.json: pfs_all.groups.all.n: expected a count, got "x"}).
 */
final class JsonFields {

    private JsonFields() {
    }

    /** Where a value is: the file and the dotted path inside it. */
    record At(String file, String path) {
        At field(String name) {
            return new At(file, path.isEmpty() ? name : path + "." + name);
        }

        BadInputException bad(String expected, JsonNode got) {
            return new BadInputException(file + ": " + path + ": expected " + expected + ", got " + got);
        }
    }

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** An integer count, or null. */
    static Long count(JsonNode o, String f, At at) {
        JsonNode n = o.path(f);
        if (absent(n)) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw at.field(f).bad("a count", n);
        }
        return n.longValue();
    }

    /** An int, or null. */
    static Integer integer(JsonNode o, String f, At at) {
        Long v = count(o, f, at);
        return v == null ? null : Math.toIntExact(v);
    }

    /** A number, or null (written as null: not finite, not reached, suppressed). */
    static Double number(JsonNode o, String f, At at) {
        JsonNode n = o.path(f);
        if (absent(n)) {
            return null;
        }
        if (!n.isNumber()) {
            throw at.field(f).bad("a number", n);
        }
        return n.doubleValue();
    }

    static String text(JsonNode o, String f, At at) {
        JsonNode n = o.path(f);
        if (absent(n)) {
            return null;
        }
        if (!n.isTextual()) {
            throw at.field(f).bad("text", n);
        }
        return n.textValue();
    }

    static boolean suppressed(JsonNode o) {
        return o.path("suppressed").asBoolean(false);
    }

    /** The object at {@code f}, or null when absent or null. */
    static JsonNode object(JsonNode o, String f, At at) {
        JsonNode n = o.path(f);
        if (absent(n)) {
            return null;
        }
        if (!n.isObject()) {
            throw at.field(f).bad("an object", n);
        }
        return n;
    }

    /**
     * The members of the object at {@code f} in file order, each read by {@code read}; the key
     * {@code suppressed} (a marker, not a member) is skipped. Empty when absent.
     */
    static <T> Map<String, T> members(JsonNode o, String f, At at, BiFunction<JsonNode, At, T> read) {
        return membersOf(object(o, f, at), at.field(f), read);
    }

    /** The members of the object {@code n} itself (empty when null), as {@link #members}. */
    static <T> Map<String, T> membersOf(JsonNode n, At at, BiFunction<JsonNode, At, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        if (absent(n)) {
            return out;
        }
        if (!n.isObject()) {
            throw at.bad("an object", n);
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("suppressed")) {
                out.put(e.getKey(), read.apply(e.getValue(), at.field(e.getKey())));
            }
        });
        return out;
    }

    /** The counts of the object at {@code f} (member → count), the marker skipped. */
    static Map<String, Long> counts(JsonNode o, String f, At at) {
        Map<String, Long> out = new LinkedHashMap<>();
        JsonNode n = object(o, f, at);
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("suppressed")) {
                out.put(e.getKey(), count(n, e.getKey(), at.field(f)));
            }
        });
        return out;
    }

    /** Text members of the object at {@code f} (member → text). */
    static Map<String, String> texts(JsonNode o, String f, At at) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = object(o, f, at);
        if (n != null) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), text(n, e.getKey(), at.field(f))));
        }
        return out;
    }

    /** The JSON object of a map of records, each written by {@code write}, in the map's order. */
    static <T> Map<String, Object> objects(Map<String, T> members, java.util.function.Function<T, Object> write) {
        Map<String, Object> o = new LinkedHashMap<>();
        members.forEach((k, v) -> o.put(k, write.apply(v)));
        return o;
    }

    /** Writes a pair as a two-element list (non-finite bounds become null when written). */
    static List<Double> list(Double a, Double b) {
        List<Double> l = new ArrayList<>(2);
        l.add(a);
        l.add(b);
        return l;
    }
}
