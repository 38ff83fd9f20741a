package io.rwe.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-side reference of what Spark computes for a Cox regression (io.rwe.riskset.CoxSums): the design from
 * the rows' summaries, the encoded covariate matrix and the per-(stratum, time) sums at a β, all from
 * patient-level arrays held in memory. Rows are the complete cases the caller passes (R's na.omit done).
 */
public final class CoxRows {

    private final double[] time;
    private final boolean[] event;
    private final String[] stratum;
    private final List<CoxDesign.Variable> variables = new ArrayList<>();
    private final List<double[]> encoded = new ArrayList<>();

    /** Rows (time, event) with a stratum label each, or {@code stratum} null when unstratified. */
    public CoxRows(double[] time, boolean[] event, String[] stratum) {
        if (time.length != event.length || (stratum != null && stratum.length != time.length)) {
            throw new IllegalArgumentException("columns of different lengths");
        }
        this.time = time.clone();
        this.event = event.clone();
        this.stratum = stratum == null ? null : stratum.clone();
    }

    /** Adds a numeric variable: center, scale and the {−1, 0, 1} test computed as R's coxfit6. */
    public CoxRows numeric(String name, double[] x) {
        check(x.length);
        int n = x.length;
        double sum = 0;
        boolean unit = true;
        for (double v : x) {
            sum += v;
            unit &= v == -1 || v == 0 || v == 1;
        }
        double mean = sum / n;
        double abs = 0;
        for (double v : x) {
            abs += Math.abs(v - mean);
        }
        CoxDesign.Variable var = CoxDesign.numeric(name, n, mean, abs, unit);
        variables.add(var);
        CoxDesign.Column c = var.columns().get(0);
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            col[i] = c.encode(x[i]);
        }
        encoded.add(col);
        return this;
    }

    /** Adds a categorical variable; levels ordered by {@link CoxDesign#orderLevels} (preferred may be empty). */
    public CoxRows categorical(String name, String[] x, List<String> preferred, String reference) {
        check(x.length);
        LinkedHashSet<String> present = new LinkedHashSet<>(Arrays.asList(x));
        CoxDesign.Variable var = CoxDesign.categorical(name, CoxDesign.orderLevels(present, preferred, reference));
        variables.add(var);
        for (CoxDesign.Column c : var.columns()) {
            double[] col = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                col[i] = c.encode(c.level().equals(x[i]) ? 1 : 0);
            }
            encoded.add(col);
        }
        return this;
    }

    private void check(int n) {
        if (n != time.length) {
            throw new IllegalArgumentException("a covariate of " + n + " rows for " + time.length + " rows");
        }
    }

    public CoxDesign design() {
        return new CoxDesign(variables);
    }

    /** The encoded value of row i, column j. */
    public double x(int i, int j) {
        return encoded.get(j)[i];
    }

    /** The per-time sums source over these rows. */
    public CoxSumsSource source() {
        return this::sums;
    }

    /** Σ per (stratum, time) at β, in the order the map gives (stratum, then time increasing). */
    public List<CoxTimeSums> sums(double[] beta) {
        int p = encoded.size();
        int packed = p * (p + 1) / 2;
        Map<String, TreeMap<Double, double[]>> cells = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        // layout: rows, events, wAll, wxAll[p], wxxAll[packed], wDead, wxDead[p], wxxDead[packed], xDead[p],
        // etaDead, etaMax
        int width = 3 + p + packed + 1 + p + packed + p + 2;
        double[] x = new double[p];
        for (int i = 0; i < time.length; i++) {
            String s = stratum == null ? null : stratum[i];
            double[] c = cells.computeIfAbsent(s, k -> new TreeMap<>()).computeIfAbsent(time[i], t -> {
                double[] z = new double[width];
                z[width - 1] = Double.NEGATIVE_INFINITY;
                return z;
            });
            double eta = 0;
            for (int j = 0; j < p; j++) {
                x[j] = encoded.get(j)[i];
                eta += beta[j] * x[j];
            }
            double w = Math.exp(eta);
            c[0] += 1;
            int o = 2;
            o = moments(c, o, w, x);
            if (event[i]) {
                c[1] += 1;
                o = moments(c, o, w, x);
                for (int j = 0; j < p; j++) {
                    c[o + j] += x[j];
                }
                c[width - 2] += eta;
            }
            c[width - 1] = Math.max(c[width - 1], eta);
        }
        List<CoxTimeSums> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, double[]>> st : cells.entrySet()) {
            for (Map.Entry<Double, double[]> e : st.getValue().entrySet()) {
                double[] c = e.getValue();
                int o = 2;
                CoxTimeSums.Moments all = new CoxTimeSums.Moments(c[o], Arrays.copyOfRange(c, o + 1, o + 1 + p),
                        Arrays.copyOfRange(c, o + 1 + p, o + 1 + p + packed));
                o += 1 + p + packed;
                CoxTimeSums.Moments dead = new CoxTimeSums.Moments(c[o], Arrays.copyOfRange(c, o + 1, o + 1 + p),
                        Arrays.copyOfRange(c, o + 1 + p, o + 1 + p + packed));
                o += 1 + p + packed;
                out.add(new CoxTimeSums(st.getKey(), e.getKey(), (long) c[0], (long) c[1], all, dead,
                        Arrays.copyOfRange(c, o, o + p), c[width - 2], c[width - 1]));
            }
        }
        return out;
    }

    /** Adds w, w·x, w·xx' at offset o; returns the offset after them. */
    private static int moments(double[] c, int o, double w, double[] x) {
        int p = x.length;
        c[o] += w;
        for (int j = 0; j < p; j++) {
            c[o + 1 + j] += w * x[j];
        }
        int base = o + 1 + p;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                c[base + CoxTimeSums.index(i, j)] += w * x[i] * x[j];
            }
        }
        return base + p * (p + 1) / 2;
    }

    /**
     * R's {@code lung} for {@code ~ sex + age + factor(ph.ecog) + wt.loss} (sex and age numeric), the rows
     * complete in the model's variables (R's na.omit), stratified by {@code inst} when asked (and then
     * complete in it too).
     */
    public static CoxRows lung(boolean byInstitution) {
        CoxFixtures.Table t = byInstitution
                ? complete("/r-data/lung.csv", "time", "status", "sex", "age", "ph.ecog", "wt.loss", "inst")
                : complete("/r-data/lung.csv", "time", "status", "sex", "age", "ph.ecog", "wt.loss");
        return new CoxRows(t.doubles("time"), events(t.doubles("status"), 2), byInstitution ? t.strings("inst") : null)
                .numeric("sex", t.doubles("sex"))
                .numeric("age", t.doubles("age"))
                .categorical("ph.ecog", t.strings("ph.ecog"), List.of(), null)
                .numeric("wt.loss", t.doubles("wt.loss"));
    }

    /** Rows of an R-exported CSV complete in {@code columns} (na.omit), as a table. */
    public static CoxFixtures.Table complete(String resource, String... columns) {
        return CoxFixtures.readCsv(resource).complete(columns);
    }

    public static boolean[] events(double[] status, double eventCode) {
        boolean[] e = new boolean[status.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = status[i] == eventCode;
        }
        return e;
    }
}
