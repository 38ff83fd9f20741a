package io.rwe.riskset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark→statistics boundary: one aggregation, {@code groupBy(group, stratum, time)} counting
 * events and censorings, collected to the driver and turned into {@link RiskSet}s. What is collected
 * has one row per group, stratum and distinct time, whatever the number of patients.
 */
public final class RiskSetBuilder {

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
        Column g = group == null ? lit("all") : group.cast("string");
        Column s = stratum == null ? lit(null).cast("string") : stratum.cast("string");
        Dataset<Row> counts = data
                .select(g.as("g"), s.as("s"), time.cast("double").as("t"), event.as("e"))
                .groupBy("g", "s", "t")
                .agg(sum(when(col("e"), 1L).otherwise(0L)).as("events"),
                        sum(when(col("e"), 0L).otherwise(1L)).as("censored"))
                .orderBy("g", "s", "t");
        List<Row> rows = counts.collectAsList();
        return fromSortedCounts(rows);
    }

    /** Groups collected rows (g, s, t, events, censored), sorted by g, s, t, into risk sets. */
    static List<RiskSet> fromSortedCounts(List<Row> rows) {
        Map<List<String>, List<Row>> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            List<String> key = java.util.Arrays.asList(r.getString(0), r.isNullAt(1) ? null : r.getString(1));
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<RiskSet> out = new ArrayList<>(byKey.size());
        for (Map.Entry<List<String>, List<Row>> e : byKey.entrySet()) {
            List<Row> rs = e.getValue();
            double[] t = new double[rs.size()];
            long[] ev = new long[rs.size()];
            long[] ce = new long[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                t[i] = rs.get(i).getDouble(2);
                ev[i] = rs.get(i).getLong(3);
                ce[i] = rs.get(i).getLong(4);
            }
            out.add(RiskSet.fromCounts(Objects.requireNonNull(e.getKey().get(0)), e.getKey().get(1), t, ev, ce));
        }
        return out;
    }
}
