package io.rwe.stats;

import java.util.List;

/**
 * The outcome of a (possibly stratified, weighted) log-rank test, with the numbers of R's
 * {@code survdiff}: per group the (weighted) observed and expected events summed over strata, the
 * variance matrix of O − E, the χ² statistic, its degrees of freedom and p-value.
 *
 * @param rho        the Fleming–Harrington ρ (0: log-rank, 1: Peto–Peto)
 * @param groups     group labels, in the order of first appearance in the input
 * @param strata     stratum labels in order of first appearance (empty for the unstratified test)
 * @param observed   per group Σ w(t)·d_g(t)  (ρ = 0: the event count)
 * @param expected   per group Σ w(t)·d(t)·n_g(t)/n(t)
 * @param variance   Σ w(t)²·d(t)(n(t) − d(t))/(n(t)(n(t) − 1))·n_g(t)(δ_gh − n_h(t)/n(t))
 * @param chiSquare  (O − E)ᵀ V⁻¹ (O − E) over the groups with E &gt; 0, first of them dropped
 * @param df         number of groups with E &gt; 0, minus one
 * @param pValue     upper χ² tail with {@code df} degrees of freedom (with ln p)
 */
public record LogRankResult(double rho, List<String> groups, List<String> strata, double[] observed,
        double[] expected, double[][] variance, double chiSquare, int df, PValue pValue) {

    public LogRankResult {
        groups = List.copyOf(groups);
        strata = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(strata));
        observed = observed.clone();
        expected = expected.clone();
        variance = deepCopy(variance);
    }

    @Override
    public double[] observed() {
        return observed.clone();
    }

    @Override
    public double[] expected() {
        return expected.clone();
    }

    @Override
    public double[][] variance() {
        return deepCopy(variance);
    }

    /** Index of a group label; throws when absent. */
    public int indexOf(String group) {
        int i = groups.indexOf(group);
        if (i < 0) {
            throw new IllegalArgumentException("no group '" + group + "' in " + groups);
        }
        return i;
    }

    /** Observed (weighted) events of a group. */
    public double observed(String group) {
        return observed[indexOf(group)];
    }

    /** Expected (weighted) events of a group. */
    public double expected(String group) {
        return expected[indexOf(group)];
    }

    /** The p-value as a double (see {@link PValue#underflow()}). */
    public double p() {
        return pValue.p();
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
