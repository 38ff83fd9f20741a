package io.rwe.stats;

/**
 * A hazard ratio of {@code group} relative to {@code reference} with its confidence interval.
 *
 * @param method    how it was estimated ({@code "logrank"} or {@code "o/e"})
 * @param group     the compared group (numerator)
 * @param reference the reference group (denominator)
 * @param estimate  the hazard ratio
 * @param lower     lower confidence bound (NaN when there is none)
 * @param upper     upper confidence bound (NaN when there is none)
 * @param confLevel the confidence level
 */
public record HazardRatioEstimate(String method, String group, String reference, double estimate, double lower,
        double upper, double confLevel) {
}
