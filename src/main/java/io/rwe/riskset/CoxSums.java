package io.rwe.riskset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxSumsSource;
import io.rwe.stats.CoxTimeSums;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark side of a Cox regression: at each β of the Newton–Raphson iteration, one aggregation of the
 * encoded rows ({@link CoxCovariates.Encoded}) grouped by (stratum, time), computing with η = x'β and
 * w = exp(η) the sums of {@link CoxTimeSums}: the row and event counts, Σw, Σw·x, Σw·xx' over all rows
 * and over the events, Σx and Ση over the events, and max η. The collected result has one row per
 * stratum and distinct time, each of 2 + 2(1 + p + p(p+1)/2) + p + 2 numbers — its size depends on the
 * distinct times and p, never on the number of patients — and is collected through
 * {@link CollectedBytes}. The counts come back as doubles too (exact below 2⁵³): small boxed integers are
 * shared objects in Java serialization, so integer counts would make the measured size depend on the counts'
 * values; doubles keep it a function of the number of (stratum, time) rows alone.
 */
public final class CoxSums implements CoxSumsSource {

    private final Dataset<Row> rows;
    private final int p;

    /**
     * @param rows encoded rows: {@code t} (double), {@code e} (boolean), {@code s} (string or null),
     *             {@code x0 … x(p−1)} (doubles)
     * @param p    number of design columns
     */
    public CoxSums(Dataset<Row> rows, int p) {
        this.rows = rows;
        this.p = p;
    }

    /** Over the rows of an encoding. */
    public static CoxSums of(CoxCovariates.Encoded encoded) {
        return new CoxSums(encoded.rows(), encoded.design().columns().size());
    }

    @Override
    public List<CoxTimeSums> at(double[] beta) {
        if (beta.length != p) {
            throw new IllegalArgumentException("β of " + beta.length + " coefficients for " + p + " columns");
        }
        Column eta = lit(0.0);
        for (int j = 0; j < p; j++) {
            eta = eta.plus(col("x" + j).multiply(lit(beta[j])));
        }
        Dataset<Row> scored = rows.select(xs(col("s"), col("t"), col("e"), eta.as("eta"), exp(eta).as("w")));
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(when(col("e"), 1.0).otherwise(0.0)).as("events"));
        addMoments(aggs, lit(true));
        addMoments(aggs, col("e"));
        for (int j = 0; j < p; j++) {
            aggs.add(sum(when(col("e"), col("x" + j)).otherwise(0.0)));
        }
        aggs.add(sum(when(col("e"), col("eta")).otherwise(0.0)));
        aggs.add(max(col("eta")));
        Dataset<Row> perTime = scored.groupBy(col("s"), col("t"))
                .agg(count(lit(1)).cast("double").as("rows"), aggs.toArray(new Column[0]));
        // One reduce task: its input is the map side's partial sums (distinct times × map tasks rows), and
        // what the driver receives is then one task's result however many partitions the shuffle would use.
        List<Row> collected = CollectedBytes.collect(perTime.coalesce(1));
        List<CoxTimeSums> out = new ArrayList<>(collected.size());
        for (Row r : collected) {
            out.add(toSums(r));
        }
        return out;
    }

    private Column[] xs(Column... first) {
        List<Column> c = new ArrayList<>(List.of(first));
        for (int j = 0; j < p; j++) {
            c.add(col("x" + j));
        }
        return c.toArray(new Column[0]);
    }

    /** Σw, Σw·x_i, Σw·x_i·x_j (j ≤ i, packed order) over the rows where {@code where} holds. */
    private void addMoments(List<Column> aggs, Column where) {
        aggs.add(sum(when(where, col("w")).otherwise(0.0)));
        for (int i = 0; i < p; i++) {
            aggs.add(sum(when(where, col("w").multiply(col("x" + i))).otherwise(0.0)));
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                aggs.add(sum(when(where, col("w").multiply(col("x" + i)).multiply(col("x" + j))).otherwise(0.0)));
            }
        }
    }

    /** A collected row: s, t, rows, events, all moments, dead moments, Σx dead, Ση dead, max η. */
    private CoxTimeSums toSums(Row r) {
        int packed = p * (p + 1) / 2;
        int k = 4;
        CoxTimeSums.Moments[] m = new CoxTimeSums.Moments[2];
        for (int b = 0; b < 2; b++) {
            double w = r.getDouble(k++);
            double[] wx = new double[p];
            for (int i = 0; i < p; i++) {
                wx[i] = r.getDouble(k++);
            }
            double[] wxx = new double[packed];
            for (int i = 0; i < packed; i++) {
                wxx[i] = r.getDouble(k++);
            }
            m[b] = new CoxTimeSums.Moments(w, wx, wxx);
        }
        double[] xDead = new double[p];
        for (int i = 0; i < p; i++) {
            xDead[i] = r.getDouble(k++);
        }
        double etaDead = r.getDouble(k++);
        double etaMax = r.getDouble(k);
        return new CoxTimeSums(r.isNullAt(0) ? null : r.getString(0), r.getDouble(1), (long) r.getDouble(2),
                (long) r.getDouble(3),
                m[0], m[1], xDead, etaDead, etaMax);
    }
}
