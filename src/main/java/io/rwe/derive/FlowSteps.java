package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-patient facts of the flow and the baseline, one row per reviewed patient, and the flow step
 * that excludes each (docs/study.md "Flow"). Each fact is one aggregation of a child table per patient:
 * <ul>
 *   <li>{@code measurable_metastatic}: a lesion with {@code measurable=Y}, a metastatic site and
 *       {@code detected_date <= index_date};</li>
 *   <li>one flag per baseline flag of the study ({@code rwe.study.baseline-flags}): the configured
 *       condition over the site-group flags, a site-group flag being "a metastatic lesion of the group
 *       (measurable or not) detected on or before the index";</li>
 *   <li>{@code concurrent_systemic}: a course of another drug with {@code start_date <= course_end} and
 *       {@code datediff(index_date, end) < washout-days}, {@code end} being its stop date, or the
 *       cut-off when it is ongoing or stops later. This is one condition for both rules of the spec:
 *       a course overlapping the study-drug course has {@code end >= index_date} (difference &le; 0);
 *       one stopped d days before the index has difference d, so with 14 days, 13 excludes and 14
 *       does not;</li>
 *   <li>{@code prior_systemic}: a course of any drug (the study drug's earlier courses included)
 *       started before the index (Table 1 treatment setting);</li>
 *   <li>{@code locoregional_metastasis}: a procedure with {@code target=metastasis} dated on or before
 *       {@code course_end} (however long before the index);</li>
 *   <li>{@code locoregional_liver}: a procedure with {@code target=primary} dated before the index.</li>
 * </ul>
 * Records dated after the cut-off are ignored. {@code excluded_at} is the first step that excludes the
 * patient ({@link #excludedAt}), null when none does; {@code pattern} the first metastasis-pattern rule that holds.
 */
final class FlowSteps {

    private FlowSteps() {
    }

    static Dataset<Row> facts(StudyDefinition s, CuratedTables t, Dataset<Row> reviewed) {
        Dataset<Row> key = reviewed.select("patient_id", "index_date", "course_end");
        Column cutoff = date(s.cutoff());

        // Lesions: measurable metastatic lesion and site-group flags, at baseline.
        List<Column> lesionAgg = new ArrayList<>();
        lesionAgg.add(max(when(col("measurable").equalTo(lit("Y")), 1).otherwise(0)).as("measurable_metastatic"));
        for (Map.Entry<String, List<String>> g : s.siteGroups().entrySet()) {
            lesionAgg.add(max(when(col("site").isin(g.getValue().toArray()), 1).otherwise(0)).as(g.getKey()));
        }
        Dataset<Row> groups = t.lesions().join(PatientJoins.shuffled(key), "patient_id")
                .filter(col("detected_date").leq(col("index_date"))
                        .and(col("site").isin(s.metastaticSites().toArray())))
                .groupBy("patient_id")
                .agg(lesionAgg.get(0), lesionAgg.subList(1, lesionAgg.size()).toArray(Column[]::new));
        List<Column> groupCols = new ArrayList<>();
        groupCols.add(col("patient_id"));
        groupCols.add(col("measurable_metastatic").equalTo(1).as("measurable_metastatic"));
        for (String g : s.siteGroups().keySet()) {
            groupCols.add(col(g).equalTo(1).as(g));
        }
        List<Column> flagCols = new ArrayList<>();
        flagCols.add(col("patient_id"));
        flagCols.add(col("measurable_metastatic"));
        for (StudyDefinition.Rule f : s.baselineFlags()) {
            flagCols.add(expr(f.when()).as(f.name()));
        }
        Dataset<Row> lesionFacts = groups.select(groupCols.toArray(Column[]::new))
                .select(flagCols.toArray(Column[]::new));

        // Treatments: concurrent systemic therapy, earlier systemic therapy.
        Column end = least(coalesce(col("stop_date"), cutoff), cutoff);
        Column concurrent = col("drug").notEqual(lit(s.drug()))
                .and(col("start_date").leq(col("course_end")))
                .and(datediff(col("index_date"), end).lt(s.washoutDays()));
        Dataset<Row> treatmentFacts = t.treatments().join(PatientJoins.shuffled(key), "patient_id")
                .filter(col("start_date").leq(cutoff))
                .groupBy("patient_id")
                .agg(max(when(concurrent, 1).otherwise(0)).as("concurrent_systemic"),
                        max(when(col("start_date").lt(col("index_date")), 1).otherwise(0)).as("prior_systemic"));

        // Procedures: locoregional treatment of metastases (flow) and of the liver (Table 1).
        Column date = col("procedure_date");
        Dataset<Row> procedureFacts = t.procedures().join(PatientJoins.shuffled(key), "patient_id")
                .filter(date.leq(cutoff))
                .groupBy("patient_id")
                .agg(max(when(col("target").equalTo(lit("metastasis")).and(date.leq(col("course_end"))), 1)
                                .otherwise(0)).as("locoregional_metastasis"),
                        max(when(col("target").equalTo(lit("primary")).and(date.lt(col("index_date"))), 1)
                                .otherwise(0)).as("locoregional_liver"));

        Dataset<Row> joined = reviewed
                .join(PatientJoins.shuffled(lesionFacts), PatientJoins.BY_PATIENT, "left");
        joined = joined.join(PatientJoins.shuffled(treatmentFacts), PatientJoins.BY_PATIENT, "left");
        joined = joined.join(PatientJoins.shuffled(procedureFacts), PatientJoins.BY_PATIENT, "left");

        joined = joined
                .withColumn("measurable_metastatic", coalesce(col("measurable_metastatic"), lit(false)))
                .withColumn("concurrent_systemic", coalesce(col("concurrent_systemic"), lit(0)).equalTo(1))
                .withColumn("prior_systemic", coalesce(col("prior_systemic"), lit(0)).equalTo(1))
                .withColumn("locoregional_metastasis", coalesce(col("locoregional_metastasis"), lit(0)).equalTo(1))
                .withColumn("locoregional_liver", coalesce(col("locoregional_liver"), lit(0)).equalTo(1));
        for (StudyDefinition.Rule f : s.baselineFlags()) {
            joined = joined.withColumn(f.name(), coalesce(col(f.name()), lit(false)));
        }
        return joined.withColumn("excluded_at", excludedAt(s)).withColumn("pattern", pattern(s));
    }

    /**
     * The first step whose condition holds, or null: {@link CohortFlow#FOLLOW_UP_BEFORE_INDEX} (death or
     * last contact before the index date), then the configured steps in order.
     */
    static Column excludedAt(StudyDefinition s) {
        Column out = when(coalesce(col("death_date").lt(col("index_date")), lit(false))
                        .or(coalesce(col("last_contact_date").lt(col("index_date")), lit(false))),
                lit(CohortFlow.FOLLOW_UP_BEFORE_INDEX));
        for (String step : s.flowSteps()) {
            out = out.when(condition(s, step), lit(step));
        }
        return out;
    }

    static Column condition(StudyDefinition s, String step) {
        StudyDefinition.Eligibility e = s.eligibility();
        return switch (step) {
            case CohortFlow.NOT_ELIGIBLE -> col("age").lt(e.minAge())
                    .or(coalesce(col("bclc_stage").isin(e.bclcStages().toArray()), lit(false)).unary_$bang())
                    .or(coalesce(col("child_pugh_class").isin(e.childPughClasses().toArray()), lit(false)).unary_$bang())
                    .or(coalesce(col("ecog_ps").gt(e.maxEcog()), lit(false)));
            case CohortFlow.NO_MEASURABLE_METASTASIS -> col("measurable_metastatic").unary_$bang();
            case CohortFlow.CONCURRENT_SYSTEMIC -> col("concurrent_systemic");
            case CohortFlow.LOCOREGIONAL_METASTASIS -> col("locoregional_metastasis");
            default -> throw new IllegalArgumentException("unknown flow step " + step);
        };
    }

    /** The first pattern rule that holds, or null. */
    static Column pattern(StudyDefinition s) {
        Column out = null;
        for (StudyDefinition.Rule r : s.patterns()) {
            Column cond = coalesce(expr(r.when()), lit(false));
            out = out == null ? when(cond, lit(r.name())) : out.when(cond, lit(r.name()));
        }
        return out == null ? lit(null).cast("string") : out;
    }
}
