package io.rwe.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Cox proportional-hazards regression on covariates, optionally stratified, fitted from per-time sums
 * alone: R's {@code coxph(Surv(time, status) ~ group + age + sex + … + strata(s), ties = "efron")} with
 * {@code coxph.control()} defaults, and {@code cox.zph(fit)} of the result.
 *
 * <p>The design ({@link CoxDesign}) says what the columns are; a {@link CoxSumsSource} answers, at each β,
 * the sums per (stratum, distinct time) ({@link CoxTimeSums}); {@link CoxPartialLikelihood} turns them
 * into ℓ, U and I by cumulative sums over time, and {@link CoxNewtonRaphson} iterates exactly as R's
 * {@code coxfit6}: from β = 0, on the centred and scaled columns R uses, with its step-halving,
 * convergence test |1 − ℓ_old/ℓ_new| ≤ eps, iter.max, toler.chol and, afterwards, R's "may be infinite" and
 * "Ran out of iterations" warnings, NA for a column the Cholesky decomposition found redundant (collinear
 * columns, a covariate constant within every stratum), and the rescaling to the original scale
 * (β = β'·scale, V = S V' S, U = U'/scale).
 *
 * <p>Tests as {@code summary(coxph)}: Wald β'V⁻β over the non-NA coefficients (R's {@code coxph.wtest}),
 * likelihood ratio 2(ℓ(β̂) − ℓ(0)), score at β = 0; df = the number of non-NA coefficients. Per
 * coefficient z = β/se, p = P(χ²₁ &gt; z²), CI exp(β ± z se). With no events, R's {@code coxph} returns
 * NA coefficients, zero variance, ℓ = 0 and every test 0 on 0 df; so does this.
 *
 * <p>The PH test is computed from the sums at β̂ that the last iteration already has (one more
 * aggregation only when R's β̂ is not the last β evaluated).
 */
public final class CoxRegression {

    /**
     * Options of the fit; {@link #withDefaults()} are R's.
     *
     * @param ties      EFRON (R's default) or BRESLOW
     * @param iterMax   maximum iterations (R: iter.max = 20)
     * @param eps       convergence tolerance on ℓ (R: 1e-9)
     * @param tolerChol pivot tolerance of the Cholesky decomposition (R: ε^0.75)
     * @param tolerInf  tolerance of the "may be infinite" check (R: √eps)
     * @param confLevel level of the confidence intervals (R: 0.95)
     */
    public record Options(CoxModel.Ties ties, int iterMax, double eps, double tolerChol, double tolerInf,
            double confLevel) {

        public Options {
            CoxModel.Options.validate(ties, iterMax, eps, tolerChol, tolerInf, confLevel);
        }

        public static Options withDefaults() {
            CoxModel.Options d = CoxModel.Options.withDefaults();
            return new Options(d.ties(), d.iterMax(), d.eps(), d.tolerChol(), d.tolerInf(), d.confLevel());
        }

        public Options withTies(CoxModel.Ties t) {
            return new Options(t, iterMax, eps, tolerChol, tolerInf, confLevel);
        }

        public Options withIterMax(int n) {
            return new Options(ties, n, eps, tolerChol, tolerInf, confLevel);
        }

        public Options withConfLevel(double level) {
            return new Options(ties, iterMax, eps, tolerChol, tolerInf, level);
        }
    }

    private final Options options;

    private CoxRegression(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Efron ties and R's control defaults. */
    public static CoxRegression withDefaults() {
        return new CoxRegression(Options.withDefaults());
    }

    public static CoxRegression of(Options options) {
        return new CoxRegression(options);
    }

    /** A copy with the given ties method. */
    public CoxRegression with(CoxModel.Ties ties) {
        return new CoxRegression(options.withTies(ties));
    }

    public Options options() {
        return options;
    }

    /**
     * Fits the model whose columns {@code design} describes to the sums {@code source} gives.
     *
     * @throws IllegalArgumentException the design has no column, or the sums do not have its columns
     */
    public CoxRegressionResult fit(CoxDesign design, CoxSumsSource source) {
        List<CoxDesign.Column> columns = design.columns();
        int p = columns.size();
        if (p == 0) {
            throw new IllegalArgumentException("a Cox regression needs at least one column; the design has none");
        }
        boolean efron = options.ties() == CoxModel.Ties.EFRON;
        Cache cache = new Cache(source, p);
        CoxNewtonRaphson.Evaluator f = beta -> CoxPartialLikelihood.evaluate(cache.at(beta), p, efron, null);
        List<CoxTimeSums> atZero = cache.at(new double[p]);
        long n = 0;
        long events = 0;
        Set<String> strata = new HashSet<>();
        for (CoxTimeSums s : atZero) {
            n += s.rows();
            events += s.events();
            strata.add(s.stratum());
        }
        Counts counts = new Counts(n, events, strata.size());
        if (events == 0) {
            double[] na = new double[p];
            Arrays.fill(na, Double.NaN);
            return result(columns, na, new double[p][p], 0, 0, 0, 0, true, List.of(), 0.0, counts, null);
        }
        CoxNewtonRaphson.Outcome scaled = CoxNewtonRaphson.fit(p, f, options.iterMax(), options.eps(),
                options.tolerChol());
        CoxNewtonRaphson.Outcome o = toOriginalScale(scaled, columns);
        double maxLp = o.atBeta() == null ? Double.NaN : o.atBeta().etaMax;
        List<String> warnings = CoxNewtonRaphson.warnings(o, options.iterMax(), options.eps(), options.tolerInf(),
                maxLp, j -> (j + 1) + " (" + columns.get(j).term() + ")");
        double[] beta = CoxNewtonRaphson.reported(o, options.iterMax());
        ProportionalHazardsTest ph = null;
        if (Arrays.stream(beta).anyMatch(b -> !Double.isNaN(b))) {
            ph = ProportionalHazardsTest.km(design, beta, cache.at(scaled.beta()), efron);
        }
        return result(columns, beta, o.var(), o.loglik0(), o.loglik1(), o.sctest(), o.iterations(), !o.ranOut(),
                warnings, CoxModel.waldTest(beta, o.var(), options.tolerChol()), counts, ph);
    }

    private record Counts(long n, long events, int strata) {
    }

    /** The sums of the last β asked for, so that the PH test at β̂ needs no second aggregation. */
    private static final class Cache {
        private final CoxSumsSource source;
        private final int p;
        private double[] beta;
        private List<CoxTimeSums> sums;

        Cache(CoxSumsSource source, int p) {
            this.source = source;
            this.p = p;
        }

        List<CoxTimeSums> at(double[] b) {
            if (beta == null || !Arrays.equals(beta, b)) {
                List<CoxTimeSums> s = source.at(b.clone());
                for (CoxTimeSums t : s) {
                    if (t.columns() != p) {
                        throw new IllegalArgumentException("sums of " + t.columns() + " columns for a design of " + p);
                    }
                }
                sums = CoxPartialLikelihood.walkOrder(s);
                beta = b.clone();
            }
            return sums;
        }
    }

    /** R's rescaling after coxfit6: β = β'·scale, U = U'/scale, V_ij = V'_ij·scale_i·scale_j. */
    private static CoxNewtonRaphson.Outcome toOriginalScale(CoxNewtonRaphson.Outcome o, List<CoxDesign.Column> cols) {
        int p = cols.size();
        double[] beta = new double[p];
        double[] u = new double[p];
        double[][] var = new double[p][p];
        for (int i = 0; i < p; i++) {
            double si = cols.get(i).scale();
            beta[i] = o.beta()[i] * si;
            u[i] = o.u()[i] / si;
            for (int j = 0; j < p; j++) {
                var[i][j] = o.var()[i][j] * si * cols.get(j).scale();
            }
        }
        return new CoxNewtonRaphson.Outcome(beta, var, u, o.loglik0(), o.loglik1(), o.sctest(), o.iterations(),
                o.flag(), o.ranOut(), o.atBeta());
    }

    private CoxRegressionResult result(List<CoxDesign.Column> columns, double[] beta, double[][] var, double loglik0,
            double loglik1, double sctest, int iterations, boolean converged, List<String> warnings, double wald,
            Counts counts, ProportionalHazardsTest ph) {
        int p = columns.size();
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability((1 + options.confLevel()) / 2);
        List<CoxRegressionResult.Coefficient> coefs = new ArrayList<>(p);
        int df = 0;
        for (int j = 0; j < p; j++) {
            double c = beta[j];
            double se = Math.sqrt(var[j][j]);
            double zj = c / se;
            coefs.add(new CoxRegressionResult.Coefficient(columns.get(j).term(), c, se, Math.exp(c),
                    Math.exp(c - z * se), Math.exp(c + z * se), zj, ChiSquareStatistic.of(zj * zj, 1).pValue()));
            if (!Double.isNaN(c)) {
                df++;
            }
        }
        return new CoxRegressionResult(options.ties(), coefs, CoxNewtonRaphson.rows(var),
                ChiSquareStatistic.of(wald, df), ChiSquareStatistic.of(2 * (loglik1 - loglik0), df),
                ChiSquareStatistic.of(sctest, df), loglik0, loglik1, iterations, converged, counts.n(), counts.events(),
                counts.strata(), warnings, ph);
    }
}
