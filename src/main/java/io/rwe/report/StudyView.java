package io.rwe.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the report needs from the configuration: the study's analyses ({@code rwe.study.analyses}),
 * which analysis each KM figure draws ({@code rwe.study.figures}), the display labels
 * ({@code rwe.report.labels}) and the figure settings ({@code rwe.report.figures}). Every key is
 * optional: a study without figures or labels still renders, with keys as labels.
 */
record StudyView(Config config) {

    /** A KM figure: its id in the paper ({@code 2A}) and the analysis it draws. */
    record KmFigureSpec(String id, String analysis) {
    }

    static StudyView of(Config config) {
        return new StudyView(config == null ? ConfigFactory.empty() : config);
    }

    String title() {
        return str("rwe.study.title").orElse(str("rwe.study.name").orElse("Replication report"));
    }

    /** The KM figures, sorted by id. */
    List<KmFigureSpec> kmFigures() {
        List<KmFigureSpec> out = new ArrayList<>();
        if (config.hasPath("rwe.study.figures")) {
            new TreeMap<>(config.getObject("rwe.study.figures").unwrapped())
                    .forEach((id, a) -> {
                        if (a != null) { // `id = null` in a study file removes an inherited figure
                            out.add(new KmFigureSpec(id, String.valueOf(a)));
                        }
                    });
        }
        return out;
    }

    Optional<String> analysisString(String analysis, String key) {
        return str(ConfigUtil.joinPath("rwe", "study", "analyses", analysis, key));
    }

    /** The configured group order of a comparison ({@code order}), empty when not configured. */
    List<String> order(String analysis) {
        String p = ConfigUtil.joinPath("rwe", "study", "analyses", analysis, "order");
        return config.hasPath(p) ? config.getStringList(p) : List.of();
    }

    String groupLabel(String group) {
        return label("groups", group);
    }

    String endpointLabel(String endpoint) {
        return label("endpoints", endpoint);
    }

    String scopeLabel(String scope) {
        return label("scopes", scope);
    }

    String analysisLabel(String analysis) {
        return label("analyses", analysis);
    }

    String variableLabel(String variable) {
        return label("variables", variable);
    }

    String categoryLabel(String category) {
        return label("categories", category);
    }

    String label(String kind, String key) {
        return str(ConfigUtil.joinPath("rwe", "report", "labels", kind, key)).orElse(key);
    }

    int figureInt(String key, int dflt) {
        String p = "rwe.report.figures." + key;
        return config.hasPath(p) ? config.getInt(p) : dflt;
    }

    double reportDouble(String key, double dflt) {
        String p = "rwe.report." + key;
        return config.hasPath(p) ? config.getDouble(p) : dflt;
    }

    /** A string list, empty when absent. */
    List<String> list(String path) {
        return config.hasPath(path) ? config.getStringList(path) : List.of();
    }

    Optional<String> str(String path) {
        try {
            return config.hasPath(path) ? Optional.of(config.getString(path)) : Optional.empty();
        } catch (com.typesafe.config.ConfigException e) {
            return Optional.empty();
        }
    }
}
