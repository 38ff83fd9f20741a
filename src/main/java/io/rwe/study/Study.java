package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.results.AnalysisResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study as the stages after derive read it from {@code rwe.study} (docs/analyze.md, docs/report.md):
 * the names of its flow steps, patterns, endpoints, response scopes and baseline flags; its Table 1
 * variables; its analyses; the report's order, figures and labels. Another study is another file
 * layered over conf/study.conf, never other code. {@link StudyCheck} refuses a study file that names
 * what does not exist.
 *
 * @param flowSteps      exclusion steps, in the order applied ({@code cohort_flow.excluded})
 * @param patterns       metastasis pattern names, in rule order ({@code cohort_flow.patterns})
 * @param endpoints      endpoint names ({@code <name>_days}, {@code <name>_event} in the cohort)
 * @param responseScopes assessment scopes with a best response ({@code best_<scope>} in the cohort)
 * @param baselineFlags  boolean cohort columns of the baseline flags
 * @param variables      Table 1, in the order printed
 * @param adjustment     the adjustment set of every comparison's adjusted Cox model, in formula order
 * @param analyses       the analyses, in the order of results.json
 * @param analysisOrder  the order of the analyses in the report's tables (others follow)
 * @param stratifyBy     the cohort column stratifying every log-rank and Cox model, or null
 * @param monthDays      days per month (times in months = days / monthDays)
 * @param confLevel      level of the survival analyses' confidence intervals
 */
public record Study(String name, String title, List<String> flowSteps, List<String> patterns, List<String> endpoints,
                    List<String> responseScopes, List<String> baselineFlags, List<BaselineVariable> variables,
                    List<AdjustmentVariable> adjustment, List<AnalysisSpec> analyses, List<String> analysisOrder, StudyFigures figures, Labels labels,
                    String stratifyBy, double monthDays, double confLevel) {

    public Study {
        flowSteps = List.copyOf(flowSteps);
        patterns = List.copyOf(patterns);
        endpoints = List.copyOf(endpoints);
        responseScopes = List.copyOf(responseScopes);
        baselineFlags = List.copyOf(baselineFlags);
        variables = List.copyOf(variables);
        adjustment = List.copyOf(adjustment);
        analyses = List.copyOf(analyses);
        analysisOrder = List.copyOf(analysisOrder);
    }

    /** R's default confidence level. */
    public static final double DEFAULT_CONF_LEVEL = 0.95;

    /** Reads {@code rwe.study}; a key of the wrong form is refused with one line naming it and its file. */
    public static Study from(Config config) {
        String stratify = string(config, "rwe.study.stratify-by", "").trim();
        return new Study(string(config, "rwe.study.name", "study"),
                string(config, "rwe.study.title", string(config, "rwe.study.name", "Replication report")),
                list(config, "rwe.study.flow-steps"), names(config, "rwe.study.patterns"),
                names(config, "rwe.study.endpoints"), list(config, "rwe.study.response-scopes"),
                names(config, "rwe.study.baseline-flags"), BaselineVariable.fromConfig(config),
                AdjustmentVariable.fromConfig(config),
                config.hasPath("rwe.study.analyses") ? AnalysisSpec.fromConfig(config) : List.of(),
                list(config, "rwe.study.analysis-order"), StudyFigures.fromConfig(config), new Labels(config),
                stratify.isEmpty() ? null : stratify, number(config, "rwe.study.month-days", 30.4375),
                number(config, "rwe.study.conf-level", DEFAULT_CONF_LEVEL));
    }

    /** The analysis named {@code name}, or null. */
    public AnalysisSpec analysis(String name) {
        for (AnalysisSpec a : analyses) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** How results.json holds each analysis of the study. */
    public Map<String, AnalysisResult.Kind> resultKinds() {
        Map<String, AnalysisResult.Kind> m = new LinkedHashMap<>();
        for (AnalysisSpec a : analyses) {
            m.put(a.name(), a.type().resultKind());
        }
        return m;
    }

    /** The analyses in the report's order: those of {@link #analysisOrder} first, then the rest. */
    public List<AnalysisSpec> reportOrder() {
        List<AnalysisSpec> out = new ArrayList<>();
        for (String name : analysisOrder) {
            AnalysisSpec a = analysis(name);
            if (a != null) {
                out.add(a);
            }
        }
        for (AnalysisSpec a : analyses) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The label of a Table 1 variable: its own, else the study's label of it, else its name. */
    public String variableLabel(String variable) {
        for (BaselineVariable v : variables) {
            if (v.name().equals(variable) && v.label() != null) {
                return v.label();
            }
        }
        return labels.of("variables", variable);
    }

    private static String string(Config config, String path, String dflt) {
        try {
            return config.hasPath(path) ? config.getString(path) : dflt;
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, path, e.getMessage());
        }
    }

    private static double number(Config config, String path, double dflt) {
        try {
            return config.hasPath(path) ? config.getDouble(path) : dflt;
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, path, e.getMessage());
        }
    }

    private static List<String> list(Config config, String path) {
        try {
            return config.hasPath(path) ? config.getStringList(path) : List.of();
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, path, e.getMessage());
        }
    }

    /** The {@code name}s of a list of objects ({@code patterns}, {@code endpoints}, ...). */
    private static List<String> names(Config config, String path) {
        List<String> out = new ArrayList<>();
        if (!config.hasPath(path)) {
            return out;
        }
        try {
            for (Config c : config.getConfigList(path)) {
                out.add(c.getString("name"));
            }
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, path, e.getMessage());
        }
        return out;
    }
}
