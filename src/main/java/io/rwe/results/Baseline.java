package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code baseline} of results.json (Table 1): the cohort size, age at the index and, per variable of
 * the study's {@code baseline.variables}, its categories in order, each {@link CountPct}.
 *
 * @param variables variable → category → count, in the printed order
 */
public record Baseline(Long n, Age age, Map<String, Map<String, CountPct>> variables, boolean suppressed) {

    public Baseline {
        Map<String, Map<String, CountPct>> v = new LinkedHashMap<>();
        variables.forEach((k, c) -> v.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(c))));
        variables = Collections.unmodifiableMap(v);
    }

    /**
     * Age at the index: the median (R's {@code median}, NaN without ages), minimum and maximum (null
     * without ages).
     */
    public record Age(Double median, Integer min, Integer max) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("median", median);
            o.put("min", min);
            o.put("max", max);
            return o;
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("age", age.toJson());
        o.put("variables", JsonFields.objects(variables, cats -> JsonFields.objects(cats, CountPct::toJson)));
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static Baseline read(JsonNode o, JsonFields.At at) {
        JsonNode a = o.path("age");
        JsonFields.At ageAt = at.field("age");
        Age age = new Age(JsonFields.number(a, "median", ageAt), JsonFields.integer(a, "min", ageAt),
                JsonFields.integer(a, "max", ageAt));
        Map<String, Map<String, CountPct>> vars = JsonFields.members(o, "variables", at,
                (v, vAt) -> JsonFields.membersOf(v, vAt, CountPct::read));
        return new Baseline(JsonFields.count(o, "n", at), age, vars, JsonFields.suppressed(o));
    }
}
