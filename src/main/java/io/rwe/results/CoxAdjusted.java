package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cox_adjusted} (docs/study.md, "Beyond the paper"; docs/cli.md for {@code jobs/survival}): the Cox
 * model (Efron ties) of the endpoint on the group plus an adjustment set, as R's
 * {@code summary(coxph(Surv(t, e) ~ group + age + sex + …))}: per term its coefficient, se, hazard ratio with
 * CI and Wald p; the group term repeated at the top ({@code hr}, {@code ci}, {@code p}); the global tests;
 * {@code cox.zph}; the iterations. Terms are named {@code group=<level>}, {@code <variable>} (numeric) and
 * {@code <variable>=<level>} (categorical, against the first level). NA is null.
 *
 * @param reference  the group's reference level (null when the model has no group)
 * @param n          patients in the model
 * @param events     their events
 * @param dropped    rows left out for a missing covariate ({@code jobs/survival}; null in the study, where
 *                   a missing category is a level of its own)
 * @param global     {@code lr}, {@code wald}, {@code score}
 * @param iterations Newton–Raphson iterations (R's {@code fit$iter})
 * @param suppressed n or events suppressed as a small cell (they are then null)
 */
public record CoxAdjusted(String ties, String reference, Long n, Long events, Long dropped, Map<String, Term> terms,
                          Double hr, Interval ci, Double p, Map<String, ChiSquare> global, PhTest phTest,
                          Integer iterations, Boolean converged, boolean suppressed) {

    public CoxAdjusted {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        global = Collections.unmodifiableMap(new LinkedHashMap<>(global));
    }

    /** One term: β, its se, exp(β) with its CI, and the Wald p. */
    public record Term(Double coef, Double se, Double hr, Interval ci, Double p) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("coef", coef);
            o.put("se", se);
            o.put("hr", hr);
            o.put("ci", ci == null ? null : ci.toJson());
            o.put("p", p);
            return o;
        }

        static Term read(JsonNode o, JsonFields.At at) {
            return new Term(JsonFields.number(o, "coef", at), JsonFields.number(o, "se", at),
                    JsonFields.number(o, "hr", at), Interval.read(o, "ci", at), JsonFields.number(o, "p", at));
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("ties", ties);
        o.put("reference", reference);
        o.put("n", n);
        o.put("events", events);
        if (dropped != null) {
            o.put("dropped", dropped);
        }
        o.put("terms", JsonFields.objects(terms, Term::toJson));
        o.put("hr", hr);
        o.put("ci", ci == null ? null : ci.toJson());
        o.put("p", p);
        o.put("global", JsonFields.objects(global, ChiSquare::toJson));
        o.put("ph_test", phTest == null ? null : phTest.toJson());
        o.put("iterations", iterations);
        o.put("converged", converged);
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static CoxAdjusted read(JsonNode o, JsonFields.At at) {
        if (o == null) {
            return null;
        }
        JsonNode conv = o.path("converged");
        if (!JsonFields.absent(conv) && !conv.isBoolean()) {
            throw at.field("converged").bad("true or false", conv);
        }
        return new CoxAdjusted(JsonFields.text(o, "ties", at), JsonFields.text(o, "reference", at),
                JsonFields.count(o, "n", at), JsonFields.count(o, "events", at), JsonFields.count(o, "dropped", at),
                JsonFields.members(o, "terms", at, Term::read), JsonFields.number(o, "hr", at),
                Interval.read(o, "ci", at), JsonFields.number(o, "p", at),
                JsonFields.members(o, "global", at, ChiSquare::read),
                PhTest.read(JsonFields.object(o, "ph_test", at), at.field("ph_test")),
                JsonFields.integer(o, "iterations", at), JsonFields.absent(conv) ? null : conv.booleanValue(),
                JsonFields.suppressed(o));
    }
}
