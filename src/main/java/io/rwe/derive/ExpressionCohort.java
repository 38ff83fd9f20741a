package io.rwe.derive;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.BadInputException;
import io.rwe.core.CollectedBytes;
import io.rwe.ingest.Curated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The derive stage of a study defined by expressions ({@link ExpressionStudy}; docs/derive.md, "Cohorts
 * from expressions") over curated {@code patients} and {@code tumors} whose items are maps by name (the
 * NAACCR input model, docs/naaccr.md). Every step is a DataFrame operation on the executors:
 *
 * <ol>
 *   <li>each tumor's items are read as columns, its {@code tumor-columns} computed; the patient's
 *       <b>index</b> tumor is the first (by {@code index.order-by}) of those meeting {@code index.where};
 *       <b>reviewed</b> = patients with an index tumor;</li>
 *   <li>the index tumor is joined with its patient's items and the {@code columns} computed in order;</li>
 *   <li>{@code excluded_at}: the first flow step whose condition is true or unknown (a step keeps a
 *       patient only when its condition is false); the <b>pattern</b> of the included: the first
 *       pattern whose condition is true;</li>
 *   <li>each endpoint's {@code <name>_days} = days from {@code from} to the earlier of {@code to} and the
 *       cut-off, {@code <name>_event} = {@code event} and {@code to} on or before the cut-off.</li>
 * </ol>
 *
 * The driver receives only the flow counts ({@code groupBy(excluded_at, pattern).count()}). There are
 * no adverse events: the adverse-events dataset is empty.
 */
public final class ExpressionCohort {
    static final String PID = "_pid";

    private ExpressionCohort() {
    }

    /** The adverse-events schema of a derived cohort (patient_key, term, worst_grade). */
    static final StructType ADVERSE_EVENTS = new StructType().add("patient_key", DataTypes.StringType)
            .add("term", DataTypes.StringType).add("worst_grade", DataTypes.IntegerType);

    /** Derives the cohort of {@code study} from the published curated tables of {@code warehouse}. */
    public static DerivedCohort derive(ExpressionStudy study, Pseudonym pseudonym, SparkSession spark, Path warehouse,
                                       Consumer<String> progress) {
        Path curated = Curated.currentVersion(warehouse);
        for (String t : List.of("patients", "tumors")) {
            if (!Files.isDirectory(curated.resolve(t))) {
                throw new BadInputException(curated + ": no curated table '" + t + "'; study " + study.name()
                        + " is built from NAACCR data (jobs/ingest --format naaccr, docs/naaccr.md)");
            }
        }
        return derive(study, pseudonym, spark.read().parquet(curated.resolve("patients").toString()),
                spark.read().parquet(curated.resolve("tumors").toString()), progress);
    }

    /**
     * Derives the cohort from {@code patients} and {@code tumors}: the patient id column of the study and
     * an {@code items} map by name each.
     */
    public static DerivedCohort derive(ExpressionStudy study, Pseudonym pseudonym, Dataset<Row> patients,
                                       Dataset<Row> tumors, Consumer<String> progress) {
        long t0 = System.nanoTime();
        try {
            Dataset<Row> reviewed = reviewed(study, patients, tumors);
            Dataset<Row> facts = classified(study, reviewed).persist(StorageLevel.MEMORY_AND_DISK());
            CohortFlow flow = Derive.countFlow(study.exclusions().stream().map(ExpressionStudy.Named::name).toList(),
                    study.patterns().stream().map(ExpressionStudy.Named::name).toList(), facts);
            progress.accept(String.format(java.util.Locale.ROOT,
                    "derive: flow: reviewed %d, excluded %s, included %d, patterns %s (%.1f s)",
                    flow.reviewed(), flow.excluded(), flow.included(), flow.patterns(), Derive.seconds(t0)));
            List<Column> out = new ArrayList<>();
            out.add(pseudonym.column(col(PID)).as("patient_key"));
            for (String k : study.keep()) {
                out.add(col(k));
            }
            out.add(col("pattern"));
            for (ExpressionStudy.Endpoint e : study.endpoints()) {
                out.add(col(e.name() + "_days"));
                out.add(col(e.name() + "_event"));
            }
            Dataset<Row> cohort = facts.filter(col("excluded_at").isNull()).select(out.toArray(Column[]::new));
            Dataset<Row> ae = facts.sparkSession().createDataFrame(List.of(), ADVERSE_EVENTS);
            return new DerivedCohort(cohort, ae, flow, facts);
        } catch (Exception e) {
            if (e instanceof AnalysisException) { // thrown unchecked by Spark
                throw new BadInputException("study " + study.name() + ": an expression of rwe.study.cohort does not "
                        + "fit the curated tables: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            throw e;
        }
    }

    /** The reviewed patients: the index tumor of each, with its patient's items and the study's columns. */
    static Dataset<Row> reviewed(ExpressionStudy study, Dataset<Row> patients, Dataset<Row> tumors) {
        Dataset<Row> t = items(tumors, study.patientId(), study.tumorItems());
        for (ExpressionStudy.Named c : study.tumorColumns()) {
            t = t.withColumn(c.name(), expr(c.sql()));
        }
        Column[] order = study.indexOrder().stream().map(o -> expr(o).asc_nulls_last()).toArray(Column[]::new);
        Dataset<Row> index = t.filter(coalesce(expr(study.indexWhere()), lit(false)))
                .withColumn("_rank", row_number().over(Window.partitionBy(PID).orderBy(order)))
                .filter(col("_rank").equalTo(1)).drop("_rank");
        Dataset<Row> p = items(patients, study.patientId(), study.patientItems()).withColumnRenamed(PID, "_ppid");
        // A shuffle join, never a broadcast one (which would bring every patient id to the driver).
        Dataset<Row> joined = index.join(p.hint("shuffle_hash"), index.col(PID).equalTo(p.col("_ppid")), "left")
                .drop("_ppid");
        for (ExpressionStudy.Named c : study.columns()) {
            joined = joined.withColumn(c.name(), expr(c.sql()));
        }
        return joined;
    }

    /** The reviewed patients with {@code excluded_at}, {@code pattern} and the endpoints' columns. */
    static Dataset<Row> classified(ExpressionStudy study, Dataset<Row> reviewed) {
        Column excludedAt = lit(null).cast("string");
        List<ExpressionStudy.Named> steps = new ArrayList<>(study.exclusions());
        java.util.Collections.reverse(steps);
        for (ExpressionStudy.Named s : steps) {
            excludedAt = when(coalesce(expr(s.sql()), lit(true)), lit(s.name())).otherwise(excludedAt);
        }
        Column pattern = lit(null).cast("string");
        List<ExpressionStudy.Named> patterns = new ArrayList<>(study.patterns());
        java.util.Collections.reverse(patterns);
        for (ExpressionStudy.Named p : patterns) {
            pattern = when(coalesce(expr(p.sql()), lit(false)), lit(p.name())).otherwise(pattern);
        }
        Dataset<Row> d = reviewed.withColumn("excluded_at", excludedAt)
                .withColumn("pattern", when(col("excluded_at").isNull(), pattern));
        Column cutoff = lit(java.sql.Date.valueOf(study.cutoff()));
        for (ExpressionStudy.Endpoint e : study.endpoints()) {
            Column from = expr(e.from());
            Column to = expr(e.to());
            d = d.withColumn(e.name() + "_days", datediff(least(to, cutoff), from).cast("int"))
                    .withColumn(e.name() + "_event", when(from.isNotNull().and(to.isNotNull()),
                            coalesce(expr(e.event()), lit(false)).and(to.leq(cutoff))));
        }
        return d;
    }

    /** {@code table}'s patient id as {@value #PID} and each item of {@code names} as a column of that name. */
    private static Dataset<Row> items(Dataset<Row> table, String patientId, List<String> names) {
        List<Column> cols = new ArrayList<>();
        cols.add(col(patientId).as(PID));
        for (String n : names) {
            cols.add(col("items").getItem(n).as(n));
        }
        return table.select(cols.toArray(Column[]::new));
    }
}
