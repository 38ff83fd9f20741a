package io.rwe.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Kaplan–Meier estimator on a risk set, as R's {@code survfit(Surv(time, status) ~ 1)} (type
 * {@code "kaplan-meier"}, {@code conf.lower="usual"}). At each distinct time tᵢ with nᵢ at risk and dᵢ
 * events:
 * <pre>
 *   S(t)      = Πᵢ:tᵢ≤t (nᵢ − dᵢ)/nᵢ
 *   σ²(t)     = Σᵢ:tᵢ≤t dᵢ/(nᵢ(nᵢ − dᵢ))      (Greenwood, variance of log S; +∞ once nᵢ = dᵢ)
 *   std.err   = S(t)·σ(t)                      (as summary.survfit; NaN where S = 0, as R's 0·∞)
 * </pre>
 * and the pointwise interval of {@link ConfType} with z = Φ⁻¹(1 − (1 − level)/2). Rows of the risk set
 * with neither events nor censorings are skipped (R never has such a time).
 */
public final class KaplanMeier {

    private KaplanMeier() {
    }

    /** The curve with R's defaults: log-transformed 95% intervals. */
    public static KmCurve fit(RiskSet riskSet) {
        return fit(riskSet, ConfType.LOG, 0.95);
    }

    /** The curve with intervals of the given type and level (0 &lt; level &lt; 1). */
    public static KmCurve fit(RiskSet riskSet, ConfType confType, double confLevel) {
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confLevel);
        }
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confLevel) / 2);
        List<KmRow> out = new ArrayList<>(riskSet.rows().size());
        double surv = 1.0;
        double varLog = 0.0;
        for (RiskRow r : riskSet.rows()) {
            if (r.events() == 0 && r.censored() == 0) {
                continue;
            }
            long n = r.atRisk();
            long d = r.events();
            if (d > 0) {
                surv *= (double) (n - d) / n;
                varLog += d / ((double) n * (n - d));
            }
            double sigma = Math.sqrt(varLog);
            double[] ci = interval(confType, surv, sigma, z);
            out.add(new KmRow(r.time(), n, d, r.censored(), surv, sigma * surv, ci[0], ci[1]));
        }
        return new KmCurve(riskSet.group(), riskSet.stratum(), confType, confLevel, out);
    }

    /** R's {@code survfit_confint} for S with log-scale standard error σ; NaN where R gives NA. */
    static double[] interval(ConfType type, double s, double sigma, double z) {
        switch (type) {
            case PLAIN: {
                double half = sigma * s * z;
                return new double[] {Math.max(s - half, 0), Math.min(s + half, 1)};
            }
            case LOG: {
                if (s == 0) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                double half = z * sigma;
                return new double[] {Math.exp(Math.log(s) - half), Math.min(Math.exp(Math.log(s) + half), 1)};
            }
            case LOG_LOG: {
                if (s == 0 || s == 1) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                double half = z * sigma / Math.log(s);
                double ll = Math.log(-Math.log(s));
                return new double[] {Math.exp(-Math.exp(ll - half)), Math.exp(-Math.exp(ll + half))};
            }
            default:
                throw new IllegalArgumentException("unknown confidence type " + type);
        }
    }

    /**
     * R's default RMST truncation for several curves ({@code rmean="common"}): the largest observed time
     * over all of them. For a single curve this is its own last time, R's default too.
     */
    public static double commonTau(Collection<KmCurve> curves) {
        double tau = Double.NaN;
        for (KmCurve c : curves) {
            double last = c.lastTime();
            if (!Double.isNaN(last) && (Double.isNaN(tau) || last > tau)) {
                tau = last;
            }
        }
        return tau;
    }
}
