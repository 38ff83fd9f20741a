package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of an analysis that the data cannot support, each with its reason (docs/analyze.md,
 * "Not estimable"): written as {@code "not_estimable": {"<part>": "<reason>"}} in the analysis
 * object, which keeps every part that could be computed. Parts are {@code logrank}, {@code hr},
 * {@code cox}, {@code tests}, {@code tests.<test>} and {@code groups.<group>}. Absent from
 * results.json when every part was estimated.
 */
public record NotEstimable(Map<String, String> reasons) {

    public NotEstimable {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    public static NotEstimable none() {
        return new NotEstimable(Map.of());
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    /** The reason {@code part} is not estimable, or null when it is. */
    public String reason(String part) {
        return reasons.get(part);
    }

    /** A copy with {@code part} not estimable for {@code reason}. */
    public NotEstimable with(String part, String reason) {
        Map<String, String> m = new LinkedHashMap<>(reasons);
        m.put(part, reason);
        return new NotEstimable(m);
    }

    /** A copy with every part of {@code other} added. */
    public NotEstimable with(NotEstimable other) {
        Map<String, String> m = new LinkedHashMap<>(reasons);
        m.putAll(other.reasons);
        return new NotEstimable(m);
    }

    /** Adds {@code "not_estimable"} to {@code o} unless empty. */
    void addTo(Map<String, Object> o) {
        if (!reasons.isEmpty()) {
            o.put("not_estimable", new LinkedHashMap<>(reasons));
        }
    }

    static NotEstimable read(JsonNode o, JsonFields.At at) {
        return new NotEstimable(JsonFields.texts(o, "not_estimable", at));
    }
}
