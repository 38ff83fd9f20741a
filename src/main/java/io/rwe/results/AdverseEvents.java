package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code adverse_events} of results.json (Table 2): the cohort size; patients with any adverse event,
 * with a dose reduction, with an interruption; per term the patients by worst grade; and the total row.
 *
 * @param terms      term → counts, ordered by patients with any grade (descending), then name
 * @param grade3Plus {@code grade_3_plus}: patients with an adverse event of grade ≥ 3 of any term, each
 *                   patient counted once however many terms (not a sum of the term rows); null when absent
 * @param total      {@code total}: Table 2's total row, patients by their worst grade over every term
 *                   (grade_3 + grade_4_plus = grade_3_plus); null when absent
 */
public record AdverseEvents(Long n, CountPct anyGrade, CountPct doseReduced, CountPct interrupted,
                            Map<String, Term> terms, boolean suppressed, CountPct grade3Plus, Term total) {

    public AdverseEvents {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** Table 2 without its total row. */
    public AdverseEvents(Long n, CountPct anyGrade, CountPct doseReduced, CountPct interrupted,
                         Map<String, Term> terms, boolean suppressed) {
        this(n, anyGrade, doseReduced, interrupted, terms, suppressed, null, null);
    }

    /** Patients of one term by worst grade (1–2, 3, ≥ 4) and with any grade. */
    public record Term(Long grade12, Long grade3, Long grade4Plus, Long any, boolean suppressed) {

        /** The counts by their results.json names, in order. */
        public Map<String, Long> byName() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("grade_1_2", grade12);
            m.put("grade_3", grade3);
            m.put("grade_4_plus", grade4Plus);
            m.put("any", any);
            return m;
        }

        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.putAll(byName());
            if (suppressed) {
                o.put("suppressed", true);
            }
            return o;
        }

        static Term read(JsonNode o, JsonFields.At at) {
            return new Term(JsonFields.count(o, "grade_1_2", at), JsonFields.count(o, "grade_3", at),
                    JsonFields.count(o, "grade_4_plus", at), JsonFields.count(o, "any", at), JsonFields.suppressed(o));
        }
    }

    /** The patient counts by their results.json names, in order ({@code grade_3_plus} when present). */
    public Map<String, CountPct> flags() {
        Map<String, CountPct> m = new LinkedHashMap<>();
        m.put("any_grade", anyGrade);
        m.put("dose_reduced", doseReduced);
        m.put("interrupted", interrupted);
        if (grade3Plus != null) {
            m.put("grade_3_plus", grade3Plus);
        }
        return m;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("n", n);
        flags().forEach((k, v) -> o.put(k, v.toJson()));
        o.put("terms", JsonFields.objects(terms, Term::toJson));
        if (total != null) {
            o.put("total", total.toJson());
        }
        if (suppressed) {
            o.put("suppressed", true);
        }
        return o;
    }

    static AdverseEvents read(JsonNode o, JsonFields.At at) {
        return new AdverseEvents(JsonFields.count(o, "n", at), flag(o, "any_grade", at), flag(o, "dose_reduced", at),
                flag(o, "interrupted", at), JsonFields.members(o, "terms", at, Term::read), JsonFields.suppressed(o),
                JsonFields.object(o, "grade_3_plus", at) == null ? null : flag(o, "grade_3_plus", at),
                JsonFields.object(o, "total", at) == null ? null
                        : Term.read(JsonFields.object(o, "total", at), at.field("total")));
    }

    private static CountPct flag(JsonNode o, String f, JsonFields.At at) {
        JsonNode n = JsonFields.object(o, f, at);
        return n == null ? new CountPct(null, null, false) : CountPct.read(n, at.field(f));
    }
}
