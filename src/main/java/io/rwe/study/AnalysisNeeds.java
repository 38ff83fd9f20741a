package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts each analysis needs, and which analyses a registry cannot support (docs/study.md, "Facts and
 * needs"). An input model provides facts ({@code metastatic_sites_at_diagnosis}, {@code death},
 * {@code progression_dates}, …); an analysis needs the facts of {@code rwe.study.analyses.<name>.needs}
 * when the study gives them, otherwise those of its type ({@code rwe.study.needs.types.<type>}) and of
 * its endpoint ({@code rwe.study.needs.endpoints.<endpoint>}); Table 2 ({@code adverse_events}) needs
 * those of {@code rwe.study.needs.adverse-events}. An analysis with a need the model does not provide is
 * not run: results.json lists it under {@code not_available} with the missing facts.
 */
public final class AnalysisNeeds {

    private AnalysisNeeds() {
    }

    /** The facts {@code analysis} needs, in the order declared. */
    public static List<String> of(Config config, AnalysisSpec analysis) {
        try {
            String own = "rwe.study.analyses.\"" + analysis.name() + "\".needs";
            if (config.hasPath(own)) {
                return config.getStringList(own);
            }
            Set<String> needs = new LinkedHashSet<>(list(config, "rwe.study.needs.types.\"" + analysis.type().key + "\""));
            if (analysis.endpoint() != null) {
                needs.addAll(list(config, "rwe.study.needs.endpoints.\"" + analysis.endpoint() + "\""));
            }
            return new ArrayList<>(needs);
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    /** The key of Table 2 in results.json, whose needs are {@code rwe.study.needs.adverse-events}. */
    public static final String ADVERSE_EVENTS = "adverse_events";

    /**
     * The analyses of {@code analyses}, and Table 2, that {@code facts} cannot support, each with its
     * missing facts ({@code "progression_dates, responses"}), in results.json order; empty when every
     * analysis can run.
     */
    public static Map<String, String> notAvailable(Config config, List<AnalysisSpec> analyses, Set<String> facts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AnalysisSpec a : analyses) {
            missing(out, a.name(), of(config, a), facts);
        }
        try {
            missing(out, ADVERSE_EVENTS, list(config, "rwe.study.needs.adverse-events"), facts);
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
        return out;
    }

    private static void missing(Map<String, String> out, String name, List<String> needs, Set<String> facts) {
        List<String> missing = needs.stream().filter(n -> !facts.contains(n)).toList();
        if (!missing.isEmpty()) {
            out.put(name, String.join(", ", missing));
        }
    }

    private static List<String> list(Config config, String path) {
        return config.hasPath(path) ? config.getStringList(path) : List.of();
    }
}
