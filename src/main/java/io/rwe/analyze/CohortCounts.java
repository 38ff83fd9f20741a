package io.rwe.analyze;

import io.rwe.riskset.RiskSetBuilder;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.BaselineVariable;
import io.rwe.study.CohortVocabulary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
     * The risk sets of every km or compare analysis of {@code analyses}, in one scan of the cohort and
     * one aggregation: each patient becomes one item {@code (g, s, d, e)} per analysis group whose
     * predicate holds and whose endpoint applies ({@code g} the analysis group's number, {@code s} the
     * stratum or null, {@code d} the endpoint's whole days, {@code e} 1 for an event); the items are tagged
     * and counted by the risk-set boundary ({@link RiskSetBuilder#tag}, {@link RiskSetBuilder#count}) with
     * time in months = {@code d / monthDays} (one double division, in Spark), and one row per analysis
     * group, stratum and distinct time is collected. When stratified, patients with no stratum are left
     * out. Per analysis, ordered as it lists its groups, then by stratum (string order); a group or
     * stratum with no patient has no risk set.
     */
    public static Map<String, List<RiskSet>> riskSets(Dataset<Row> cohort, List<AnalysisSpec> analyses,
                                                      double monthDays, String stratifyBy) {
        boolean stratified = stratifyBy != null && !stratifyBy.isBlank();
        String stratum = stratified ? "CAST(" + q(stratifyBy) + " AS STRING)" : "CAST(NULL AS STRING)";
        List<String[]> ids = new ArrayList<>();
        List<String> items = new ArrayList<>();
        Map<String, List<RiskSet>> out = new LinkedHashMap<>();
        for (AnalysisSpec a : analyses) {
            if (!a.isSurvival()) {
                continue;
            }
            out.put(a.name(), new ArrayList<>());
            String d = q(a.endpoint() + "_days");
            String e = q(a.endpoint() + "_event");
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                items.add("IF((" + g.getValue() + ") AND " + d + " IS NOT NULL AND " + e + " IS NOT NULL"
                        + (stratified ? " AND " + stratum + " IS NOT NULL" : "")
                        + ", named_struct('g', " + ids.size() + ", 's', " + stratum + ", 'd', CAST(" + d
                        + " AS INT), 'e', IF(" + e + ", 1, 0)), NULL)");
                ids.add(new String[] {a.name(), g.getKey()});
            }
        }
        if (ids.isEmpty()) {
            return out;
        }
        Dataset<Row> itemRows = cohort
                .selectExpr("inline(filter(array(" + String.join(", ", items) + "), x -> x IS NOT NULL))");
        RiskSetBuilder.Aggregate counted = RiskSetBuilder.count(RiskSetBuilder.tagged(itemRows,
                col("d").cast("double").divide(lit(monthDays)), col("e"), col("g"), stratified ? col("s") : null,
                null));
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
     * Best responses per group of every rate and scope-rates analysis of {@code analyses}, in one
     * aggregation ({@code groupBy(analysis group, best response)}: at most one row per group and
     * category). Denominator: every patient of the group (no assessment, counted as {@code none}, and NE
     * count as non-response, docs/study.md). For a rate the scope is the analysis's; for scope-rates each
     * group is a scope over the same population. Per analysis in its group order.
     */
    public static Map<String, List<ResponseCount>> responses(Dataset<Row> cohort, List<AnalysisSpec> analyses) {
        List<String[]> ids = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (AnalysisSpec a : analyses) {
            if (a.isSurvival()) {
                continue;
            }
            for (Map.Entry<String, String> g : a.groups().entrySet()) {
                String best = q(CohortVocabulary.bestResponseColumn(a.scopeOf(g.getKey())));
                items.add("IF((" + g.getValue() + "), named_struct('g', " + ids.size() + ", 'b', CAST(" + best
                        + " AS STRING)), NULL)");
                ids.add(new String[] {a.name(), g.getKey()});
            }
        }
        Map<String, List<ResponseCount>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<Integer, Map<String, Long>> byId = new java.util.HashMap<>();
        for (Row r : CollectedBytes.collect(cohort
                .selectExpr("inline(filter(array(" + String.join(", ", items) + "), x -> x IS NOT NULL))")
                .groupBy("g", "b").agg(count(lit(1)).as("n")))) {
            String b = r.isNullAt(1) ? CohortVocabulary.NO_ASSESSMENT : r.getString(1);
            byId.computeIfAbsent(r.getInt(0), k -> new java.util.TreeMap<>()).merge(b, r.getLong(2), Long::sum);
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
     * cohort), in one scan and one aggregation: each patient is exploded into one (variable, category) cell
     * per variable plus one cell holding its age, each carrying one 0/1 flag per group (whether the patient
     * is in it), and the cells are counted per (variable, category): the count for the whole cohort, the
     * sum of each flag for each group. Boolean variables become {@code yes}/{@code no}; null stays null
     * (missing). The age median, minimum, maximum, mean and variance are taken on the driver from the
     * collected age histogram (at most one row per distinct age): the median is R's
     * {@code median(age, na.rm = TRUE)}, the middle value or the mean of the two middle values of the
     * non-missing ages. What is collected has one row per (variable, category), whatever the number of
     * patients and groups.
     *
     * @return the whole cohort first, then one per group in the given order
     */
    public static List<Baseline> baselines(Dataset<Row> cohort, List<BaselineVariable> variables,
                                           List<String> groups) {
        List<Column> cells = new ArrayList<>();
        cells.add(org.apache.spark.sql.functions.struct(lit(AGE_CELL).as("variable"),
                col("age").cast("string").as("category")));
        for (BaselineVariable v : variables) {
            Column c = col(v.name());
            Column category = cohort.schema().apply(v.name()).dataType() instanceof org.apache.spark.sql.types.BooleanType
                    ? when(c.isNull(), lit(null).cast("string")).when(c, lit("yes")).otherwise(lit("no"))
                    : c.cast("string");
            cells.add(org.apache.spark.sql.functions.struct(lit(v.name()).as("variable"), category.as("category")));
        }
        List<Column> select = new ArrayList<>();
        select.add(org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(
                cells.toArray(new Column[0]))).as("cell"));
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("n"));
        for (int g = 0; g < groups.size(); g++) {
            select.add(org.apache.spark.sql.functions.expr("IF((" + groups.get(g) + "), 1L, 0L)").as("f" + g));
            aggs.add(sum(col("f" + g)).as("n" + g));
        }
        List<Column> keep = new ArrayList<>(List.of(col("cell.variable").as("variable"),
                col("cell.category").as("category")));
        for (int g = 0; g < groups.size(); g++) {
            keep.add(col("f" + g));
        }
        Dataset<Row> exploded = cohort.select(select.toArray(new Column[0])).select(keep.toArray(new Column[0]));
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
        Dataset<Row> counted = exploded.groupBy("variable", "category")
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
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
     * {@code interrupted}; and the total row: each patient's worst grade over every term (one
     * aggregation by patient, then one by grade band: a patient counts once however many terms).
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
        Dataset<Row> perTerm = inCohort
                .groupBy("term")
                .agg(sum(when(g.between(1, 2), 1L).otherwise(0L)).as("g12"),
                        sum(when(g.equalTo(3), 1L).otherwise(0L)).as("g3"),
                        sum(when(g.geq(4), 1L).otherwise(0L)).as("g4"),
                        count(lit(1)).as("any"))
                .orderBy(col("any").desc(), col("term"));
        List<TermCount> terms = new ArrayList<>();
        for (Row r : CollectedBytes.collect(perTerm)) {
            terms.add(new TermCount(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        }
        Row total = CollectedBytes.first(inCohort.groupBy("patient_key").agg(max(g).as("worst_grade"))
                .agg(sum(when(g.between(1, 2), 1L).otherwise(0L)), sum(when(g.equalTo(3), 1L).otherwise(0L)),
                        sum(when(g.geq(4), 1L).otherwise(0L)), count(lit(1))));
        return new AdverseEvents(flags.getLong(0), longOrZero(flags, 1), longOrZero(flags, 2), longOrZero(flags, 3),
                terms, new TermCount(null, longOrZero(total, 0), longOrZero(total, 1), longOrZero(total, 2),
                        longOrZero(total, 3)));
    }

    private static long longOrZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : r.getLong(i);
    }
}
