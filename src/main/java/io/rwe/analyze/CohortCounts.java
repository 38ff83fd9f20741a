package io.rwe.analyze;

import io.rwe.riskset.RiskSetBuilder;
import io.rwe.riskset.TimeCounts;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.BaselineVariable;
import io.rwe.study.CohortVocabulary;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
        boolean stratified = stratifyBy != null && !stratifyBy.isBlank();
        String stratum = stratified ? "CAST(" + q(stratifyBy) + " AS STRING)" : "CAST(NULL AS STRING)";
        List<String[]> ids = new ArrayList<>();
        // per analysis group i: whether the patient counts (never null), its whole days, 1 for an event
        List<Column> columns = new ArrayList<>();
        Map<String, List<RiskSet>> out = new LinkedHashMap<>();
        for (AnalysisSpec a : analyses) {
            if (!a.isSurvival()) {
                continue;
            }
            out.put(a.name(), new ArrayList<>());
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
            return out;
        }
        if (stratified) {
            columns.add(expr(stratum).as("s"));
        }
        int groups = ids.size();
        JavaRDD<Row> perTask = cohort.select(columns.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD()
                .mapPartitions(rows -> countTimes(rows, groups, stratified, monthDays));
        RiskSetBuilder.Aggregate counted = RiskSetBuilder.count(cohort.sparkSession().createDataFrame(perTask,
                RiskSetBuilder.TAGGED_SCHEMA));
        // analysis group number -> its risk sets (strata in string order, as the boundary sorts them)
        Map<Integer, List<RiskSet>> byGroup = new java.util.HashMap<>();
        for (RiskSet rs : counted.riskSets()) {
            int i = Integer.parseInt(rs.group());
            byGroup.computeIfAbsent(i, k -> new ArrayList<>()).add(new RiskSet(ids.get(i)[1], rs.stratum(), rs.rows()));
        }
        for (int i = 0; i < ids.size(); i++) {
            out.get(ids.get(i)[0]).addAll(byGroup.getOrDefault(i, List.of()));
        }
        return out;
    }

    /**
     * One task's risk-set counts: rows (in_0, d_0, e_0, in_1, …, [s]) as {@link #riskSets} projects them,
     * counted per (group number, stratum, days / {@code monthDays}); the tagged rows of
     * {@link RiskSetBuilder#TAGGED_SCHEMA}, one per distinct key, the group as its number.
     */
    static Iterator<Row> countTimes(Iterator<InternalRow> rows, int groups, boolean stratified, double monthDays) {
        TimeCounts counts = new TimeCounts();
        Categories strata = new Categories(0);
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            int s = -1;
            for (int g = 0; g < groups; g++) {
                if (!r.getBoolean(3 * g)) {
                    continue;
                }
                if (stratified && s < 0) {
                    s = strata.id(r.getUTF8String(3 * groups));
                }
                counts.add(g, s, r.getInt(3 * g + 1) / monthDays, r.getInt(3 * g + 2));
            }
        }
        List<Row> out = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            out.add(RowFactory.create(RiskSetBuilder.COUNTED, null, Integer.toString(counts.group(i)),
                    counts.stratum(i) < 0 ? null : strata.text(counts.stratum(i)), counts.time(i), counts.events(i),
                    counts.rows(i)));
        }
        return out.iterator();
    }

    /** The best responses that count as disease control (docs/study.md: CR, PR or SD). */
    static final List<String> DISEASE_CONTROL = List.of("CR", "PR", "SD");

    /** The category of a group's patient without a best response while counting (a text no column holds). */
    private static final String NO_BEST = "\u0000none";

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
     * task counts, per analysis group whose predicate holds, the patients by best response ({@link #countCells},
     * one cell per group), and one aggregation sums the tasks' counts (at most one row per group and
     * category). Denominator: every patient of the group (no assessment, counted as {@code none}, and NE
     * count as non-response, docs/study.md). For a rate the scope is the analysis's; for scope-rates each
     * group is a scope over the same population. Per analysis in its group order.
     */
    public static Map<String, List<ResponseCount>> responses(Dataset<Row> cohort, List<AnalysisSpec> analyses) {
        List<String[]> ids = new ArrayList<>();
        List<Column> cells = new ArrayList<>();
        List<String> cellNames = new ArrayList<>();
        for (AnalysisSpec a : analyses) {
            if (a.isSurvival()) {
                continue;
            }
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                String best = q(CohortVocabulary.bestResponseColumn(a.scopeOf(g.getKey())));
                // null outside the group; a patient of the group without a best response as NO_BEST
                cells.add(when(expr("COALESCE((" + g.getValue() + "), FALSE)"),
                        coalesce(expr("CAST(" + best + " AS STRING)"), lit(NO_BEST))).as("c" + ids.size()));
                cellNames.add(Integer.toString(ids.size()));
                ids.add(new String[] {a.name(), g.getKey()});
            }
        }
        Map<String, List<ResponseCount>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        JavaRDD<Row> perTask = cohort.select(cells.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD()
                .mapPartitions(rows -> countCells(rows, cellNames, 0));
        StructType schema = new StructType().add("g", DataTypes.StringType, false)
                .add("b", DataTypes.StringType, true).add("n", DataTypes.LongType, false);
        Map<Integer, Map<String, Long>> byId = new java.util.HashMap<>();
        for (Row r : CollectedBytes.collect(cohort.sparkSession().createDataFrame(perTask, schema)
                .where(col("b").isNotNull()).groupBy("g", "b").agg(sum(col("n")).as("n")))) {
            String b = NO_BEST.equals(r.getString(1)) ? CohortVocabulary.NO_ASSESSMENT : r.getString(1);
            byId.computeIfAbsent(Integer.parseInt(r.getString(0)), k -> new java.util.TreeMap<>())
                    .merge(b, r.getLong(2), Long::sum);
        }
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Long> seen = byId.getOrDefault(i, Map.of());
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
    }

    /**
     * The discordant pairs of a two-scope scope-rates analysis: {@code b} patients who responded (CR or
     * PR) in the first scope only, {@code c} in the second only, among the {@code n} of the population.
     */
    public record Discordant(long n, long b, long c) {
    }

    /**
     * The discordant pairs of every scope-rates analysis of {@code analyses} with exactly two scopes, in
     * one aggregation over the cohort (one row whatever its size): per analysis three sums over its
     * population, {@code n}, {@code b} and {@code c} ({@link Discordant}).
     */
    public static Map<String, Discordant> discordantPairs(Dataset<Row> cohort, List<AnalysisSpec> analyses) {
        List<AnalysisSpec> paired = analyses.stream()
                .filter(a -> a.type() == AnalysisSpec.Type.SCOPE_RATES && a.groups().size() == 2).toList();
        Map<String, Discordant> out = new LinkedHashMap<>();
        if (paired.isEmpty()) {
            return out;
        }
        String responders = "('" + String.join("', '", RESPONDERS) + "')";
        List<Column> sums = new ArrayList<>();
        for (AnalysisSpec a : paired) {
            List<String> scopes = List.copyOf(a.groups().keySet());
            String population = "(" + a.groups().get(scopes.get(0)) + ")";
            String r1 = "coalesce(" + q(CohortVocabulary.bestResponseColumn(a.scopeOf(scopes.get(0)))) + " IN "
                    + responders + ", false)";
            String r2 = "coalesce(" + q(CohortVocabulary.bestResponseColumn(a.scopeOf(scopes.get(1)))) + " IN "
                    + responders + ", false)";
            sums.add(sum(org.apache.spark.sql.functions.expr("IF(" + population + ", 1L, 0L)")));
            sums.add(sum(org.apache.spark.sql.functions.expr(
                    "IF(" + population + " AND " + r1 + " AND NOT " + r2 + ", 1L, 0L)")));
            sums.add(sum(org.apache.spark.sql.functions.expr(
                    "IF(" + population + " AND NOT " + r1 + " AND " + r2 + ", 1L, 0L)")));
        }
        Row r = CollectedBytes.first(cohort.agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])));
        for (int i = 0; i < paired.size(); i++) {
            out.put(paired.get(i).name(), new Discordant(longOrZero(r, 3 * i), longOrZero(r, 3 * i + 1),
                    longOrZero(r, 3 * i + 2)));
        }
        return out;
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
        List<Column> select = new ArrayList<>();
        List<String> cellNames = new ArrayList<>();
        select.add(col("age").cast("string").as("c0"));
        cellNames.add(AGE_CELL);
        for (BaselineVariable v : variables) {
            Column c = col(v.name());
            Column category = cohort.schema().apply(v.name()).dataType() instanceof org.apache.spark.sql.types.BooleanType
                    ? when(c.isNull(), lit(null).cast("string")).when(c, lit("yes")).otherwise(lit("no"))
                    : c.cast("string");
            select.add(category.as("c" + cellNames.size()));
            cellNames.add(v.name());
        }
        for (int g = 0; g < groups.size(); g++) {
            select.add(expr("COALESCE((" + groups.get(g) + "), FALSE)").as("f" + g));
        }
        StructType schema = new StructType().add("variable", DataTypes.StringType, false)
                .add("category", DataTypes.StringType, true).add("n", DataTypes.LongType, false);
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(col("n")).as("n"));
        for (int g = 0; g < groups.size(); g++) {
            schema = schema.add("n" + g, DataTypes.LongType, false);
            aggs.add(sum(col("n" + g)).as("n" + g));
        }
        int groupCount = groups.size();
        JavaRDD<Row> perTask = cohort.select(select.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD()
                .mapPartitions(rows -> countCells(rows, cellNames, groupCount));
        Dataset<Row> counted = cohort.sparkSession().createDataFrame(perTask, schema).groupBy("variable", "category")
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
        int parts = groups.size() + 1;
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
        for (Row r : CollectedBytes.collect(counted)) {
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
    }

    /**
     * One task's Table 1 counts: rows (c0 = age as text, c1… the variables' categories, f0… the group flags)
     * as {@link #baselines} projects them; per cell and category (null included) the patients of the whole
     * cohort and of each group, one output row (variable, category, n, n0, …) each.
     */
    static Iterator<Row> countCells(Iterator<InternalRow> rows, List<String> cellNames, int groups) {
        int cells = cellNames.size();
        Categories[] byCategory = new Categories[cells];
        long[][] missing = new long[cells][];
        for (int c = 0; c < cells; c++) {
            byCategory[c] = new Categories(groups + 1);
        }
        boolean[] in = new boolean[groups];
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            for (int g = 0; g < groups; g++) {
                in[g] = r.getBoolean(cells + g);
            }
            for (int c = 0; c < cells; c++) {
                long[] n;
                if (r.isNullAt(c)) {
                    n = missing[c] == null ? (missing[c] = new long[groups + 1]) : missing[c];
                } else {
                    n = byCategory[c].counts(r.getUTF8String(c));
                }
                n[0]++;
                for (int g = 0; g < groups; g++) {
                    if (in[g]) {
                        n[g + 1]++;
                    }
                }
            }
        }
        List<Row> out = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            Categories k = byCategory[c];
            for (int i = 0; i < k.size; i++) {
                out.add(cellRow(cellNames.get(c), k.keys[i].toString(), k.counts[i]));
            }
            if (missing[c] != null) {
                out.add(cellRow(cellNames.get(c), null, missing[c]));
            }
        }
        return out.iterator();
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
        Row flags = CollectedBytes.first(cohort.agg(count(lit(1)),
                sum(when(col("any_ae"), 1L).otherwise(0L)),
                sum(when(col("dose_reduced"), 1L).otherwise(0L)),
                sum(when(col("interrupted"), 1L).otherwise(0L))));
        Column g = col("worst_grade");
        // A shuffle join, never a broadcast one: broadcasting either side would bring every patient's key
        // to the driver (Spark plans, or adaptive execution re-plans, a broadcast below 10 MB).
        Dataset<Row> keys = cohort.select("patient_key").hint("shuffle_merge");
        Dataset<Row> inCohort = adverseEvents.hint("shuffle_merge")
                .join(keys, adverseEvents.col("patient_key").equalTo(keys.col("patient_key")), "left_semi");
        // One pass over the joined rows for both the per-term counts and the total row: after the shuffle join the
        // rows are clustered and ordered by patient, so each patient's worst grade over every term (a window
        // maximum) and one row per patient (row_number 1) come without another shuffle or sort, and the total's
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
        return new AdverseEvents(flags.getLong(0), longOrZero(flags, 1), longOrZero(flags, 2), longOrZero(flags, 3),
                terms, new TermCount(null, total[0], total[1], total[2], total[3]));
    }

    private static long longOrZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : r.getLong(i);
    }
}
