package io.rwe.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The test of proportional hazards of R's {@code cox.zph(fit, transform = "km", terms = TRUE)}
 * (survival 3.x), from the per-time sums at the fitted β̂ — no row and no Schoenfeld residual needed.
 *
 * <h2>What survival 3 computes</h2>
 * For each covariate column x_j the model is extended by a term γ_j·g(t)·x_j, and the score test of
 * γ = 0 is taken at (β̂, γ = 0) — not the older regression of scaled Schoenfeld residuals on time.
 * <ul>
 * <li>g, the km transform: g(t) = 1 − Ŝ(t−), Ŝ the Kaplan–Meier estimate of the pooled data (every row,
 * strata ignored), centred by its mean over the events: g(t) − Σ_events g / events.</li>
 * <li>The score of γ: U_γ = Σ_t g(t)·U_t and the information of (β, γ): the 2p × 2p matrix with
 * blocks Σ I_t, Σ g(t) I_t and Σ g(t)² I_t, with U_t and I_t the score and information contributions
 * of event time t at β̂ ({@link CoxPartialLikelihood}, Efron or Breslow as the fit).</li>
 * <li>The score in β is set to 0 (it is 0 at β̂ up to the convergence tolerance). A variable's test uses
 * all of β and the variable's columns of γ: χ² = u' M⁻¹ u with u = (0, U_γ[columns]) and M the
 * information restricted to those rows and columns; df = its number of columns (a factor's levels
 * together). The global test uses all 2p; df = p.</li>
 * <li>Columns whose coefficient is NA are left out, as R does.</li>
 * </ul>
 * p = P(χ²_df &gt; χ²). A matrix that R's {@code solve} would refuse as computationally singular gives NaN.
 * The test is invariant to the centring and scaling of the columns, so it is computed on the design's
 * encoded scale.
 *
 * @param transform the time transform ({@code "km"})
 * @param terms     per variable with at least one column in the test, in design order
 * @param global    the global test
 */
public record ProportionalHazardsTest(String transform, Map<String, ChiSquareStatistic> terms,
        ChiSquareStatistic global) {

    public ProportionalHazardsTest {
        terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /**
     * {@code cox.zph(fit)} of a model fitted elsewhere (e.g. the group-only {@link CoxModel}), from its
     * coefficients on the original scale ({@code NaN} = NA: left out of the test and 0 in the linear
     * predictor, as R) and a source of its per-time sums: one evaluation at β̂ on the design's encoded scale
     * (β'_j = β_j / scale_j; the centring only shifts every η by one constant, which the partial likelihood
     * ignores).
     */
    public static ProportionalHazardsTest of(CoxDesign design, double[] coefficients, CoxSumsSource sums,
            CoxModel.Ties ties) {
        List<CoxDesign.Column> columns = design.columns();
        if (coefficients.length != columns.size()) {
            throw new IllegalArgumentException(coefficients.length + " coefficients for " + columns.size()
                    + " columns");
        }
        double[] encoded = new double[coefficients.length];
        for (int j = 0; j < encoded.length; j++) {
            encoded[j] = Double.isNaN(coefficients[j]) ? 0 : coefficients[j] / columns.get(j).scale();
        }
        return km(design, coefficients, sums.at(encoded), ties == CoxModel.Ties.EFRON);
    }

    /**
     * {@code cox.zph} of the group-only model {@code fit} ({@code coxph(Surv(t, e) ~ group + strata(s))}),
     * from the risk sets it was fitted on ({@link RiskSetCoxSums}); the group's variable is {@code group}.
     */
    public static ProportionalHazardsTest ofGroups(List<RiskSet> sets, CoxResult fit) {
        List<String> others = new ArrayList<>();
        double[] beta = new double[fit.coefficients().size()];
        for (int j = 0; j < beta.length; j++) {
            others.add(fit.coefficients().get(j).group());
            beta[j] = fit.coefficients().get(j).coef();
        }
        CoxDesign design = RiskSetCoxSums.groupDesign(fit.reference(), others);
        return of(design, beta, new RiskSetCoxSums(sets, design), fit.ties());
    }

    /**
     * The test for a fit with {@code design}, at coefficients whose reported values are {@code reported}
     * (NaN = NA, left out), from the sums at the fitted β (encoded scale).
     */
    static ProportionalHazardsTest km(CoxDesign design, double[] reported, List<CoxTimeSums> sumsAtFit,
            boolean efron) {
        List<CoxDesign.Column> columns = design.columns();
        int p = columns.size();
        int[] kept = java.util.stream.IntStream.range(0, p).filter(j -> !Double.isNaN(reported[j])).toArray();
        int q = kept.length;
        Map<Double, Double> g = centredKmTransform(sumsAtFit);
        double[] u = new double[2 * q];
        double[][] m = new double[2 * q][2 * q];
        CoxPartialLikelihood.evaluate(CoxPartialLikelihood.walkOrder(sumsAtFit), p, efron, (time, d, ut, it) -> {
            double w = g.get(time);
            for (int a = 0; a < q; a++) {
                u[q + a] += w * ut[kept[a]];
                for (int b = 0; b < q; b++) {
                    double v = it[CoxTimeSums.index(kept[a], kept[b])];
                    m[a][b] += v;
                    m[a][q + b] += w * v;
                    m[q + a][b] += w * v;
                    m[q + a][q + b] += w * w * v;
                }
            }
        });
        Map<String, ChiSquareStatistic> terms = new LinkedHashMap<>();
        for (CoxDesign.Variable v : design.variables()) {
            List<Integer> rows = new ArrayList<>();
            for (int a = 0; a < q; a++) {
                if (columns.get(kept[a]).variable().equals(v.name())) {
                    rows.add(a);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            int[] idx = new int[q + rows.size()];
            for (int a = 0; a < q; a++) {
                idx[a] = a;
            }
            for (int r = 0; r < rows.size(); r++) {
                idx[q + r] = q + rows.get(r);
            }
            terms.put(v.name(), ChiSquareStatistic.of(DenseSolve.quadraticForm(sub(m, idx), sub(u, idx)),
                    rows.size()));
        }
        return new ProportionalHazardsTest("km", terms, ChiSquareStatistic.of(DenseSolve.quadraticForm(m, u), q));
    }

    /**
     * g(t) = 1 − Ŝ(t−) − mean over events, per distinct time, Ŝ the Kaplan–Meier of the pooled rows:
     * Ŝ(t−) = Π_{s &lt; t} (n_s − d_s)/n_s, n_s the rows with time ≥ s.
     */
    static Map<Double, Double> centredKmTransform(List<CoxTimeSums> sums) {
        TreeMap<Double, long[]> pooled = new TreeMap<>();
        long total = 0;
        for (CoxTimeSums s : sums) {
            long[] c = pooled.computeIfAbsent(s.time(), t -> new long[2]);
            c[0] += s.rows();
            c[1] += s.events();
            total += s.rows();
        }
        Map<Double, Double> g = new TreeMap<>();
        double surv = 1;
        long atRisk = total;
        double sum = 0;
        long events = 0;
        for (Map.Entry<Double, long[]> e : pooled.entrySet()) {
            long n = e.getValue()[0];
            long d = e.getValue()[1];
            double tt = 1 - surv;
            g.put(e.getKey(), tt);
            sum += d * tt;
            events += d;
            if (d > 0) {
                surv *= (double) (atRisk - d) / atRisk;
            }
            atRisk -= n;
        }
        double mean = sum / events;
        g.replaceAll((t, v) -> v - mean);
        return g;
    }

    private static double[][] sub(double[][] m, int[] idx) {
        double[][] out = new double[idx.length][idx.length];
        for (int a = 0; a < idx.length; a++) {
            for (int b = 0; b < idx.length; b++) {
                out[a][b] = m[idx[a]][idx[b]];
            }
        }
        return out;
    }

    private static double[] sub(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int a = 0; a < idx.length; a++) {
            out[a] = v[idx[a]];
        }
        return out;
    }
}
