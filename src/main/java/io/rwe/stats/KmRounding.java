package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Kaplan–Meier counts rounded for release, by the method of OpenSAFELY's {@code kaplan-meier-function}
 * action ({@code analysis/km.R}, {@code round_km} with {@code method = "constant"}; its
 * {@code roundmid_any}): the cumulative counts are rounded, not the counts of each time, so that every
 * step of the published curve stands for a group of at least about {@code m} patients, and the curve is
 * recomputed from the rounded counts. With N patients, E(t) events and C(t) censorings up to and including
 * t:
 * <pre>
 *   mid(x)  = ⌈x/m⌉·m − ⌊m/2⌋ for x &gt; 0, mid(0) = 0          (OpenSAFELY's roundmid_any)
 *   N'      = mid(N)
 *   E'(t)   = mid(E(t))
 *   C'(t)   = min(mid(C(t)), N' − E'(last))
 *   n'(tᵢ)  = N' − E'(tᵢ₋₁) − C'(tᵢ₋₁),  d'(tᵢ) = E'(tᵢ) − E'(tᵢ₋₁),  c'(tᵢ) = C'(tᵢ) − C'(tᵢ₋₁)
 * </pre>
 * over the times tᵢ at which E' or C' changes (t₀: before the first time, E' = C' = 0); the rounded curve
 * is the Kaplan–Meier estimate of that risk set (S, Greenwood, the pointwise CI — as the action computes
 * them from its rounded counts). Every published count (N', n', d', c') is then a multiple of ⌊m/2⌋ when
 * m is even, and no step is shown at a time where the rounded counts do not change.
 *
 * <p>Where this differs from the action: the action fills one row per day and keeps rows without a
 * change; here only the times where a rounded count changes are kept (the same curve, without
 * publishing the other event times). And the action lets the number at risk go below zero at the end of
 * follow-up when E' + C' exceeds N' (rounding events and censorings separately can overshoot by ⌊m/2⌋);
 * here the censorings are capped at N' − E'(last), so that n' ≥ d' + c' at every time (events, which move
 * the curve, are never changed by the cap).
 */
public final class KmRounding {

    private KmRounding() {
    }

    /** OpenSAFELY's {@code roundmid_any(x, m)}: ⌈x/m⌉·m − ⌊m/2⌋ for x &gt; 0, and 0 for x = 0. */
    public static long midpoint(long x, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("rounding width must be at least 1, got " + m);
        }
        if (x < 0) {
            throw new IllegalArgumentException("a count cannot be negative, got " + x);
        }
        return x == 0 ? 0 : -Math.floorDiv(-x, (long) m) * m - m / 2;
    }

    /**
     * The rounded risk set of {@code set} with width {@code m} (see the class comment). Group and stratum
     * labels are kept; an empty set stays empty.
     */
    public static RiskSet round(RiskSet set, int m) {
        List<RiskRow> rows = set.rows();
        if (rows.isEmpty()) {
            return set;
        }
        long n = set.n();
        long nRounded = midpoint(n, m);
        long eventsRounded = midpoint(set.events(), m);
        long censorCap = nRounded - eventsRounded;
        List<RiskRow> out = new ArrayList<>();
        long cumE = 0;
        long cumC = 0;
        long prevE = 0;
        long prevC = 0;
        for (RiskRow r : rows) {
            cumE += r.events();
            cumC += r.censored();
            long e = midpoint(cumE, m);
            long c = Math.min(midpoint(cumC, m), censorCap);
            if (e != prevE || c != prevC) {
                out.add(new RiskRow(r.time(), nRounded - prevE - prevC, e - prevE, c - prevC));
                prevE = e;
                prevC = c;
            }
        }
        return new RiskSet(set.group(), set.stratum(), out);
    }

    /** The risk set behind a fitted curve: its rows' times, numbers at risk, events and censorings. */
    public static RiskSet riskSet(KmCurve curve) {
        List<RiskRow> rows = new ArrayList<>(curve.rows().size());
        for (KmRow r : curve.rows()) {
            rows.add(new RiskRow(r.time(), r.nRisk(), r.nEvent(), r.nCensor()));
        }
        return new RiskSet(curve.group(), curve.stratum(), rows);
    }

    /** The rounded curve of {@code curve}: {@link #round} of its risk set, fitted with the same interval. */
    public static KmCurve round(KmCurve curve, int m) {
        return KaplanMeier.fit(round(riskSet(curve), m), curve.confType(), curve.confLevel());
    }
}
