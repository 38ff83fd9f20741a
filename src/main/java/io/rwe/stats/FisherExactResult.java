package io.rwe.stats;

/**
 * Outcome of Fisher's exact test.
 *
 * @param p        two-sided p-value
 * @param tables   number of tables with the observed margins that were summed over
 */
public record FisherExactResult(double p, long tables) {
}
