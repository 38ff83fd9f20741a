package io.rwe.bench;

import io.rwe.jobs.Args;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.stats.ConfType;
import io.rwe.stats.CoxModel;
import io.rwe.stats.CoxResult;
import io.rwe.stats.KaplanMeier;
import io.rwe.stats.KmCurve;
import io.rwe.stats.LogRankResult;
import io.rwe.stats.LogRankTest;
import io.rwe.stats.RiskSet;
import io.rwe.survival.SurvivalOptions;
import io.rwe.survival.SurvivalReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test) of the driver-side statistics of {@code jobs/survival}: risk sets of
 * {@code times} distinct times × {@code groups} groups (default 10^5 × 3), then Kaplan–Meier of each
 * group, the k-group log-rank test and the Cox model, timed after a warm-up. Also times the whole
 * report (the same plus the JSON object of every table row). Prints one line per measure with the
 * median and the minimum over the rounds, and for the statistics also the CPU time of the thread (which,
 * unlike wall-clock time, does not grow when other processes compete for the cores).
 *
 * <p>Run by {@code bench/survival-bench.sh}; arguments: {@code [times] [groups] [rounds]}.
 */
public final class StatsBench {

    private StatsBench() {
    }

    public static void main(String[] argv) {
        int times = argv.length > 0 ? Integer.parseInt(argv[0]) : 100_000;
        int groups = argv.length > 1 ? Integer.parseInt(argv[1]) : 3;
        int rounds = argv.length > 2 ? Integer.parseInt(argv[2]) : 15;
        List<RiskSet> sets = riskSets(times, groups, 42);
        long rows = sets.stream().mapToLong(RiskSet::n).sum();
        System.out.printf(Locale.ROOT, "risk sets: %d groups x %d distinct times (%d subjects)%n", groups, times, rows);

        SurvivalOptions options = io.rwe.jobs.SurvivalJob.options(Args.parse(new String[] {"--input", "x", "--time", "t",
            "--event", "e", "--group", "g"}, SurvivalOptions.OPTIONS, Set.of()));
        RiskSetBuilder.Aggregate counts = new RiskSetBuilder.Aggregate(sets, 0, 0, null);

        double[] km = new double[rounds];
        double[] lr = new double[rounds];
        double[] cox = new double[rounds];
        double[] all = new double[rounds];
        double[] report = new double[rounds];
        double[] allCpu = new double[rounds];
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            sink += statistics(sets).chiSquare();
            sink += SurvivalReport.compute(options, counts).json().size();
        }
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<KmCurve> curves = new ArrayList<>();
            for (RiskSet rs : sets) {
                curves.add(KaplanMeier.fit(rs, ConfType.LOG, 0.95));
            }
            for (KmCurve c : curves) {
                sink += c.medianAsPrinted().time() + c.quantile(0.25).time() + c.rmst(c.lastTime()).estimate();
            }
            long t1 = System.nanoTime();
            LogRankResult test = LogRankTest.withDefaults().test(sets);
            long t2 = System.nanoTime();
            CoxResult fit = CoxModel.withDefaults().fit(sets);
            long t3 = System.nanoTime();
            allCpu[r] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
            sink += test.chiSquare() + fit.hr();
            km[r] = (t1 - t0) / 1e6;
            lr[r] = (t2 - t1) / 1e6;
            cox[r] = (t3 - t2) / 1e6;
            all[r] = (t3 - t0) / 1e6;
            long t4 = System.nanoTime();
            sink += SurvivalReport.compute(options, counts).json().size();
            report[r] = (System.nanoTime() - t4) / 1e6;
        }
        print("Kaplan-Meier (fit, median, quartile, RMST)", km);
        print("log-rank (k groups)", lr);
        print("Cox (Efron)", cox);
        print("statistics: KM + log-rank + Cox", all);
        print("  the same, CPU time of the thread", allCpu);
        print("whole report (statistics + JSON objects)", report);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static LogRankResult statistics(List<RiskSet> sets) {
        for (RiskSet rs : sets) {
            KaplanMeier.fit(rs, ConfType.LOG, 0.95).medianAsPrinted();
        }
        CoxModel.withDefaults().fit(sets);
        return LogRankTest.withDefaults().test(sets);
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-45s median %8.1f ms   min %8.1f ms%n", what, s[s.length / 2], s[0]);
    }

    /**
     * Risk sets with {@code times} distinct times per group: at each time 0–3 events and 0–2 censorings
     * (at least one of either), group g's event rate scaled by 1 + g/10 so the groups differ.
     */
    static List<RiskSet> riskSets(int times, int groups, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<RiskSet> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[] t = new double[times];
            long[] ev = new long[times];
            long[] ce = new long[times];
            for (int i = 0; i < times; i++) {
                t[i] = i + 1;
                ev[i] = rnd.nextDouble() < 0.5 * (1 + g / 10.0) ? 1 + rnd.nextInt(3) : 0;
                ce[i] = rnd.nextInt(3);
                if (ev[i] + ce[i] == 0) {
                    ce[i] = 1;
                }
            }
            out.add(RiskSet.fromCounts("g" + g, null, t, ev, ce));
        }
        return out;
    }
}
