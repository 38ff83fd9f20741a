package io.rwe.riskset;

import io.rwe.core.CollectedBytes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark→statistics boundary, shared by the study's analyses and {@code jobs/survival}: input rows
 * are tagged ({@link #tag}: counted, dropped as missing, or rejected as bad, with their group, stratum,
 * time and event), the tagged rows counted in one aggregation ({@link #count}: {@code groupBy(kind,
 * group, stratum, time)} summing events and rows), and the collected counts turned into
 * {@link RiskSet}s ({@link #fromCollected}). What is collected has one row per group, stratum and
 * distinct time, whatever the number of patients.
 */
public final class RiskSetBuilder {

    /** Row kinds of a tagged row: counted, dropped as missing, rejected as bad. */
    public static final int COUNTED = 0;
    public static final int DROPPED = 1;
    public static final int REJECTED = 2;

    /** The columns of a tagged row, in order (see {@link #tag}). */
    public static final List<String> TAGGED = List.of("k", "p", "g", "s", "t", "events", "rows");

    /** The schema of tagged rows built outside Spark's expressions (per-task counts, {@link TimeCounts}). */
    public static final StructType TAGGED_SCHEMA = new StructType()
            .add("k", DataTypes.IntegerType, false)
            .add("p", DataTypes.StringType, true)
            .add("g", DataTypes.StringType, true)
            .add("s", DataTypes.StringType, true)
            .add("t", DataTypes.DoubleType, true)
            .add("events", DataTypes.LongType, false)
            .add("rows", DataTypes.LongType, false);

    private RiskSetBuilder() {
    }

    /**
     * Risk sets of {@code data}. Rows where time, event or group is null must be removed by the caller.
     *
     * @param time    a numeric column (the time scale of the analysis, e.g. days / 30.4375)
     * @param event   a boolean column: true = event, false = censored
     * @param group   the group label (string), or null for one group {@code "all"}
     * @param stratum the stratum label (string), or null when unstratified
     * @return risk sets ordered by group then stratum (string order)
     */
    public static List<RiskSet> build(Dataset<Row> data, Column time, Column event, Column group, Column stratum) {
        return aggregate(data, time, event, group, stratum, null).riskSets();
    }

    /**
     * The result of {@link #aggregate}: the risk sets of the counted rows, the number of rows dropped
     * because time, event, group or stratum was missing, and the number of rows rejected as bad with
     * the smallest (in string order) of their problem descriptions.
     */
    public record Aggregate(List<RiskSet> riskSets, long dropped, long rejected, String firstProblem) {
        public Aggregate {
            riskSets = List.copyOf(riskSets);
        }

        /** Rows counted in the risk sets. */
        public long counted() {
            long n = 0;
            for (RiskSet rs : riskSets) {
                n += rs.n();
            }
            return n;
        }
    }

    /**
     * Risk sets of {@code data} and the accounting of the rows that are not counted: a row whose
     * {@code problem} is non-null is rejected (bad input), otherwise a row with a null time, event, group
     * (when given) or stratum (when given) is dropped, otherwise it is counted as an event ({@code event}
     * true) or a censoring at its time. {@link #count} of {@link #tag}.
     *
     * @param problem a string column describing why a row is bad, null for a good row; or null when no
     *                row can be bad
     */
    public static Aggregate aggregate(Dataset<Row> data, Column time, Column event, Column group, Column stratum,
            Column problem) {
        return count(tagged(data, time, event, group, stratum, problem));
    }

    /** The rows of {@code data} tagged ({@link #tag}), columns named as {@link #TAGGED}. */
    public static Dataset<Row> tagged(Dataset<Row> data, Column time, Column event, Column group, Column stratum,
            Column problem) {
        return data.select(named(tag(time, event, group, stratum, problem)));
    }

    /**
     * The tagged row of each input row, the columns of {@link #TAGGED} (unnamed: {@link #named} names
     * them): {@code k} the kind (rejected when
     * {@code problem} is non-null, dropped when time, event, group (when given) or stratum (when given) is
     * null, else counted), {@code p} the problem, {@code g} the group ({@code "all"} when {@code group} is
     * null), {@code s} the stratum (null when unstratified), {@code t} the time as a double,
     * {@code events} 1 for an event and 0 for a censoring, {@code rows} 1.
     */
    public static Column[] tag(Column time, Column event, Column group, Column stratum, Column problem) {
        Column g = group == null ? lit("all") : group.cast("string");
        Column s = stratum == null ? lit(null).cast("string") : stratum.cast("string");
        Column t = time.cast("double");
        Column e = event.cast("boolean");
        Column missing = t.isNull().or(e.isNull()).or(g.isNull());
        if (stratum != null) {
            missing = missing.or(s.isNull());
        }
        Column p = problem == null ? lit(null).cast("string") : problem;
        Column kind = when(p.isNotNull(), lit(REJECTED)).when(missing, lit(DROPPED)).otherwise(lit(COUNTED));
        return new Column[] {kind, p, g, s, t, when(e, 1L).otherwise(0L), lit(1L)};
    }

    /** The columns of a tagged row named as {@link #TAGGED}. */
    public static Column[] named(Column[] tagged) {
        Column[] out = new Column[tagged.length];
        for (int i = 0; i < tagged.length; i++) {
            out[i] = tagged[i].as(TAGGED.get(i));
        }
        return out;
    }

    /**
     * Counts tagged rows ({@link #TAGGED}; a row may stand for several, {@code rows} of them with
     * {@code events} events, as per-task counts do): one {@code groupBy(k, g, s, t)} with partial
     * aggregation on the executors, summing events and rows of the counted rows per group, stratum and
     * time and the rows of the dropped and rejected ones. The collected result has one row per group,
     * stratum and distinct time plus at most two accounting rows, and is sorted on the driver (no
     * range-partitioning sort in Spark). Only numeric aggregation buffers: a string one (the problem text)
     * would turn Spark's hash aggregation into a sort of every row, so the first problem (in string order)
     * is looked up apart, when a row was rejected.
     */
    public static Aggregate count(Dataset<Row> tagged) {
        Column counted = col("k").equalTo(lit(COUNTED));
        Dataset<Row> counts = tagged
                .select(col("k"),
                        when(counted, col("g")).as("g"),
                        when(counted, col("s")).as("s"),
                        when(counted, col("t")).as("t"),
                        when(counted, col("events")).otherwise(lit(0L)).as("events"),
                        col("rows"))
                .groupBy("k", "g", "s", "t")
                .agg(sum(col("events")).as("events"), sum(col("rows")).as("rows"));
        Aggregate a = fromCollected(CollectedBytes.collect(counts));
        if (a.rejected() == 0) {
            return a;
        }
        Row first = CollectedBytes.first(tagged.where(col("k").equalTo(lit(REJECTED))).agg(min(col("p"))));
        return new Aggregate(a.riskSets(), a.dropped(), a.rejected(), first.isNullAt(0) ? null : first.getString(0));
    }

    /**
     * The aggregate of collected count rows {@code (k, g, s, t, events, rows)}, in any order: the counted
     * rows ({@code k} = 0) become risk sets, the others are summed as dropped ({@code k} = 1) or rejected
     * ({@code k} = 2; the problem is left to the caller).
     */
    static Aggregate fromCollected(List<Row> rows) {
        long dropped = 0;
        long rejected = 0;
        List<Row> good = new ArrayList<>(rows.size());
        for (Row r : rows) {
            int k = r.getInt(0);
            if (k == COUNTED) {
                good.add(r);
            } else if (k == DROPPED) {
                dropped += r.getLong(5);
            } else {
                rejected += r.getLong(5);
            }
        }
        good.sort(BY_GROUP_STRATUM_TIME);
        return new Aggregate(fromSortedCounts(good), dropped, rejected, null);
    }

    private static final Comparator<Row> BY_GROUP_STRATUM_TIME = Comparator
            .comparing((Row r) -> r.getString(1))
            .thenComparing(r -> r.isNullAt(2) ? null : r.getString(2), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingDouble(r -> r.getDouble(3));

    /**
     * Groups collected rows (k, g, s, t, events, rows, …), sorted by g, s, t, into risk sets; censored
     * = rows − events.
     */
    static List<RiskSet> fromSortedCounts(List<Row> rows) {
        List<RiskSet> out = new ArrayList<>();
        int from = 0;
        while (from < rows.size()) {
            String g = rows.get(from).getString(1);
            String s = rows.get(from).isNullAt(2) ? null : rows.get(from).getString(2);
            int to = from;
            while (to < rows.size() && g.equals(rows.get(to).getString(1))
                    && Objects.equals(s, rows.get(to).isNullAt(2) ? null : rows.get(to).getString(2))) {
                to++;
            }
            int m = to - from;
            double[] t = new double[m];
            long[] ev = new long[m];
            long[] ce = new long[m];
            for (int i = 0; i < m; i++) {
                Row r = rows.get(from + i);
                t[i] = r.getDouble(3);
                ev[i] = r.getLong(4);
                ce[i] = r.getLong(5) - ev[i];
            }
            out.add(RiskSet.fromCounts(Objects.requireNonNull(g), s, t, ev, ce));
            from = to;
        }
        return out;
    }
}
