package io.rwe.riskset;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegression;
import io.rwe.stats.CoxRegressionResult;
import io.rwe.stats.CoxTimeSums;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A Cox regression of the group plus covariates over Spark rows, as the study's {@code cox_adjusted} and
 * {@code jobs/survival --covariates} fit it (docs/statistics-cox.md): the design is found by
 * {@link CoxCovariates} (three small aggregations over the input), the encoded rows (time, event, stratum and
 * the design's columns as doubles) are cached, then {@link CoxRegression} iterates with one aggregation of
 * {@link CoxSums} per Newton–Raphson step over them; nothing patient-level is collected. What the data cannot support is reported, not thrown:
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
     * Fits the model on {@code rows} (read by the design's aggregations and once more to cache the encoded
     * rows, which are released after the fit).
     *
     * @param groups     the compared groups (the levels the {@code group} covariate must have), or empty when
     *                   the model has no group
     * @param covariates in formula order, the group first (named {@link TypedResults#GROUP})
     */
    public static Outcome fit(Dataset<Row> rows, Column time, Column event, Column stratum,
            List<CoxCovariates.Covariate> covariates, List<String> groups, CoxRegression regression) {
        SparkSession spark = rows.sparkSession();
        CollectedBytes counter = CollectedBytes.attach(spark);
        long before = counter.dataBytes();
        CoxCovariates.Encoded found = CoxCovariates.encode(rows, time, event, stratum, covariates);
        long designBytes = counter.dataBytes() - before;
        String why = unsupported(found.design(), groups);
        if (why != null) {
            return new Outcome(null, found.design(), found.n(), found.dropped(), why,
                    new Accounting(designBytes, 0, 0, 0));
        }
        // Only the encoded rows (time, event, stratum, the design's doubles) are cached: every Newton step
        // reads them, none reads the input again.
        Dataset<Row> cached = found.rows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            CoxCovariates.Encoded enc = new CoxCovariates.Encoded(found.design(), cached, found.n(), found.dropped());
            CoxSums sums = CoxSums.of(enc);
            long[] largest = {0};
            int[] calls = {0};
            long[] rowsOfLast = {0};
            CoxRegressionResult r = regression.fit(enc.design(), beta -> {
                long b = counter.dataBytes();
                List<CoxTimeSums> out = sums.at(beta);
                largest[0] = Math.max(largest[0], counter.dataBytes() - b);
                calls[0]++;
                rowsOfLast[0] = out.size();
                return out;
            });
            Accounting acc = new Accounting(designBytes, calls[0], largest[0], rowsOfLast[0]);
            if (r.events() == 0) {
                return new Outcome(null, enc.design(), enc.n(), enc.dropped(),
                        "no events among the patients with complete covariates", acc);
            }
            return new Outcome(r, enc.design(), enc.n(), enc.dropped(), null, acc);
        } finally {
            cached.unpersist();
        }
    }

    /** Why the design cannot be fitted: a compared group absent, or no column at all; null when it can. */
    static String unsupported(CoxDesign design, List<String> groups) {
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
