package io.rwe.derive;

import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cohort flow (docs/study.md "Flow"; the paper's Figure 1): patients reviewed, the number excluded at
 * each step (a patient counted at the first step that excludes them), the number included, and the
 * included patients per metastasis pattern. {@code reviewed = sum(excluded) + included}.
 *
 * @param reviewed  patients with a study-drug start inside the enrolment window
 * @param excluded  step name → patients excluded at it, in the order the steps are applied
 * @param included  patients of the analysis cohort
 * @param patterns  pattern name → included patients with it, in the configured rule order
 */
public record CohortFlow(long reviewed, Map<String, Long> excluded, long included, Map<String, Long> patterns) {

    public static final String NOT_ELIGIBLE = "not_eligible";
    public static final String NO_MEASURABLE_METASTASIS = "no_measurable_metastasis";
    public static final String CONCURRENT_SYSTEMIC = "concurrent_systemic";
    public static final String LOCOREGIONAL_METASTASIS = "locoregional_metastasis";
    /**
     * Data quality, not a study choice: death or last contact dated before the index date (the record
     * contradicts itself: an endpoint of 0 days, responses and adverse events after death). Applied
     * before the configured steps; listed only when it excludes someone.
     */
    public static final String FOLLOW_UP_BEFORE_INDEX = "follow_up_before_index";

    public CohortFlow {
        excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
        patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        long sum = included;
        for (long n : excluded.values()) {
            sum += n;
        }
        if (sum != reviewed) {
            throw new IllegalArgumentException("flow does not add up: reviewed " + reviewed + " != " + sum);
        }
    }

    /**
     * The flow from the counts of one aggregation, {@code (excluded_at, pattern) → patients}, where
     * {@code excluded_at} is null for included patients and {@code pattern} null for excluded ones.
     * Steps and patterns absent from the counts are zero.
     */
    public static CohortFlow fromCounts(List<String> steps, List<String> patternNames,
                                        Map<List<String>, Long> counts) {
        Map<String, Long> ex = new LinkedHashMap<>();
        steps.forEach(s -> ex.put(s, 0L));
        Map<String, Long> pat = new LinkedHashMap<>();
        patternNames.forEach(p -> pat.put(p, 0L));
        long reviewed = 0;
        long included = 0;
        for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
            String step = e.getKey().get(0);
            String pattern = e.getKey().get(1);
            long n = e.getValue();
            reviewed += n;
            if (step == null) {
                included += n;
                if (pattern != null) {
                    pat.merge(pattern, n, Long::sum);
                }
            } else {
                ex.merge(step, n, Long::sum);
            }
        }
        return new CohortFlow(reviewed, ex, included, pat);
    }

    /** This flow without the step {@code step} when it excluded no one (the same flow otherwise). */
    public CohortFlow withoutEmpty(String step) {
        if (excluded.getOrDefault(step, 0L) != 0L) {
            return this;
        }
        Map<String, Long> ex = new LinkedHashMap<>(excluded);
        ex.remove(step);
        return new CohortFlow(reviewed, ex, included, patterns);
    }

    /** The {@code cohort_flow} object of results.json (docs/study.md "Results contract"). */
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("reviewed", reviewed);
        o.put("excluded", new LinkedHashMap<>(excluded));
        o.put("included", included);
        o.put("patterns", new LinkedHashMap<>(patterns));
        return o;
    }

    /** The flow from its JSON object ({@link #toJson}), as {@code flow.json} holds it. */
    public static CohortFlow fromJson(com.fasterxml.jackson.databind.JsonNode node) {
        Map<String, Long> ex = new LinkedHashMap<>();
        node.get("excluded").fields().forEachRemaining(f -> ex.put(f.getKey(), f.getValue().asLong()));
        Map<String, Long> pat = new LinkedHashMap<>();
        node.get("patterns").fields().forEachRemaining(f -> pat.put(f.getKey(), f.getValue().asLong()));
        return new CohortFlow(node.get("reviewed").asLong(), ex, node.get("included").asLong(), pat);
    }
}
