package io.rwe.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The difference of two restricted mean survival times, a group minus the reference, at a common
 * truncation time τ.
 * <pre>
 *   Δ  = RMST₁(τ) − RMST₀(τ)                 (each as R's summary(survfit(...), rmean = τ)$table, {@link KmCurve#rmst})
 *   se = √(se₁² + se₀²)                       (independent groups)
 *   CI = Δ ± z·se,  z = Φ⁻¹(1 − (1 − level)/2)
 *   p  = P(|Z| &gt; |Δ/se|) = P(χ²₁ &gt; (Δ/se)²), with ln p
 * </pre>
 * τ defaults to the smaller of the two groups' largest observed times (event or censoring), where both
 * curves are estimated. With se = 0 (no event before τ in either group) z and p are NaN when Δ = 0.
 *
 * @param tau       τ
 * @param group     the first-named group
 * @param first     its RMST and se
 * @param reference the reference group
 * @param ref       its RMST and se
 * @param estimate  Δ
 * @param se        se of Δ
 * @param lower     lower confidence bound
 * @param upper     upper confidence bound
 * @param pValue    two-sided p of Δ = 0
 */
public record RmstDifference(double tau, String group, Rmst first, String reference, Rmst ref, double estimate,
        double se, double lower, double upper, PValue pValue) {

    /** The difference at τ = the smaller of the two largest observed times, 95% interval. */
    public static RmstDifference of(KmCurve group, KmCurve reference) {
        return of(group, reference, Double.NaN, 0.95);
    }

    /**
     * The difference at {@code tau} (NaN: the smaller of the two largest observed times) with a
     * {@code confLevel} interval.
     */
    public static RmstDifference of(KmCurve group, KmCurve reference, double tau, double confLevel) {
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confLevel);
        }
        double t = Double.isNaN(tau) ? Math.min(group.lastTime(), reference.lastTime()) : tau;
        Rmst a = group.rmst(t);
        Rmst b = reference.rmst(t);
        double d = a.estimate() - b.estimate();
        double se = Math.sqrt(a.se() * a.se() + b.se() * b.se());
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confLevel) / 2);
        double stat = d / se;
        return new RmstDifference(t, group.group(), a, reference.group(), b, d, se, d - z * se, d + z * se,
                PValue.chiSquaredUpper(stat * stat, 1));
    }

    /** The p-value as a double. */
    public double p() {
        return pValue.p();
    }
}
