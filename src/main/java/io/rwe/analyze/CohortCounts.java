package io.rwe.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.riskset.RiskSetBuilder;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark side of the analyze stage: every count the results need, aggregated on the executors
 * over the analysis cohort (docs/architecture.md) and collected as small aggregates. Nothing here
 * collects a patient-level row: each method's result has one row per group, category, term or
 * distinct time, whatever the number of patients.
 */
public final class CohortCounts {

    private CohortCounts() {
    }

    /** The responses that count as objective response (study.md: CR or PR). */
    static final List<String> RESPONDERS = List.of("CR", "PR");

    /**
     * The per-patient survival rows of a km or compare analysis, one block per group, each group
     * taken by its own filter (so groups may overlap): columns {@code group}, {@code stratum}
     * (the {@code stratifyBy} column as string, or null), {@code time} (months = days /
     * {@code monthDays}) and {@code event}. Patients whose endpoint does not apply (null days or
     * event) are left out.
     */
    public static Dataset<Row> survivalRows(Dataset<Row> cohort, AnalysisSpec a, double monthDays, String stratifyBy) {
        Column days = col(a.endpoint() + "_days");
        Column event = col(a.endpoint() + "_event");
        Column stratum = stratifyBy == null || stratifyBy.isBlank() ? lit(null).cast("string")
                : col(stratifyBy).cast("string");
        Dataset<Row> out = null;
        for (Map.Entry<String, String> g : a.groups().entrySet()) {
            Dataset<Row> part = cohort.where(expr(g.getValue()))
                    .where(days.isNotNull().and(event.isNotNull()))
                    .select(lit(g.getKey()).as("group"), stratum.as("stratum"),
                            days.cast("double").divide(lit(monthDays)).as("time"), event.cast("boolean").as("event"));
            out = out == null ? part : out.unionByName(part);
        }
        return out;
    }

    /** Separates the analysis name from the group name in the aggregation key (never in a name). */
    private static final String SEP = "\u001f";

    /**
     * The risk sets of every km or compare analysis of {@code analyses} in one aggregation through
     * {@link RiskSetBuilder} (group key = analysis and group): one row per analysis, group, stratum
     * and distinct time is collected. Per analysis, ordered as it lists its groups, then by stratum.
     */
    public static Map<String, List<RiskSet>> riskSets(Dataset<Row> cohort, List<AnalysisSpec> analyses,
                                                      double monthDays, String stratifyBy) {
        boolean stratified = stratifyBy != null && !stratifyBy.isBlank();
        Dataset<Row> rows = null;
        for (AnalysisSpec a : analyses) {
            if (!a.isSurvival()) {
                continue;
            }
            Dataset<Row> part = survivalRows(cohort, a, monthDays, stratifyBy)
                    .withColumn("group", org.apache.spark.sql.functions.concat(lit(a.name() + SEP), col("group")));
            rows = rows == null ? part : rows.unionByName(part);
        }
        Map<String, List<RiskSet>> out = new LinkedHashMap<>();
        if (rows == null) {
            return out;
        }
        List<RiskSet> built = RiskSetBuilder.build(rows, col("time"), col("event"), col("group"),
                stratified ? col("stratum") : null);
        for (AnalysisSpec a : analyses) {
            if (!a.isSurvival()) {
                continue;
            }
            List<RiskSet> ordered = new ArrayList<>();
            for (String g : a.groups().keySet()) {
                for (RiskSet r : built) {
                    if (r.group().equals(a.name() + SEP + g)) {
                        ordered.add(new RiskSet(g, r.stratum(), r.rows()));
                    }
                }
            }
            out.put(a.name(), ordered);
        }
        return out;
    }

    /** Responders among the patients of a group: {@code n} every patient, {@code responders} CR or PR. */
    public record ResponseCount(String group, long n, long responders) {
    }

    /**
     * Objective responses per group of every rate and scope-rates analysis of {@code analyses}, in one
     * aggregation ({@code groupBy(analysis, group)}). Denominator: every patient of the group (no
     * assessment and NE count as non-response, study.md). For a rate the scope is the analysis's; for
     * scope-rates each group is a scope over the same population. Per analysis in its group order.
     */
    public static Map<String, List<ResponseCount>> responses(Dataset<Row> cohort, List<AnalysisSpec> analyses) {
        Dataset<Row> rows = null;
        for (AnalysisSpec a : analyses) {
            if (a.isSurvival()) {
                continue;
            }
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                String scope = a.type() == AnalysisSpec.Type.SCOPE_RATES ? g.getKey() : a.scope();
                Column best = col(AnalysisSpec.bestResponseColumn(scope));
                Dataset<Row> part = cohort.where(expr(g.getValue()))
                        .select(lit(a.name()).as("analysis"), lit(g.getKey()).as("group"),
                                when(best.isin(RESPONDERS.toArray()), 1L).otherwise(0L).as("responder"));
                rows = rows == null ? part : rows.unionByName(part);
            }
        }
        Map<String, List<ResponseCount>> out = new LinkedHashMap<>();
        if (rows == null) {
            return out;
        }
        Map<String, ResponseCount> byKey = new LinkedHashMap<>();
        for (Row r : rows.groupBy("analysis", "group").agg(count(lit(1)).as("n"), sum("responder").as("responders"))
                .collectAsList()) {
            byKey.put(r.getString(0) + SEP + r.getString(1),
                    new ResponseCount(r.getString(1), r.getLong(2), r.isNullAt(3) ? 0 : r.getLong(3)));
        }
        for (AnalysisSpec a : analyses) {
            if (a.isSurvival()) {
                continue;
            }
            List<ResponseCount> counts = new ArrayList<>();
            for (String g : a.groups().keySet()) {
                counts.add(byKey.getOrDefault(a.name() + SEP + g, new ResponseCount(g, 0, 0)));
            }
            out.put(a.name(), counts);
        }
        return out;
    }

    /** Age at index: median (exact, R's definition: the mean of the two middle values), min, max. */
    public record Age(double median, Integer min, Integer max) {
    }

    /** Table 1 counts: cohort size, age, and per variable the patients per category (null = missing). */
    public record Baseline(long n, Age age, Map<String, Map<String, Long>> counts) {
    }

    /**
     * Table 1 over the cohort: one aggregation for age (Spark's exact {@code percentile}) and one for
     * every variable at once (each patient exploded into one (variable, category) row per variable,
     * then counted). Boolean variables become {@code yes}/{@code no}; null stays null (missing).
     */
    public static Baseline baseline(Dataset<Row> cohort, List<BaselineVariable> variables) {
        Row age = cohort.agg(count(lit(1)), expr("percentile(age, 0.5)"), min("age"), max("age")).first();
        long n = age.getLong(0);
        Age a = new Age(age.isNullAt(1) ? Double.NaN : ((Number) age.get(1)).doubleValue(),
                age.isNullAt(2) ? null : ((Number) age.get(2)).intValue(),
                age.isNullAt(3) ? null : ((Number) age.get(3)).intValue());
        List<Column> cells = new ArrayList<>();
        for (BaselineVariable v : variables) {
            Column c = col(v.name());
            Column category = cohort.schema().apply(v.name()).dataType() instanceof org.apache.spark.sql.types.BooleanType
                    ? when(c.isNull(), lit(null).cast("string")).when(c, lit("yes")).otherwise(lit("no"))
                    : c.cast("string");
            cells.add(org.apache.spark.sql.functions.struct(lit(v.name()).as("variable"), category.as("category")));
        }
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (BaselineVariable v : variables) {
            counts.put(v.name(), new LinkedHashMap<>());
        }
        if (!cells.isEmpty()) {
            Dataset<Row> exploded = cohort
                    .select(org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(
                            cells.toArray(new Column[0]))).as("cell"))
                    .select(col("cell.variable").as("variable"), col("cell.category").as("category"));
            for (Row r : exploded.groupBy("variable", "category").count().collectAsList()) {
                counts.get(r.getString(0)).put(r.isNullAt(1) ? null : r.getString(1), r.getLong(2));
            }
        }
        return new Baseline(n, a, counts);
    }

    /** Patients of one adverse-event term by worst grade (1–2, 3, ≥ 4) and with any grade. */
    public record TermCount(String term, long grade12, long grade3, long grade4Plus, long any) {
    }

    /** Table 2 counts: cohort size, patients with any AE, dose reduced, interrupted; per term. */
    public record AdverseEvents(long n, long anyGrade, long doseReduced, long interrupted, List<TermCount> terms) {
    }

    /**
     * Table 2: per term, patients by worst grade ({@code adverseEvents}: patient_key, term,
     * worst_grade; restricted to patients of {@code cohort}), terms ordered by patients with any grade
     * (descending), then name; and the cohort's flags {@code any_ae}, {@code dose_reduced},
     * {@code interrupted}.
     */
    public static AdverseEvents adverseEvents(Dataset<Row> cohort, Dataset<Row> adverseEvents) {
        Row flags = cohort.agg(count(lit(1)),
                sum(when(col("any_ae"), 1L).otherwise(0L)),
                sum(when(col("dose_reduced"), 1L).otherwise(0L)),
                sum(when(col("interrupted"), 1L).otherwise(0L))).first();
        Column g = col("worst_grade");
        Dataset<Row> perTerm = adverseEvents
                .join(cohort.select("patient_key"), adverseEvents.col("patient_key").equalTo(cohort.col("patient_key")),
                        "left_semi")
                .groupBy("term")
                .agg(sum(when(g.between(1, 2), 1L).otherwise(0L)).as("g12"),
                        sum(when(g.equalTo(3), 1L).otherwise(0L)).as("g3"),
                        sum(when(g.geq(4), 1L).otherwise(0L)).as("g4"),
                        count(lit(1)).as("any"))
                .orderBy(col("any").desc(), col("term"));
        List<TermCount> terms = new ArrayList<>();
        for (Row r : perTerm.collectAsList()) {
            terms.add(new TermCount(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        }
        return new AdverseEvents(flags.getLong(0), longOrZero(flags, 1), longOrZero(flags, 2), longOrZero(flags, 3),
                terms);
    }

    private static long longOrZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : r.getLong(i);
    }
}
