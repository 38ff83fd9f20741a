package io.rwe.analyze;

import io.rwe.results.AnalysisResult;
import io.rwe.results.Interval;
import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.results.Replication;
import io.rwe.results.Results;
import io.rwe.stats.ClopperPearson;
import io.rwe.stats.ProportionInterval;
import io.rwe.study.ReplicationClaims;
import io.rwe.study.ReplicationClaims.Claim;
import io.rwe.study.ReplicationClaims.Measure;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication verdict (docs/study.md, "The replication verdict"): each published estimate of the
 * study's claims against the registry's, judged as RCT-DUPLICATE judges a database replication of a
 * trial, on four metrics:
 * <ul>
 *   <li><b>direction</b>: both estimates on the same side of the null (HR 1, difference 0);</li>
 *   <li><b>significance</b>: both p &lt; α with the same direction, or both p ≥ α (a printed
 *       {@code <0.001} counts as 0.001);</li>
 *   <li><b>estimate</b>: the registry estimate inside the paper's CI (bounds included); for a median
 *       the paper prints without a CI, the paper's median inside the registry's CI (an upper bound not
 *       reached is +∞);</li>
 *   <li><b>standardized difference</b>: d = (registry − paper) / √(se_r² + se_p²), each se =
 *       (upper − lower)/(2z) of its CI, agreeing when |d| ≤ z.</li>
 * </ul>
 * Ratios are compared on the log scale. A paper CI that is not printed is derived from the printed
 * counts: Clopper–Pearson (95%) for one rate, Wald p̂₁ − p̂₂ ± z·√(p̂₁q̂₁/n₁ + p̂₂q̂₂/n₂) for a difference; the
 * registry's difference gets the same Wald CI and the p of the analysis's test named by the claim; when the
 * analysis is paired (both rates on the same patients, results.json {@code paired}) the registry's
 * difference and CI are the paired ones, (b − c)/n and its Wald CI (b − c)/n ± z·√((b + c) − (b − c)²/n)/n,
 * and the test {@code mcnemar_exact} names McNemar's exact p. A
 * metric whose inputs are missing is null. Pure function of the published results: suppressed cells
 * give null estimates.
 */
public final class ReplicationVerdict {

    private ReplicationVerdict() {
    }

    /** The verdict of every claim of {@code claims} on {@code results}. */
    public static Replication of(ReplicationClaims claims, Results results) {
        List<Replication.Claim> out = new ArrayList<>();
        for (Claim c : claims.claims()) {
            Replication.Estimate paper = paper(c, claims.z());
            Replication.Estimate registry = registry(c, results.analysis(c.analysis()), claims.z());
            out.add(judge(c, paper, registry, claims.alpha(), claims.z()));
        }
        return new Replication(out, Replication.Summary.of(out));
    }

    /** The paper's estimate, CI and p: printed, or derived from the printed counts. */
    static Replication.Estimate paper(Claim c, double z) {
        ReplicationClaims.Paper p = c.paper();
        Double est = p.estimate();
        Interval ci = p.ci() == null ? null : new Interval(p.ci().get(0), p.ci().get(1));
        if (!p.n().isEmpty()) {
            if (c.measure() == Measure.RATE) {
                ProportionInterval cp = ClopperPearson.interval(p.responders().get(0), p.n().get(0));
                est = est != null ? est : cp.estimate();
                ci = ci != null ? ci : new Interval(cp.lower(), cp.upper());
            } else if (c.measure() == Measure.RATE_DIFFERENCE) {
                Interval wald = waldDifference(p.responders().get(0), p.n().get(0), p.responders().get(1),
                        p.n().get(1), z);
                est = est != null ? est : difference(p.responders().get(0), p.n().get(0), p.responders().get(1),
                        p.n().get(1));
                ci = ci != null ? ci : wald;
            }
        }
        return new Replication.Estimate(est, ci, printedP(p.p()), p.p());
    }

    /** The registry's estimate, CI and p for the claim, from the analysis's published result. */
    static Replication.Estimate registry(Claim c, AnalysisResult result, double z) {
        return switch (c.measure()) {
            case HAZARD_RATIO -> {
                if (!(result instanceof KmResult km) || km.comparison() == null || km.comparison().hr() == null) {
                    yield empty();
                }
                var cmp = km.comparison();
                yield new Replication.Estimate(cmp.hr().estimate(), cmp.hr().ci(),
                        cmp.logrank() == null ? null : cmp.logrank().p(), null);
            }
            case MEDIAN -> {
                KmGroup g = result instanceof KmResult km ? km.groups().get(c.groups().get(0)) : null;
                yield g == null ? empty() : new Replication.Estimate(g.median(), g.medianCi(), null, null);
            }
            case RATE -> {
                RateGroup g = result instanceof RateResult r ? r.groups().get(c.groups().get(0)) : null;
                yield g == null ? empty() : new Replication.Estimate(g.rate(), g.ci(), null, null);
            }
            case RATE_DIFFERENCE -> {
                if (!(result instanceof RateResult r)) {
                    yield empty();
                }
                RateGroup a = r.groups().get(c.groups().get(0));
                RateGroup b = r.groups().get(c.groups().get(1));
                if (a == null || b == null || a.responders() == null || b.responders() == null || a.n() == null
                        || b.n() == null || a.n() == 0 || b.n() == 0) {
                    yield empty();
                }
                Double p = "mcnemar_exact".equals(c.test()) ? (r.paired() == null ? null : r.paired().mcnemarP())
                        : r.tests() == null || r.tests().byName().get(c.test()) == null ? null
                        : r.tests().byName().get(c.test()).p();
                if (r.paired() != null && List.copyOf(r.groups().keySet()).equals(c.groups())) {
                    // b counts the first scope's responders only: the difference is first minus second
                    yield new Replication.Estimate(r.paired().difference(), r.paired().ci(), p, null);
                }
                yield new Replication.Estimate(difference(a.responders(), a.n(), b.responders(), b.n()),
                        waldDifference(a.responders(), a.n(), b.responders(), b.n(), z), p, null);
            }
        };
    }

    /** The four metrics of one claim. */
    static Replication.Claim judge(Claim c, Replication.Estimate paper, Replication.Estimate registry, double alpha,
                                   double z) {
        boolean ratio = c.measure() == Measure.HAZARD_RATIO;
        boolean hasNull = ratio || c.measure() == Measure.RATE_DIFFERENCE;
        double nullValue = ratio ? 1 : 0;
        Integer paperSide = !hasNull ? null
                : paper.estimate() != null ? side(paper.estimate(), nullValue)
                : c.paper().direction() != 0 ? Integer.valueOf(c.paper().direction()) : null;
        Integer registrySide = hasNull && registry.estimate() != null ? side(registry.estimate(), nullValue) : null;
        Boolean direction = paperSide == null || registrySide == null ? null : paperSide.equals(registrySide);

        Boolean significance = null;
        if (hasNull && paper.p() != null && registry.p() != null) {
            boolean ps = paper.p() < alpha;
            boolean rs = registry.p() < alpha;
            significance = ps && rs ? direction : !ps && !rs;
        }

        Boolean estimate = null;
        if (paper.ci() != null && registry.estimate() != null && known(paper.ci())) {
            estimate = paper.ci().lower() <= registry.estimate() && registry.estimate() <= paper.ci().upper();
        } else if (paper.ci() == null && c.measure() == Measure.MEDIAN && paper.estimate() != null
                && registry.ci() != null && registry.ci().lower() != null && Double.isFinite(registry.ci().lower())) {
            double hi = registry.ci().upper() == null || !Double.isFinite(registry.ci().upper())
                    ? Double.POSITIVE_INFINITY : registry.ci().upper();
            estimate = registry.ci().lower() <= paper.estimate() && paper.estimate() <= hi;
        }

        Double std = stdDiff(paper, registry, ratio, z);
        return new Replication.Claim(c.id(), c.label(), c.analysis(), measureName(c.measure()), paper, registry,
                direction, significance, estimate, std, std == null ? null : Math.abs(std) <= z);
    }

    /**
     * (registry − paper) / √(se_r² + se_p²), each se = (upper − lower)/(2z) of its CI, on the log scale
     * for a ratio; null when an estimate or a CI is missing, or both se are 0.
     */
    static Double stdDiff(Replication.Estimate paper, Replication.Estimate registry, boolean ratio, double z) {
        if (paper.estimate() == null || registry.estimate() == null || paper.ci() == null || registry.ci() == null
                || !known(paper.ci()) || !known(registry.ci())) {
            return null;
        }
        double sp = se(paper.ci(), ratio, z);
        double sr = se(registry.ci(), ratio, z);
        double d = scale(registry.estimate(), ratio) - scale(paper.estimate(), ratio);
        double v = sp * sp + sr * sr;
        double out = d / Math.sqrt(v);
        return v > 0 && Double.isFinite(out) ? out : null;
    }

    /** p̂₁ − p̂₂. */
    static double difference(long x1, long n1, long x2, long n2) {
        return (double) x1 / n1 - (double) x2 / n2;
    }

    /** The Wald CI p̂₁ − p̂₂ ± z·√(p̂₁(1 − p̂₁)/n₁ + p̂₂(1 − p̂₂)/n₂). */
    static Interval waldDifference(long x1, long n1, long x2, long n2, double z) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new Interval(p1 - p2 - z * se, p1 - p2 + z * se);
    }

    /** A printed p as a number: {@code "<0.001"} is 0.001; null when none is printed. */
    static Double printedP(String printed) {
        if (printed == null || printed.isBlank()) {
            return null;
        }
        String s = printed.trim();
        return Double.parseDouble(s.startsWith("<") || s.startsWith("≤") ? s.substring(1).trim() : s);
    }

    private static double se(Interval ci, boolean ratio, double z) {
        return (scale(ci.upper(), ratio) - scale(ci.lower(), ratio)) / (2 * z);
    }

    private static double scale(double x, boolean ratio) {
        return ratio ? Math.log(x) : x;
    }

    private static boolean known(Interval ci) {
        return ci.lower() != null && ci.upper() != null && Double.isFinite(ci.lower()) && Double.isFinite(ci.upper());
    }

    private static int side(double x, double nullValue) {
        return Double.compare(x, nullValue) < 0 ? -1 : x == nullValue ? 0 : 1;
    }

    private static Replication.Estimate empty() {
        return new Replication.Estimate(null, null, null, null);
    }

    private static String measureName(Measure m) {
        return m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
