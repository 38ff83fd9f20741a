package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * A χ² test of results.json: {@code {"chisq", "df", "p"}} (a comparison's log-rank test, a global test
 * of a Cox model, a row of a proportional-hazards test). A number that could not be computed is null.
 */
public record ChiSquare(Double chisq, Integer df, Double p) {

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("chisq", chisq);
        o.put("df", df);
        o.put("p", p);
        return o;
    }

    static ChiSquare read(JsonNode o, JsonFields.At at) {
        return o == null || o.isNull() ? null : new ChiSquare(JsonFields.number(o, "chisq", at),
                JsonFields.integer(o, "df", at), JsonFields.number(o, "p", at));
    }
}
