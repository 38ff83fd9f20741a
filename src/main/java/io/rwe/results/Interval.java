package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A pair {@code [lower, upper]} of results.json: a confidence interval, a range. A bound that does not
 * exist (a median CI not reached, a suppressed value) is null or NaN and written as {@code null}.
 */
public record Interval(Double lower, Double upper) {

    /** Both bounds unknown. */
    public static Interval unknown() {
        return new Interval(Double.NaN, Double.NaN);
    }

    Object toJson() {
        return JsonFields.list(lower, upper);
    }

    /** The pair at {@code o.f}: null when absent or null (a suppressed interval). */
    static Interval read(JsonNode o, String f, JsonFields.At at) {
        JsonNode n = o.path(f);
        if (JsonFields.absent(n)) {
            return null;
        }
        if (!n.isArray() || n.size() != 2) {
            throw at.field(f).bad("[lower, upper]", n);
        }
        JsonFields.At here = at.field(f);
        return new Interval(bound(n.get(0), here), bound(n.get(1), here));
    }

    private static Double bound(JsonNode n, JsonFields.At at) {
        if (JsonFields.absent(n)) {
            return null;
        }
        if (!n.isNumber()) {
            throw at.bad("a number or null", n);
        }
        return n.doubleValue();
    }

    /** The bounds as a list (for tables and paths). */
    public List<Double> asList() {
        return JsonFields.list(lower, upper);
    }
}
