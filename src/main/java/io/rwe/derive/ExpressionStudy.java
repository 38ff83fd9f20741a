package io.rwe.derive;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A study whose cohort is defined by Spark SQL expressions over curated patients and their records
 * ({@code rwe.study.cohort} with {@code builder = expressions}; docs/derive.md, "Cohorts from
 * expressions"), as the NAACCR study is: which record is the patient's index, the columns computed from
 * it, the flow's exclusion steps, the patterns, the endpoints and the columns kept in the analysis
 * cohort are all configuration. Read by {@link ExpressionCohort}.
 *
 * @param name          {@code rwe.study.name}
 * @param cutoff        {@code rwe.study.cutoff}: an endpoint's end after it counts as no event at the cut-off
 * @param patientId     the curated tables' patient identifier column ({@code patientIdNumber})
 * @param patientItems  items of the curated {@code patients} table read as columns of the same name
 * @param tumorItems    items of the curated {@code tumors} table read as columns of the same name
 * @param tumorColumns  columns computed on every tumor, in order, before the index is chosen
 * @param indexWhere    the condition a tumor must meet to be an index tumor (Spark SQL; null is false)
 * @param indexOrder    the order among a patient's index candidates: the first is the index (Spark SQL, ascending)
 * @param columns       columns computed on every reviewed patient (the index tumor with its patient's items), in order
 * @param exclusions    the flow's steps in {@code rwe.study.flow-steps} order, each excluding when its
 *                      condition is true or unknown (null)
 * @param patterns      {@code rwe.study.patterns}: the first whose condition is true is the patient's pattern
 * @param endpoints     time-to-event endpoints
 * @param keep          the computed columns the analysis cohort keeps (besides patient_key, pattern and the endpoints)
 */
public record ExpressionStudy(String name, LocalDate cutoff, String patientId, List<String> patientItems,
                              List<String> tumorItems, List<Named> tumorColumns, String indexWhere,
                              List<String> indexOrder, List<Named> columns,
                              List<Named> exclusions, List<Named> patterns,
                              List<Endpoint> endpoints, List<String> keep) {

    /** The builder name that selects this kind of study ({@code rwe.study.cohort.builder}). */
    public static final String BUILDER = "expressions";

    /** A name and its Spark SQL expression (a column, or a condition). */
    public record Named(String name, String sql) {
    }

    /**
     * A time-to-event endpoint: time = {@code to} − {@code from} in days, event = {@code event}; an end
     * after the cut-off is no event, with the time to the cut-off. Columns {@code <name>_days} (int) and
     * {@code <name>_event} (boolean), null when {@code from} or {@code to} is null.
     */
    public record Endpoint(String name, String from, String to, String event) {
    }

    /** Whether {@code config}'s study is built from expressions. */
    public static boolean configured(Config config) {
        return config.hasPath("rwe.study.cohort.builder")
                && BUILDER.equals(config.getString("rwe.study.cohort.builder"));
    }

    /** The study of {@code config}; a missing or malformed key is a one-line {@link UsageException}. */
    public static ExpressionStudy from(Config config) {
        String base = "rwe.study.cohort";
        try {
            Config s = config.getConfig("rwe.study");
            Config c = config.getConfig(base);
            LocalDate cutoff = LocalDate.parse(s.getString("cutoff"));
            Config ex = c.getConfig("exclusions");
            List<Named> exclusions = new ArrayList<>();
            for (String step : s.getStringList("flow-steps")) {
                if (!ex.hasPath(quote(step))) {
                    throw new UsageException("configuration: " + base + ".exclusions." + step
                            + " is missing (every step of rwe.study.flow-steps needs its condition)");
                }
                exclusions.add(new Named(step, ex.getString(quote(step))));
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (Config e : c.getConfigList("endpoints")) {
                endpoints.add(new Endpoint(e.getString("name"), e.getString("from"), e.getString("to"),
                        e.getString("event")));
            }
            return new ExpressionStudy(s.getString("name"), cutoff, c.getString("patient-id"),
                    c.getStringList("patient-items"), c.getStringList("tumor-items"), rules(c, "tumor-columns", "expr"),
                    c.getString("index.where"), c.getStringList("index.order-by"), rules(c, "columns", "expr"),
                    exclusions, rules(s, "patterns", "when"), endpoints, c.getStringList("keep"));
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        } catch (DateTimeParseException e) {
            throw new UsageException("configuration: rwe.study.cutoff: not a date (" + e.getParsedString() + ")");
        }
    }

    private static List<Named> rules(Config c, String path, String expr) {
        List<Named> out = new ArrayList<>();
        for (Config r : c.getConfigList(path)) {
            out.add(new Named(r.getString("name"), r.getString(expr)));
        }
        return out;
    }

    private static String quote(String key) {
        return "\"" + key.replace("\"", "\\\"") + "\"";
    }
}
