package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replication} of results.json (docs/study.md, "The replication verdict"): one claim per published
 * estimate with the paper's and the registry's estimate, CI and p and the four agreement metrics, and a
 * summary counting the claims that agree on each metric.
 */
public record Replication(List<Claim> claims, Summary summary) {

    public Replication {
        claims = List.copyOf(claims);
    }

    /**
     * One side of a claim: estimate, CI and p (null where there is none).
     *
     * @param pPrinted the p as printed ({@code "<0.001"}), paper side only
     */
    public record Estimate(Double estimate, Interval ci, Double p, String pPrinted) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("estimate", estimate);
            o.put("ci", ci == null ? null : ci.toJson());
            o.put("p", p);
            if (pPrinted != null) {
                o.put("p_printed", pPrinted);
            }
            return o;
        }

        static Estimate read(JsonNode o, JsonFields.At at) {
            return o == null ? null : new Estimate(JsonFields.number(o, "estimate", at), Interval.read(o, "ci", at),
                    JsonFields.number(o, "p", at), JsonFields.text(o, "p_printed", at));
        }
    }

    /**
     * One published estimate against the registry's. A metric that does not apply is null.
     *
     * @param label   the claim in words
     * @param measure hazard-ratio, rate-difference, rate or median
     */
    public record Claim(String id, String label, String analysis, String measure, Estimate paper, Estimate registry,
                        Boolean directionAgrees, Boolean significanceAgrees, Boolean estimateAgrees, Double stdDiff,
                        Boolean stdDiffAgrees) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("id", id);
            o.put("label", label);
            o.put("analysis", analysis);
            o.put("measure", measure);
            o.put("paper", paper.toJson());
            o.put("registry", registry.toJson());
            o.put("direction_agrees", directionAgrees);
            o.put("significance_agrees", significanceAgrees);
            o.put("estimate_agrees", estimateAgrees);
            o.put("std_diff", stdDiff);
            o.put("std_diff_agrees", stdDiffAgrees);
            return o;
        }

        static Claim read(JsonNode o, JsonFields.At at) {
            return new Claim(JsonFields.text(o, "id", at), JsonFields.text(o, "label", at),
                    JsonFields.text(o, "analysis", at), JsonFields.text(o, "measure", at),
                    Estimate.read(JsonFields.object(o, "paper", at), at.field("paper")),
                    Estimate.read(JsonFields.object(o, "registry", at), at.field("registry")),
                    bool(o, "direction_agrees", at), bool(o, "significance_agrees", at), bool(o, "estimate_agrees", at),
                    JsonFields.number(o, "std_diff", at), bool(o, "std_diff_agrees", at));
        }

        /** The four metrics in the summary's order: direction, significance, estimate, std_diff. */
        public List<Boolean> metrics() {
            List<Boolean> m = new ArrayList<>(4);
            m.add(directionAgrees);
            m.add(significanceAgrees);
            m.add(estimateAgrees);
            m.add(stdDiffAgrees);
            return m;
        }
    }

    /**
     * The summary: the number of claims, and per metric the claims that agree ({@code direction},
     * {@code significance}, {@code estimate}, {@code std_diff}) and, under {@code applicable}, the claims
     * the metric applies to (not null).
     */
    public record Summary(int claims, Map<String, Integer> agree, Map<String, Integer> applicable) {

        /** The metrics' names in results.json, in the order of {@link Claim#metrics()}. */
        public static final List<String> METRICS = List.of("direction", "significance", "estimate", "std_diff");

        /** The summary of {@code claims}. */
        public static Summary of(List<Claim> claims) {
            Map<String, Integer> agree = new LinkedHashMap<>();
            Map<String, Integer> applicable = new LinkedHashMap<>();
            for (int i = 0; i < METRICS.size(); i++) {
                int a = 0;
                int n = 0;
                for (Claim c : claims) {
                    Boolean m = c.metrics().get(i);
                    n += m == null ? 0 : 1;
                    a += Boolean.TRUE.equals(m) ? 1 : 0;
                }
                agree.put(METRICS.get(i), a);
                applicable.put(METRICS.get(i), n);
            }
            return new Summary(claims.size(), agree, applicable);
        }

        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("claims", claims);
            agree.forEach(o::put);
            o.put("applicable", new LinkedHashMap<>(applicable));
            return o;
        }
    }

    /** The object written under {@code replication}. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        List<Object> cs = new ArrayList<>();
        claims.forEach(c -> cs.add(c.toJson()));
        o.put("claims", cs);
        o.put("summary", summary.toJson());
        return o;
    }

    /**
     * The {@code replication} object of a results.json root, or null when the run has none (a run made
     * before the verdict existed, or a study without claims).
     */
    public static Replication read(JsonNode root, String file) {
        JsonFields.At at = new JsonFields.At(file, "replication");
        JsonNode r = root == null ? null : root.path("replication");
        if (JsonFields.absent(r)) {
            return null;
        }
        if (!r.isObject() || !r.path("claims").isArray()) {
            throw at.bad("{\"claims\": [...], \"summary\"}", r);
        }
        List<Claim> claims = new ArrayList<>();
        int i = 0;
        for (JsonNode c : r.get("claims")) {
            claims.add(Claim.read(c, at.field("claims[" + i++ + "]")));
        }
        return new Replication(claims, Summary.of(claims));
    }

    private static Boolean bool(JsonNode o, String f, JsonFields.At at) {
        JsonNode n = o.path(f);
        if (JsonFields.absent(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            throw at.field(f).bad("true, false or null", n);
        }
        return n.booleanValue();
    }
}
