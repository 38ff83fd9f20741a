package io.rwe.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-group hazard ratios read off an unweighted (ρ = 0), possibly stratified, log-rank test, for a
 * {@code group} relative to a {@code reference} (HR &lt; 1: the group's hazard is lower). With O, E the
 * group's observed and expected events and V its variance (the diagonal element of the log-rank
 * variance; both groups have the same V):
 * <ul>
 *   <li>{@link #logRank}: ln HR = (O − E)/V, CI exp(ln HR ± z/√V) — the one-step estimate from the
 *       score test (Peto's method). Not an R function output; it is what {@code survdiff}'s numbers give.
 *   <li>{@link #observedExpectedRatio}: (O_g/E_g)/(O_r/E_r), no CI.
 * </ul>
 * Both need exactly two groups in the test. V = 0 (no informative event) gives NaN.
 */
public final class HazardRatio {

    private HazardRatio() {
    }

    /** The log-rank estimate exp((O − E)/V) of {@code group} versus {@code reference}, with its CI. */
    public static HazardRatioEstimate logRank(LogRankResult test, String group, String reference,
            double confLevel) {
        checkTwoGroups(test, group, reference);
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confLevel);
        }
        int g = test.indexOf(group);
        double v = test.variance()[g][g];
        double lnHr = v > 0 ? (test.observed()[g] - test.expected()[g]) / v : Double.NaN;
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confLevel) / 2);
        double half = v > 0 ? z / Math.sqrt(v) : Double.NaN;
        return new HazardRatioEstimate("logrank", group, reference, Math.exp(lnHr), Math.exp(lnHr - half),
                Math.exp(lnHr + half), confLevel);
    }

    /** The ratio (O_g/E_g)/(O_r/E_r) of {@code group} versus {@code reference}; bounds NaN. */
    public static HazardRatioEstimate observedExpectedRatio(LogRankResult test, String group, String reference) {
        checkTwoGroups(test, group, reference);
        double ratio = (test.observed(group) / test.expected(group))
                / (test.observed(reference) / test.expected(reference));
        return new HazardRatioEstimate("o/e", group, reference, ratio, Double.NaN, Double.NaN, Double.NaN);
    }

    private static void checkTwoGroups(LogRankResult test, String group, String reference) {
        if (test.groups().size() != 2) {
            throw new IllegalArgumentException("a hazard ratio needs exactly two groups, got " + test.groups());
        }
        if (test.rho() != 0) {
            throw new IllegalArgumentException("the log-rank hazard ratio needs the unweighted test (rho = 0), got rho "
                    + test.rho());
        }
        if (group.equals(reference)) {
            throw new IllegalArgumentException("group and reference are the same: " + group);
        }
        test.indexOf(group);
        test.indexOf(reference);
    }
}
