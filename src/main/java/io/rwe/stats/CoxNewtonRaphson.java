package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The Newton–Raphson iteration of R's {@code coxfit6} (survival 3.5), shared by every Cox fit of the
 * project: {@link CoxModel} (one categorical group, from risk-set counts) and {@link CoxRegression}
 * (covariates, from per-time sums). The likelihood is whatever the {@link Evaluator} returns; this class
 * only iterates.
 *
 * <ol>
 * <li>β = 0 (R's default {@code init}): ℓ(0), U(0), I(0); the score test U(0)' I(0)⁻ U(0).</li>
 * <li>Step β_new = β + I⁻U, solved with R's generalized Cholesky ({@code cholesky2}, pivot tolerance
 * {@code tolerChol}); a zeroed pivot leaves its coefficient where it is.</li>
 * <li>Converged when nothing is infinite and |1 − ℓ_best/ℓ_new| ≤ eps: β̂ = β_new, V = I(β̂)⁻
 * ({@code chinv2}); flag −2 when the last step was shortened.</li>
 * <li>When ℓ_new &lt; ℓ_best or anything is not finite: β_new = (β_new + h β)/(h + 1), h = 1, 2, … the
 * number of consecutive failures; otherwise the step is accepted and the next one taken.</li>
 * <li>After iterMax iterations: R re-evaluates at the last accepted β (when iterMax &gt; 1) and applies
 * {@code chinv2} to an information matrix it did not factor, which leaves 1/I_jj on the diagonal and 0
 * elsewhere; iterations = iterMax + 1, flag 1000. With iterMax = 1 R keeps the inverse of the last factored
 * matrix and, as score, whatever the last iteration left in it.</li>
 * </ol>
 */
final class CoxNewtonRaphson {

    private CoxNewtonRaphson() {
    }

    /** Log partial likelihood, score and information at one β (and the largest linear predictor, if known). */
    static final class Evaluation {
        double loglik;
        final double[] u;
        final double[][] imat;
        /** Largest linear predictor of any row at this β (NaN when the evaluator does not know it). */
        double etaMax = Double.NaN;

        Evaluation(int p) {
            u = new double[p];
            imat = new double[p][p];
        }

        boolean finite() {
            if (!Double.isFinite(loglik)) {
                return false;
            }
            for (int i = 0; i < u.length; i++) {
                if (!Double.isFinite(u[i])) {
                    return false;
                }
                for (int j = 0; j < u.length; j++) {
                    if (!Double.isFinite(imat[i][j])) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** ℓ, U and I at a β, into a fresh {@link Evaluation}. */
    @FunctionalInterface
    interface Evaluator {
        Evaluation at(double[] beta);
    }

    /**
     * What the iteration ends with, before R's checks.
     *
     * @param beta       the returned coefficients (R's {@code coef})
     * @param var        the variance (R's {@code imat} after {@code chinv2})
     * @param u          the score R returns (see the class comment for iterMax ≤ 1)
     * @param loglik0    ℓ(0)
     * @param loglik1    ℓ at the end
     * @param sctest     score test at β = 0
     * @param iterations R's {@code iter}
     * @param flag       rank of the last Cholesky factorization, −2 (converged after halving) or 1000 (ran out)
     * @param ranOut     iterMax reached without convergence
     * @param atBeta     the evaluation at {@code beta} when one was made there, else null
     */
    record Outcome(double[] beta, double[][] var, double[] u, double loglik0, double loglik1, double sctest,
            int iterations, int flag, boolean ranOut, Evaluation atBeta) {
    }

    /** Iterates from β = 0 on {@code p} coefficients. */
    static Outcome fit(int p, Evaluator f, int iterMax, double eps, double tolerChol) {
        double[] beta = new double[p];
        Evaluation ev0 = f.at(beta);
        double loglik0 = ev0.loglik;
        double[][] chol = copy(ev0.imat);
        int flag = GeneralizedCholesky.factor(chol, tolerChol);
        double[] a = ev0.u.clone();
        GeneralizedCholesky.solve(chol, a);
        double sctest = 0;
        for (int i = 0; i < p; i++) {
            sctest += ev0.u[i] * a[i];
        }
        if (iterMax == 0 || !Double.isFinite(loglik0)) {
            double[][] var = GeneralizedCholesky.invert(chol);
            return new Outcome(beta, var, ev0.u, loglik0, loglik0, sctest, 0, flag, false, ev0);
        }
        double best = loglik0;
        double[] newbeta = new double[p];
        for (int i = 0; i < p; i++) {
            newbeta[i] = beta[i] + a[i];
        }
        int halving = 0;
        double[][] lastFactor = null;
        double[] lastU = null;
        Evaluation atBeta = ev0;
        for (int iter = 1; iter <= iterMax; iter++) {
            Evaluation ev = f.at(newbeta);
            double[][] factor = copy(ev.imat);
            flag = GeneralizedCholesky.factor(factor, tolerChol);
            lastFactor = factor;
            lastU = ev.u;
            boolean finite = ev.finite();
            double newlk = ev.loglik;
            if (finite && Math.abs(1 - (best / newlk)) <= eps) {
                double[][] var = GeneralizedCholesky.invert(factor);
                return new Outcome(newbeta, var, ev.u, loglik0, newlk, sctest, iter, halving > 0 ? -2 : flag,
                        false, ev);
            }
            if (!finite || newlk < best) {
                halving++;
                for (int i = 0; i < p; i++) {
                    newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1.0);
                }
            } else {
                halving = 0;
                best = newlk;
                atBeta = ev;
                double[] step = ev.u.clone();
                GeneralizedCholesky.solve(factor, step);
                lastU = step;
                for (int i = 0; i < p; i++) {
                    beta[i] = newbeta[i];
                    newbeta[i] = newbeta[i] + step[i];
                }
            }
        }
        double loglik1 = best;
        double[] u;
        double[][] var;
        if (iterMax == 1) {
            var = GeneralizedCholesky.invert(lastFactor);
            u = lastU;
        } else {
            var = new double[p][p];
            Evaluation last = f.at(beta);
            atBeta = last;
            loglik1 = last.loglik;
            u = last.u;
            for (int i = 0; i < p; i++) {
                double d = last.imat[i][i];
                var[i][i] = d > 0 ? 1 / d : d == 0 ? 0 : d;
            }
        }
        return new Outcome(beta, var, u, loglik0, loglik1, sctest, iterMax + 1, 1000, true, atBeta);
    }

    /**
     * R's warnings after the fit ({@code coxph.fit}), in R's words, none when iterMax ≤ 1. Ran out:
     * "Ran out of iterations and did not converge", plus "one or more coefficients may be infinite" when
     * the largest linear predictor exceeds 500 or |U'V| is not finite. Converged: coefficient j "may be
     * infinite" when U_j is not finite or |(U'V)_j| &gt; eps and &gt; tolerInf·|β_j|; {@code name} gives
     * the text that follows R's variable number j + 1 in the message.
     */
    static List<String> warnings(Outcome o, int iterMax, double eps, double tolerInf, double maxLp,
            IntFunction<String> name) {
        List<String> warnings = new ArrayList<>();
        if (iterMax <= 1) {
            return warnings;
        }
        int p = o.beta().length;
        double[] infs = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < p; i++) {
                s += o.u()[i] * o.var()[i][j];
            }
            infs[j] = Math.abs(s);
        }
        if (o.ranOut()) {
            warnings.add("Ran out of iterations and did not converge");
            boolean nonFinite = false;
            for (double v : infs) {
                nonFinite |= !Double.isFinite(v);
            }
            if (maxLp > 500 || nonFinite) {
                warnings.add("one or more coefficients may be infinite");
            }
        } else {
            List<String> which = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(o.u()[j])
                        || (infs[j] > eps && infs[j] > tolerInf * Math.abs(o.beta()[j]))) {
                    which.add(name.apply(j));
                }
            }
            if (!which.isEmpty()) {
                warnings.add("Loglik converged before variable " + String.join(", ", which)
                        + "; coefficient may be infinite.");
            }
        }
        return warnings;
    }

    /**
     * R's coefficients as reported: a coefficient whose variance is 0 after a rank-deficient fit (flag
     * &lt; p) is NA (NaN), unless iterMax = 0.
     */
    static double[] reported(Outcome o, int iterMax) {
        double[] beta = o.beta().clone();
        if (o.flag() < beta.length && iterMax > 0) {
            for (int j = 0; j < beta.length; j++) {
                if (o.var()[j][j] == 0) {
                    beta[j] = Double.NaN;
                }
            }
        }
        return beta;
    }

    /** A matrix as unmodifiable rows (a result's variance). */
    static List<List<Double>> rows(double[][] m) {
        List<List<Double>> out = new ArrayList<>(m.length);
        for (double[] row : m) {
            out.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return List.copyOf(out);
    }

    /** An unmodifiable copy of a matrix given as rows. */
    static List<List<Double>> immutableRows(List<List<Double>> m) {
        List<List<Double>> out = new ArrayList<>(m.size());
        for (List<Double> row : m) {
            out.add(List.copyOf(row));
        }
        return List.copyOf(out);
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
