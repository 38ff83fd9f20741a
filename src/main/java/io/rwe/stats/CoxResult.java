package io.rwe.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted {@link CoxModel}: what {@code summary(coxph(...))} of R's {@code survival} prints for one
 * categorical covariate, plus the iteration details. Numbers that R gives as {@code NA} (the
 * coefficient of a group that is singular, for instance a group with nobody at risk at any event
 * time) are {@code NaN} here.
 *
 * @param ties            the method for tied event times
 * @param reference       the reference group (hazard ratio 1)
 * @param coefficients    one per non-reference group, in coefficient order (the remaining groups in
 *                        string order)
 * @param variance        the variance matrix of the coefficients, R's {@code fit$var} (row-major,
 *                        rows in coefficient order)
 * @param wald            Wald test of all coefficients = 0: β' V⁻¹ β (R's {@code fit$wald.test},
 *                        unrounded; {@code summary} prints it rounded to 2 decimals)
 * @param likelihoodRatio likelihood-ratio test: 2 (ℓ(β̂) − ℓ(0))
 * @param score           score (log-rank) test at β = 0: U(0)' I(0)⁻¹ U(0)
 * @param loglikNull      log partial likelihood at β = 0 (R's {@code fit$loglik[1]})
 * @param loglik          log partial likelihood at the fit (R's {@code fit$loglik[2]})
 * @param iterations      Newton–Raphson iterations (R's {@code fit$iter}; {@code iterMax + 1} when
 *                        the iteration ran out, as R reports it)
 * @param converged       false when the iteration limit was reached without convergence
 * @param n               subjects
 * @param events          events
 * @param strata          number of strata (1 when unstratified)
 * @param warnings        R's warnings for the fit, in R's words (empty when none)
 */
public record CoxResult(
        CoxModel.Ties ties,
        String reference,
        List<Coefficient> coefficients,
        List<List<Double>> variance,
        GlobalTest wald,
        GlobalTest likelihoodRatio,
        GlobalTest score,
        double loglikNull,
        double loglik,
        int iterations,
        boolean converged,
        long n,
        long events,
        int strata,
        List<String> warnings) {

    public CoxResult {
        coefficients = List.copyOf(coefficients);
        variance = CoxNewtonRaphson.immutableRows(variance);
        warnings = List.copyOf(warnings);
    }

    /**
     * The coefficient of one non-reference group against the reference, as a row of
     * {@code summary(coxph)}'s two tables.
     *
     * @param group the group
     * @param coef  β, the log hazard ratio against the reference ({@code NaN} when R gives NA)
     * @param se    √V_jj
     * @param hr    exp(β)
     * @param lower exp(β − z·se), z the normal quantile of the confidence level (0 and ∞ are
     *              possible, as in R, for a coefficient that may be infinite)
     * @param upper exp(β + z·se)
     * @param z     β / se
     * @param p     two-sided p of z: P(χ²₁ > z²)
     */
    public record Coefficient(String group, double coef, double se, double hr, double lower, double upper,
            double z, double p) {
    }

    /**
     * A χ² test of all coefficients = 0.
     *
     * @param chisq the statistic
     * @param df    degrees of freedom: the number of coefficients that are not NA
     * @param p     P(χ²_df > chisq); with df = 0, 1 when chisq = 0 (as R's {@code pchisq})
     */
    public record GlobalTest(double chisq, int df, double p) {
    }

    /** The coefficient of {@code group}; throws when it is the reference or not a group of the fit. */
    public Coefficient coefficient(String group) {
        for (Coefficient c : coefficients) {
            if (c.group().equals(group)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no coefficient for group '" + group + "' (reference '" + reference
                + "')");
    }

    /** The first-named non-reference group's coefficient: the one comparison of a two-group model. */
    public Coefficient first() {
        return coefficients.get(0);
    }

    /** Hazard ratio of the first non-reference group against the reference. */
    public double hr() {
        return first().hr();
    }

    /** Confidence interval {lower, upper} of {@link #hr()}. */
    public double[] ci() {
        return new double[] {first().lower(), first().upper()};
    }

    /** p of the Wald test (for two groups equal to the coefficient's z test). */
    public double pWald() {
        return wald.p();
    }

    /** p of the likelihood-ratio test. */
    public double pLr() {
        return likelihoodRatio.p();
    }

    /** p of the score (log-rank) test. */
    public double pScore() {
        return score.p();
    }

    /** Variance V_ij of coefficients i and j (coefficient order). */
    public double variance(int i, int j) {
        return variance.get(i).get(j);
    }

    /**
     * The {@code "cox"} object of docs/cli.md and docs/study.md: {@code {"ties", "reference", "hr", "ci": [lo, hi],
     * "p_wald", "p_lr", "p_score"}}, the HR being the first-named non-reference group's. Non-finite
     * numbers are left to the JSON writer (which writes {@code null}).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ties", ties.rName());
        m.put("reference", reference);
        m.put("hr", hr());
        m.put("ci", List.of(first().lower(), first().upper()));
        m.put("p_wald", pWald());
        m.put("p_lr", pLr());
        m.put("p_score", pScore());
        return m;
    }
}
