package io.rwe.synth;

import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Textbook Kaplan–Meier median and two-group log-rank for the tests (independent of io.rwe.stats):
 * the median as R's survfit reports it (the first time S(t) ≤ 0.5; the mid-point to the next event
 * time when S(t) is exactly 0.5), the log-rank O, E and hypergeometric V of the first group, χ² =
 * (O−E)²/V and the HR exp((O−E)/V).
 */
final class PlainSurvival {
    private PlainSurvival() {
    }

    static double median(List<StudyOracle.Time> times) {
        TreeSet<Integer> events = new TreeSet<>();
        for (StudyOracle.Time t : times) {
            if (t.event()) {
                events.add(t.days());
            }
        }
        double s = 1;
        for (int time : events) {
            long atRisk = times.stream().filter(t -> t.days() >= time).count();
            long d = times.stream().filter(t -> t.event() && t.days() == time).count();
            s *= 1 - (double) d / atRisk;
            if (Math.abs(s - 0.5) < 1e-12) {
                Integer next = events.higher(time);
                return next == null ? time : (time + next) / 2.0;
            }
            if (s < 0.5) {
                return time;
            }
        }
        return Double.NaN;
    }

    /** {O, E, V, chisq, p, HR} of group {@code a} against group {@code b}. */
    static double[] logRank(List<StudyOracle.Time> a, List<StudyOracle.Time> b) {
        TreeSet<Integer> times = new TreeSet<>();
        a.stream().filter(StudyOracle.Time::event).forEach(t -> times.add(t.days()));
        b.stream().filter(StudyOracle.Time::event).forEach(t -> times.add(t.days()));
        double o = 0;
        double e = 0;
        double v = 0;
        for (int time : times) {
            double n1 = a.stream().filter(t -> t.days() >= time).count();
            double n2 = b.stream().filter(t -> t.days() >= time).count();
            double d1 = a.stream().filter(t -> t.event() && t.days() == time).count();
            double d = d1 + b.stream().filter(t -> t.event() && t.days() == time).count();
            double n = n1 + n2;
            o += d1;
            e += d * n1 / n;
            if (n > 1) {
                v += d * (n1 / n) * (n2 / n) * (n - d) / (n - 1);
            }
        }
        double chisq = (o - e) * (o - e) / v;
        double p = 1 - new ChiSquaredDistribution(1).cumulativeProbability(chisq);
        return new double[] {o, e, v, chisq, p, Math.exp((o - e) / v)};
    }
}
