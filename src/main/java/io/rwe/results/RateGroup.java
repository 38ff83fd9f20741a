package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * One group of a response-rate analysis: patients, responders (CR or PR), the rate responders/n and
 * its exact 95% CI, as proportions. The rate and CI are null for a group without patients, and with
 * the counts when suppressed.
 */
public record RateGroup(Long n, Long responders, Double rate, Interval ci, boolean suppressed) {

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("responders", responders);
        o.put("rate", rate);
        o.put("ci", ci == null ? null : ci.toJson());
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static RateGroup read(JsonNode o, JsonFields.At at) {
        return new RateGroup(JsonFields.count(o, "n", at), JsonFields.count(o, "responders", at),
                JsonFields.number(o, "rate", at), Interval.read(o, "ci", at), JsonFields.suppressed(o));
    }
}
