package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * A count with its percentage {@code {"n", "pct"}}, pct = 100·n/N unrounded (NaN, written null, when
 * N = 0). Suppressed: both null and the object marked {@code "suppressed": true}.
 */
public record CountPct(Long n, Double pct, boolean suppressed) {

    /** n of N, with its percentage. */
    public static CountPct of(long n, long total) {
        return new CountPct(n, total == 0 ? Double.NaN : 100.0 * n / total, false);
    }

    Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        o.put("pct", pct);
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static CountPct read(JsonNode o, JsonFields.At at) {
        return new CountPct(JsonFields.count(o, "n", at), JsonFields.number(o, "pct", at), JsonFields.suppressed(o));
    }
}
