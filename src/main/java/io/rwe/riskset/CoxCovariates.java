package io.rwe.riskset;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxDesign;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The design of a Cox regression found with Spark aggregations, and the rows encoded with Spark expressions for
 * {@link CoxSums}: the independent reference that {@link CoxColumns} (what {@link AdjustedCox#fit} uses: the
 * model's columns read once, the design from per-task dictionaries) is tested against, bit for bit; and the
 * {@link Covariate} of a model.
 *
 * <ol>
 * <li>The model's rows are the complete cases: time, event, the stratum (when given) and every
 * covariate present (R's {@code na.omit}); the others are counted as dropped.</li>
 * <li>One aggregation counts the rows and, per numeric covariate, Σx (as a decimal: exact whatever the
 * partitioning) and the values outside {−1, 0, 1};
 * one counts every categorical covariate's levels (an {@code explode} of (variable, level) pairs, grouped):
 * what comes back is one row per level, never per patient.</li>
 * <li>A third aggregation gives Σ|x − mean| of the numeric covariates (R's scaling needs the mean
 * first).</li>
 * <li>{@link CoxDesign} turns these summaries into columns; each becomes a Spark expression
 * x' = (x − center)·scale, an indicator {@code value = level} for a categorical level.</li>
 * </ol>
 */
public final class CoxCovariates {

    private CoxCovariates() {
    }

    /**
     * One covariate of the model.
     *
     * @param name        its name in the model and in term names ({@code group}, {@code age}, {@code sex})
     * @param value       the column (numeric: castable to double; categorical: castable to string); null = missing
     * @param categorical categorical (treatment contrasts) or numeric
     * @param levels      a categorical variable's preferred level order (e.g. from the study's configuration;
     *                    may be empty: natural order), see {@link CoxDesign#orderLevels}
     * @param reference   a categorical variable's reference level, or null for the first
     */
    public record Covariate(String name, Column value, boolean categorical, List<String> levels, String reference) {
        public Covariate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            levels = List.copyOf(levels);
        }

        public static Covariate numeric(String name, Column value) {
            return new Covariate(name, value, false, List.of(), null);
        }

        public static Covariate categorical(String name, Column value, List<String> levels, String reference) {
            return new Covariate(name, value, true, levels, reference);
        }
    }

    /**
     * The model's rows encoded: columns {@code t} (double), {@code e} (boolean), {@code s} (string, null when
     * unstratified) and {@code x0 … x(p−1)} (doubles, the design's encoded columns).
     *
     * @param design  the design
     * @param rows    the encoded rows (a projection of the input: cache the input)
     * @param n       rows in the model
     * @param dropped rows left out for a missing time, event, stratum or covariate
     */
    public record Encoded(CoxDesign design, Dataset<Row> rows, long n, long dropped) {
    }

    /**
     * Finds the design on {@code data} and encodes its rows.
     *
     * @param time       a numeric column (the analysis time)
     * @param event      a boolean column (true = event)
     * @param stratum    the stratum label, or null when unstratified
     * @param covariates in formula order (the group first, as a categorical covariate named {@code group})
     * @throws IllegalArgumentException a given reference level is not among the levels of the complete rows
     */
    public static Encoded encode(Dataset<Row> data, Column time, Column event, Column stratum,
            List<Covariate> covariates) {
        List<Column> select = new ArrayList<>();
        select.add(time.cast("double").as("t"));
        select.add(event.cast("boolean").as("e"));
        select.add((stratum == null ? lit(null) : stratum).cast("string").as("s"));
        Column complete = col("t").isNotNull().and(col("e").isNotNull());
        if (stratum != null) {
            complete = complete.and(col("s").isNotNull());
        }
        for (int i = 0; i < covariates.size(); i++) {
            Covariate c = covariates.get(i);
            select.add(c.value().cast(c.categorical() ? "string" : "double").as("v" + i));
            complete = complete.and(col("v" + i).isNotNull());
        }
        Dataset<Row> typed = data.select(select.toArray(new Column[0]));
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("total"));
        aggs.add(sum(when(complete, 1L).otherwise(0L)).as("complete"));
        for (int i = 0; i < covariates.size(); i++) {
            if (!covariates.get(i).categorical()) {
                Column v = col("v" + i);
                aggs.add(try_sum(when(complete, exact(v))).as("sum" + i));
                aggs.add(sum(when(complete, v)).as("dsum" + i));
                aggs.add(sum(when(complete.and(v.isNotNull()).and(exact(v).isNull()), 1L).otherwise(0L))
                        .as("inexact" + i));
                aggs.add(sum(when(complete.and(not(v.isin(-1.0, 0.0, 1.0))), 1L).otherwise(0L))
                        .as("nonunit" + i));
            }
        }
        Row counts = CollectedBytes.first(typed.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])));
        long total = counts.getLong(0);
        long n = counts.isNullAt(1) ? 0 : counts.getLong(1);
        Dataset<Row> model = typed.where(complete);
        Map<Integer, Double> means = new LinkedHashMap<>();
        Map<Integer, Boolean> unit = new LinkedHashMap<>();
        int k = 2;
        for (int i = 0; i < covariates.size(); i++) {
            if (!covariates.get(i).categorical()) {
                means.put(i, n == 0 ? Double.NaN : sumOf(counts, k, n));
                unit.put(i, counts.getLong(k + 3) == 0);
                k += 4;
            }
        }
        Map<Integer, Double> absDev = absoluteDeviations(model, means);
        Map<Integer, Set<String>> levels = levels(model, covariates);
        List<CoxDesign.Variable> variables = new ArrayList<>();
        for (int i = 0; i < covariates.size(); i++) {
            Covariate c = covariates.get(i);
            if (c.categorical()) {
                variables.add(CoxDesign.categorical(c.name(),
                        CoxDesign.orderLevels(levels.getOrDefault(i, Set.of()), c.levels(), c.reference())));
            } else {
                variables.add(CoxDesign.numeric(c.name(), n, means.get(i), absDev.get(i), unit.get(i)));
            }
        }
        CoxDesign design = new CoxDesign(variables);
        return new Encoded(design, encodedRows(model, design), n, total - n);
    }

    /**
     * The model's rows as t, e, s, x0 … x(p−1): covariate i (column {@code v<i>}) gives its design columns,
     * x' = (x − center)·scale of the value or of the indicator {@code value = level}.
     */
    private static Dataset<Row> encodedRows(Dataset<Row> model, CoxDesign design) {
        List<Column> out = new ArrayList<>(List.of(col("t"), col("e"), col("s")));
        int j = 0;
        for (int i = 0; i < design.variables().size(); i++) {
            for (CoxDesign.Column dc : design.variables().get(i).columns()) {
                Column raw = dc.level() == null ? col("v" + i)
                        : when(col("v" + i).equalTo(lit(dc.level())), lit(1.0)).otherwise(lit(0.0));
                out.add(raw.minus(lit(dc.center())).multiply(lit(dc.scale())).as("x" + j++));
            }
        }
        return model.select(out.toArray(new Column[0]));
    }

    /**
     * The decimal a value is summed as: sums of doubles depend on the order in which Spark adds them, which
     * depends on how the input was partitioned, so the means and absolute deviations that center and scale
     * the design are summed as decimals with 18 places (exact, in any order); null for a value beyond
     * ±10²⁰ or a sum beyond it, which then falls back to a sum of doubles.
     */
    private static Column exact(Column v) {
        return v.try_cast(DataTypes.createDecimalType(38, 18));
    }

    /** The mean from an aggregation's decimal sum at {@code k} (its double sum at k + 1, inexact count at k + 2). */
    private static double sumOf(Row counts, int k, long n) {
        if (counts.getLong(k + 2) > 0 || counts.isNullAt(k)) {
            return counts.isNullAt(k + 1) ? Double.NaN : counts.getDouble(k + 1) / n;
        }
        return counts.getDecimal(k).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    }

    /** Σ|x − mean| per numeric covariate, in one aggregation. */
    private static Map<Integer, Double> absoluteDeviations(Dataset<Row> model, Map<Integer, Double> means) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        if (means.isEmpty()) {
            return out;
        }
        List<Column> aggs = new ArrayList<>();
        for (Map.Entry<Integer, Double> m : means.entrySet()) {
            Column dev = abs(col("v" + m.getKey()).minus(lit(m.getValue())));
            aggs.add(try_sum(exact(dev)));
            aggs.add(sum(dev));
            aggs.add(sum(when(dev.isNotNull().and(exact(dev).isNull()), 1L).otherwise(0L)));
        }
        Row r = CollectedBytes.first(model.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])));
        int k = 0;
        for (Integer i : means.keySet()) {
            out.put(i, r.isNullAt(k + 1) ? 0.0 : sumOf(r, k, 1));
            k += 3;
        }
        return out;
    }

    /** The levels present of every categorical covariate: one row per (variable, level) collected. */
    private static Map<Integer, Set<String>> levels(Dataset<Row> model, List<Covariate> covariates) {
        List<Column> pairs = new ArrayList<>();
        for (int i = 0; i < covariates.size(); i++) {
            if (covariates.get(i).categorical()) {
                pairs.add(struct(lit(i).as("var"), col("v" + i).as("level")));
            }
        }
        Map<Integer, Set<String>> out = new LinkedHashMap<>();
        if (pairs.isEmpty()) {
            return out;
        }
        Dataset<Row> counted = model.select(explode(array(pairs.toArray(new Column[0]))).as("p"))
                .groupBy(col("p.var").as("var"), col("p.level").as("level")).agg(count(lit(1)).as("n"));
        for (Row r : CollectedBytes.collect(counted)) {
            out.computeIfAbsent(r.getInt(0), x -> new LinkedHashSet<>()).add(r.getString(1));
        }
        return out;
    }
}
