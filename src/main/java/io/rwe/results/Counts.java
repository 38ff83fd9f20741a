package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object of named counts ({@code cohort_flow.excluded}, {@code cohort_flow.patterns}), in order.
 * A suppressed count is null, and the object is then marked {@code "suppressed": true}.
 */
public record Counts(Map<String, Long> values, boolean suppressed) {

    public Counts {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The count of {@code name}, null when suppressed or absent. */
    public Long get(String name) {
        return values.get(name);
    }

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.putAll(values);
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static Counts read(JsonNode owner, String f, JsonFields.At at) {
        JsonNode n = JsonFields.object(owner, f, at);
        return new Counts(JsonFields.counts(owner, f, at), n != null && JsonFields.suppressed(n));
    }
}
