package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Test-side aggregation of patient-level arrays into risk sets (in production Spark does this), and
 * reading the data sets exported from R.
 */
public final class CoxFixtures {

    private CoxFixtures() {
    }

    /**
     * Risk sets of (time, event, group, stratum) rows: per group and stratum, the distinct times with
     * their events and censorings. {@code stratum} may be null (unstratified).
     */
    static List<RiskSet> riskSets(double[] time, boolean[] event, String[] group, String[] stratum) {
        Map<List<String>, TreeMap<Double, long[]>> cells = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0))
                        .thenComparing(k -> k.get(1), Comparator.nullsFirst(Comparator.naturalOrder())));
        for (int i = 0; i < time.length; i++) {
            List<String> key = Arrays.asList(group[i], stratum == null ? null : stratum[i]);
            long[] c = cells.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(time[i], x -> new long[2]);
            c[event[i] ? 0 : 1]++;
        }
        List<RiskSet> out = new ArrayList<>();
        for (Map.Entry<List<String>, TreeMap<Double, long[]>> e : cells.entrySet()) {
            int m = e.getValue().size();
            double[] t = new double[m];
            long[] d = new long[m];
            long[] c = new long[m];
            int i = 0;
            for (Map.Entry<Double, long[]> r : e.getValue().entrySet()) {
                t[i] = r.getKey();
                d[i] = r.getValue()[0];
                c[i] = r.getValue()[1];
                i++;
            }
            out.add(RiskSet.fromCounts(e.getKey().get(0), e.getKey().get(1), t, d, c));
        }
        return out;
    }

    /** Risk sets from integer codes, group and stratum given as labels. */
    static List<RiskSet> riskSets(double[] time, int[] event, String[] group) {
        boolean[] ev = new boolean[event.length];
        for (int i = 0; i < ev.length; i++) {
            ev[i] = event[i] != 0;
        }
        return riskSets(time, ev, group, null);
    }

    /** A CSV written by R's write.csv: header, quoted names, "NA" for missing. */
    public static final class Table {
        final List<String> header;
        final List<String[]> rows;

        Table(List<String> header, List<String[]> rows) {
            this.header = header;
            this.rows = rows;
        }

        int column(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name);
            }
            return i;
        }

        /** Rows where all the named columns are present (R's na.omit on the model's variables). */
        public Table complete(String... names) {
            List<String[]> kept = new ArrayList<>();
            for (String[] r : rows) {
                boolean ok = true;
                for (String n : names) {
                    ok &= r[column(n)] != null;
                }
                if (ok) {
                    kept.add(r);
                }
            }
            return new Table(header, kept);
        }

        public double[] doubles(String name) {
            int c = column(name);
            return rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
        }

        public String[] strings(String name) {
            int c = column(name);
            return rows.stream().map(r -> r[c]).toArray(String[]::new);
        }
    }

    public static Table readCsv(String resource) {
        try (InputStream in = Objects.requireNonNull(CoxFixtures.class.getResourceAsStream(resource), resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
            List<String> header = new ArrayList<>();
            for (String h : lines[0].split(",", -1)) {
                header.add(h.replace("\"", ""));
            }
            List<String[]> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                String[] f = lines[i].split(",", -1);
                for (int j = 0; j < f.length; j++) {
                    f[j] = f[j].replace("\"", "");
                    if (f[j].equals("NA") || f[j].isEmpty()) {
                        f[j] = null;
                    }
                }
                rows.add(f);
            }
            return new Table(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** |actual − expected| ≤ tol·|expected| (or ≤ tol when expected is 0). */
    static void assertRel(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN (R's NA), got " + actual);
            return;
        }
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double scale = expected == 0 ? 1 : Math.abs(expected);
        assertTrue(Math.abs(actual - expected) <= tol * scale,
                what + ": expected " + expected + ", got " + actual + " (relative error "
                        + Math.abs(actual - expected) / scale + ", tolerance " + tol + ")");
    }
}
