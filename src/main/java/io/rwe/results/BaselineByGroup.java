package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code baseline_by_group} (docs/study.md, "Beyond the paper"): for each comparison, Table 1 within each
 * of its groups (the {@link Baseline} object of the group's patients, pct of the group) and the
 * standardized mean difference of every variable between the two groups (tableone's SMD: {@code age}
 * from the means and sample variances, a categorical variable from its level proportions, missing
 * included).
 *
 * @param comparisons comparison name → its grouping, in the order of the comparisons
 */
public record BaselineByGroup(Map<String, Grouping> comparisons) {

    public BaselineByGroup {
        comparisons = Collections.unmodifiableMap(new LinkedHashMap<>(comparisons));
    }

    /**
     * One comparison's Table 1 by group.
     *
     * @param groups group → Table 1 of its patients, in the comparison's order
     * @param smd    {@code age}, then every Table 1 variable → SMD (null when not defined)
     */
    public record Grouping(Map<String, Baseline> groups, Map<String, Double> smd) {
        public Grouping {
            groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            smd = Collections.unmodifiableMap(new LinkedHashMap<>(smd));
        }

        Map<String, Object> toJson() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("groups", JsonFields.objects(groups, Baseline::toJson));
            o.put("smd", new LinkedHashMap<>(smd));
            return o;
        }

        static Grouping read(JsonNode o, JsonFields.At at) {
            Map<String, Double> smd = new LinkedHashMap<>();
            JsonNode s = JsonFields.object(o, "smd", at);
            if (s != null) {
                s.fieldNames().forEachRemaining(k -> smd.put(k, JsonFields.number(s, k, at.field("smd"))));
            }
            return new Grouping(JsonFields.members(o, "groups", at, Baseline::read), smd);
        }
    }

    public Map<String, Object> toJson() {
        return JsonFields.objects(comparisons, Grouping::toJson);
    }

    static BaselineByGroup read(JsonNode o, JsonFields.At at) {
        return new BaselineByGroup(JsonFields.membersOf(o, at, Grouping::read));
    }
}
