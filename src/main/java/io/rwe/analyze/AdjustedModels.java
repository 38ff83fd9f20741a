package io.rwe.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.rwe.results.CoxAdjusted;
import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.CoxCovariates;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.CoxRegression;
import io.rwe.study.AdjustmentVariable;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.Study;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;

/**
 * The adjusted Cox model of a comparison ({@code cox_adjusted}; docs/study.md, "Adjusted hazard ratio"):
 * Efron, the endpoint in months on the group (its reference the comparison's) plus the study's adjustment
 * set ({@code rwe.study.adjustment}), stratified by {@code stratify-by} when set, at the study's
 * {@code conf-level}. R: {@code coxph(Surv(t, e) ~ group + age + sex + … [+ strata(s)], ties = "efron")} with
 * the study's factor levels.
 *
 * <p>The analysis rows are one per patient and group whose predicate holds and whose endpoint applies (as
 * the risk sets take them): group, whole days, event, stratum and the adjustment columns, a categorical
 * one as text ({@code yes}/{@code no} for a boolean, {@code missing} for null). {@link AdjustedCox} finds
 * the design on them, caches their encoding and iterates, one Spark aggregation per Newton step
 * ({@code riskset.CoxSums}). Time = days / {@code month-days}, the same double division as the risk sets,
 * so tied days stay tied.
 */
final class AdjustedModels {

    private AdjustedModels() {
    }

    /**
     * The fit of one comparison.
     *
     * @param result       the cox_adjusted object, null when not estimable
     * @param notEstimable the reason, or null
     * @param accounting   what the fit collected (null when Spark was not asked)
     * @param iterations   R's {@code fit$iter} (0 when not fitted)
     */
    record Fitted(CoxAdjusted result, String notEstimable, AdjustedCox.Accounting accounting, int iterations) {
    }

    /** A comparison that cannot be compared at all (no second group, no events) is not fitted. */
    static Fitted notEstimable(String why) {
        return new Fitted(null, why, null, 0);
    }

    /** Fits the adjusted model of comparison {@code a} on {@code cohort}. */
    static Fitted fit(Dataset<Row> cohort, Study study, AnalysisSpec a) {
        List<String> columns = List.of(cohort.columns());
        for (AdjustmentVariable v : study.adjustment()) {
            if (!columns.contains(v.name())) {
                return notEstimable("the cohort has no column '" + v.name() + "' of the adjustment set");
            }
        }
        String stratum = study.stratifyBy() == null ? "CAST(NULL AS STRING)"
                : "CAST(" + q(study.stratifyBy()) + " AS STRING)";
        List<String> fields = new ArrayList<>();
        fields.add("'d', CAST(" + q(a.endpoint() + "_days") + " AS INT)");
        fields.add("'e', " + q(a.endpoint() + "_event"));
        fields.add("'s', " + stratum);
        List<AdjustmentVariable> adjustment = study.adjustment();
        for (int i = 0; i < adjustment.size(); i++) {
            fields.add("'v" + i + "', " + value(cohort, adjustment.get(i)));
        }
        List<String> items = new ArrayList<>();
        for (var g : a.groups().entrySet()) {
            items.add("IF((" + g.getValue() + ") AND " + q(a.endpoint() + "_days") + " IS NOT NULL AND "
                    + q(a.endpoint() + "_event") + " IS NOT NULL, named_struct('g', " + literal(g.getKey()) + ", "
                    + String.join(", ", fields) + "), NULL)");
        }
        // One row per group the patient is in: a null item becomes a row of nulls, dropped by its null group.
        // (Filtering the array instead, with a lambda, made Spark evaluate every item interpreted.)
        Dataset<Row> rows = cohort.selectExpr("inline(array(" + String.join(", ", items) + "))")
                .where(col("g").isNotNull());
        String first = a.groups().keySet().stream().filter(g -> !g.equals(a.reference())).findFirst().orElseThrow();
        List<CoxCovariates.Covariate> covariates = new ArrayList<>();
        covariates.add(CoxCovariates.Covariate.categorical(TypedResults.GROUP, col("g"), List.of(a.reference(), first),
                null));
        for (int i = 0; i < adjustment.size(); i++) {
            AdjustmentVariable v = adjustment.get(i);
            covariates.add(v.numeric() ? CoxCovariates.Covariate.numeric(v.name(), col("v" + i))
                    : CoxCovariates.Covariate.categorical(v.name(), col("v" + i), v.levels(), null));
        }
        CoxRegression regression = CoxRegression.of(CoxRegression.Options.withDefaults()
                .withConfLevel(study.confLevel()));
        AdjustedCox.Outcome o = AdjustedCox.fit(rows, col("d").cast("double").divide(lit(study.monthDays())), col("e"),
                study.stratifyBy() == null ? null : col("s"), covariates, List.of(a.reference(), first), regression);
        if (o.notEstimable() != null) {
            return new Fitted(null, o.notEstimable(), o.accounting(), 0);
        }
        return new Fitted(TypedResults.coxAdjusted(o.fit(), o.design(), null), null, o.accounting(),
                o.fit().iterations());
    }

    /** The adjustment column as the model takes it: a number, or text with {@code missing} for null. */
    private static String value(Dataset<Row> cohort, AdjustmentVariable v) {
        String c = q(v.name());
        if (v.numeric()) {
            return "CAST(" + c + " AS DOUBLE)";
        }
        String text = cohort.schema().apply(v.name()).dataType() instanceof BooleanType
                ? "CASE WHEN " + c + " THEN 'yes' WHEN NOT " + c + " THEN 'no' END"
                : "CAST(" + c + " AS STRING)";
        return "COALESCE(" + text + ", " + literal(AdjustmentVariable.MISSING) + ")";
    }

    private static String q(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
