package io.rwe.analyze;

import io.rwe.riskset.RiskSetBuilder;
import io.rwe.riskset.TimeCounts;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.BaselineVariable;
import io.rwe.study.CategoryNames;
import io.rwe.study.CohortVocabulary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Spark side of the analyze stage: every count the results need, aggregated on the executors
 * over the analysis cohort (docs/architecture.md) and collected as small aggregates. Nothing here
 * collects a patient-level row: each method's result has one row per group, category, term or
 * distinct time, whatever the number of patients.
 */
public final class CohortCounts {

    private CohortCounts() {
    }

    /** The responses that count as objective response (docs/study.md: CR or PR). */
    static final List<String> RESPONDERS = List.of("CR", "PR");

    /**
     * The patients of group predicate {@code predicate} whose {@code endpoint} applies (its days and event
     * not null), as the survival analyses take them.
     */
    static String withEndpoint(String predicate, String endpoint) {
        return "(" + predicate + ") AND " + q(endpoint + "_days") + " IS NOT NULL AND " + q(endpoint + "_event")
                + " IS NOT NULL";
    }

    /** A column name quoted for a SQL expression. */
    private static String q(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /**
     * The risk sets of every km or compare analysis of {@code analyses}, in one scan of the cohort: each
     * task counts, per analysis group whose predicate holds and whose endpoint applies, the patient's
     * (group number, stratum, time) with time in months = the endpoint's whole days / {@code monthDays} (one
     * double division), events and rows in primitive tables ({@link TimeCounts}), reading Spark's rows
     * as they are (no conversion to external rows); the tasks' counts are summed by one aggregation
     * ({@link RiskSetBuilder#count}) and one row per analysis group, stratum and distinct time is collected.
     * When stratified, patients with no stratum are left out. Per analysis, ordered as it lists its groups,
     * then by stratum (string order); a group or stratum with no patient has no risk set.
     */
    public static Map<String, List<RiskSet>> riskSets(Dataset<Row> cohort, List<AnalysisSpec> analyses,
                                                      double monthDays, String stratifyBy) {
        return riskSetCount(cohort, analyses, monthDays, stratifyBy).alone(cohort);
    }

    /** {@link #riskSets} as a count of a {@link CohortScan}. */
    static CohortScan.Count<List<Row>, Map<String, List<RiskSet>>> riskSetCount(Dataset<Row> cohort,
            List<AnalysisSpec> analyses, double monthDays, String stratifyBy) {
        boolean stratified = stratifyBy != null && !stratifyBy.isBlank();
        String stratum = stratified ? "CAST(" + q(stratifyBy) + " AS STRING)" : "CAST(NULL AS STRING)";
        List<String[]> ids = new ArrayList<>();
        // per analysis group i: whether the patient counts (never null), its whole days, 1 for an event
        List<Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (AnalysisSpec a : analyses) {
            if (!a.isSurvival()) {
                continue;
            }
            names.add(a.name());
            String d = q(a.endpoint() + "_days");
            String e = q(a.endpoint() + "_event");
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                int i = ids.size();
                columns.add(expr("COALESCE((" + g.getValue() + ") AND " + d + " IS NOT NULL AND " + e + " IS NOT NULL"
                        + (stratified ? " AND " + stratum + " IS NOT NULL" : "") + ", FALSE)").as("in" + i));
                columns.add(expr("CAST(" + d + " AS INT)").as("d" + i));
                columns.add(expr("IF(" + e + ", 1, 0)").as("e" + i));
                ids.add(new String[] {a.name(), g.getKey()});
            }
        }
        if (ids.isEmpty()) {
            return new CohortScan.Count<>(null, null, new LinkedHashMap<>());
        }
        if (stratified) {
            columns.add(expr(stratum).as("s"));
        }
        int groups = ids.size();
        SparkSession spark = cohort.sparkSession();
        CohortScan.Part<List<Row>> part = new CohortScan.Part<>(columns,
                base -> new TimeTask(base, groups, stratified, monthDays));
        return new CohortScan.Count<>(part, perTask -> {
            RiskSetBuilder.Aggregate counted = RiskSetBuilder.count(spark.createDataFrame(
                    perTask.flatMap(List::iterator), RiskSetBuilder.TAGGED_SCHEMA));
            // analysis group number -> its risk sets (strata in string order, as the boundary sorts them)
            Map<Integer, List<RiskSet>> byGroup = new HashMap<>();
            for (RiskSet rs : counted.riskSets()) {
                int i = Integer.parseInt(rs.group());
                byGroup.computeIfAbsent(i, k -> new ArrayList<>()).add(new RiskSet(ids.get(i)[1], rs.stratum(),
                        rs.rows()));
            }
            Map<String, List<RiskSet>> out = new LinkedHashMap<>();
            for (String name : names) {
                out.put(name, new ArrayList<>());
            }
            for (int i = 0; i < ids.size(); i++) {
                out.get(ids.get(i)[0]).addAll(byGroup.getOrDefault(i, List.of()));
            }
            return out;
        }, null);
    }

    /**
     * One task's risk-set counts: rows (in_0, d_0, e_0, in_1, …, [s]) as {@link #riskSets} projects them,
     * from field {@code base} on, counted per (group number, stratum, days / {@code monthDays}); the tagged
     * rows of {@link RiskSetBuilder#TAGGED_SCHEMA}, one per distinct key, the group as its number.
     */
    static final class TimeTask implements CohortScan.Task<List<Row>> {
        /** Whole days counted in per-group arrays (unstratified rows, 0 ≤ days < this); others in the table. */
        private static final int DENSE_DAYS = 1 << 16;
        private final int base;
        private final int groups;
        private final boolean stratified;
        private final double monthDays;
        private final TimeCounts counts = new TimeCounts();
        private final Categories strata = new Categories(0);
        /** Per group, rows and events by whole day (unstratified): grown to the largest day seen. */
        private final int[][] rowsByDay;
        private final int[][] eventsByDay;

        TimeTask(int base, int groups, boolean stratified, double monthDays) {
            this.base = base;
            this.groups = groups;
            this.stratified = stratified;
            this.monthDays = monthDays;
            this.rowsByDay = new int[groups][0];
            this.eventsByDay = new int[groups][0];
        }

        @Override
        public void accept(InternalRow r) {
            int s = -1;
            for (int g = 0; g < groups; g++) {
                int at = base + 3 * g;
                if (!r.getBoolean(at)) {
                    continue;
                }
                if (stratified && s < 0) {
                    s = strata.id(r.getUTF8String(base + 3 * groups));
                }
                int days = r.getInt(at + 1);
                int event = r.getInt(at + 2);
                if (s < 0 && days >= 0 && days < DENSE_DAYS) {
                    if (days >= rowsByDay[g].length) {
                        int cap = Math.min(DENSE_DAYS, Math.max(days + 1, rowsByDay[g].length * 2));
                        rowsByDay[g] = java.util.Arrays.copyOf(rowsByDay[g], cap);
                        eventsByDay[g] = java.util.Arrays.copyOf(eventsByDay[g], cap);
                    }
                    rowsByDay[g][days]++;
                    eventsByDay[g][days] += event;
                } else {
                    counts.add(g, s, days / monthDays, event);
                }
            }
        }

        /**
         * One row per (group, stratum, time) counted: the whole days of the arrays, whose times no other day
         * shares (distinct whole days divided by the same month length are distinct doubles), then the table's.
         */
        @Override
        public List<Row> finish() {
            List<Row> out = new ArrayList<>(counts.size());
            for (int g = 0; g < groups; g++) {
                String group = Integer.toString(g);
                for (int d = 0; d < rowsByDay[g].length; d++) {
                    if (rowsByDay[g][d] > 0) {
                        out.add(RowFactory.create(RiskSetBuilder.COUNTED, null, group, null, d / monthDays,
                                (long) eventsByDay[g][d], (long) rowsByDay[g][d]));
                    }
                }
            }
            for (int i = 0; i < counts.size(); i++) {
                out.add(RowFactory.create(RiskSetBuilder.COUNTED, null, Integer.toString(counts.group(i)),
                        counts.stratum(i) < 0 ? null : strata.text(counts.stratum(i)), counts.time(i),
                        counts.events(i), counts.rows(i)));
            }
            return out;
        }
    }

    /** The best responses that count as disease control (docs/study.md: CR, PR or SD). */
    static final List<String> DISEASE_CONTROL = List.of("CR", "PR", "SD");

    /**
     * The patients of a group by best response: {@code n} every patient, {@code responders} CR or PR,
     * {@code bestResponse} category → patients in the order of
     * {@link CohortVocabulary#bestResponseCategories()} (every category, zeros included; a category the
     * cohort holds outside that list follows).
     */
    public record ResponseCount(String group, long n, long responders, Map<String, Long> bestResponse) {

        /** Responders among n, the best responses unknown (empty). */
        public ResponseCount(String group, long n, long responders) {
            this(group, n, responders, Map.of());
        }

        /** Patients with CR, PR or SD. */
        public long diseaseControl() {
            long d = 0;
            for (String r : DISEASE_CONTROL) {
                d += bestResponse.getOrDefault(r, 0L);
            }
            return d;
        }
    }

    /**
     * Best responses per group of every rate and scope-rates analysis of {@code analyses}, in one scan: each
     * task counts, per analysis group whose predicate holds, the patients by best response ({@link CellTask},
     * one cell per group), and one aggregation sums the tasks' counts (at most one row per group and
     * category). Denominator: every patient of the group (no assessment, counted as {@code none}, and NE
     * count as non-response, docs/study.md). For a rate the scope is the analysis's; for scope-rates each
     * group is a scope over the same population. Per analysis in its group order.
     */
    public static Map<String, List<ResponseCount>> responses(Dataset<Row> cohort, List<AnalysisSpec> analyses) {
        return responseCount(cohort, analyses).alone(cohort);
    }

    /**
     * {@link #responses} as a count of a {@link CohortScan}: one cell per best-response column in use, counted for
     * every (analysis, group) as a group of the cell (its predicate a flag of the row), as Table 1 counts its
     * cells by group; a patient of the group without a best response is counted as missing. When the cohort is
     * a plain Parquet scan a text best-response column is read from the column batches.
     */
    static CohortScan.Count<List<Row>, Map<String, List<ResponseCount>>> responseCount(Dataset<Row> cohort,
            List<AnalysisSpec> analyses) {
        List<String[]> ids = new ArrayList<>();
        List<String> bestColumns = new ArrayList<>();
        List<Integer> columnOf = new ArrayList<>();
        List<Column> flags = new ArrayList<>();
        for (AnalysisSpec a : analyses) {
            if (a.isSurvival()) {
                continue;
            }
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                String best = CohortVocabulary.bestResponseColumn(a.scopeOf(g.getKey()));
                if (!bestColumns.contains(best)) {
                    bestColumns.add(best);
                }
                columnOf.add(bestColumns.indexOf(best));
                flags.add(expr("COALESCE((" + g.getValue() + "), FALSE)").as("f" + ids.size()));
                ids.add(new String[] {a.name(), g.getKey()});
            }
        }
        if (ids.isEmpty()) {
            return new CohortScan.Count<>(null, null, new LinkedHashMap<>());
        }
        StructType schema = cohort.schema();
        List<String> cellNames = new ArrayList<>();
        List<Column> select = new ArrayList<>();
        List<Column> rowColumns = new ArrayList<>();
        List<String> batchColumns = new ArrayList<>();
        byte[] batchKinds = new byte[bestColumns.size()];
        for (int j = 0; j < bestColumns.size(); j++) {
            String name = bestColumns.get(j);
            Column text = expr("CAST(" + q(name) + " AS STRING)").as("b" + j);
            cellNames.add(Integer.toString(j));
            select.add(text);
            if (schema.apply(name).dataType() instanceof org.apache.spark.sql.types.StringType) {
                batchKinds[j] = CellTask.BATCH_TEXT;
                batchColumns.add(name);
            } else {
                batchKinds[j] = CellTask.ROW_TEXT;
                rowColumns.add(text);
            }
        }
        select.addAll(flags);
        rowColumns.addAll(flags);
        int groups = ids.size();
        SparkSession spark = cohort.sparkSession();
        CohortScan.Part<List<Row>> part = new CohortScan.Part<>(select, base -> new CellTask(base, cellNames, groups),
                batchColumns.isEmpty() ? null : new CohortScan.Columnar<>(rowColumns, batchColumns,
                        base -> new CellTask(base, cellNames, groups, batchKinds)));
        return new CohortScan.Count<>(part, perTask -> {
            List<Map<String, Long>> seenOf = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                seenOf.add(new java.util.TreeMap<>());
            }
            for (Row r : summedCells(spark, perTask, groups)) {
                int column = Integer.parseInt(r.getString(0));
                String b = r.isNullAt(1) ? CohortVocabulary.NO_ASSESSMENT : r.getString(1);
                for (int i = 0; i < groups; i++) {
                    long n = r.getLong(3 + i);
                    if (columnOf.get(i) == column && n > 0) {
                        seenOf.get(i).merge(b, n, Long::sum);
                    }
                }
            }
            Map<String, List<ResponseCount>> out = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Long> seen = seenOf.get(i);
                Map<String, Long> best = new LinkedHashMap<>();
                for (String c : CohortVocabulary.bestResponseCategories()) {
                    best.put(c, seen.getOrDefault(c, 0L));
                }
                seen.forEach(best::putIfAbsent);
                long n = 0;
                long responders = 0;
                for (Map.Entry<String, Long> e : best.entrySet()) {
                    n += e.getValue();
                    responders += RESPONDERS.contains(e.getKey()) ? e.getValue() : 0;
                }
                out.computeIfAbsent(ids.get(i)[0], k -> new ArrayList<>())
                        .add(new ResponseCount(ids.get(i)[1], n, responders, best));
            }
            return out;
        }, null);
    }

    /**
     * The discordant pairs of a two-scope scope-rates analysis: {@code b} patients who responded (CR or
     * PR) in the first scope only, {@code c} in the second only, among the {@code n} of the population.
     */
    public record Discordant(long n, long b, long c) {
    }

    /**
     * The discordant pairs of every scope-rates analysis of {@code analyses} with exactly two scopes, as a
     * count of a {@link CohortScan}: per analysis three flags of each patient (in the population; responded
     * in the first scope; in the second), counted in each task: {@code n}, {@code b} and {@code c}
     * ({@link Discordant}), one long array per task collected.
     */
    static CohortScan.Count<long[], Map<String, Discordant>> discordantCount(Dataset<Row> cohort,
            List<AnalysisSpec> analyses) {
        List<AnalysisSpec> paired = analyses.stream()
                .filter(a -> a.type() == AnalysisSpec.Type.SCOPE_RATES && a.groups().size() == 2).toList();
        if (paired.isEmpty()) {
            return new CohortScan.Count<>(null, null, new LinkedHashMap<>());
        }
        String responders = "('" + String.join("', '", RESPONDERS) + "')";
        List<Column> flags = new ArrayList<>();
        for (AnalysisSpec a : paired) {
            List<String> scopes = List.copyOf(a.groups().keySet());
            flags.add(expr("COALESCE((" + a.groups().get(scopes.get(0)) + "), FALSE)"));
            for (String scope : scopes) {
                flags.add(expr("COALESCE(" + q(CohortVocabulary.bestResponseColumn(a.scopeOf(scope))) + " IN "
                        + responders + ", FALSE)"));
            }
        }
        int m = paired.size();
        SparkSession spark = cohort.sparkSession();
        CohortScan.Part<long[]> part = new CohortScan.Part<>(flags, base -> new CohortScan.Task<long[]>() {
            private final long[] n = new long[3 * m];

            @Override
            public void accept(InternalRow r) {
                for (int i = 0; i < m; i++) {
                    int at = base + 3 * i;
                    if (!r.getBoolean(at)) {
                        continue;
                    }
                    boolean r1 = r.getBoolean(at + 1);
                    boolean r2 = r.getBoolean(at + 2);
                    n[3 * i]++;
                    n[3 * i + 1] += r1 && !r2 ? 1 : 0;
                    n[3 * i + 2] += !r1 && r2 ? 1 : 0;
                }
            }

            @Override
            public long[] finish() {
                return n;
            }
        });
        return new CohortScan.Count<>(part, perTask -> {
            long[] total = summed(spark, perTask, 3 * m);
            Map<String, Discordant> out = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                out.put(paired.get(i).name(), new Discordant(total[3 * i], total[3 * i + 1], total[3 * i + 2]));
            }
            return out;
        }, null);
    }

    /**
     * Age at index: median (exact, R's definition: the mean of the two middle values), min, max, and the
     * mean and sample variance (denominator n − 1) of the non-missing ages (NaN without ages; the variance
     * NaN below two).
     */
    public record Age(double median, Integer min, Integer max, double mean, double variance) {
    }

    /** Table 1 counts: cohort size, age, and per variable the patients per category (null = missing). */
    public record Baseline(long n, Age age, Map<String, Map<String, Long>> counts) {
    }

    /** The reserved variable name under which ages are counted in {@link #baseline} (not a column name). */
    private static final String AGE_CELL = "\u0000age";

    /** Table 1 of the whole cohort ({@link #baselines} without groups). */
    public static Baseline baseline(Dataset<Row> cohort, List<BaselineVariable> variables) {
        return baselines(cohort, variables, List.of()).get(0);
    }

    /**
     * Table 1 of the whole cohort and of each group of {@code groups} (Spark SQL predicates over the
     * cohort), in one scan: each task counts every patient's (variable, category) cells, one per variable
     * plus one holding its age, for the whole cohort and for each group the patient is in, in a small
     * table per variable (the distinct categories), reading Spark's rows as they are; the tasks' tables are
     * summed by one aggregation per (variable, category). Boolean variables become {@code yes}/{@code no};
     * null stays null (missing); a null group predicate leaves the patient out of the group. The age
     * median, minimum, maximum, mean and variance are taken on the driver from the collected age histogram
     * (at most one row per distinct age): the median is R's {@code median(age, na.rm = TRUE)}, the middle
     * value or the mean of the two middle values of the non-missing ages. What is collected has one row per
     * (variable, category), whatever the number of patients and groups.
     *
     * @return the whole cohort first, then one per group in the given order
     */
    public static List<Baseline> baselines(Dataset<Row> cohort, List<BaselineVariable> variables,
                                           List<String> groups) {
        return baselineCount(cohort, variables, groups).alone(cohort);
    }

    /** {@link #baselines} as a count of a {@link CohortScan}. */
    static CohortScan.Count<List<Row>, List<Baseline>> baselineCount(Dataset<Row> cohort,
            List<BaselineVariable> variables, List<String> groups) {
        List<Column> select = new ArrayList<>();
        List<String> cellNames = new ArrayList<>();
        // Read from rows: the age as a number (counted per distinct age, its text made once per task), each
        // variable as its category text. Read from column batches when the cohort is a plain Parquet scan: the
        // age, text and boolean columns as they are; the group flags (and any other variable) from rows.
        StructType schema = cohort.schema();
        List<String> cellColumns = new ArrayList<>();
        select.add(col("age").cast("int").as("c0"));
        cellNames.add(AGE_CELL);
        cellColumns.add("age");
        for (BaselineVariable v : variables) {
            Column c = col(v.name());
            Column category = schema.apply(v.name()).dataType() instanceof org.apache.spark.sql.types.BooleanType
                    ? when(c.isNull(), lit(null).cast("string")).when(c, lit(CategoryNames.YES)).otherwise(lit(CategoryNames.NO))
                    : c.cast("string");
            select.add(category.as("c" + cellNames.size()));
            cellNames.add(v.name());
            cellColumns.add(v.name());
        }
        int cells = cellNames.size();
        byte[] rowKinds = new byte[cells];
        rowKinds[0] = CellTask.ROW_INT;
        byte[] batchKinds = new byte[cells];
        List<Column> rowColumns = new ArrayList<>();
        List<String> batchColumns = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            org.apache.spark.sql.types.DataType type = schema.apply(cellColumns.get(i)).dataType();
            byte kind = i == 0 ? (type instanceof org.apache.spark.sql.types.IntegerType ? CellTask.BATCH_INT
                    : CellTask.ROW_INT)
                    : type instanceof org.apache.spark.sql.types.StringType ? CellTask.BATCH_TEXT
                    : type instanceof org.apache.spark.sql.types.BooleanType ? CellTask.BATCH_BOOLEAN
                    : CellTask.ROW_TEXT;
            batchKinds[i] = kind;
            if (kind <= CellTask.ROW_INT) {
                rowColumns.add(select.get(i));
            } else {
                batchColumns.add(cellColumns.get(i));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            Column flag = expr("COALESCE((" + groups.get(g) + "), FALSE)").as("f" + g);
            select.add(flag);
            rowColumns.add(flag);
        }
        int groupCount = groups.size();
        SparkSession spark = cohort.sparkSession();
        CohortScan.Part<List<Row>> part = new CohortScan.Part<>(select,
                base -> new CellTask(base, cellNames, groupCount, rowKinds),
                new CohortScan.Columnar<>(rowColumns, batchColumns,
                        base -> new CellTask(base, cellNames, groupCount, batchKinds)));
        return new CohortScan.Count<>(part, perTask -> {
            int parts = groupCount + 1;
            List<Map<String, Map<String, Long>>> counts = new ArrayList<>();
            List<java.util.TreeMap<Integer, Long>> ages = new ArrayList<>();
            long[] n = new long[parts];
            for (int k = 0; k < parts; k++) {
                Map<String, Map<String, Long>> m = new LinkedHashMap<>();
                for (BaselineVariable v : variables) {
                    m.put(v.name(), new LinkedHashMap<>());
                }
                counts.add(m);
                ages.add(new java.util.TreeMap<>());
            }
            for (Row r : summedCells(spark, perTask, groupCount)) {
                for (int k = 0; k < parts; k++) {
                    long c = r.isNullAt(2 + k) ? 0 : r.getLong(2 + k);
                    if (AGE_CELL.equals(r.getString(0))) {
                        n[k] += c;
                        if (!r.isNullAt(1) && c > 0) {
                            ages.get(k).put(Integer.parseInt(r.getString(1)), c);
                        }
                    } else if (k == 0 || c > 0) {
                        counts.get(k).get(r.getString(0)).put(r.isNullAt(1) ? null : r.getString(1), c);
                    }
                }
            }
            List<Baseline> out = new ArrayList<>(parts);
            for (int k = 0; k < parts; k++) {
                out.add(new Baseline(n[k], age(ages.get(k)), counts.get(k)));
            }
            return out;
        }, null);
    }

    /**
     * One task's category counts: per cell and category (null included) the rows of the whole task and of each
     * group, one output row (cell, category, n, n0, …) each, cells in order, categories in order of first
     * appearance. Where each cell is read from ({@code kinds}): {@link #ROW_TEXT} or {@link #ROW_INT} a row field
     * (the row cells first, from {@code base} on, then one flag per group); {@link #BATCH_TEXT},
     * {@link #BATCH_BOOLEAN} or {@link #BATCH_INT} a column of the scan's batches ({@link CohortScan.Columnar}),
     * a boolean written {@code yes}/{@code no}, an int (the age) as its decimal text. A text column the reader
     * left dictionary-encoded is counted per dictionary number in each batch, and each number's text looked up
     * once per batch.
     */
    static final class CellTask implements CohortScan.BatchTask<List<Row>> {
        static final byte ROW_TEXT = 0;
        static final byte ROW_INT = 1;
        static final byte BATCH_TEXT = 2;
        static final byte BATCH_BOOLEAN = 3;
        static final byte BATCH_INT = 4;
        /** Int values counted in an array: 0 ≤ v < SMALL_INTS; others in a map. */
        private static final int SMALL_INTS = 256;
        private static final UTF8String YES = UTF8String.fromString(CategoryNames.YES);
        private static final UTF8String NO = UTF8String.fromString(CategoryNames.NO);
        private final int base;
        private final List<String> cellNames;
        private final int cells;
        private final byte[] kinds;
        /** A row cell's field, a batch cell's index among the batch cells. */
        private final int[] field;
        private final int flagsAt;
        private final int groups;
        private final boolean batched;
        private final Categories[] byCategory;
        private final long[][] missing;
        private final long[][][] smallInts;
        private final List<Map<Integer, long[]>> otherInts = new ArrayList<>();
        private final int[][] intOrder;
        private final int[] intCount;
        /** The group flags of the current batch's rows (row k, group g at k·groups + g). */
        private boolean[] flags;
        private int rowsInBatch;
        private long[][] byId = new long[64][];
        private int[] firstRow = new int[64];
        private int[] touched = new int[64];

        /** Every cell a text field of the rows, from {@code base} on, then the group flags. */
        CellTask(int base, List<String> cellNames, int groups) {
            this(base, cellNames, groups, new byte[cellNames.size()]);
        }

        CellTask(int base, List<String> cellNames, int groups, byte[] kinds) {
            this.base = base;
            this.cellNames = List.copyOf(cellNames);
            this.cells = cellNames.size();
            this.kinds = kinds.clone();
            this.groups = groups;
            this.field = new int[cells];
            int rowCells = 0;
            int batchCells = 0;
            for (int c = 0; c < cells; c++) {
                field[c] = kinds[c] <= ROW_INT ? base + rowCells++ : batchCells++;
            }
            this.flagsAt = base + rowCells;
            this.batched = batchCells > 0;
            this.flags = new boolean[batched ? 4096 * Math.max(1, groups) : groups];
            this.byCategory = new Categories[cells];
            this.missing = new long[cells][];
            this.smallInts = new long[cells][][];
            this.intOrder = new int[cells][];
            this.intCount = new int[cells];
            for (int c = 0; c < cells; c++) {
                byCategory[c] = new Categories(groups + 1);
                otherInts.add(null);
                if (kinds[c] == ROW_INT || kinds[c] == BATCH_INT) {
                    smallInts[c] = new long[SMALL_INTS][];
                    otherInts.set(c, new HashMap<>());
                    intOrder[c] = new int[16];
                }
            }
        }

        @Override
        public void accept(InternalRow r) {
            int at = batched ? rowsInBatch * groups : 0;
            if (batched && at + groups > flags.length) {
                flags = java.util.Arrays.copyOf(flags, Math.max(flags.length * 2, at + groups));
            }
            for (int g = 0; g < groups; g++) {
                flags[at + g] = r.getBoolean(flagsAt + g);
            }
            for (int c = 0; c < cells; c++) {
                byte kind = kinds[c];
                if (kind > ROW_INT) {
                    continue;
                }
                long[] n;
                if (r.isNullAt(field[c])) {
                    n = missing(c);
                } else if (kind == ROW_INT) {
                    n = intCounts(c, r.getInt(field[c]));
                } else {
                    n = byCategory[c].counts(r.getUTF8String(field[c]));
                }
                add(n, at);
            }
            if (batched) {
                rowsInBatch++;
            }
        }

        @Override
        public void batch(ColumnarBatch batch, int[] at) {
            int n = batch.numRows();
            if (n != rowsInBatch) {
                throw new IllegalStateException("a batch of " + n + " rows after " + rowsInBatch + " rows");
            }
            for (int c = 0; c < cells; c++) {
                byte kind = kinds[c];
                if (kind <= ROW_INT) {
                    continue;
                }
                ColumnVector v = batch.column(at[field[c]]);
                if (kind == BATCH_TEXT && v instanceof WritableColumnVector w && w.hasDictionary()) {
                    byDictionary(c, w, n);
                    continue;
                }
                long[] yes = null;
                long[] no = null;
                for (int k = 0; k < n; k++) {
                    long[] counts;
                    if (v.isNullAt(k)) {
                        counts = missing(c);
                    } else if (kind == BATCH_INT) {
                        counts = intCounts(c, v.getInt(k));
                    } else if (kind == BATCH_BOOLEAN) {
                        // The two categories' counts looked up once per batch, when first seen.
                        counts = v.getBoolean(k) ? (yes == null ? yes = byCategory[c].counts(YES) : yes)
                                : (no == null ? no = byCategory[c].counts(NO) : no);
                    } else {
                        counts = byCategory[c].counts(v.getUTF8String(k));
                    }
                    add(counts, k * groups);
                }
            }
            rowsInBatch = 0;
        }

        /** A dictionary-encoded text column: counted per dictionary number, each number's text looked up once. */
        private void byDictionary(int c, WritableColumnVector v, int n) {
            WritableColumnVector ids = v.getDictionaryIds();
            int distinct = 0;
            for (int k = 0; k < n; k++) {
                if (v.isNullAt(k)) {
                    add(missing(c), k * groups);
                    continue;
                }
                int id = ids.getInt(k);
                if (id >= byId.length) {
                    int cap = Math.max(byId.length * 2, id + 1);
                    byId = java.util.Arrays.copyOf(byId, cap);
                    firstRow = java.util.Arrays.copyOf(firstRow, cap);
                }
                long[] counts = byId[id];
                if (counts == null) {
                    counts = byId[id] = new long[groups + 1];
                    firstRow[id] = k;
                    if (distinct == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, distinct * 2);
                    }
                    touched[distinct++] = id;
                }
                add(counts, k * groups);
            }
            for (int i = 0; i < distinct; i++) {
                int id = touched[i];
                long[] total = byCategory[c].counts(v.getUTF8String(firstRow[id]));
                long[] counts = byId[id];
                for (int j = 0; j <= groups; j++) {
                    total[j] += counts[j];
                }
                byId[id] = null;
            }
        }

        private void add(long[] n, int at) {
            n[0]++;
            for (int g = 0; g < groups; g++) {
                if (flags[at + g]) {
                    n[g + 1]++;
                }
            }
        }

        private long[] missing(int c) {
            return missing[c] == null ? (missing[c] = new long[groups + 1]) : missing[c];
        }

        private long[] intCounts(int c, int v) {
            boolean small = v >= 0 && v < SMALL_INTS;
            long[] n = small ? smallInts[c][v] : otherInts.get(c).get(v);
            if (n == null) {
                n = new long[groups + 1];
                if (small) {
                    smallInts[c][v] = n;
                } else {
                    otherInts.get(c).put(v, n);
                }
                if (intCount[c] == intOrder[c].length) {
                    intOrder[c] = java.util.Arrays.copyOf(intOrder[c], intCount[c] * 2);
                }
                intOrder[c][intCount[c]++] = v;
            }
            return n;
        }

        @Override
        public List<Row> finish() {
            List<Row> out = new ArrayList<>();
            for (int c = 0; c < cells; c++) {
                if (intOrder[c] != null) {
                    for (int i = 0; i < intCount[c]; i++) {
                        int v = intOrder[c][i];
                        out.add(cellRow(cellNames.get(c), Integer.toString(v), intCounts(c, v)));
                    }
                } else {
                    Categories k = byCategory[c];
                    for (int i = 0; i < k.size; i++) {
                        out.add(cellRow(cellNames.get(c), k.keys[i].toString(), k.counts[i]));
                    }
                }
                if (missing[c] != null) {
                    out.add(cellRow(cellNames.get(c), null, missing[c]));
                }
            }
            return out;
        }
    }

    /**
     * The distinct texts of one cell (or the strata) in a task, numbered, and their counts. A cell has few
     * categories: they are compared in turn (length, then bytes), the last one found first; past
     * {@link #LINEAR} of them a hash index takes over (an age, say).
     */
    static final class Categories {
        private static final int LINEAR = 16;
        private final int width;
        private UTF8String[] keys = new UTF8String[8];
        private long[][] counts = new long[8][];
        private int size;
        private int last = -1;
        private Map<UTF8String, Integer> index;

        Categories(int width) {
            this.width = width;
        }

        /** The counts of {@code text} (added, zero, when new). */
        long[] counts(UTF8String text) {
            int i = id(text); // first: adding a text may replace the array
            return counts[i];
        }

        /** The number of {@code text}: 0, 1, … in order of first appearance (added when new). */
        int id(UTF8String text) {
            if (last >= 0 && keys[last].equals(text)) {
                return last;
            }
            if (index == null) {
                for (int i = 0; i < size; i++) {
                    if (keys[i].equals(text)) {
                        last = i;
                        return i;
                    }
                }
            } else {
                Integer i = index.get(text);
                if (i != null) {
                    last = i;
                    return i;
                }
            }
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            keys[size] = text.clone();
            counts[size] = new long[width];
            if (index != null) {
                index.put(keys[size], size);
            } else if (size + 1 > LINEAR) {
                index = new HashMap<>();
                for (int i = 0; i <= size; i++) {
                    index.put(keys[i], i);
                }
            }
            last = size;
            return size++;
        }

        /** The text numbered {@code id}. */
        String text(int id) {
            return keys[id].toString();
        }
    }

    private static Row cellRow(String variable, String category, long[] n) {
        Object[] values = new Object[n.length + 2];
        values[0] = variable;
        values[1] = category;
        for (int i = 0; i < n.length; i++) {
            values[i + 2] = n[i];
        }
        return RowFactory.create(values);
    }

    /**
     * Median (R's definition), minimum, maximum, mean and sample variance of the ages of a histogram
     * (age → patients): mean = Σ c·a / m, variance = Σ c·(a − mean)² / (m − 1), as R's {@code mean} and
     * {@code var} of the ages.
     */
    static Age age(java.util.NavigableMap<Integer, Long> histogram) {
        long m = 0;
        long sum = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            m += e.getValue();
            sum += e.getKey() * e.getValue();
        }
        if (m == 0) {
            return new Age(Double.NaN, null, null, Double.NaN, Double.NaN);
        }
        // 0-based ranks of the two middle values: (m - 1) / 2 and m / 2 (equal when m is odd).
        long lo = (m - 1) / 2;
        long hi = m / 2;
        Integer atLo = null;
        Integer atHi = null;
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (atLo == null && seen > lo) {
                atLo = e.getKey();
            }
            if (seen > hi) {
                atHi = e.getKey();
                break;
            }
        }
        double mean = (double) sum / m;
        double ss = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            double d = e.getKey() - mean;
            ss += e.getValue() * d * d;
        }
        return new Age((atLo.doubleValue() + atHi.doubleValue()) / 2.0, histogram.firstKey(), histogram.lastKey(),
                mean, m > 1 ? ss / (m - 1) : Double.NaN);
    }

    /** Patients of one adverse-event term by worst grade (1–2, 3, ≥ 4) and with any grade. */
    public record TermCount(String term, long grade12, long grade3, long grade4Plus, long any) {
    }

    /**
     * Table 2 counts: cohort size, patients with any AE, dose reduced, interrupted; per term; and the total
     * row ({@code total.term()} null): patients by their worst grade over every term.
     */
    public record AdverseEvents(long n, long anyGrade, long doseReduced, long interrupted, List<TermCount> terms,
                                TermCount total) {

        /** Patients with an adverse event of grade ≥ 3 of any term, each counted once. */
        public long grade3Plus() {
            return total.grade3() + total.grade4Plus();
        }
    }

    /**
     * Table 2: per term, patients by worst grade ({@code adverseEvents}: patient_key, term,
     * worst_grade; restricted to patients of {@code cohort}), terms ordered by patients with any grade
     * (descending), then name; the cohort's flags {@code any_ae}, {@code dose_reduced},
     * {@code interrupted}; and the total row: each patient's worst grade over every term, by grade band (a
     * patient counts once however many terms). The adverse events are joined with the cohort once; both
     * come from one aggregation of the joined rows.
     */
    public static AdverseEvents adverseEvents(Dataset<Row> cohort, Dataset<Row> adverseEvents) {
        return adverseEvents(cohort, adverseEvents, adverseEventFlagCount(cohort).alone(cohort));
    }

    /**
     * The cohort's part of Table 2 as a count of a {@link CohortScan}: its patients and those with {@code any_ae},
     * {@code dose_reduced}, {@code interrupted} (null counts as no), counted in each task.
     */
    static CohortScan.Count<long[], long[]> adverseEventFlagCount(Dataset<Row> cohort) {
        List<Column> flags = List.of(col("any_ae"), col("dose_reduced"), col("interrupted"));
        SparkSession spark = cohort.sparkSession();
        CohortScan.Part<long[]> part = new CohortScan.Part<>(flags, base -> new CohortScan.Task<long[]>() {
            private final long[] n = new long[4];

            @Override
            public void accept(InternalRow r) {
                n[0]++;
                for (int i = 0; i < 3; i++) {
                    if (!r.isNullAt(base + i) && r.getBoolean(base + i)) {
                        n[i + 1]++;
                    }
                }
            }

            @Override
            public long[] finish() {
                return n;
            }
        });
        return new CohortScan.Count<>(part, perTask -> summed(spark, perTask, 4), null);
    }

    /**
     * The cells' counts of every task ({@link CellTask} rows: variable, category, n, then n0 … per group) summed per
     * (variable, category) by one aggregation, and collected: one row per cell category, its n and per-group counts.
     */
    private static List<Row> summedCells(SparkSession spark, JavaRDD<List<Row>> perTask, int groups) {
        StructType cellSchema = new StructType().add("variable", DataTypes.StringType, false)
                .add("category", DataTypes.StringType, true).add("n", DataTypes.LongType, false);
        List<Column> aggs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            cellSchema = cellSchema.add("n" + g, DataTypes.LongType, false);
            aggs.add(sum(col("n" + g)).as("n" + g));
        }
        return CollectedBytes.collect(spark.createDataFrame(perTask.flatMap(List::iterator), cellSchema)
                .groupBy("variable", "category").agg(sum(col("n")).as("n"), aggs.toArray(new Column[0])));
    }

    /** The tasks' counts of {@code width} numbers each, collected (one small array per task) and summed. */
    private static long[] summed(SparkSession spark, JavaRDD<long[]> perTask, int width) {
        long[] total = new long[width];
        for (long[] t : CollectedBytes.collect(spark, perTask)) {
            for (int i = 0; i < width; i++) {
                total[i] += t[i];
            }
        }
        return total;
    }

    /** Table 2 with the cohort's counts {@code flags} ({@link #adverseEventFlagCount}) already made. */
    static AdverseEvents adverseEvents(Dataset<Row> cohort, Dataset<Row> adverseEvents, long[] flags) {
        Column g = col("worst_grade");
        // A shuffle join, never a broadcast one: broadcasting either side would bring every patient's key
        // to the driver (Spark plans, or adaptive execution re-plans, a broadcast below 10 MB). A hash join
        // whose hash table is built from the adverse events (far fewer rows than the cohort at registry scale)
        // and probed by the cohort's keys as they stream past, so the cohort's keys are never sorted. An inner
        // join keeps exactly the adverse events of cohort patients because the cohort holds one row per patient
        // (every count of the stage reads it so).
        Dataset<Row> keys = cohort.select(col("patient_key").as("_cohort_key"));
        Dataset<Row> inCohort = adverseEvents.hint("shuffle_hash")
                .join(keys, adverseEvents.col("patient_key").equalTo(keys.col("_cohort_key")), "inner")
                .drop("_cohort_key");
        // One pass over the joined rows for both the per-term counts and the total row: after the shuffle join the
        // rows are clustered by patient, so each patient's worst grade over every term (a window maximum) and one
        // row per patient (row_number 1) need only a sort of the joined rows, no other shuffle, and the total's
        // counts ride along in the per-term aggregation (summed over the terms on the driver).
        WindowSpec byPatient = Window.partitionBy("patient_key").orderBy("patient_key");
        Column worst = max(g).over(byPatient.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing()));
        Dataset<Row> ranked = inCohort.select(col("term"), g, worst.as("_worst"),
                row_number().over(byPatient).equalTo(1).as("_first"));
        Column w = col("_worst");
        Column first = col("_first");
        Dataset<Row> perTerm = ranked
                .groupBy("term")
                .agg(sum(when(g.between(1, 2), 1L).otherwise(0L)).as("g12"),
                        sum(when(g.equalTo(3), 1L).otherwise(0L)).as("g3"),
                        sum(when(g.geq(4), 1L).otherwise(0L)).as("g4"),
                        count(lit(1)).as("any"),
                        sum(when(first.and(w.between(1, 2)), 1L).otherwise(0L)).as("t12"),
                        sum(when(first.and(w.equalTo(3)), 1L).otherwise(0L)).as("t3"),
                        sum(when(first.and(w.geq(4)), 1L).otherwise(0L)).as("t4"),
                        sum(when(first, 1L).otherwise(0L)).as("tn"))
                .orderBy(col("any").desc(), col("term"));
        List<TermCount> terms = new ArrayList<>();
        long[] total = new long[4];
        for (Row r : CollectedBytes.collect(perTerm)) {
            terms.add(new TermCount(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            for (int i = 0; i < 4; i++) {
                total[i] += r.getLong(5 + i);
            }
        }
        return new AdverseEvents(flags[0], flags[1], flags[2], flags[3], terms,
                new TermCount(null, total[0], total[1], total[2], total[3]));
    }
}
