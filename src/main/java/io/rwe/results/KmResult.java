package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A km or compare analysis of results.json: {@code {"groups": {"<group>": KmGroup}}}, for a comparison
 * also {@code logrank}, {@code hr} and {@code cox}, and {@code not_estimable} when a part could not be
 * estimated.
 *
 * @param groups       per group, in the analysis's order
 * @param comparison   the comparison of a compare analysis, null for a km analysis
 * @param notEstimable the parts the data could not support, with their reasons
 */
public record KmResult(Map<String, KmGroup> groups, Comparison comparison, NotEstimable notEstimable)
        implements AnalysisResult {

    public KmResult {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        notEstimable = notEstimable == null ? NotEstimable.none() : notEstimable;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("groups", JsonFields.objects(groups, KmGroup::toJson));
        if (comparison != null) {
            comparison.addTo(o);
        }
        notEstimable.addTo(o);
        return o;
    }

    /** Reads a km analysis ({@code compare} false) or a compare analysis. */
    static KmResult read(JsonNode o, JsonFields.At at, boolean compare) {
        return new KmResult(JsonFields.members(o, "groups", at, KmGroup::read),
                compare ? Comparison.read(o, at) : null, NotEstimable.read(o, at));
    }
}
