package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * A count among a group's patients with its proportion and exact 95% CI, {@code {"n", "rate", "ci"}}
 * (a rate analysis group's {@code disease_control}); rate and CI are proportions (0–1). Suppressed: all
 * three null and the object marked {@code "suppressed": true}.
 */
public record Proportion(Long n, Double rate, Interval ci, boolean suppressed) {

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("rate", rate);
        o.put("ci", ci == null ? null : ci.toJson());
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static Proportion read(JsonNode o, JsonFields.At at) {
        return new Proportion(JsonFields.count(o, "n", at), JsonFields.number(o, "rate", at),
                Interval.read(o, "ci", at), JsonFields.suppressed(o));
    }
}
