package io.rwe.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The log partial likelihood ℓ, score U and information I of a Cox model with covariates, from the
 * per-(stratum, time) sums of {@link CoxTimeSums} alone.
 *
 * <p>Within a stratum, walking the distinct times from the last to the first, the risk-set sums are
 * cumulative: B = Σw, A = Σw·x, C = Σw·xx' over the rows with time ≥ t. At a time with D &gt; 0 events
 * let B₂, A₂, C₂ be the same sums over those events (the {@code dead} moments). The tied events leave
 * the risk set with weights c_m:
 * <ul>
 * <li>Breslow (and any time with D = 1): the one denominator B, D times (c = 0);</li>
 * <li>Efron: D denominators S_m = B − c_m B₂, c_m = m/D, m = 0…D−1, with A_m = A − c_m A₂ and
 * C_m = C − c_m C₂.</li>
 * </ul>
 * Then ℓ_t = Ση_dead − Σ_m log S_m, U_t = Σx_dead − Σ_m A_m/S_m and
 * I_t = Σ_m (C_m/S_m − A_m A_m'/S_m²). With s₀ = Σ 1/S_m, s₁ = Σ c_m/S_m, q₀ = Σ 1/S_m²,
 * q₁ = Σ c_m/S_m², q₂ = Σ c_m²/S_m² these are U_t = Σx_dead − (A s₀ − A₂ s₁) and
 * I_t = C s₀ − C₂ s₁ − (A A' q₀ − (A A₂' + A₂ A') q₁ + A₂ A₂' q₂): a time costs O(D + p²). These are
 * the terms R's {@code coxfit6} (and {@code zph1}, for {@code cox.zph}) accumulate row by row, with
 * R's convention that the rows censored at t are at risk at t. ℓ, U and I are the sums over event times
 * and strata.
 */
final class CoxPartialLikelihood {

    /** Receives each event time's contributions; the arrays are reused between calls. */
    @FunctionalInterface
    interface EventTimeVisitor {
        /**
         * @param time   the event time
         * @param events D
         * @param u      U_t (length p)
         * @param info   I_t, packed lower triangle ({@link CoxTimeSums#index})
         */
        void accept(double time, long events, double[] u, double[] info);
    }

    private CoxPartialLikelihood() {
    }

    /** Orders sums by stratum (null first) and then by time, decreasing: the order of the walk. */
    static List<CoxTimeSums> walkOrder(List<CoxTimeSums> sums) {
        List<CoxTimeSums> out = new ArrayList<>(sums);
        out.sort(Comparator.comparing(CoxTimeSums::stratum, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(CoxTimeSums::time, Comparator.reverseOrder()));
        for (int i = 1; i < out.size(); i++) {
            CoxTimeSums a = out.get(i - 1);
            CoxTimeSums b = out.get(i);
            if (java.util.Objects.equals(a.stratum(), b.stratum()) && a.time() == b.time()) {
                throw new IllegalArgumentException("two sums for time " + a.time() + " of stratum " + a.stratum());
            }
        }
        return out;
    }

    /**
     * ℓ, U, I (and the largest η) over sums in {@link #walkOrder}, every event time also passed to
     * {@code visitor} when not null.
     */
    static CoxNewtonRaphson.Evaluation evaluate(List<CoxTimeSums> ordered, int p, boolean efron,
            EventTimeVisitor visitor) {
        CoxNewtonRaphson.Evaluation out = new CoxNewtonRaphson.Evaluation(p);
        int packed = p * (p + 1) / 2;
        double[] cumA = new double[p];
        double[] cumC = new double[packed];
        double[] ut = new double[p];
        double[] it = new double[packed];
        double cumB = 0;
        double etaDead = 0;
        double etaMax = Double.NEGATIVE_INFINITY;
        CoxModel.LogSum logs = new CoxModel.LogSum();
        double breslowLogs = 0;
        String stratum = null;
        boolean first = true;
        for (CoxTimeSums s : ordered) {
            if (first || !java.util.Objects.equals(stratum, s.stratum())) {
                first = false;
                stratum = s.stratum();
                cumB = 0;
                java.util.Arrays.fill(cumA, 0);
                java.util.Arrays.fill(cumC, 0);
            }
            etaMax = Math.max(etaMax, s.etaMax());
            cumB += s.all().weight();
            double[] wx = s.all().wx();
            double[] wxx = s.all().wxx();
            for (int i = 0; i < p; i++) {
                cumA[i] += wx[i];
            }
            for (int k = 0; k < packed; k++) {
                cumC[k] += wxx[k];
            }
            long d = s.events();
            if (d == 0) {
                continue;
            }
            etaDead += s.etaDead();
            double b2 = s.dead().weight();
            double[] a2 = s.dead().wx();
            double[] c2 = s.dead().wxx();
            double s0;
            double s1 = 0;
            double q0;
            double q1 = 0;
            double q2 = 0;
            if (!efron || d == 1) {
                s0 = d / cumB;
                q0 = d / (cumB * cumB);
                breslowLogs += d * Math.log(cumB);
            } else {
                double dd = d;
                s0 = 0;
                q0 = 0;
                for (long m = 0; m < d; m++) {
                    double c = m / dd;
                    double den = cumB - c * b2;
                    double inv = 1 / den;
                    double inv2 = inv * inv;
                    logs.add(den);
                    s0 += inv;
                    s1 += c * inv;
                    q0 += inv2;
                    q1 += c * inv2;
                    q2 += c * c * inv2;
                }
            }
            double[] xd = s.xDead();
            for (int i = 0; i < p; i++) {
                ut[i] = xd[i] - (cumA[i] * s0 - a2[i] * s1);
                out.u[i] += ut[i];
                for (int j = 0; j <= i; j++) {
                    int k = CoxTimeSums.index(i, j);
                    double v = cumC[k] * s0 - c2[k] * s1
                            - (cumA[i] * cumA[j] * q0 - (cumA[i] * a2[j] + a2[i] * cumA[j]) * q1 + a2[i] * a2[j] * q2);
                    it[k] = v;
                    out.imat[i][j] += v;
                    if (i != j) {
                        out.imat[j][i] += v;
                    }
                }
            }
            if (visitor != null) {
                visitor.accept(s.time(), d, ut, it);
            }
        }
        out.loglik = etaDead - breslowLogs - logs.sum();
        out.etaMax = etaMax;
        return out;
    }
}
