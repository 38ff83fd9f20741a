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
import io.rwe.study.CategoryNames;
import io.rwe.study.Study;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
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
        // The columnar form: a categorical adjustment column of text or yes/no is read from the cohort's column
        // batches (a dictionary-encoded text looked up once per dictionary number and batch), the rest from rows.
        List<Column> rowFields = new ArrayList<>(fields.subList(0, 3));
        List<String> batchNames = new ArrayList<>();
        int[] rowOrBatch = new int[k]; // ≥ 0: the row field after the first three; < 0: −1 − the batch column
        boolean[] yesNo = new boolean[k];
        for (int i = 0; i < k; i++) {
            AdjustmentVariable v = adjustment.get(i);
            DataType type = cohort.schema().apply(v.name()).dataType();
            if (!v.numeric() && (type instanceof StringType || type instanceof BooleanType)) {
                rowOrBatch[i] = -1 - batchNames.size();
                yesNo[i] = type instanceof BooleanType;
                batchNames.add(v.name());
            } else {
                rowOrBatch[i] = rowFields.size() - 3;
                rowFields.add(fields.get(3 + i));
            }
        }
        rowFields.addAll(fields.subList(3 + k, fields.size()));
        int rowCovariates = rowFields.size() - 3 - groupLabels.length;
        CohortScan.Columnar<CoxColumns.Chunk> columnar = batchNames.isEmpty() ? null : new CohortScan.Columnar<>(
                rowFields, batchNames,
                base -> new ModelBatchTask(base, rowOrBatch, rowCovariates, yesNo, groupLabels, categorical, stratified));
        CohortScan.Part<CoxColumns.Chunk> part = new CohortScan.Part<>(fields,
                base -> new ModelTask(base, k, groupLabels, categorical, stratified), columnar);
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
            this.at = positions(base, k);
            for (int i = 0; i < k; i++) {
                at[4 + i] = base + 3 + i;
            }
            this.labels = texts(groupLabels);
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

    /**
     * A model row's field positions for {@link CoxColumns.RowReader#add}: time, event and stratum from
     * {@code base} on, the group (covariate 0) the constant label, room for the k adjustment columns.
     */
    private static int[] positions(int base, int k) {
        int[] at = new int[3 + k + 1];
        at[0] = base;
        at[1] = base + 1;
        at[2] = base + 2;
        at[3] = -1; // the group: the label of the group the row is for
        return at;
    }

    /** The group labels as Spark's texts, one object per group (the reader remembers each one's entry). */
    private static UTF8String[] texts(String[] labels) {
        UTF8String[] out = new UTF8String[labels.length];
        for (int g = 0; g < labels.length; g++) {
            out[g] = UTF8String.fromString(labels[g]);
        }
        return out;
    }

    /**
     * One task's columns of a model when some categorical adjustment columns come from column batches: row fields
     * (time, event, stratum, the other adjustment values, one flag per group) from {@code base} on; a row per
     * group whose flag is set, its batch-read covariates set when the batch of its rows arrives.
     */
    static final class ModelBatchTask implements CohortScan.BatchTask<CoxColumns.Chunk> {
        private static final UTF8String YES = UTF8String.fromString(CategoryNames.YES);
        private static final UTF8String NO = UTF8String.fromString(CategoryNames.NO);
        private static final UTF8String MISSING = UTF8String.fromString(CategoryNames.MISSING);
        private final int flags;
        private final int[] at;
        private final UTF8String[] labels;
        private final CoxColumns.RowReader reader;
        /** Per batch column: the reader's covariate number, and whether the column is yes/no. */
        private final int[] covariate;
        private final boolean[] yesNo;
        /** The complete rows of the current batch: their numbers in the chunk and in the batch. */
        private int[] pendingRow = new int[1024];
        private int[] pendingAt = new int[1024];
        private int pending;
        private int rowsInBatch;
        private int[] entryOfId = new int[0];
        private int[] touched = new int[16];

        ModelBatchTask(int base, int[] rowOrBatch, int rowCovariates, boolean[] yesNo, String[] groupLabels,
                boolean[] categorical, boolean stratified) {
            int k = rowOrBatch.length;
            this.flags = base + 3 + rowCovariates;
            this.at = positions(base, k);
            int batchColumns = 0;
            for (int i = 0; i < k; i++) {
                if (rowOrBatch[i] < 0) {
                    batchColumns++;
                }
            }
            this.covariate = new int[batchColumns];
            this.yesNo = new boolean[batchColumns];
            for (int i = 0; i < k; i++) {
                if (rowOrBatch[i] >= 0) {
                    at[4 + i] = base + 3 + rowOrBatch[i];
                } else {
                    at[4 + i] = CoxColumns.RowReader.LATER;
                    covariate[-1 - rowOrBatch[i]] = i + 1;
                    this.yesNo[-1 - rowOrBatch[i]] = yesNo[i];
                }
            }
            this.labels = texts(groupLabels);
            this.reader = new CoxColumns.RowReader(categorical, stratified);
        }

        @Override
        public void accept(InternalRow r) {
            for (int g = 0; g < labels.length; g++) {
                if (r.getBoolean(flags + g)) {
                    int row = reader.add(r, at, labels[g]);
                    if (row >= 0) {
                        if (pending == pendingRow.length) {
                            pendingRow = java.util.Arrays.copyOf(pendingRow, pending * 2);
                            pendingAt = java.util.Arrays.copyOf(pendingAt, pending * 2);
                        }
                        pendingRow[pending] = row;
                        pendingAt[pending++] = rowsInBatch;
                    }
                }
            }
            rowsInBatch++;
        }

        @Override
        public void batch(ColumnarBatch batch, int[] columns) {
            if (batch.numRows() != rowsInBatch) {
                throw new IllegalStateException("a batch of " + batch.numRows() + " rows after " + rowsInBatch + " rows");
            }
            for (int j = 0; j < columns.length; j++) {
                ColumnVector v = batch.column(columns[j]);
                int i = covariate[j];
                if (yesNo[j]) {
                    for (int p = 0; p < pending; p++) {
                        int k = pendingAt[p];
                        UTF8String text = v.isNullAt(k) ? MISSING : v.getBoolean(k) ? YES : NO;
                        reader.setLater(pendingRow[p], i, reader.entryOfConstant(i, text));
                    }
                } else if (v instanceof WritableColumnVector w && w.hasDictionary()) {
                    byDictionary(w, i);
                } else {
                    for (int p = 0; p < pending; p++) {
                        int k = pendingAt[p];
                        int entry = v.isNullAt(k) ? reader.entryOfConstant(i, MISSING)
                                : reader.entryOf(i, v.getUTF8String(k));
                        reader.setLater(pendingRow[p], i, entry);
                    }
                }
            }
            pending = 0;
            rowsInBatch = 0;
        }

        /** A dictionary-encoded text column: each dictionary number's text looked up once in the batch. */
        private void byDictionary(WritableColumnVector v, int i) {
            WritableColumnVector ids = v.getDictionaryIds();
            int seen = 0;
            for (int p = 0; p < pending; p++) {
                int k = pendingAt[p];
                int entry;
                if (v.isNullAt(k)) {
                    entry = reader.entryOfConstant(i, MISSING);
                } else {
                    int id = ids.getInt(k);
                    if (id >= entryOfId.length) {
                        int old = entryOfId.length;
                        entryOfId = java.util.Arrays.copyOf(entryOfId, Math.max(old * 2, id + 1));
                        java.util.Arrays.fill(entryOfId, old, entryOfId.length, -1);
                    }
                    entry = entryOfId[id];
                    if (entry < 0) {
                        entry = entryOfId[id] = reader.entryOf(i, v.getUTF8String(k));
                        if (seen == touched.length) {
                            touched = java.util.Arrays.copyOf(touched, seen * 2);
                        }
                        touched[seen++] = id;
                    }
                }
                reader.setLater(pendingRow[p], i, entry);
            }
            for (int t = 0; t < seen; t++) {
                entryOfId[touched[t]] = -1; // the next batch may have another dictionary
            }
        }

        @Override
        public CoxColumns.Chunk finish() {
            if (pending > 0) {
                throw new IllegalStateException("rows of a model without their column batch");
            }
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
                ? "CASE WHEN " + c + " THEN " + literal(CategoryNames.YES) + " WHEN NOT " + c + " THEN "
                        + literal(CategoryNames.NO) + " END"
                : "CAST(" + c + " AS STRING)";
        return "COALESCE(" + text + ", " + literal(CategoryNames.MISSING) + ")";
    }

    private static String q(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
