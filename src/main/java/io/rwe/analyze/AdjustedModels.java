package io.rwe.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.rwe.results.CoxAdjusted;
import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.CoxColumns;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.CoxRegression;
import io.rwe.study.AdjustmentVariable;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.Study;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The adjusted Cox model of a comparison ({@code cox_adjusted}; docs/study.md, "Adjusted hazard ratio"):
 * Efron, the endpoint in months on the group (its reference the comparison's) plus the study's adjustment
 * set ({@code rwe.study.adjustment}), stratified by {@code stratify-by} when set, at the study's
 * {@code conf-level}. R: {@code coxph(Surv(t, e) ~ group + age + sex + … [+ strata(s)], ties = "efron")} with
 * the study's factor levels.
 *
 * <p>The analysis rows are one per patient and group whose predicate holds and whose endpoint applies (as
 * the risk sets take them): group, whole days, event, stratum and the adjustment columns, a categorical
 * one as text ({@code yes}/{@code no} for a boolean, {@code missing} for null). Each task keeps them as the
 * columns of {@code riskset.CoxColumns} while the stage's one scan reads the cohort ({@link CohortScan});
 * the design is found from the tasks' dictionaries, the encoded rows are packed once, and each Newton step is
 * one Spark aggregation ({@code riskset.CoxSums}), as {@link AdjustedCox} does for {@code jobs/survival}.
 * Time = days / {@code month-days}, the same double division as the risk sets, so tied days stay tied.
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

    /**
     * The model of comparison {@code a} planned as a part of the cohort scan ({@link CohortScan}), or the reason
     * it cannot be fitted at all.
     *
     * @param count     the model's columns as each task keeps them (null when not estimable)
     * @param variables the covariates in formula order, the group first
     * @param groups    the compared groups: the reference, then the other
     * @param why       why not estimable, or null
     */
    record Planned(CohortScan.Count<CoxColumns.Chunk, JavaRDD<CoxColumns.Chunk>> count,
                   List<CoxColumns.Variable> variables, List<String> groups, String why) {
    }

    /**
     * Plans the adjusted model of comparison {@code a} on {@code cohort}: the rows, one per patient and group
     * whose predicate holds and whose endpoint applies, become each task's columns of the model
     * ({@link CoxColumns.RowReader}) as the scan reads the cohort: time = whole days / {@code month-days},
     * event, stratum, the group as text, then the adjustment columns.
     */
    static Planned plan(Dataset<Row> cohort, Study study, AnalysisSpec a) {
        List<String> columns = List.of(cohort.columns());
        for (AdjustmentVariable v : study.adjustment()) {
            if (!columns.contains(v.name())) {
                return new Planned(null, null, null, "the cohort has no column '" + v.name() + "' of the adjustment set");
            }
        }
        String days = q(a.endpoint() + "_days");
        String event = q(a.endpoint() + "_event");
        List<AdjustmentVariable> adjustment = study.adjustment();
        int k = adjustment.size();
        List<Column> fields = new ArrayList<>();
        fields.add(expr("CAST(CAST(" + days + " AS INT) AS DOUBLE)").divide(lit(study.monthDays())).cast("double"));
        fields.add(col(a.endpoint() + "_event").cast("boolean"));
        fields.add((study.stratifyBy() == null ? lit(null) : expr("CAST(" + q(study.stratifyBy()) + " AS STRING)"))
                .cast("string"));
        for (AdjustmentVariable v : adjustment) {
            fields.add(expr(value(cohort, v)).cast(v.numeric() ? "double" : "string"));
        }
        List<String> labels = new ArrayList<>();
        for (var g : a.groups().entrySet()) {
            fields.add(expr("COALESCE((" + g.getValue() + ") AND " + days + " IS NOT NULL AND " + event
                    + " IS NOT NULL, FALSE)"));
            labels.add(g.getKey());
        }
        String first = a.groups().keySet().stream().filter(g -> !g.equals(a.reference())).findFirst().orElseThrow();
        List<CoxColumns.Variable> variables = new ArrayList<>();
        variables.add(new CoxColumns.Variable(TypedResults.GROUP, true, List.of(a.reference(), first), null));
        boolean[] categorical = new boolean[k + 1];
        categorical[0] = true;
        for (int i = 0; i < k; i++) {
            AdjustmentVariable v = adjustment.get(i);
            categorical[i + 1] = !v.numeric();
            variables.add(new CoxColumns.Variable(v.name(), !v.numeric(), v.numeric() ? List.of() : v.levels(), null));
        }
        boolean stratified = study.stratifyBy() != null;
        String[] groupLabels = labels.toArray(new String[0]);
        CohortScan.Part<CoxColumns.Chunk> part = new CohortScan.Part<>(fields,
                base -> new ModelTask(base, k, groupLabels, categorical, stratified));
        return new Planned(new CohortScan.Count<>(part, chunks -> chunks, null), variables,
                List.of(a.reference(), first), null);
    }

    /**
     * One task's columns of a model: fields (time, event, stratum, the k adjustment values, one flag per group)
     * from {@code base} on; a row per group whose flag is set, the group's label as the first covariate.
     */
    static final class ModelTask implements CohortScan.Task<CoxColumns.Chunk> {
        private final int base;
        private final int k;
        private final int[] at;
        private final UTF8String[] labels;
        private final CoxColumns.RowReader reader;

        ModelTask(int base, int k, String[] groupLabels, boolean[] categorical, boolean stratified) {
            this.base = base;
            this.k = k;
            this.at = new int[3 + k + 1];
            at[0] = base;
            at[1] = base + 1;
            at[2] = base + 2;
            at[3] = -1; // the group: the label of the group the row is for
            for (int i = 0; i < k; i++) {
                at[4 + i] = base + 3 + i;
            }
            this.labels = new UTF8String[groupLabels.length];
            for (int g = 0; g < labels.length; g++) {
                labels[g] = UTF8String.fromString(groupLabels[g]);
            }
            this.reader = new CoxColumns.RowReader(categorical, stratified);
        }

        @Override
        public void accept(InternalRow r) {
            for (int g = 0; g < labels.length; g++) {
                if (r.getBoolean(base + 3 + k + g)) {
                    reader.add(r, at, labels[g]);
                }
            }
        }

        @Override
        public CoxColumns.Chunk finish() {
            return reader.finish();
        }
    }

    /** Fits a planned model on the chunks its part of {@code scan} kept. */
    static Fitted fit(SparkSession spark, CohortScan scan, Planned planned, Study study) {
        if (planned.why() != null) {
            return notEstimable(planned.why());
        }
        CoxRegression regression = CoxRegression.of(CoxRegression.Options.withDefaults()
                .withConfLevel(study.confLevel()));
        AdjustedCox.Outcome o = CoxColumns.fit(spark, planned.count().of(scan), planned.variables(), planned.groups(),
                regression).orElseThrow();
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
