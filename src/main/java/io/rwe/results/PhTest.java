package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ph_test} of a Cox model (docs/study.md, "Beyond the paper"): R's {@code cox.zph(fit)} with the
 * {@code km} transform, one test per variable of the model (a factor's levels together; the group's
 * variable is named {@code group}) and the global test. p &lt; 0.05 says the hazard ratio changes over time.
 *
 * @param transform the time transform ({@code "km"})
 * @param terms     variable → its test, in the model's order
 * @param global    the test of all variables together
 */
public record PhTest(String transform, Map<String, ChiSquare> terms, ChiSquare global) {

    public PhTest {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("transform", transform);
        o.put("terms", JsonFields.objects(terms, ChiSquare::toJson));
        o.put("global", global == null ? null : global.toJson());
        return o;
    }

    static PhTest read(JsonNode o, JsonFields.At at) {
        return o == null ? null : new PhTest(JsonFields.text(o, "transform", at),
                JsonFields.members(o, "terms", at, ChiSquare::read),
                ChiSquare.read(JsonFields.object(o, "global", at), at.field("global")));
    }
}
