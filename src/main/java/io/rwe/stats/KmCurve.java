package io.rwe.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted Kaplan–Meier curve: the table of R's {@code survfit} (one row per distinct observed time,
 * censoring-only times included) and what is read off it — survival at requested times, quantiles,
 * range and restricted mean. Built by {@link KaplanMeier#fit}.
 *
 * @param group      the group's label
 * @param stratum    the stratum's label, or {@code null}
 * @param confType   type of the pointwise confidence interval
 * @param confLevel  confidence level of the intervals (0.95 by default)
 * @param rows       one row per distinct time, increasing; {@link KmRow#stdErr()} is the standard error of
 *                   S(t), as {@code summary.survfit} reports it
 */
public record KmCurve(String group, String stratum, ConfType confType, double confLevel, List<KmRow> rows) {

    /** R's {@code quantile.survfit} tolerance, {@code sqrt(.Machine$double.eps)}. */
    static final double QUANTILE_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    public KmCurve {
        rows = List.copyOf(rows);
    }

    /** Number of subjects (at risk at the first time); 0 for an empty curve. */
    public long n() {
        return rows.isEmpty() ? 0 : rows.get(0).nRisk();
    }

    /** Total number of events. */
    public long events() {
        long e = 0;
        for (KmRow r : rows) {
            e += r.nEvent();
        }
        return e;
    }

    /** Largest observed time (event or censoring); NaN for an empty curve. */
    public double lastTime() {
        return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).time();
    }

    /** Smallest and largest observed time; both NaN for an empty curve. */
    public TimeRange range() {
        return rows.isEmpty() ? new TimeRange(Double.NaN, Double.NaN)
                : new TimeRange(rows.get(0).time(), lastTime());
    }

    /**
     * The curve at requested times, as R's {@code summary(fit, times=times)} (with its default
     * {@code extend=FALSE}). Times are sorted; non-finite times and times after the last observed time
     * are dropped (R drops them too, and stops when none is left; here the list is then empty). Each
     * row carries S, its standard error and bounds at the last curve time ≤ t; {@code nRisk} is the
     * number at risk at t (those with time ≥ t); {@code nEvent}/{@code nCensor} count what happened
     * since the previous requested time (for the first, since the start). A time before the first
     * observed time reads the row R's {@code survfit0} adds at time 0 (S = 1, standard error 0, bounds
     * 1 for every confidence type — R's convention, although {@code log-log} bounds at S = 1 are
     * otherwise NA); when the first observed time is ≤ 0 no row is added and such a time reads the first
     * row, as in R.
     */
    public List<KmRow> atTimes(double... times) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<KmRow> fit0 = withStartRow();
        double[] t = Arrays.stream(times).filter(Double::isFinite).filter(x -> x <= lastTime()).sorted().toArray();
        int m = fit0.size();
        long[] cumEvents = new long[m + 1];
        long[] cumCensor = new long[m + 1];
        for (int i = 0; i < m; i++) {
            cumEvents[i + 1] = cumEvents[i] + fit0.get(i).nEvent();
            cumCensor[i + 1] = cumCensor[i] + fit0.get(i).nCensor();
        }
        List<KmRow> out = new ArrayList<>(t.length);
        int prev = 0;
        for (double ti : t) {
            int atOrBefore = countAtMost(fit0, ti);      // R's findInterval(t, time)
            int before = countBelow(fit0, ti);           // findInterval(t, time, left.open=TRUE)
            KmRow r = fit0.get(Math.max(1, atOrBefore) - 1);
            long nRisk = before < m ? fit0.get(before).nRisk() : 0;
            out.add(new KmRow(ti, nRisk, cumEvents[atOrBefore] - cumEvents[prev],
                    cumCensor[atOrBefore] - cumCensor[prev], r.surv(), r.stdErr(), r.lower(), r.upper()));
            prev = atOrBefore;
        }
        return out;
    }

    /** Rows of R's {@code survfit0}: a row at time 0 (S = 1) first unless the first time is ≤ 0. */
    private List<KmRow> withStartRow() {
        KmRow first = rows.get(0);
        double start = Math.min(0.0, first.time());
        if (first.time() == start) {
            return rows;
        }
        List<KmRow> fit0 = new ArrayList<>(rows.size() + 1);
        fit0.add(new KmRow(start, first.nRisk(), 0, 0, 1.0, 0.0, 1.0, 1.0));
        fit0.addAll(rows);
        return fit0;
    }

    private static int countAtMost(List<KmRow> rs, double t) {
        int lo = 0;
        int hi = rs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rs.get(mid).time() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int countBelow(List<KmRow> rs, double t) {
        int lo = 0;
        int hi = rs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rs.get(mid).time() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The median survival time with its CI: {@code quantile(0.5)}. */
    public SurvivalQuantile median() {
        return quantile(0.5);
    }

    /**
     * The p-quantile of survival time with its confidence interval, exactly as R's
     * {@code quantile(fit, probs=p)} ({@code survival:::findq}): on the points (0, 0) and (tᵢ, 1 − S(tᵢ))
     * (duplicates of 1 − S dropped, keeping the earliest time), the quantile is the mean of the first
     * time at which 1 − S + tol ≥ p and the first at which 1 − S − tol ≥ p, tol = √ε. So where S equals
     * 1 − p over an interval the quantile is the midpoint of the interval's start and the next event
     * time; if S stays at 1 − p to the end, the midpoint with the last observed time. The bounds apply
     * the same rule to the lower and upper confidence curves (skipping points where a bound is NA).
     * NaN where the curve does not reach 1 − p.
     */
    public SurvivalQuantile quantile(double p) {
        return quantiles(p).get(0);
    }

    /**
     * Several quantiles at once ({@link #quantile} for each p, in the given order), sharing the preparation
     * of the three curves — e.g. {@code quantiles(0.25, 0.5, 0.75)}.
     */
    public List<SurvivalQuantile> quantiles(double... probabilities) {
        for (double p : probabilities) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
            }
        }
        int m = rows.size();
        double[] x = new double[m + 1];
        double[] ys = new double[m + 1];
        double[] yl = new double[m + 1];
        double[] yu = new double[m + 1];
        for (int i = 0; i < m; i++) {
            KmRow r = rows.get(i);
            x[i + 1] = r.time();
            ys[i + 1] = 1 - r.surv();
            yl[i + 1] = 1 - r.lower();
            yu[i + 1] = 1 - r.upper();
        }
        Points s = new Points(x, ys);
        Points lo = new Points(x, yl);
        Points up = new Points(x, yu);
        List<SurvivalQuantile> out = new ArrayList<>(probabilities.length);
        for (double p : probabilities) {
            out.add(new SurvivalQuantile(p, s.findq(p), lo.findq(p), up.findq(p)));
        }
        return out;
    }

    /**
     * The points of R's {@code survival:::findq} after its {@code duplicated(y)} filter; NaN entries of y are
     * R's NA.
     */
    private static final class Points {
        private final double[] xs;
        private final double[] vs;
        private final int n;
        private final double max;
        private final double xmax;

        Points(double[] x, double[] y) {
            double mx = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                if (!Double.isNaN(v) && v > mx) {
                    mx = v;
                }
            }
            max = mx;
            xmax = x[x.length - 1];
            xs = new double[x.length];
            vs = new double[y.length];
            n = dedupe(x, y, xs, vs);
        }

        double findq(double p) {
            double tol = QUANTILE_TOLERANCE;
            if (max < p) {
                return Double.NaN;
            }
            int i1 = firstSortedAtLeast(vs, n, tol, p);
            int i2 = firstSortedAtLeast(vs, n, -tol, p);
            double q = (i1 < 0 || i2 < 0) ? Double.NaN : (xs[i1] + xs[i2]) / 2;
            if (p == 0) {
                q = xs[0];
            }
            if (!Double.isNaN(vs[n - 1]) && Math.abs(p - vs[n - 1]) < tol) {
                q = i1 < 0 ? Double.NaN : (xs[i1] + xmax) / 2;
            }
            return q;
        }
    }

    /**
     * R's {@code duplicated(y)} filter: the first occurrence of each value is kept (NaN counts as one value).
     * Curves are non-increasing almost always, and then duplicates are adjacent among the non-NaN values;
     * otherwise a hash set decides.
     */
    private static int dedupe(double[] x, double[] y, double[] xs, double[] vs) {
        boolean monotone = true;
        double last = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                if (v < last) {
                    monotone = false;
                    break;
                }
                last = v;
            }
        }
        int n = 0;
        if (monotone) {
            boolean seenNaN = false;
            double prev = Double.NaN;
            for (int i = 0; i < y.length; i++) {
                double v = y[i];
                boolean keep = Double.isNaN(v) ? !seenNaN : !(v == prev);
                if (Double.isNaN(v)) {
                    seenNaN = true;
                } else {
                    prev = v;
                }
                if (keep) {
                    xs[n] = x[i];
                    vs[n++] = v;
                }
            }
            return n;
        }
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (int i = 0; i < y.length; i++) {
            if (seen.add(y[i])) {
                xs[n] = x[i];
                vs[n++] = y[i];
            }
        }
        return n;
    }

    /**
     * R's {@code approx(v + shift, 1:n, p, method="constant", f=1)}: the points sorted by v + shift, NA
     * dropped; the index of the smallest v + shift ≥ p, or −1 when p lies outside [min, max].
     */
    private static int firstSortedAtLeast(double[] v, int n, double shift, double p) {
        int best = -1;
        double bestKey = Double.POSITIVE_INFINITY;
        double minKey = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            double key = v[i] + shift;
            minKey = Math.min(minKey, key);
            if (key >= p && key < bestKey) {
                bestKey = key;
                best = i;
            }
        }
        return p < minKey ? -1 : best;
    }

    /**
     * The median as {@code print(fit)} shows it ({@code survival:::survmean}), which differs from
     * {@link #median()} in one case: where S stays exactly 0.5 from some time to the end of follow-up,
     * {@code print} gives that time and {@code quantile} the midpoint with the last observed time. Rule:
     * the first time with S &lt; 0.5 + tol; if S there is within tol of 0.5 and drops lower later, the
     * midpoint with the first time it does. The bounds apply the same rule to the confidence curves.
     */
    public SurvivalQuantile medianAsPrinted() {
        int m = rows.size();
        double[] t = new double[m];
        double[] s = new double[m];
        double[] lo = new double[m];
        double[] up = new double[m];
        for (int i = 0; i < m; i++) {
            KmRow r = rows.get(i);
            t[i] = r.time();
            s[i] = r.surv();
            lo[i] = r.lower();
            up[i] = r.upper();
        }
        return new SurvivalQuantile(0.5, minmin(s, t), minmin(lo, t), minmin(up, t));
    }

    private static double minmin(double[] y, double[] x) {
        double tol = QUANTILE_TOLERANCE;
        int first = -1;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i]) && y[i] < 0.5 + tol) {
                if (first < 0) {
                    first = i;
                    if (!(Math.abs(y[i] - 0.5) < tol)) {
                        return x[i];
                    }
                } else if (y[i] < y[first]) {
                    return (x[first] + x[i]) / 2;
                }
            }
        }
        return first < 0 ? Double.NaN : x[first];
    }

    /**
     * Restricted mean survival time up to {@code tau}, as R's {@code print(fit, rmean=tau)}
     * ({@code survival:::survmean}): with start = min(0, first time), the curve is taken at the times
     * ≤ τ and extended flat to τ (also beyond the last observed time), and
     * <pre>
     *   RMST = start + Σᵢ (tᵢ − tᵢ₋₁)·S(tᵢ₋₁)              (t₀ = start, S(t₀) = 1, last tᵢ = τ)
     *   Var  = Σⱼ dⱼ/(nⱼ(nⱼ − dⱼ)) · (∫_{tⱼ}^τ S(u) du)²    (over times tⱼ ≤ τ; terms with nⱼ = dⱼ are 0)
     * </pre>
     * For several curves R's default ({@code rmean="common"}) is τ = the largest observed time over all
     * curves ({@link KaplanMeier#commonTau}); for one curve, its own last time. R stops when τ is before the
     * smallest observed time of the fit; here the formula then gives RMST = τ, SE = 0.
     */
    public Rmst rmst(double tau) {
        if (!Double.isFinite(tau)) {
            throw new IllegalArgumentException("RMST truncation time must be finite, got " + tau);
        }
        int keep = 0;
        while (keep < rows.size() && rows.get(keep).time() <= tau) {
            keep++;
        }
        double start = rows.isEmpty() ? 0.0 : Math.min(0.0, rows.get(0).time());
        // rectangles: rect[0] from start to t_1 under S=1, rect[i] from t_i to t_{i+1} under S(t_i); last to tau
        double[] rect = new double[keep + 1];
        double prevTime = start;
        double prevSurv = 1.0;
        for (int i = 0; i < keep; i++) {
            KmRow r = rows.get(i);
            rect[i] = (r.time() - prevTime) * prevSurv;
            prevTime = r.time();
            prevSurv = r.surv();
        }
        rect[keep] = (tau - prevTime) * prevSurv;
        double mean = start;
        for (double v : rect) {
            mean += v;
        }
        double var = 0;
        double tail = 0;
        for (int j = keep - 1; j >= 0; j--) {
            tail += rect[j + 1];
            KmRow r = rows.get(j);
            long atRiskAfter = r.nRisk() - r.nEvent();
            if (r.nEvent() > 0 && atRiskAfter > 0) {
                var += tail * tail * r.nEvent() / ((double) r.nRisk() * atRiskAfter);
            }
        }
        return new Rmst(tau, mean, Math.sqrt(var));
    }
}
