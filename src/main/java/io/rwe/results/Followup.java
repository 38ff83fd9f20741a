package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * {@code followup} of a Kaplan–Meier group (docs/study.md, "Beyond the paper"): the median follow-up by
 * the reverse Kaplan–Meier method (censorings as events, R's {@code survfit(Surv(t, 1 - e) ~ 1)}) with its
 * log CI, as {@code print(survfit)} shows it; null where not reached. Months.
 */
public record Followup(Double median, Interval medianCi) {

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("median", median);
        o.put("median_ci", medianCi == null ? null : medianCi.toJson());
        return o;
    }

    static Followup read(JsonNode o, JsonFields.At at) {
        return o == null ? null : new Followup(JsonFields.number(o, "median", at), Interval.read(o, "median_ci", at));
    }
}
