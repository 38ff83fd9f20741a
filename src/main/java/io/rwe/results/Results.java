package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed {@code results.json} of a run (docs/study.md, "Results contract"; docs/analyze.md): the
 * cohort flow, Table 1, every named analysis, Table 2. Each part writes and reads its own object; a
 * field is added to a results.json object by adding it to its record, its {@code toJson} and its
 * {@code read}.
 *
 * @param flow          {@code cohort_flow}, null when absent
 * @param baseline      {@code baseline}, null when absent
 * @param baselineByGroup {@code baseline_by_group}, null when absent
 * @param analyses      analysis name → result, in results.json order
 * @param adverseEvents {@code adverse_events}, null when absent
 * @param notAvailable  {@code not_available}: the analyses the registry cannot support, each with the
 *                      facts it misses ({@code "drug_courses, progression_dates"}); empty when every
 *                      analysis ran (and then not written)
 */
public record Results(Flow flow, Baseline baseline, BaselineByGroup baselineByGroup,
                      Map<String, AnalysisResult> analyses, AdverseEvents adverseEvents,
                      Map<String, String> notAvailable) {

    public Results {
        analyses = Collections.unmodifiableMap(new LinkedHashMap<>(analyses));
        notAvailable = Collections.unmodifiableMap(new LinkedHashMap<>(notAvailable));
    }

    /** The results of a registry that supports every analysis, without Table 1 by group. */
    public Results(Flow flow, Baseline baseline, Map<String, AnalysisResult> analyses, AdverseEvents adverseEvents) {
        this(flow, baseline, null, analyses, adverseEvents, Map.of());
    }

    /** Results without Table 1 by group. */
    public Results(Flow flow, Baseline baseline, Map<String, AnalysisResult> analyses, AdverseEvents adverseEvents,
                   Map<String, String> notAvailable) {
        this(flow, baseline, null, analyses, adverseEvents, notAvailable);
    }

    /** The result of {@code analysis}, or null when absent. */
    public AnalysisResult analysis(String analysis) {
        return analyses.get(analysis);
    }

    /** The object written as results.json, keys in the contract's order. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        if (flow != null) {
            o.put("cohort_flow", flow.toJson());
        }
        if (baseline != null) {
            o.put("baseline", baseline.toJson());
        }
        if (baselineByGroup != null) {
            o.put("baseline_by_group", baselineByGroup.toJson());
        }
        analyses.forEach((k, v) -> o.put(k, v.toJson()));
        if (adverseEvents != null) {
            o.put("adverse_events", adverseEvents.toJson());
        }
        if (!notAvailable.isEmpty()) {
            Map<String, Object> na = Json.object();
            na.putAll(notAvailable);
            o.put("not_available", na);
        }
        return o;
    }

    /**
     * Reads results.json: {@code cohort_flow}, {@code baseline}, {@code baseline_by_group},
     * {@code adverse_events}, {@code not_available}, and each
     * analysis that {@code kinds} names, read as its kind says (other keys are not results of this
     * study and are left out). A malformed value is refused with one line naming the file and the path.
     *
     * @param file  named in messages
     * @param kinds analysis name → how to read it (the study's analyses)
     */
    public static Results read(JsonNode root, String file, Map<String, AnalysisResult.Kind> kinds) {
        JsonFields.At at = new JsonFields.At(file, "");
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": expected one JSON object of analyses");
        }
        Map<String, AnalysisResult> analyses = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            AnalysisResult.Kind kind = kinds.get(e.getKey());
            if (kind == null) {
                return;
            }
            JsonNode o = e.getValue();
            JsonFields.At here = at.field(e.getKey());
            if (!o.isObject()) {
                throw here.bad("an analysis object", o);
            }
            analyses.put(e.getKey(), switch (kind) {
                case KM -> KmResult.read(o, here, false);
                case COMPARE -> KmResult.read(o, here, true);
                case RATE -> RateResult.read(o, here);
            });
        });
        JsonNode flow = JsonFields.object(root, "cohort_flow", at);
        JsonNode baseline = JsonFields.object(root, "baseline", at);
        JsonNode byGroup = JsonFields.object(root, "baseline_by_group", at);
        JsonNode ae = JsonFields.object(root, "adverse_events", at);
        JsonNode na = JsonFields.object(root, "not_available", at);
        Map<String, String> notAvailable = new LinkedHashMap<>();
        if (na != null) {
            na.fields().forEachRemaining(e -> notAvailable.put(e.getKey(),
                    JsonFields.text(na, e.getKey(), at.field("not_available"))));
        }
        return new Results(flow == null ? null : Flow.read(flow, at.field("cohort_flow")),
                baseline == null ? null : Baseline.read(baseline, at.field("baseline")),
                byGroup == null ? null : BaselineByGroup.read(byGroup, at.field("baseline_by_group")), analyses,
                ae == null ? null : AdverseEvents.read(ae, at.field("adverse_events")), notAvailable);
    }

    /** Reads the file {@code file} (see {@link #read(JsonNode, String, Map)}). */
    public static Results read(Path file, Map<String, AnalysisResult.Kind> kinds) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": results file not found");
        }
        JsonNode n;
        try {
            n = Json.read(file);
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": not valid JSON: " + e.getMessage());
        }
        return read(n, file.toString(), kinds);
    }
}
