package io.rwe.stats;

/**
 * A quantile of the survival time (the time by which a fraction {@code probability} has had the event)
 * with its confidence interval, as R's {@code quantile(survfit(...), probs)}. Values that R reports as
 * {@code NA} (quantile or bound not reached) are NaN.
 *
 * @param probability the probability p (0.5 for the median)
 * @param time        the p-quantile: the first time with S(t) ≤ 1 − p; the midpoint of that time and
 *                    the next event time when S(t) equals 1 − p exactly over an interval
 * @param lower       the same read off the lower confidence curve
 * @param upper       the same read off the upper confidence curve
 */
public record SurvivalQuantile(double probability, double time, double lower, double upper) {

    /** Whether the quantile itself was reached within follow-up. */
    public boolean reached() {
        return !Double.isNaN(time);
    }
}
