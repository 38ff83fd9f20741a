package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * The paired comparison of a two-scope {@code scope-rates} analysis, whose two rates are taken on the
 * same patients (docs/study.md, "The replication verdict"): {@code {"n", "b", "c", "difference", "ci",
 * "mcnemar_exact": {"statistic": null, "p"}}}.
 *
 * @param n          patients (both scopes' denominator)
 * @param b          discordant pairs: responders in the first scope only
 * @param c          discordant pairs: responders in the second scope only
 * @param difference (b − c)/n, the first scope's rate minus the second's
 * @param ci         the Wald CI of a paired difference, (b − c)/n ± z·√((b + c) − (b − c)²/n)/n
 * @param mcnemarP   McNemar's exact two-sided p, R {@code binom.test(b, b + c)$p.value} (1 when b + c = 0);
 *                   null when suppressed
 */
public record Paired(Long n, Long b, Long c, Double difference, Interval ci, Double mcnemarP, boolean suppressed) {

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("b", b);
        o.put("c", c);
        o.put("difference", difference);
        o.put("ci", ci == null ? null : ci.toJson());
        o.put("mcnemar_exact", new RateTests.Test(null, mcnemarP).toJson());
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static Paired read(JsonNode o, JsonFields.At at) {
        JsonNode m = JsonFields.object(o, "mcnemar_exact", at);
        return new Paired(JsonFields.count(o, "n", at), JsonFields.count(o, "b", at), JsonFields.count(o, "c", at),
                JsonFields.number(o, "difference", at), Interval.read(o, "ci", at),
                m == null ? null : JsonFields.number(m, "p", at.field("mcnemar_exact")), JsonFields.suppressed(o));
    }
}
