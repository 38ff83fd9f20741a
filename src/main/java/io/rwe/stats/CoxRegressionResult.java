package io.rwe.stats;

import java.util.List;

/**
 * A fitted {@link CoxRegression}: what {@code summary(coxph(...))} prints for a model with covariates,
 * the iteration details and {@code cox.zph}. NA in R is NaN here.
 *
 * @param ties            the method for tied event times
 * @param coefficients    one per design column, in design order
 * @param variance        R's {@code fit$var} (rows and columns in design order), original scale
 * @param wald            Wald test of all coefficients = 0 over the non-NA ones (R's {@code fit$wald.test})
 * @param likelihoodRatio 2 (ℓ(β̂) − ℓ(0))
 * @param score           U(0)' I(0)⁻ U(0)
 * @param loglikNull      ℓ(0)
 * @param loglik          ℓ(β̂)
 * @param iterations      R's {@code fit$iter} (iterMax + 1 when the iteration ran out)
 * @param converged       false when iterMax was reached without convergence
 * @param n               rows in the model
 * @param events          events
 * @param strata          number of strata (1 when unstratified)
 * @param warnings        R's warnings, in R's words (a coefficient named after R's number)
 * @param phTest          {@code cox.zph(fit)}; null when there are no events or no coefficient
 */
public record CoxRegressionResult(
        CoxModel.Ties ties,
        List<Coefficient> coefficients,
        List<List<Double>> variance,
        ChiSquareStatistic wald,
        ChiSquareStatistic likelihoodRatio,
        ChiSquareStatistic score,
        double loglikNull,
        double loglik,
        int iterations,
        boolean converged,
        long n,
        long events,
        int strata,
        List<String> warnings,
        ProportionalHazardsTest phTest) {

    public CoxRegressionResult {
        coefficients = List.copyOf(coefficients);
        variance = CoxNewtonRaphson.immutableRows(variance);
        warnings = List.copyOf(warnings);
    }

    /**
     * One row of {@code summary(coxph)}'s tables.
     *
     * @param term   the design column: {@code group=<level>}, {@code <variable>}, {@code <variable>=<level>}
     * @param coef   β on the original scale (NaN when NA)
     * @param se     √V_jj
     * @param hr     exp(β)
     * @param lower  exp(β − z·se), z the normal quantile of the confidence level
     * @param upper  exp(β + z·se)
     * @param z      β / se
     * @param pValue two-sided p of z: P(χ²₁ &gt; z²), with ln p
     */
    public record Coefficient(String term, double coef, double se, double hr, double lower, double upper, double z,
            PValue pValue) {

        public double p() {
            return pValue.p();
        }
    }

    /** The coefficient of {@code term}; throws when the design has no such column. */
    public Coefficient coefficient(String term) {
        for (Coefficient c : coefficients) {
            if (c.term().equals(term)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no term '" + term + "' in the model");
    }

    /** V_ij. */
    public double variance(int i, int j) {
        return variance.get(i).get(j);
    }
}
