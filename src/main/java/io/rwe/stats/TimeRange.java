package io.rwe.stats;

/**
 * The smallest and largest observed time (event or censoring) of a risk set.
 *
 * @param min smallest observed time
 * @param max largest observed time
 */
public record TimeRange(double min, double max) {
}
