package io.rwe.derive;

import io.rwe.core.CollectedBytes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The derive stage: from the curated tables to the analysis cohort, its adverse events and the flow
 * (docs/study.md "Cohort", "Endpoints", "Best response", "Adverse events"; docs/derive.md). Every step is a
 * DataFrame operation on the executors; the driver receives only the flow counts, from one
 * aggregation ({@code groupBy(excluded_at, pattern).count()}: at most (steps + 1) × (patterns + 1)
 * rows, whatever the number of patients).
 *
 * <p>The per-patient facts of the reviewed patients are cached (memory and disk) for the flow count
 * and the cohort; {@link DerivedCohort#close()} frees them.
 */
public final class Derive {

    private Derive() {
    }

    /** Derives with the study and the pseudonym key of {@code config}; progress lines go to stderr. */
    public static DerivedCohort run(Config config, CuratedTables tables) {
        return run(StudyDefinition.from(config), Pseudonym.fromConfig(config), tables, System.err::println);
    }

    /**
     * Derives the cohort of {@code config}'s study from the published curated tables of {@code warehouse}:
     * a study defined by expressions ({@link ExpressionStudy}, e.g. the NAACCR study) by
     * {@link ExpressionCohort}, any other by this class over the extract format's tables.
     */
    public static DerivedCohort run(SparkSession spark, Config config, Pseudonym pseudonym, Path warehouse,
                                    Consumer<String> progress) {
        if (ExpressionStudy.configured(config)) {
            return ExpressionCohort.derive(ExpressionStudy.from(config), pseudonym, spark, warehouse, progress);
        }
        StudyDefinition study = StudyDefinition.from(config);
        Path curated = io.rwe.ingest.Curated.currentVersion(warehouse);
        return run(study, pseudonym, CuratedTables.read(spark, warehouse).check(curated.toString()), progress);
    }

    /** The name of {@code config}'s study, its definition checked (before Spark starts). */
    public static String studyName(Config config) {
        return ExpressionStudy.configured(config) ? ExpressionStudy.from(config).name() : StudyDefinition.from(config).name();
    }

    /**
     * Derives the analysis cohort.
     *
     * @param progress receives one line per stage (what, counts, seconds)
     */
    public static DerivedCohort run(StudyDefinition study, Pseudonym pseudonym, CuratedTables tables,
                                    Consumer<String> progress) {
        long t0 = System.nanoTime();
        Dataset<Row> reviewed = StudyDrugIndex.reviewed(study, tables);
        Dataset<Row> facts = FlowSteps.facts(study, tables, reviewed).persist(StorageLevel.MEMORY_AND_DISK());

        org.apache.spark.SparkContext sc = tables.patients().sparkSession().sparkContext();
        sc.setJobDescription("flow: per-patient facts of the reviewed patients");
        CohortFlow flow;
        try {
            flow = countFlow(study, facts);
        } finally {
            sc.setJobDescription(null);
        }
        progress.accept(String.format(java.util.Locale.ROOT,
                "derive: flow: reviewed %d, excluded %s, included %d, patterns %s (%.1f s)",
                flow.reviewed(), flow.excluded(), flow.included(), flow.patterns(), seconds(t0)));

        Dataset<Row> included = facts.filter(col("excluded_at").isNull());
        Dataset<Row> key = included.select("patient_id", "index_date");
        Dataset<Row> assessments = Endpoints.assessmentFacts(study, tables.assessments(), key);
        Dataset<Row> aeWindow = AdverseEventSummary.inWindow(study, tables.adverseEvents(), key);
        Dataset<Row> aeFlags = AdverseEventSummary.lastOnsets(study, tables.adverseEvents());

        Dataset<Row> joined = included
                .join(PatientJoins.shuffled(assessments), PatientJoins.BY_PATIENT, "left");
        joined = joined.join(PatientJoins.shuffled(aeFlags), PatientJoins.BY_PATIENT, "left");

        List<Column> cols = new ArrayList<>();
        cols.add(pseudonym.column(col("patient_id")).as("patient_key"));
        cols.add(col("center_id"));
        cols.add(col("index_date"));
        cols.add(col("course_end"));
        cols.add(col("age"));
        cols.add(col("pattern"));
        for (StudyDefinition.Rule f : study.baselineFlags()) {
            cols.add(col(f.name()));
        }
        cols.addAll(Table1Variables.columns(study.table1()));
        cols.addAll(Endpoints.endpointColumns(study));
        cols.addAll(Endpoints.bestResponseColumns(study));
        cols.addAll(AdverseEventSummary.flagColumns());
        Dataset<Row> cohort = joined.select(cols.toArray(Column[]::new));
        if (!Arrays.asList(cohort.columns()).equals(columnNames(study))) {
            throw new IllegalStateException("the cohort's columns " + Arrays.asList(cohort.columns())
                    + " are not Derive.columnNames " + columnNames(study));
        }

        Dataset<Row> adverseEvents = AdverseEventSummary.worstGrades(aeWindow)
                .select(pseudonym.column(col("patient_id")).as("patient_key"), col("term"), col("worst_grade"));

        return new DerivedCohort(cohort, adverseEvents, flow, facts);
    }

    /**
     * The analysis cohort's columns, in order, as {@link #run} writes them (docs/derive.md): known from the
     * study alone, before any data is read, so that a job can check a column named in the configuration
     * (a stratifying column) before it starts. {@link #run} holds the cohort to this list.
     */
    public static List<String> columnNames(Config config) {
        if (ExpressionStudy.configured(config)) {
            ExpressionStudy study = ExpressionStudy.from(config);
            List<String> n = new ArrayList<>(List.of("patient_key"));
            n.addAll(study.keep());
            n.add("pattern");
            for (ExpressionStudy.Endpoint e : study.endpoints()) {
                n.add(e.name() + "_days");
                n.add(e.name() + "_event");
            }
            return n;
        }
        return columnNames(StudyDefinition.from(config));
    }

    /** The analysis cohort's columns of a study of the extract format ({@link #columnNames(Config)}). */
    public static List<String> columnNames(StudyDefinition study) {
        List<String> n = new ArrayList<>(List.of("patient_key", "center_id", "index_date", "course_end", "age", "pattern"));
        study.baselineFlags().forEach(f -> n.add(f.name()));
        n.addAll(Table1Variables.NAMES);
        for (StudyDefinition.Endpoint e : study.endpoints()) {
            n.add(e.name() + "_days");
            n.add(e.name() + "_event");
        }
        study.responseScopes().forEach(scope -> n.add("best_" + scope));
        n.addAll(List.of("dose_reduced", "interrupted", "any_ae"));
        return n;
    }

    /**
     * The one aggregation the driver collects: patients per (excluded_at, pattern of the included). The
     * data-quality step {@link CohortFlow#FOLLOW_UP_BEFORE_INDEX}, applied before the configured steps,
     * is listed only when it excludes someone (docs/derive.md, "Flow").
     */
    static CohortFlow countFlow(StudyDefinition study, Dataset<Row> facts) {
        List<String> steps = new ArrayList<>();
        steps.add(CohortFlow.FOLLOW_UP_BEFORE_INDEX);
        steps.addAll(study.flowSteps());
        return countFlow(steps, study.patterns().stream().map(StudyDefinition.Rule::name).toList(), facts)
                .withoutEmpty(CohortFlow.FOLLOW_UP_BEFORE_INDEX);
    }

    /**
     * The flow from {@code facts}' columns {@code excluded_at} (a step of {@code steps}, null for the
     * included) and {@code pattern} (one of {@code patterns}), in one aggregation.
     */
    static CohortFlow countFlow(List<String> steps, List<String> patterns, Dataset<Row> facts) {
        List<Row> rows = CollectedBytes.collect(facts
                .select(col("excluded_at"), when(col("excluded_at").isNull(), col("pattern")).as("p"))
                .groupBy("excluded_at", "p").count());
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (Row r : rows) {
            counts.put(Arrays.asList(r.isNullAt(0) ? null : r.getString(0), r.isNullAt(1) ? null : r.getString(1)),
                    r.getLong(2));
        }
        return CohortFlow.fromCounts(steps, patterns, counts);
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
