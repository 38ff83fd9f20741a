package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * {@code cohort_flow} of results.json (docs/study.md, "Results contract"; the paper's Figure 1):
 * patients reviewed, excluded per flow step (in the study's {@code flow-steps} order), included, and
 * included per metastasis pattern (in the study's {@code patterns} order).
 */
public record Flow(Long reviewed, Counts excluded, Long included, Counts patterns, boolean suppressed) {

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("reviewed", reviewed);
        o.put("excluded", excluded.toJson());
        o.put("included", included);
        o.put("patterns", patterns.toJson());
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static Flow read(JsonNode o, JsonFields.At at) {
        return new Flow(JsonFields.count(o, "reviewed", at), Counts.read(o, "excluded", at),
                JsonFields.count(o, "included", at), Counts.read(o, "patterns", at), JsonFields.suppressed(o));
    }
}
