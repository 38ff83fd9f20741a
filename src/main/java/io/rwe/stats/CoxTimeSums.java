package io.rwe.stats;

import java.util.Objects;

/**
 * What one distinct time of one stratum contributes to a Cox model with covariates, at one β: sums over
 * the rows whose time equals {@code time}, never the rows themselves. With x a row's covariate vector
 * (the design's encoded columns), η = x'β its linear predictor and w = exp(η) its risk:
 * <ul>
 * <li>{@code all}: Σw, Σw·x, Σw·xx' over every row at this time (events and censorings);</li>
 * <li>{@code dead}: the same over the rows with an event at this time (what Efron's ties need);</li>
 * <li>{@code xDead} = Σx and {@code etaDead} = Ση over the events (the numerator of the partial
 * likelihood and of the score);</li>
 * <li>{@code rows} and {@code events}: the counts (n, events, and the pooled Kaplan–Meier of
 * {@code cox.zph}'s km transform), and {@code etaMax}, the largest η at this time (R's check of
 * max(lp) &gt; 500 when the iteration runs out).</li>
 * </ul>
 * The risk set of time t (rows with time ≥ t, R's convention) is the cumulative sum of {@code all} over
 * the stratum's times ≥ t, formed on the driver ({@link CoxPartialLikelihood}). The size is O(p²) per
 * time, whatever the number of rows.
 *
 * @param stratum the stratum's label, or {@code null} when the model is not stratified
 * @param time    the distinct time
 * @param rows    rows at this time
 * @param events  events at this time
 * @param all     moments over all rows at this time
 * @param dead    moments over the events at this time
 * @param xDead   Σx over the events (length p)
 * @param etaDead Ση over the events
 * @param etaMax  max η over the rows at this time
 */
public record CoxTimeSums(String stratum, double time, long rows, long events, Moments all, Moments dead,
        double[] xDead, double etaDead, double etaMax) {

    public CoxTimeSums {
        Objects.requireNonNull(all, "all");
        Objects.requireNonNull(dead, "dead");
        if (rows < events || events < 0) {
            throw new IllegalArgumentException("inconsistent counts at time " + time + ": rows " + rows + ", events "
                    + events);
        }
        int p = xDead.length;
        if (all.wx().length != p || dead.wx().length != p) {
            throw new IllegalArgumentException("sums of different numbers of columns at time " + time);
        }
    }

    /** Number of covariate columns. */
    public int columns() {
        return xDead.length;
    }

    /**
     * Weighted moments of a set of rows: Σw, Σw·x and Σw·xx', the last packed as a lower triangle
     * ({@link #index}).
     *
     * @param weight Σw
     * @param wx     Σw·x_i, i = 0…p−1
     * @param wxx    Σw·x_i·x_j for j ≤ i, at {@code index(i, j)}; length p(p+1)/2
     */
    public record Moments(double weight, double[] wx, double[] wxx) {
        public Moments {
            int p = wx.length;
            if (wxx.length != p * (p + 1) / 2) {
                throw new IllegalArgumentException("Σw·xx' of " + p + " columns needs " + p * (p + 1) / 2
                        + " entries, got " + wxx.length);
            }
        }
    }

    /** Position of (i, j), j ≤ i, in a packed lower triangle: i(i+1)/2 + j. */
    public static int index(int i, int j) {
        return i >= j ? i * (i + 1) / 2 + j : j * (j + 1) / 2 + i;
    }
}
