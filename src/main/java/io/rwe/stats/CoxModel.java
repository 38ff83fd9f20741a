package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Cox proportional-hazards model for one categorical covariate (the group), optionally stratified,
 * fitted from risk sets alone: R's {@code coxph(Surv(time, status) ~ factor(group) + strata(stratum))}
 * with its defaults ({@code coxph.control()}: iter.max 20, eps 1e-9, toler.chol ε^0.75, toler.inf
 * √eps).
 *
 * <h2>Model</h2>
 * Groups g = 0…k−1 (k ≥ 2), group 0 the reference; dummy coding gives one coefficient β_g per
 * non-reference group and β_0 = 0, so a subject of group g has relative risk r_g = exp(β_g). Each
 * stratum has its own baseline hazard; the log partial likelihood is the sum over strata.
 *
 * <h2>Partial likelihood from risk-set counts</h2>
 * Because the covariate is constant within a group, the subjects of one group at one time are
 * exchangeable, and every sum over the risk set becomes a sum over groups. At an event time t of a
 * stratum, let n_g be the number at risk in group g (those with the event or censored at t included)
 * and d_g its events, D = Σ d_g. Write b_g = (n_g − d_g) r_g (the risk of those who do not fail at t)
 * and e_g = d_g r_g (of those who do), B = Σ b_g, E = Σ e_g.
 * <ul>
 * <li><b>Breslow</b> (and any time with D = 1): S = B + E = Σ n_g r_g;
 * ℓ_t = Σ_g d_g β_g − D log S; U_i += d_i − D n_i r_i / S;
 * I_ii += D n_i r_i (S − n_i r_i) / S²; I_ij −= D n_i r_i n_j r_j / S² (i ≠ j).</li>
 * <li><b>Efron</b> (D &gt; 1): the D tied events enter the denominator with weights c_m = (D − m)/D,
 * m = 0…D−1, so S_m = B + c_m E and the group's share A_im = b_i + c_m e_i:
 * ℓ_t = Σ_g d_g β_g − Σ_m log S_m; U_i += d_i − Σ_m A_im / S_m;
 * I_ii += Σ_m A_im (S_m − A_im) / S_m²; I_ij −= Σ_m A_im A_jm / S_m².</li>
 * </ul>
 * With the five sums s0 = Σ 1/S_m, s1 = Σ c_m/S_m, q0 = Σ 1/S_m², q1 = Σ c_m/S_m², q2 = Σ c_m²/S_m²
 * these are U_i += d_i − (b_i s0 + e_i s1) and A_im A_jm / S_m² summed = b_i b_j q0 + (b_i e_j +
 * e_i b_j) q1 + e_i e_j q2, so a time costs O(D + k²) and an iteration O(events + times·k²). The
 * term S_m − A_im is computed as the sum over the other groups, (B − b_i) + c_m (E − e_i) with the
 * differences formed as sums, so the information never loses digits to cancellation.
 * These are exactly the terms R's {@code coxfit6} accumulates subject by subject (its covariate
 * columns are 0/1, which R neither centres nor scales: {@code nocenter = c(-1, 0, 1)}).
 *
 * <h2>Newton–Raphson (as {@code coxfit6})</h2>
 * Start at β = 0; the score test is U(0)' I(0)⁻¹ U(0). Step β_new = β + I⁻¹U, solving with R's
 * generalized Cholesky ({@code cholesky2}: a pivot below toler.chol × the largest diagonal is set to
 * 0 and its coefficient does not move). Converged when |1 − ℓ_best / ℓ_new| ≤ eps; when ℓ decreases
 * (or is not finite) the step is shortened, β_new = (β_new + h β)/(h + 1) with h = 1, 2, … the number
 * of consecutive failures. After iter.max iterations without convergence R returns the last accepted
 * β, ℓ and U re-evaluated there, and as variance the inverse of the information's diagonal only (R's
 * {@code chinv2} is then applied to a matrix that was not factored); this is reproduced. The variance
 * is I(β̂)⁻¹ ({@code chinv2}); a coefficient whose pivot was set to 0 is NA (NaN here).
 *
 * <h2>Tests and warnings</h2>
 * Wald: β' V⁻¹ β (over non-NA coefficients); likelihood ratio: 2(ℓ(β̂) − ℓ(0)); score: as above;
 * each on df = number of non-NA coefficients, p = P(χ²_df &gt; x) from the regularized incomplete
 * gamma function (accurate in the far tail). CI: exp(β ± z se). As R: after convergence, coefficient j
 * "may be infinite" when |(U' V)_j| &gt; eps and &gt; toler.inf·|β_j| (a group without events, or the
 * only group with events); without convergence "Ran out of iterations and did not converge". With no
 * events at all, R returns NA coefficients, ℓ = 0 and all tests 0 on 0 df; so does this.
 */
public final class CoxModel {

    /** Handling of tied event times. */
    public enum Ties {
        /** Efron's approximation (R's default). */
        EFRON,
        /** Breslow's approximation. */
        BRESLOW;

        /** The name as R's {@code ties=} argument spells it: {@code "efron"}, {@code "breslow"}. */
        public String rName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Options of the fit; {@link #withDefaults()} are R's defaults.
     *
     * @param ties       EFRON (default) or BRESLOW
     * @param reference  the reference group; {@code null} = the first group in string order
     * @param iterMax    maximum Newton–Raphson iterations (R: iter.max = 20)
     * @param eps        convergence: relative change of the log partial likelihood (R: 1e-9)
     * @param tolerChol  pivot tolerance of the Cholesky decomposition (R: ε^0.75)
     * @param tolerInf   relative tolerance of the "may be infinite" warning (R: √eps)
     * @param confLevel  level of the confidence intervals (R: 0.95)
     */
    public record Options(Ties ties, String reference, int iterMax, double eps, double tolerChol, double tolerInf,
            double confLevel) {

        public Options {
            validate(ties, iterMax, eps, tolerChol, tolerInf, confLevel);
        }

        /** The checks of every Cox fit's options (also {@link CoxRegression.Options}). */
        static void validate(Ties ties, int iterMax, double eps, double tolerChol, double tolerInf,
                double confLevel) {
            Objects.requireNonNull(ties, "ties");
            if (iterMax < 0) {
                throw new IllegalArgumentException("iterMax must be >= 0, got " + iterMax);
            }
            if (!(eps > 0) || !(tolerChol > 0) || !(tolerInf > 0)) {
                throw new IllegalArgumentException("eps, tolerChol and tolerInf must be > 0");
            }
            if (!(confLevel > 0 && confLevel < 1)) {
                throw new IllegalArgumentException("confLevel must be in (0, 1), got " + confLevel);
            }
        }

        /** R's {@code coxph.control()} defaults, Efron ties, reference = first group, 95% CI. */
        public static Options withDefaults() {
            return new Options(Ties.EFRON, null, 20, 1e-9, Math.pow(Math.ulp(1.0), 0.75), Math.sqrt(1e-9), 0.95);
        }

        public Options withTies(Ties t) {
            return new Options(t, reference, iterMax, eps, tolerChol, tolerInf, confLevel);
        }

        public Options withReference(String group) {
            return new Options(ties, group, iterMax, eps, tolerChol, tolerInf, confLevel);
        }

        public Options withIterMax(int n) {
            return new Options(ties, reference, n, eps, tolerChol, tolerInf, confLevel);
        }

        public Options withConfLevel(double level) {
            return new Options(ties, reference, iterMax, eps, tolerChol, tolerInf, level);
        }
    }

    private final Options options;

    private CoxModel(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Efron ties, reference = first group in string order, R's control defaults. */
    public static CoxModel withDefaults() {
        return new CoxModel(Options.withDefaults());
    }

    /** A model with these options. */
    public static CoxModel of(Options options) {
        return new CoxModel(options);
    }

    /** A copy with the given ties method. */
    public CoxModel with(Ties ties) {
        return new CoxModel(options.withTies(ties));
    }

    /** A copy with the given reference group. */
    public CoxModel withReference(String group) {
        return new CoxModel(options.withReference(group));
    }

    public Options options() {
        return options;
    }

    /**
     * Fits the model to risk sets: one per group and stratum (stratum {@code null} when unstratified),
     * at least two groups.
     *
     * @throws IllegalArgumentException fewer than two groups, an unknown reference group, a group
     *                                  and stratum given twice
     */
    public CoxResult fit(List<RiskSet> riskSets) {
        TreeSet<String> labels = new TreeSet<>();
        for (RiskSet rs : riskSets) {
            if (rs.group() == null) {
                throw new IllegalArgumentException("a risk set without a group label");
            }
            labels.add(rs.group());
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a Cox model needs at least two groups, got " + labels);
        }
        String reference = options.reference() == null ? labels.first() : options.reference();
        if (!labels.contains(reference)) {
            throw new IllegalArgumentException("reference group '" + reference + "' is not among the groups "
                    + labels);
        }
        List<String> groups = new ArrayList<>();
        groups.add(reference);
        for (String g : labels) {
            if (!g.equals(reference)) {
                groups.add(g);
            }
        }
        CoxEventTable table = CoxEventTable.of(riskSets, groups);
        return new Fit(table, groups, options).run();
    }

    /** P(χ²_df > x): the regularized upper incomplete gamma Q(df/2, x/2); df = 0 as R's pchisq. */
    static double chiSquareUpper(double x, int df) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (df == 0) {
            return x > 0 ? 0 : 1;
        }
        if (x <= 0) {
            return 1;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    /**
     * Σ log x over many x with one {@code Math.log} per few dozen terms: the x are multiplied while
     * the product stays within 1e±200 (x outside 1e±100 go to the logarithm directly). The product's
     * rounding error (about ε/2 per factor) becomes an absolute error of the same size in the sum,
     * no larger than that of summing the logarithms one by one.
     */
    static final class LogSum {
        private double sum;
        private double product = 1;
        private int factors;

        void add(double x) {
            if (!(x > 1e-100 && x < 1e100)) {
                sum += Math.log(x);
                return;
            }
            product *= x;
            if (++factors == 32 || !(product > 1e-200 && product < 1e200)) {
                sum += Math.log(product);
                product = 1;
                factors = 0;
            }
        }

        double sum() {
            return factors == 0 ? sum : sum + Math.log(product);
        }
    }

    /** One fit: the Newton–Raphson loop of R's coxfit6 on the event table. */
    private static final class Fit {
        private final CoxEventTable tab;
        private final List<String> groups;
        private final Options opt;
        private final int k;
        private final int p;
        private final boolean efron;
        // scratch
        private final double[] r;
        private final double[] b;
        private final double[] e;

        Fit(CoxEventTable tab, List<String> groups, Options opt) {
            this.tab = tab;
            this.groups = groups;
            this.opt = opt;
            this.k = tab.k;
            this.p = k - 1;
            this.efron = opt.ties() == Ties.EFRON;
            this.r = new double[k];
            this.b = new double[k];
            this.e = new double[k];
        }

        /** ℓ, U and I at coefficients {@code beta} (length k − 1), into a fresh evaluation. */
        CoxNewtonRaphson.Evaluation evaluate(double[] beta) {
            CoxNewtonRaphson.Evaluation out = new CoxNewtonRaphson.Evaluation(p);
            double[] u = out.u;
            double[][] im = out.imat;
            r[0] = 1;
            for (int g = 1; g < k; g++) {
                r[g] = Math.exp(beta[g - 1]);
            }
            double ll = 0;
            LogSum logs = new LogSum();
            final double[] atRisk = tab.atRisk;
            final double[] dead = tab.dead;
            for (int t = 0; t < tab.times; t++) {
                int o = t * k;
                long dTot = tab.deadTotal[t];
                double bSum = 0;
                double eSum = 0;
                for (int g = 0; g < k; g++) {
                    double ng = atRisk[o + g];
                    double dg = dead[o + g];
                    b[g] = (ng - dg) * r[g];
                    e[g] = dg * r[g];
                    bSum += b[g];
                    eSum += e[g];
                    if (g > 0 && dg > 0) {
                        ll += dg * beta[g - 1];
                        u[g - 1] += dg;
                    }
                }
                if (!efron || dTot == 1) {
                    double s = bSum + eSum;
                    double dd = dTot;
                    if (dTot <= 8) {
                        for (long m = 0; m < dTot; m++) {
                            logs.add(s);
                        }
                    } else {
                        ll -= dd * Math.log(s);
                    }
                    double w = dd / (s * s);
                    for (int i = 1; i < k; i++) {
                        double ai = b[i] + e[i];
                        if (ai == 0) {
                            continue;
                        }
                        double others = 0;
                        for (int g = 0; g < k; g++) {
                            if (g != i) {
                                others += b[g] + e[g];
                            }
                        }
                        u[i - 1] -= dd * ai / s;
                        im[i - 1][i - 1] += w * ai * others;
                        for (int j = 1; j < i; j++) {
                            double v = w * ai * (b[j] + e[j]);
                            im[i - 1][j - 1] -= v;
                            im[j - 1][i - 1] -= v;
                        }
                    }
                } else {
                    double dd = dTot;
                    double s0 = 0;
                    double s1 = 0;
                    double q0 = 0;
                    double q1 = 0;
                    double q2 = 0;
                    for (long m = 0; m < dTot; m++) {
                        double c = (dd - m) / dd;
                        double s = bSum + c * eSum;
                        double inv = 1 / s;
                        double inv2 = inv * inv;
                        logs.add(s);
                        s0 += inv;
                        s1 += c * inv;
                        q0 += inv2;
                        q1 += c * inv2;
                        q2 += c * c * inv2;
                    }
                    for (int i = 1; i < k; i++) {
                        double bi = b[i];
                        double ei = e[i];
                        if (bi == 0 && ei == 0) {
                            continue;
                        }
                        double bo = 0;
                        double eo = 0;
                        for (int g = 0; g < k; g++) {
                            if (g != i) {
                                bo += b[g];
                                eo += e[g];
                            }
                        }
                        u[i - 1] -= bi * s0 + ei * s1;
                        im[i - 1][i - 1] += bi * bo * q0 + (bi * eo + ei * bo) * q1 + ei * eo * q2;
                        for (int j = 1; j < i; j++) {
                            double v = bi * b[j] * q0 + (bi * e[j] + ei * b[j]) * q1 + ei * e[j] * q2;
                            im[i - 1][j - 1] -= v;
                            im[j - 1][i - 1] -= v;
                        }
                    }
                }
            }
            out.loglik = ll - logs.sum();
            return out;
        }

        CoxResult run() {
            if (tab.events == 0) {
                // R's coxph returns early: NA coefficients, zero variance, loglik 0, every test 0 on 0 df.
                double[][] zero = new double[p][p];
                double[] na = new double[p];
                java.util.Arrays.fill(na, Double.NaN);
                return result(na, zero, 0, 0, 0, 0, true, List.of(), 0.0);
            }
            CoxNewtonRaphson.Outcome o = CoxNewtonRaphson.fit(p, this::evaluate, opt.iterMax(), opt.eps(),
                    opt.tolerChol());
            // R's max(lp): the linear predictors of 0/1 columns are 0 (reference) and the coefficients
            double maxLp = 0;
            for (double b : o.beta()) {
                maxLp = Math.max(maxLp, b);
            }
            List<String> warnings = CoxNewtonRaphson.warnings(o, opt.iterMax(), opt.eps(), opt.tolerInf(), maxLp,
                    j -> (j + 1) + " (" + groups.get(j + 1) + ")");
            double[] beta = CoxNewtonRaphson.reported(o, opt.iterMax());
            return result(beta, o.var(), o.loglik0(), o.loglik1(), o.sctest(), o.iterations(), !o.ranOut(),
                    warnings, waldTest(beta, o.var(), opt.tolerChol()));
        }

        private CoxResult result(double[] beta, double[][] var, double loglik0, double loglik1, double sctest,
                int iterations, boolean converged, List<String> warnings, double wald) {
            double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability((1 + opt.confLevel()) / 2);
            List<CoxResult.Coefficient> coefs = new ArrayList<>(p);
            int df = 0;
            for (int j = 0; j < p; j++) {
                double c = beta[j];
                double se = Math.sqrt(var[j][j]);
                double zj = c / se;
                coefs.add(new CoxResult.Coefficient(groups.get(j + 1), c, se, Math.exp(c), Math.exp(c - z * se),
                        Math.exp(c + z * se), zj, chiSquareUpper(zj * zj, 1)));
                if (!Double.isNaN(c)) {
                    df++;
                }
            }
            double lr = 2 * (loglik1 - loglik0);
            return new CoxResult(opt.ties(), groups.get(0), coefs, CoxNewtonRaphson.rows(var),
                    new CoxResult.GlobalTest(wald, df, chiSquareUpper(wald, df)),
                    new CoxResult.GlobalTest(lr, df, chiSquareUpper(lr, df)),
                    new CoxResult.GlobalTest(sctest, df, chiSquareUpper(sctest, df)),
                    loglik0, loglik1, iterations, converged, tab.n, tab.events, tab.strata, warnings);
        }
    }

    /** R's coxph.wtest: b' V⁻¹ b over the non-NA coefficients, V⁻¹ through cholesky2/chsolve2. */
    static double waldTest(double[] beta, double[][] var, double toler) {
        int m = 0;
        for (double c : beta) {
            if (!Double.isNaN(c)) {
                m++;
            }
        }
        if (m == 0) {
            return Double.NaN; // R: coxph.wtest of nothing; summary shows NA
        }
        double[] bb = new double[m];
        double[][] vv = new double[m][m];
        int ii = 0;
        for (int i = 0; i < beta.length; i++) {
            if (Double.isNaN(beta[i])) {
                continue;
            }
            bb[ii] = beta[i];
            int jj = 0;
            for (int j = 0; j < beta.length; j++) {
                if (!Double.isNaN(beta[j])) {
                    vv[ii][jj++] = var[i][j];
                }
            }
            ii++;
        }
        if (m == 1) {
            return bb[0] * bb[0] / vv[0][0];
        }
        GeneralizedCholesky.factor(vv, toler);
        double[] sol = bb.clone();
        GeneralizedCholesky.solve(vv, sol);
        double s = 0;
        for (int i = 0; i < m; i++) {
            s += bb[i] * sol[i];
        }
        return s;
    }
}
