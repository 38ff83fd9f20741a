package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code rmst_diff} of a two-group comparison (docs/study.md, "Beyond the paper"): the difference of the
 * restricted mean survival times at τ, the smaller of the two groups' largest observed times (each as R's
 * {@code summary(survfit(...), rmean = tau)$table}), with se = √(se₁² + se₂²), its normal CI and
 * two-sided p. In the study the difference is the first-named group minus the reference; in
 * {@code jobs/survival} the second group minus the first.
 *
 * @param groups group → its restricted mean and se, the two groups in the comparison's order
 */
public record RmstDiff(Double tau, Map<String, Estimate> groups, Double estimate, Double se, Interval ci, Double p) {

    public RmstDiff {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** A restricted mean with its standard error. */
    public record Estimate(Double estimate, Double se) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("estimate", estimate);
            o.put("se", se);
            return o;
        }

        static Estimate read(JsonNode o, JsonFields.At at) {
            return new Estimate(JsonFields.number(o, "estimate", at), JsonFields.number(o, "se", at));
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("tau", tau);
        o.put("groups", JsonFields.objects(groups, Estimate::toJson));
        o.put("estimate", estimate);
        o.put("se", se);
        o.put("ci", ci == null ? null : ci.toJson());
        o.put("p", p);
        return o;
    }

    static RmstDiff read(JsonNode o, JsonFields.At at) {
        return o == null ? null : new RmstDiff(JsonFields.number(o, "tau", at),
                JsonFields.members(o, "groups", at, Estimate::read), JsonFields.number(o, "estimate", at),
                JsonFields.number(o, "se", at), Interval.read(o, "ci", at), JsonFields.number(o, "p", at));
    }
}
