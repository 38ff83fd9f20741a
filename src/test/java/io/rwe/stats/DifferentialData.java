package io.rwe.stats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random survival data sets for the differential test against R, generated from a fixed seed so every run
 * (and R) sees the same data. Each has subject rows (time, status, group, stratum) and a few parameters:
 * requested times for {@code summary(fit, times=)}, an RMST truncation time, a 2×2 table and a proportion.
 * The data sets are written once per JVM with {@link #write}; other differential tests (e.g. Cox models)
 * reuse them through {@link DifferentialReference}.
 *
 * <p>Mix: heavy ties (integer times from a small range, events and censorings at the same time, time 0),
 * continuous times, 1–5 groups with and without group effects (including near-complete separation, for
 * p-values far below 1e-300), 0–3 strata, event fractions from 0 (all censored) to 1, sizes from a
 * single subject to 10^5 rows.
 */
final class DifferentialData {

    static final long SEED = 20261127L;
    static final int COUNT = 220;

    /** One data set. {@code stratum[i]} is "" when the data set has no strata. */
    record Dataset(String id, double[] time, boolean[] event, String[] group, String[] stratum, double[] atTimes,
            double tau, long[][] table, long[][] rxc, long bx, long bn, double conf) {

        boolean stratified() {
            return stratum.length > 0 && !stratum[0].isEmpty();
        }
    }

    private DifferentialData() {
    }

    static List<Dataset> generate() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<Dataset> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            out.add(one(String.format(Locale.ROOT, "ds%03d", i), i, rnd.split()));
        }
        return out;
    }

    private static Dataset one(String id, int index, SplittableRandom r) {
        int n;
        if (index == 0) {
            n = 100_000;
        } else if (index <= 3) {
            n = 1;                                   // single subject
        } else if (index <= 6) {
            n = 3000 + r.nextInt(2000);              // separation: far-tail p-values
        } else {
            double u = r.nextDouble();
            n = u < 0.55 ? 1 + r.nextInt(20) : u < 0.9 ? 20 + r.nextInt(180) : 200 + r.nextInt(1800);
        }
        int k = index == 0 ? 3 : index <= 6 && index > 3 ? 2 : 1 + r.nextInt(5);
        int strata = index == 0 ? 3 : r.nextDouble() < 0.5 ? 0 : 1 + r.nextInt(3);
        int mode = index == 0 ? 0 : index <= 6 && index > 3 ? 3 : r.nextInt(3);
        int range = 1 + r.nextInt(30);
        double eventProb = switch (r.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            default -> r.nextDouble();
        };
        if (index <= 6 && index > 0) {
            eventProb = index <= 3 ? (index == 1 ? 0 : 1) : 0.9;
        }
        double[] effect = new double[k];
        for (int g = 0; g < k; g++) {
            effect[g] = r.nextDouble() < 0.5 ? 1.0 : Math.exp(r.nextGaussian());
        }
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        String[] group = new String[n];
        String[] stratum = new String[n];
        for (int i = 0; i < n; i++) {
            int g = r.nextInt(k);
            group[i] = String.valueOf((char) ('A' + g));
            stratum[i] = strata == 0 ? "" : "s" + (1 + r.nextInt(strata));
            double e = -Math.log(1 - r.nextDouble()) / effect[g];
            time[i] = switch (mode) {
                case 0 -> index == 0 ? 1 + r.nextInt(2000) : r.nextInt(range + 1);    // heavy ties, time 0
                case 1 -> Math.round(e * 1000) / 100.0;                              // continuous-ish
                case 2 -> Math.ceil(e * range / effect[g]);                           // ties with effects
                default -> g == 0 ? 1 + r.nextInt(50) : 1000 + r.nextInt(50);         // separation
            };
            event[i] = r.nextDouble() < eventProb;
        }
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double t : time) {
            max = Math.max(max, t);
            min = Math.min(min, t);
        }
        double[] at = {0, -1 + r.nextInt(3), Math.round(r.nextDouble() * max * 1.2 * 4) / 4.0,
            Math.round(r.nextDouble() * max * 4) / 4.0, max};
        double tau = min + Math.round((max * 1.1 - min) * r.nextDouble() * 4) / 4.0;
        int cap = new int[] {3, 10, 50, 500}[r.nextInt(4)];
        long[][] table = {{r.nextInt(cap + 1), r.nextInt(cap + 1)}, {r.nextInt(cap + 1), r.nextInt(cap + 1)}};
        if (table[0][0] + table[0][1] + table[1][0] + table[1][1] == 0) {
            table[1][1] = 1;
        }
        long[][] rxc = rxcTable(r);
        long bn = 1 + r.nextInt(200);
        long bx = r.nextInt((int) bn + 1);
        double conf = r.nextDouble() < 0.8 ? 0.95 : 0.9;
        return new Dataset(id, time, event, group, stratum, at, tau, table, rxc, bx, bn, conf);
    }

    /** A table of 2-3 rows and 3-4 columns (or 3 x 2) with small counts and no empty row or column. */
    private static long[][] rxcTable(SplittableRandom r) {
        int rows = 2 + r.nextInt(2);
        int cols = rows == 2 ? 3 + r.nextInt(2) : 2 + r.nextInt(3);
        int cap = 1 + r.nextInt(6);
        while (true) {
            long[][] t = new long[rows][cols];
            long[] rs = new long[rows];
            long[] cs = new long[cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[i][j] = r.nextInt(cap + 1);
                    rs[i] += t[i][j];
                    cs[j] += t[i][j];
                }
            }
            if (java.util.Arrays.stream(rs).allMatch(v -> v > 0) && java.util.Arrays.stream(cs).allMatch(v -> v > 0)) {
                return t;
            }
        }
    }

    /** "rows;cols;v11;v12;..." (row-major). */
    private static String rxc(long[][] t) {
        StringBuilder b = new StringBuilder().append(t.length).append(';').append(t[0].length);
        for (long[] row : t) {
            for (long v : row) {
                b.append(';').append(v);
            }
        }
        return b.toString();
    }

    /** Writes manifest.csv and one CSV per data set into {@code dir}. */
    static void write(List<Dataset> sets, Path dir) {
        try {
            Files.createDirectories(dir);
            try (BufferedWriter m = Files.newBufferedWriter(dir.resolve("manifest.csv"), StandardCharsets.UTF_8)) {
                m.write("id,file,at_times,tau,a,b,c,d,bx,bn,conf,rxc\n");
                for (Dataset d : sets) {
                    StringBuilder at = new StringBuilder();
                    for (double t : d.atTimes()) {
                        at.append(at.length() == 0 ? "" : ";").append(t);
                    }
                    m.write(String.join(",", d.id(), d.id() + ".csv", at, Double.toString(d.tau()),
                            Long.toString(d.table()[0][0]), Long.toString(d.table()[0][1]),
                            Long.toString(d.table()[1][0]), Long.toString(d.table()[1][1]),
                            Long.toString(d.bx()), Long.toString(d.bn()), Double.toString(d.conf()),
                            rxc(d.rxc())) + "\n");
                    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(d.id() + ".csv"),
                            StandardCharsets.UTF_8)) {
                        w.write("time,status,group,stratum\n");
                        for (int i = 0; i < d.time().length; i++) {
                            w.write(Double.toString(d.time()[i]));
                            w.write(d.event()[i] ? ",1," : ",0,");
                            w.write(d.group()[i]);
                            w.write(',');
                            w.write(d.stratum()[i]);
                            w.write('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
