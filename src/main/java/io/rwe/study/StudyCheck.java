package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The study-semantic checks of a study file, made before Spark starts (docs/analyze.md, "Checked before
 * Spark starts"): every name a study file uses must exist. A violation is refused with one line naming
 * the file, the line and the key ({@link io.rwe.core.UsageException}, exit 2):
 * <ul>
 *   <li>flow steps among those the derive stage knows; response and endpoint scopes among the extract's
 *       assessment scopes;</li>
 *   <li>each analysis: a known type; its endpoint among {@code endpoints}; a rate's scope, and each scope of
 *       a scope-rates analysis, among {@code response-scopes}; its groups (order, reference) consistent;
 *       in each group predicate, every column a cohort column and every pattern compared with
 *       {@code pattern} a pattern of the study;</li>
 *   <li>Table 1 variables, the adjustment set and {@code stratify-by}: cohort columns (a numeric
 *       adjustment variable: {@code age});</li>
 *   <li>{@code analysis-order}, figures: analyses of the study, of the right kind; flow-figure boxes:
 *       patterns of the study;</li>
 *   <li>the replication verdict's claims ({@link ReplicationClaims}): analyses and groups of the study, a
 *       known measure and test.</li>
 * </ul>
 * The cohort's columns are the fixed ones ({@link CohortVocabulary}), the baseline flags, the endpoints'
 * {@code <name>_days}/{@code <name>_event} and the response scopes' {@code best_<scope>}.
 */
public final class StudyCheck {

    private StudyCheck() {
    }

    /** The study of {@code config}, refused when it names something that does not exist. */
    public static Study check(Config config) {
        Study s = Study.from(config);
        Set<String> scopes = new LinkedHashSet<>(CohortVocabulary.assessmentScopes());
        for (String step : s.flowSteps()) {
            require(config, "rwe.study.flow-steps", knownFlowSteps(config), step, "flow step");
        }
        for (String scope : s.responseScopes()) {
            require(config, "rwe.study.response-scopes", scopes, scope, "assessment scope");
        }
        if (config.hasPath("rwe.study.endpoints")) {
            for (Config e : config.getConfigList("rwe.study.endpoints")) {
                if (e.hasPath("scope")) {
                    require(config, "rwe.study.endpoints", scopes, e.getString("scope"), "assessment scope");
                }
            }
        }
        Set<String> columns = cohortColumns(s);
        columns.addAll(expressionColumns(config));
        for (AnalysisSpec a : s.analyses()) {
            String at = ConfigUtil.joinPath("rwe", "study", "analyses", a.name());
            if (a.endpoint() != null) {
                require(config, at + ".endpoint", s.endpoints(), a.endpoint(), "endpoint");
            }
            if (a.scope() != null) {
                require(config, at + ".scope", s.responseScopes(), a.scope(), "response scope");
            }
            if (a.type() == AnalysisSpec.Type.SCOPE_RATES) {
                for (String scope : a.groups().keySet()) {
                    require(config, at + ".scopes", s.responseScopes(), scope, "response scope");
                }
            }
            String groupsAt = a.type() == AnalysisSpec.Type.SCOPE_RATES ? at + ".population" : at + ".groups";
            for (String predicate : new LinkedHashSet<>(a.groups().values())) {
                for (String column : columns(predicate)) {
                    require(config, groupsAt, columns, column, "cohort column");
                }
                for (String pattern : patternsCompared(predicate)) {
                    require(config, groupsAt, s.patterns(), pattern, "pattern");
                }
            }
        }
        List<String> categorical = new ArrayList<>(CohortVocabulary.TABLE1_COLUMNS);
        categorical.addAll(expressionColumns(config));
        categorical.addAll(s.baselineFlags());
        categorical.add("pattern");
        categorical.add("center_id");
        for (BaselineVariable v : s.variables()) {
            require(config, BaselineVariable.PATH, categorical, v.name(), "Table 1 variable");
        }
        for (AdjustmentVariable v : s.adjustment()) {
            if (v.numeric()) {
                require(config, AdjustmentVariable.PATH, NUMERIC_COLUMNS, v.name(), "numeric cohort column");
            } else {
                require(config, AdjustmentVariable.PATH, categorical, v.name(), "categorical cohort column");
            }
        }
        if (s.stratifyBy() != null) {
            require(config, "rwe.study.stratify-by", columns, s.stratifyBy(), "cohort column");
        }
        List<String> analyses = s.analyses().stream().map(AnalysisSpec::name).toList();
        for (String a : s.analysisOrder()) {
            require(config, "rwe.study.analysis-order", analyses, a, "analysis");
        }
        List<String> survival = s.analyses().stream().filter(AnalysisSpec::isSurvival).map(AnalysisSpec::name).toList();
        List<String> rates = s.analyses().stream().filter(a -> !a.isSurvival()).map(AnalysisSpec::name).toList();
        for (StudyFigures.KmFigure f : s.figures().km()) {
            require(config, ConfigUtil.joinPath("rwe", "study", "figures", "km", f.id()), survival, f.analysis(),
                    "km or compare analysis");
        }
        for (StudyFigures.ResponsePanel p : s.figures().response()) {
            for (String a : p.analyses()) {
                require(config, ConfigUtil.joinPath("rwe", "study", "figures", "response", p.id(), "analyses"), rates, a,
                        "rate or scope-rates analysis");
            }
        }
        for (StudyFigures.FlowBox b : s.figures().flowBoxes()) {
            for (String p : b.patterns()) {
                require(config, "rwe.study.figures.flow.boxes", s.patterns(), p, "pattern");
            }
        }
        ReplicationClaims.from(config, s); // the verdict's claims name analyses and groups of the study
        return s;
    }

    /** The numeric cohort columns an adjusted model can take as numbers. */
    private static final List<String> NUMERIC_COLUMNS = List.of("age");

    /** Where a study built from expressions declares its cohort (docs/derive.md, "Cohorts from expressions"). */
    private static final String EXPRESSIONS = "rwe.study.cohort";

    private static boolean byExpressions(Config config) {
        return config.hasPath(EXPRESSIONS + ".builder") && "expressions".equals(config.getString(EXPRESSIONS + ".builder"));
    }

    /**
     * The flow steps a study may name: the derive stage's own, or, for a study built from expressions,
     * the steps its {@code cohort.exclusions} define.
     */
    private static java.util.Collection<String> knownFlowSteps(Config config) {
        if (byExpressions(config) && config.hasPath(EXPRESSIONS + ".exclusions")) {
            return new ArrayList<>(config.getObject(EXPRESSIONS + ".exclusions").keySet());
        }
        return CohortVocabulary.FLOW_STEPS;
    }

    /** The columns a study built from expressions keeps in its cohort ({@code cohort.keep}, the endpoints'). */
    private static Set<String> expressionColumns(Config config) {
        Set<String> out = new LinkedHashSet<>();
        if (!byExpressions(config)) {
            return out;
        }
        if (config.hasPath(EXPRESSIONS + ".keep")) {
            out.addAll(config.getStringList(EXPRESSIONS + ".keep"));
        }
        if (config.hasPath(EXPRESSIONS + ".endpoints")) {
            for (Config e : config.getConfigList(EXPRESSIONS + ".endpoints")) {
                out.add(e.getString("name") + "_days");
                out.add(e.getString("name") + "_event");
            }
        }
        return out;
    }

    /** The columns every analysis cohort of study {@code s} has. */
    static Set<String> cohortColumns(Study s) {
        Set<String> c = new LinkedHashSet<>(CohortVocabulary.FIXED_COLUMNS);
        c.addAll(CohortVocabulary.TABLE1_COLUMNS);
        c.addAll(s.baselineFlags());
        for (String e : s.endpoints()) {
            c.add(e + "_days");
            c.add(e + "_event");
        }
        for (String scope : s.responseScopes()) {
            c.add(CohortVocabulary.bestResponseColumn(scope));
        }
        return c;
    }

    private static void require(Config config, String path, java.util.Collection<String> known, String name,
                                String what) {
        if (!known.contains(name)) {
            throw StudyKeys.refuse(config, path, "unknown " + what + " '" + name + "' (known: "
                    + String.join(", ", known) + ")");
        }
    }

    /** Words of Spark SQL that are not column names in a predicate. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "null", "true", "false",
            "like", "ilike", "rlike", "regexp", "between", "case", "when", "then", "else", "end", "cast", "as",
            "distinct", "interval", "exists", "any", "some", "all", "div", "string", "int", "integer", "bigint",
            "smallint", "tinyint", "long", "double", "float", "decimal", "boolean", "date", "timestamp", "day", "days",
            "month", "months", "year", "years");

    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|`((?:[^`]|``)*)`|([A-Za-z_][A-Za-z0-9_]*)|(\\d[\\w.]*)|(\\S)");

    /**
     * The column names a Spark SQL predicate refers to: its identifiers (backquoted, or bare words that are
     * not keywords, not function names followed by {@code (} and not struct fields after {@code .});
     * string literals are skipped.
     */
    static List<String> columns(String predicate) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(predicate);
        String previous = "";
        while (m.find()) {
            String quoted = m.group(1);
            String word = m.group(2);
            if (quoted != null && !previous.equals(".")) {
                out.add(quoted.replace("``", "`"));
            } else if (word != null && !previous.equals(".") && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))
                    && !predicate.substring(m.end()).stripLeading().startsWith("(")) {
                out.add(word);
            }
            previous = m.group(4) != null ? m.group(4) : m.group();
        }
        return out;
    }

    private static final Pattern PATTERN_EQUALS = Pattern.compile(
            "(?i)(?<![\\w`])`?pattern`?\\s*(?:=|==|!=|<>)\\s*'([^']*)'");
    private static final Pattern PATTERN_IN = Pattern.compile(
            "(?i)(?<![\\w`])`?pattern`?\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)");
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'");

    /** The pattern names a predicate compares the {@code pattern} column with ({@code =}, {@code IN}). */
    static List<String> patternsCompared(String predicate) {
        List<String> out = new ArrayList<>();
        Matcher eq = PATTERN_EQUALS.matcher(predicate);
        while (eq.find()) {
            out.add(eq.group(1));
        }
        Matcher in = PATTERN_IN.matcher(predicate);
        while (in.find()) {
            Matcher lit = LITERAL.matcher(in.group(1));
            while (lit.find()) {
                out.add(lit.group(1));
            }
        }
        return out;
    }
}
