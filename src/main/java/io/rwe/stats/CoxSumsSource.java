package io.rwe.stats;

import java.util.List;

/**
 * Where a Cox fit gets its data: the per-(stratum, time) sums at a β, one call per Newton–Raphson
 * iteration. In production one Spark aggregation answers each call (io.rwe.riskset.CoxSums); the fit never
 * sees a row.
 */
@FunctionalInterface
public interface CoxSumsSource {

    /**
     * The sums of every (stratum, distinct time) at coefficients {@code beta} (one per design column, on
     * the design's encoded scale), in any order.
     */
    List<CoxTimeSums> at(double[] beta);
}
