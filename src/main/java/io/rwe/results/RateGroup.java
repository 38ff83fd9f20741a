package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * One group of a response-rate analysis: patients, responders (CR or PR), the rate responders/n and
 * its exact 95% CI, as proportions. The rate and CI are null for a group without patients, and with
 * the counts when suppressed.
 *
 * @param bestResponse   {@code best_response}: patients by best response of the group's scope, in the
 *                       order CR, PR, SD, PD, NE, {@code none} (no assessment); they add up to n. Null
 *                       when absent (results written before it was counted)
 * @param diseaseControl {@code disease_control}: patients with CR, PR or SD, with its rate and exact CI;
 *                       null when absent
 */
public record RateGroup(Long n, Long responders, Double rate, Interval ci, boolean suppressed, Counts bestResponse,
                        Proportion diseaseControl) {

    /** A group without its best-response breakdown. */
    public RateGroup(Long n, Long responders, Double rate, Interval ci, boolean suppressed) {
        this(n, responders, rate, ci, suppressed, null, null);
    }

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("responders", responders);
        o.put("rate", rate);
        o.put("ci", ci == null ? null : ci.toJson());
        if (bestResponse != null) {
            o.put("best_response", bestResponse.toJson());
        }
        if (diseaseControl != null) {
            o.put("disease_control", diseaseControl.toJson());
        }
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static RateGroup read(JsonNode o, JsonFields.At at) {
        JsonNode dc = JsonFields.object(o, "disease_control", at);
        return new RateGroup(JsonFields.count(o, "n", at), JsonFields.count(o, "responders", at),
                JsonFields.number(o, "rate", at), Interval.read(o, "ci", at), JsonFields.suppressed(o),
                JsonFields.object(o, "best_response", at) == null ? null : Counts.read(o, "best_response", at),
                dc == null ? null : Proportion.read(dc, at.field("disease_control")));
    }
}
