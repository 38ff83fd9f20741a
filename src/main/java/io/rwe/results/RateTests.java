package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * The tests of a two-group rate analysis on the 2×2 table (responders, non-responders) × groups:
 * Pearson's χ² without and with Yates' correction and Fisher's exact two-sided test (statistic null).
 */
public record RateTests(Test chisq, Test chisqYates, Test fisher) {

    /** One test: its statistic (null for Fisher's) and p. */
    public record Test(Double statistic, Double p) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("statistic", statistic);
            o.put("p", p);
            return o;
        }

        static Test read(JsonNode o, JsonFields.At at) {
            return o == null ? null : new Test(JsonFields.number(o, "statistic", at), JsonFields.number(o, "p", at));
        }
    }

    /** The tests by their results.json names, in order. */
    public Map<String, Test> byName() {
        Map<String, Test> m = new java.util.LinkedHashMap<>();
        m.put("chisq", chisq);
        m.put("chisq_yates", chisqYates);
        m.put("fisher", fisher);
        return m;
    }

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        byName().forEach((k, t) -> o.put(k, t == null ? null : t.toJson()));
        return o;
    }

    static RateTests read(JsonNode o, JsonFields.At at) {
        if (o == null) {
            return null;
        }
        return new RateTests(Test.read(JsonFields.object(o, "chisq", at), at.field("chisq")),
                Test.read(JsonFields.object(o, "chisq_yates", at), at.field("chisq_yates")),
                Test.read(JsonFields.object(o, "fisher", at), at.field("fisher")));
    }
}
