package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate or scope-rates analysis of results.json: {@code {"groups": {"<group>": RateGroup}, "tests":
 * RateTests}}; {@code tests} is null with one group, and when not estimable (its reason in
 * {@code not_estimable}). A two-scope {@code scope-rates} analysis (the same patients in both scopes) adds
 * {@code "paired"} ({@link Paired}); null otherwise.
 */
public record RateResult(Map<String, RateGroup> groups, RateTests tests, NotEstimable notEstimable, Paired paired)
        implements AnalysisResult {

    public RateResult {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        notEstimable = notEstimable == null ? NotEstimable.none() : notEstimable;
    }

    /** A result without a paired comparison. */
    public RateResult(Map<String, RateGroup> groups, RateTests tests, NotEstimable notEstimable) {
        this(groups, tests, notEstimable, null);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("groups", JsonFields.objects(groups, RateGroup::toJson));
        o.put("tests", tests == null ? null : tests.toJson());
        if (paired != null) {
            o.put("paired", paired.toJson());
        }
        notEstimable.addTo(o);
        return o;
    }

    static RateResult read(JsonNode o, JsonFields.At at) {
        return new RateResult(JsonFields.members(o, "groups", at, RateGroup::read),
                RateTests.read(JsonFields.object(o, "tests", at), at.field("tests")), NotEstimable.read(o, at),
                JsonFields.object(o, "paired", at) == null ? null
                        : Paired.read(JsonFields.object(o, "paired", at), at.field("paired")));
    }
}
