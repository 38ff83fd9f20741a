package io.rwe.analyze;

import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;

/**
 * One pass over the analysis cohort that feeds every count of the analyze stage (docs/analyze.md, "One
 * scan"): each count is a {@link Part} — the columns it projects and the work each Spark task does with
 * them — and the scan projects every part's columns side by side, reads the cohort's Parquet files once,
 * and hands each row, as Spark's internal row (never converted to an external one), to every part's task
 * in turn. What a task keeps (category tables, time counts, a model's columns) is its result; the results
 * of every task are cached, so each count's aggregation on the driver's side reads them without reading
 * the cohort again. Nothing patient-level is collected here: each count collects its own small aggregate.
 *
 * <p>The scan is lazy: the first count asked for runs it. {@link #close} releases the cached results.
 */
final class CohortScan implements AutoCloseable {

    /** What one Spark task does with the scan's rows for one part. */
    interface Task<R> {
        /** Reads one row (the part's fields from its base position on); the row is reused after the call. */
        void accept(InternalRow row);

        /** The task's result, after its last row. */
        R finish();
    }

    /** Makes a part's task in each Spark task, its fields starting at {@code base} of the scan's rows. */
    interface Tasks<R> extends Serializable {
        Task<R> task(int base);
    }

    /**
     * A part of the scan: the columns it projects (Spark expressions over the cohort, in the order its task
     * reads them) and its per-task work.
     */
    record Part<R>(List<Column> columns, Tasks<R> tasks, Columnar<R> columnar) {
        Part {
            columns = List.copyOf(columns);
            Objects.requireNonNull(tasks, "tasks");
        }

        /** A part read from rows only. */
        Part(List<Column> columns, Tasks<R> tasks) {
            this(columns, tasks, null);
        }
    }

    /**
     * A part's other form, used when the cohort is a plain Parquet scan: some cohort columns read from Spark's
     * column batches as the reader fills them (a dictionary-encoded text as its dictionary number, never copied
     * per row), beside row fields projected as usual. Each batch's rows go to the task first, then the batch.
     *
     * @param rowColumns   the expressions read from rows (as {@link Part#columns})
     * @param batchColumns names of cohort columns read from the batches
     * @param tasks        the task, told where its row fields and its batch columns are
     */
    record Columnar<R>(List<Column> rowColumns, List<String> batchColumns, BatchTasks<R> tasks) {
        Columnar {
            rowColumns = List.copyOf(rowColumns);
            batchColumns = List.copyOf(batchColumns);
            Objects.requireNonNull(tasks, "tasks");
        }
    }

    /** A task that also reads column batches. */
    interface BatchTask<R> extends Task<R> {
        /**
         * Reads the batch whose rows {@link #accept} was just given, in the same order: its column
         * {@code at[i]} is the part's batch column i.
         */
        void batch(ColumnarBatch batch, int[] at);
    }

    /** Makes a part's batch task in each Spark task, its row fields starting at {@code base}. */
    interface BatchTasks<R> extends Serializable {
        BatchTask<R> task(int base);
    }

    /**
     * A count of the stage: its part of the scan (null when there is nothing to count) and what the driver
     * makes of every task's results; {@code empty} when there is no part.
     */
    record Count<R, T>(Part<R> part, Function<JavaRDD<R>, T> result, T empty) {

        /** The count's result from {@code scan}, which must hold its part. */
        T of(CohortScan scan) {
            return part == null ? empty : result.apply(scan.results(part));
        }

        /** Runs this count alone: a scan of its own part only. */
        T alone(Dataset<Row> cohort) {
            if (part == null) {
                return empty;
            }
            try (CohortScan scan = CohortScan.of(cohort, List.of(part))) {
                return of(scan);
            }
        }
    }

    private final JavaRDD<Object[]> perTask;
    private final boolean columnar;
    private final Map<Part<?>, Integer> index = new IdentityHashMap<>();

    private CohortScan(JavaRDD<Object[]> perTask, boolean columnar, List<Part<?>> parts) {
        this.perTask = perTask;
        this.columnar = columnar;
        for (int i = 0; i < parts.size(); i++) {
            index.put(parts.get(i), i);
        }
    }

    /**
     * The scan of {@code cohort} for {@code parts} (null parts are skipped); nothing runs yet. When the cohort is a
     * plain Parquet scan and a part has a {@link Columnar} form, its batch columns are read from the reader's
     * column batches, zipped with the rows of the same files (one Parquet split per partition on both sides, rows in
     * file order; a difference in the number of rows fails the task rather than miscounting).
     */
    static CohortScan of(Dataset<Row> cohort, List<Part<?>> parts) {
        List<Part<?>> present = parts.stream().filter(Objects::nonNull).toList();
        List<String> batchNames = new ArrayList<>();
        for (Part<?> p : present) {
            if (p.columnar() != null) {
                batchNames.addAll(p.columnar().batchColumns());
            }
        }
        ColumnarSource batches = batchNames.isEmpty() ? null : ColumnarSource.of(cohort, batchNames);
        boolean columnar = batches != null;
        List<Column> select = new ArrayList<>();
        List<Serializable> factories = new ArrayList<>();
        int[] bases = new int[present.size()];
        int[][] batchAt = new int[present.size()][];
        for (int i = 0; i < present.size(); i++) {
            Part<?> p = present.get(i);
            bases[i] = select.size();
            boolean byBatch = columnar && p.columnar() != null;
            for (Column c : byBatch ? p.columnar().rowColumns() : p.columns()) {
                select.add(c.as("_scan" + select.size()));
            }
            if (byBatch) {
                List<String> names = p.columnar().batchColumns();
                batchAt[i] = new int[names.size()];
                for (int k = 0; k < names.size(); k++) {
                    batchAt[i][k] = batches.position(names.get(k));
                }
                factories.add(p.columnar().tasks());
            } else {
                factories.add(p.tasks());
            }
        }
        if (select.isEmpty()) {
            select.add(lit(true).as("_scan0")); // the parts count rows only
        }
        JavaRDD<InternalRow> rows = cohort.select(select.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD();
        JavaRDD<Object[]> perTask;
        if (!columnar) {
            perTask = rows.mapPartitions(it -> {
                List<Task<?>> tasks = tasks(factories, bases);
                while (it.hasNext()) {
                    InternalRow r = it.next();
                    for (Task<?> t : tasks) {
                        t.accept(r);
                    }
                }
                return List.<Object[]>of(results(tasks)).iterator();
            });
        } else {
            perTask = batches.rdd().zipPartitions(rows, (columns, it) -> {
                List<Task<?>> tasks = tasks(factories, bases);
                while (columns.hasNext()) {
                    ColumnarBatch batch = columns.next();
                    int n = batch.numRows();
                    for (int k = 0; k < n; k++) {
                        if (!it.hasNext()) {
                            throw new IllegalStateException("the cohort's row scan ended before its column scan");
                        }
                        InternalRow r = it.next();
                        for (Task<?> t : tasks) {
                            t.accept(r);
                        }
                    }
                    for (int i = 0; i < tasks.size(); i++) {
                        if (batchAt[i] != null) {
                            ((BatchTask<?>) tasks.get(i)).batch(batch, batchAt[i]);
                        }
                    }
                }
                if (it.hasNext()) {
                    throw new IllegalStateException("the cohort's column scan ended before its row scan");
                }
                return List.<Object[]>of(results(tasks)).iterator();
            });
        }
        return new CohortScan(perTask.persist(StorageLevel.MEMORY_AND_DISK()), columnar, present);
    }

    private static List<Task<?>> tasks(List<Serializable> factories, int[] bases) {
        List<Task<?>> tasks = new ArrayList<>(factories.size());
        for (int i = 0; i < factories.size(); i++) {
            Serializable f = factories.get(i);
            tasks.add(f instanceof BatchTasks<?> b ? b.task(bases[i]) : ((Tasks<?>) f).task(bases[i]));
        }
        return tasks;
    }

    private static Object[] results(List<Task<?>> tasks) {
        Object[] out = new Object[tasks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tasks.get(i).finish();
        }
        return out;
    }

    /**
     * The column batches of a plain Parquet scan of the cohort: its physical plan a file scan that produces
     * batches, with nothing between it and the rows but the conversion to rows and projections of columns, no
     * filter pushed into it. Otherwise (a cached, filtered or in-memory cohort) there is none.
     */
    record ColumnarSource(JavaRDD<ColumnarBatch> rdd, List<String> output) {

        int position(String name) {
            int i = output.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column '" + name + "' in the cohort's scan");
            }
            return i;
        }

        static ColumnarSource of(Dataset<Row> cohort, List<String> names) {
            SparkPlan plan = cohort.queryExecution().executedPlan();
            List<SparkPlan> nodes = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(plan.collect(new scala.runtime.AbstractPartialFunction<
                    SparkPlan, SparkPlan>() {
                @Override
                public boolean isDefinedAt(SparkPlan x) {
                    return true;
                }

                @Override
                public SparkPlan apply(SparkPlan x) {
                    return x;
                }
            })).forEach(nodes::add);
            FileSourceScanExec scan = null;
            for (SparkPlan n : nodes) {
                if (n instanceof FileSourceScanExec f) {
                    scan = f;
                } else if (!(n instanceof WholeStageCodegenExec || n instanceof InputAdapter
                        || n instanceof ColumnarToRowExec || n instanceof ProjectExec p && onlyColumns(p))) {
                    return null;
                }
            }
            if (scan == null || !scan.supportsColumnar() || !scan.dataFilters().isEmpty()
                    || !scan.partitionFilters().isEmpty()) {
                return null;
            }
            List<String> output = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(scan.output()).forEach(a -> output.add(a.name()));
            if (!output.containsAll(names)) {
                return null;
            }
            return new ColumnarSource(scan.executeColumnar().toJavaRDD(), output);
        }

        private static boolean onlyColumns(ProjectExec p) {
            return scala.jdk.javaapi.CollectionConverters.asJava(p.projectList()).stream()
                    .allMatch(e -> e instanceof org.apache.spark.sql.catalyst.expressions.AttributeReference);
        }
    }

    /** Whether some part reads the cohort's column batches. */
    boolean columnar() {
        return columnar;
    }

    /** Every task's result for {@code part} (the first use runs the scan; later ones read its cache). */
    @SuppressWarnings("unchecked")
    <R> JavaRDD<R> results(Part<R> part) {
        Integer i = index.get(part);
        if (i == null) {
            throw new IllegalArgumentException("not a part of this scan");
        }
        int at = i;
        return perTask.map(a -> (R) a[at]);
    }

    /** Releases the tasks' cached results. */
    @Override
    public void close() {
        perTask.unpersist(false);
    }
}
