package io.rwe.stats;

/**
 * A proportion x/n with its confidence interval.
 *
 * @param x         number of successes (e.g. responders)
 * @param n         number of trials
 * @param estimate  x/n (NaN when n = 0)
 * @param lower     lower confidence bound
 * @param upper     upper confidence bound
 * @param confLevel the confidence level
 */
public record ProportionInterval(long x, long n, double estimate, double lower, double upper, double confLevel) {
}
