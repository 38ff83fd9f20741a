package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-patient facts of the flow and the baseline, one row per reviewed patient, and the flow step
 * that excludes each (docs/study.md "Flow"):
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
 *
 * <p>Every fact but {@code concurrent_systemic} asks whether a record of some kind is dated before the
 * index (or the course end), which is whether the first such record is: one aggregation of the lesions,
 * treatments and procedures together keeps each patient's first date of each kind ({@link #firstDates}),
 * combined within each task before the shuffle, so no row of these tables is joined or sorted. Only
 * the other drugs' courses, whose condition is an interval, are joined, with the narrow index key
 * ({@link StudyDrugIndex#index}).
 */
final class FlowSteps {

    private FlowSteps() {
    }

    static Dataset<Row> facts(StudyDefinition s, CuratedTables t, Dataset<Row> reviewed) {
        Column cutoff = date(s.cutoff());
        Column index = col("index_date");

        // Lesions (metastatic sites only) and procedures dated on or before the cut-off, and the first
        // treatment start on or before it: first dates, compared with the index after the join.
        Dataset<Row> firstDates = firstDates(s, t);

        // Concurrent systemic therapy: an interval condition, joined with the narrow index key.
        Column end = least(coalesce(col("stop_date"), cutoff), cutoff);
        Dataset<Row> concurrentFacts = t.treatments()
                .filter(col("drug").notEqual(lit(s.drug())).and(col("start_date").leq(cutoff)))
                .join(PatientJoins.byIndexKey(StudyDrugIndex.index(s, t)), "patient_id")
                .filter(col("start_date").leq(col("course_end"))
                        .and(datediff(index, end).lt(s.washoutDays())))
                .groupBy("patient_id")
                .agg(max(lit(true)).as("concurrent_systemic"));

        Dataset<Row> joined = reviewed
                .join(PatientJoins.shuffled(firstDates), PatientJoins.BY_PATIENT, "left")
                .join(PatientJoins.shuffled(concurrentFacts), PatientJoins.BY_PATIENT, "left");

        // A site-group flag: a lesion of the group detected on or before the index. The baseline flags are
        // evaluated over the site-group flags and measurable_metastatic (and patient_id), for patients with
        // at least one such metastatic lesion; false for the others. The other columns are set aside under
        // a prefix meanwhile, so that a site group may share a name with any of them.
        List<String> kept = new ArrayList<>();
        for (String c : reviewed.columns()) {
            if (!c.equals("patient_id")) {
                kept.add(c);
            }
        }
        kept.addAll(List.of("concurrent_systemic", "prior_systemic", "locoregional_metastasis", "locoregional_liver"));
        Map<String, Column> facts = new java.util.HashMap<>();
        facts.put("concurrent_systemic", coalesce(col("concurrent_systemic"), lit(false)));
        facts.put("prior_systemic", coalesce(col(FIRST_TREATMENT).lt(index), lit(false)));
        facts.put("locoregional_metastasis", coalesce(col(FIRST_METASTASIS_PROCEDURE).leq(col("course_end")), lit(false)));
        facts.put("locoregional_liver", coalesce(col(FIRST_LIVER_PROCEDURE).lt(index), lit(false)));
        List<Column> withGroups = new ArrayList<>();
        withGroups.add(col("patient_id"));
        for (String c : kept) {
            withGroups.add(facts.getOrDefault(c, col(c)).as(ASIDE + c));
        }
        withGroups.add(coalesce(col(FIRST_MEASURABLE).leq(index), lit(false)).as("measurable_metastatic"));
        for (String g : s.siteGroups().keySet()) {
            withGroups.add(coalesce(col(firstOfGroup(g)).leq(index), lit(false)).as(g));
        }
        withGroups.add(coalesce(col(FIRST_METASTATIC).leq(index), lit(false)).as(ANY_LESION));

        List<Column> out = new ArrayList<>();
        out.add(col("patient_id"));
        for (String c : kept) {
            out.add(col(ASIDE + c).as(c));
        }
        out.add(col("measurable_metastatic"));
        for (StudyDefinition.Rule f : s.baselineFlags()) {
            out.add(coalesce(when(col(ANY_LESION), expr(f.when())), lit(false)).as(f.name()));
        }
        return joined.select(withGroups.toArray(Column[]::new)).select(out.toArray(Column[]::new))
                .withColumn("excluded_at", excludedAt(s)).withColumn("pattern", pattern(s));
    }

    private static final String ASIDE = "_aside_";
    private static final String FIRST_METASTATIC = "_first_metastatic_lesion";
    private static final String FIRST_MEASURABLE = "_first_measurable_metastatic_lesion";
    private static final String FIRST_TREATMENT = "_first_treatment";
    private static final String FIRST_METASTASIS_PROCEDURE = "_first_metastasis_procedure";
    private static final String FIRST_LIVER_PROCEDURE = "_first_liver_procedure";
    private static final String ANY_LESION = "_metastatic_lesion_at_index";

    private static String firstOfGroup(String group) {
        return "_first_lesion_" + group;
    }

    /**
     * One row per patient with a lesion, procedure or treatment: the first date of each kind of record a
     * flow fact asks about, in one aggregation of the three tables (a union, then a minimum per column):
     * whether such a record lies before the index (or the course end) is then a comparison of the first
     * date with it. Lesions count at metastatic sites only, procedures and treatments on or before the
     * cut-off; records without a date never count. No per-row join: the aggregation combines each
     * patient's rows before they are shuffled.
     */
    static Dataset<Row> firstDates(StudyDefinition s, CuratedTables t) {
        Column cutoff = date(s.cutoff());
        List<String> names = new ArrayList<>(List.of(FIRST_METASTATIC, FIRST_MEASURABLE));
        s.siteGroups().keySet().forEach(g -> names.add(firstOfGroup(g)));
        names.addAll(List.of(FIRST_TREATMENT, FIRST_METASTASIS_PROCEDURE, FIRST_LIVER_PROCEDURE));

        Column detected = col("detected_date");
        Map<String, Column> lesion = new java.util.HashMap<>();
        lesion.put(FIRST_METASTATIC, detected);
        lesion.put(FIRST_MEASURABLE, when(col("measurable").equalTo(lit("Y")), detected));
        for (Map.Entry<String, List<String>> g : s.siteGroups().entrySet()) {
            lesion.put(firstOfGroup(g.getKey()), when(col("site").isin(g.getValue().toArray()), detected));
        }
        Dataset<Row> lesions = firstDateColumns(t.lesions()
                .filter(col("site").isin(s.metastaticSites().toArray()).and(detected.isNotNull())), names, lesion);

        Column started = col("start_date");
        Dataset<Row> treatments = firstDateColumns(t.treatments().filter(started.leq(cutoff)), names,
                Map.of(FIRST_TREATMENT, started));

        Column done = col("procedure_date");
        Dataset<Row> procedures = firstDateColumns(t.procedures().filter(done.leq(cutoff)), names,
                Map.of(FIRST_METASTASIS_PROCEDURE, when(col("target").equalTo(lit("metastasis")), done),
                        FIRST_LIVER_PROCEDURE, when(col("target").equalTo(lit("primary")), done)));

        List<Column> agg = new ArrayList<>();
        for (String n : names) {
            agg.add(min(col(n)).as(n));
        }
        return lesions.unionByName(treatments).unionByName(procedures)
                .groupBy("patient_id")
                .agg(agg.get(0), agg.subList(1, agg.size()).toArray(Column[]::new));
    }

    /** (patient_id, names...) of {@code table}: the given date columns, null for every other name. */
    private static Dataset<Row> firstDateColumns(Dataset<Row> table, List<String> names, Map<String, Column> dates) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("patient_id"));
        for (String n : names) {
            cols.add(dates.getOrDefault(n, lit(null).cast("date")).as(n));
        }
        return table.select(cols.toArray(Column[]::new));
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
