package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * One group of a Kaplan–Meier analysis: patients, events, the median with its CI as R's
 * {@code print(survfit)} shows them (null where not reached), the range of observed times, the
 * restricted mean to τ and the median follow-up (reverse Kaplan–Meier; null when not computed). Times in
 * months.
 */
public record KmGroup(Long n, Long events, Double median, Interval medianCi, Interval range, Rmst rmst,
                      Followup followup, boolean suppressed) {

    /** A group without the follow-up. */
    public KmGroup(Long n, Long events, Double median, Interval medianCi, Interval range, Rmst rmst,
                   boolean suppressed) {
        this(n, events, median, medianCi, range, rmst, null, suppressed);
    }

    /** A copy with the median follow-up. */
    public KmGroup withFollowup(Followup f) {
        return new KmGroup(n, events, median, medianCi, range, rmst, f, suppressed);
    }

    /** Restricted mean survival time to {@code tau} with its standard error (R's {@code rmean}). */
    public record Rmst(Double tau, Double estimate, Double se) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("tau", tau);
            o.put("estimate", estimate);
            o.put("se", se);
            return o;
        }

        static Rmst read(JsonNode o, JsonFields.At at) {
            return o == null ? null : new Rmst(JsonFields.number(o, "tau", at), JsonFields.number(o, "estimate", at),
                    JsonFields.number(o, "se", at));
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("events", events);
        o.put("median", median);
        o.put("median_ci", medianCi == null ? null : medianCi.toJson());
        o.put("range", range == null ? null : range.toJson());
        o.put("rmst", rmst == null ? null : rmst.toJson());
        if (followup != null) {
            o.put("followup", followup.toJson());
        }
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static KmGroup read(JsonNode o, JsonFields.At at) {
        return new KmGroup(JsonFields.count(o, "n", at), JsonFields.count(o, "events", at),
                JsonFields.number(o, "median", at), Interval.read(o, "median_ci", at), Interval.read(o, "range", at),
                Rmst.read(JsonFields.object(o, "rmst", at), at.field("rmst")),
                Followup.read(JsonFields.object(o, "followup", at), at.field("followup")), JsonFields.suppressed(o));
    }
}
