package io.rwe.riskset;

import static org.apache.spark.sql.functions.lit;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegression;
import io.rwe.stats.CoxRegressionResult;
import io.rwe.stats.CoxTimeSums;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Cox regression of the group plus covariates over Spark rows, as the study's {@code cox_adjusted} and
 * {@code jobs/survival --covariates} fit it (docs/statistics-cox.md): each task keeps the model's complete rows
 * as the columns of {@link CoxColumns} (cached), the design is found on the driver from the tasks' dictionaries
 * of distinct values, the encoded rows (time, event, stratum and the design's columns as doubles) are packed
 * once into cached blocks sorted by (stratum, time), then {@link CoxRegression} iterates with one pass of
 * {@link CoxSums} over the blocks per Newton–Raphson step, which returns per-(stratum, time) sums; nothing patient-level is collected, and the
 * sums do not depend on how the input was partitioned. What the data cannot support is reported, not thrown:
 * <ul>
 *   <li>fewer than two of the compared groups among the complete rows ("fewer than two groups with complete
 *       covariates (none in &lt;group&gt;)");</li>
 *   <li>no column in the design ("no covariate with two or more values");</li>
 *   <li>no event among the complete rows ("no events among the patients with complete covariates").</li>
 * </ul>
 * The bytes collected are accounted (design and per aggregation) for the run's manifest.
 */
public final class AdjustedCox {

    private AdjustedCox() {
    }

    /**
     * What was collected to fit the model.
     *
     * @param designBytes     bytes of data collected by the design's aggregations
     * @param aggregations    aggregations of the per-time sums (one per β evaluated: β = 0, each iteration,
     *                        step-halvings)
     * @param bytesPerAggregation the largest number of bytes one of them collected
     * @param sumsRows        rows (stratum, distinct time) of the last aggregation
     */
    public record Accounting(long designBytes, int aggregations, long bytesPerAggregation, long sumsRows) {
    }

    /**
     * The fit.
     *
     * @param fit          the fitted model, null when not estimable
     * @param design       the design (null when not estimable before it was found)
     * @param n            rows in the model (complete cases)
     * @param dropped      rows left out for a missing time, event, stratum or covariate
     * @param notEstimable why the model could not be fitted, or null
     * @param accounting   what was collected
     */
    public record Outcome(CoxRegressionResult fit, CoxDesign design, long n, long dropped, String notEstimable,
                          Accounting accounting) {
    }

    /**
     * Fits the model on {@code rows}: the model's columns are projected and read once, into the cached columns
     * of {@link CoxColumns}, which find the design; the encoded rows are packed into cached blocks for the Newton
     * steps; both are released after the fit.
     *
     * @param groups     the compared groups (the levels the {@code group} covariate must have), or empty when
     *                   the model has no group
     * @param covariates in formula order, the group first (named {@link TypedResults#GROUP})
     */
    public static Outcome fit(Dataset<Row> rows, Column time, Column event, Column stratum,
            List<CoxCovariates.Covariate> covariates, List<String> groups, CoxRegression regression) {
        List<Column> projection = new ArrayList<>();
        projection.add(time.cast("double").as("model_t"));
        projection.add(event.cast("boolean").as("model_e"));
        projection.add((stratum == null ? lit(null) : stratum).cast("string").as("model_s"));
        List<CoxColumns.Variable> variables = new ArrayList<>();
        boolean[] categorical = new boolean[covariates.size()];
        for (int i = 0; i < covariates.size(); i++) {
            CoxCovariates.Covariate c = covariates.get(i);
            categorical[i] = c.categorical();
            projection.add(c.value().cast(c.categorical() ? "string" : "double").as("model_v" + i));
            variables.add(new CoxColumns.Variable(c.name(), c.categorical(), c.levels(), c.reference()));
        }
        boolean stratified = stratum != null;
        // Spark's rows as they are (no conversion to external rows, no copy of a category's bytes)
        JavaRDD<CoxColumns.Chunk> chunks = rows.select(projection.toArray(new Column[0])).queryExecution().toRdd()
                .toJavaRDD().mapPartitions(it -> List.of(CoxColumns.ofRows(it, categorical, stratified)).iterator());
        return CoxColumns.fit(rows.sparkSession(), chunks, variables, groups, regression).orElseThrow();
    }

    /**
     * The Newton–Raphson iteration over the per-time sums of {@code sums} (the encoded rows of {@code design}),
     * with the bytes each aggregation collects accounted; the caller closes {@code sums}.
     *
     * @param designBytes bytes collected to find the design
     */
    public static Outcome fit(SparkSession spark, CoxDesign design, long n, long dropped, long designBytes,
            CoxSums sums, CoxRegression regression) {
        CollectedBytes counter = CollectedBytes.attach(spark);
        long[] largest = {0};
        int[] calls = {0};
        long[] rowsOfLast = {0};
        CoxRegressionResult r = regression.fit(design, beta -> {
            long b = counter.dataBytes();
            List<CoxTimeSums> out = sums.at(beta);
            largest[0] = Math.max(largest[0], counter.dataBytes() - b);
            calls[0]++;
            rowsOfLast[0] = out.size();
            return out;
        });
        Accounting acc = new Accounting(designBytes, calls[0], largest[0], rowsOfLast[0]);
        if (r.events() == 0) {
            return new Outcome(null, design, n, dropped, "no events among the patients with complete covariates", acc);
        }
        return new Outcome(r, design, n, dropped, null, acc);
    }

    /** Why the design cannot be fitted: a compared group absent, or no column at all; null when it can. */
    public static String unsupported(CoxDesign design, List<String> groups) {
        if (!groups.isEmpty()) {
            List<String> present = design.variable(TypedResults.GROUP).levels();
            List<String> absent = new ArrayList<>();
            for (String g : groups) {
                if (!present.contains(g)) {
                    absent.add(g);
                }
            }
            if (!absent.isEmpty()) {
                return "fewer than two groups with complete covariates (none in " + String.join(", ", absent) + ")";
            }
        }
        if (design.columns().isEmpty()) {
            return "no covariate with two or more values";
        }
        return null;
    }
}
