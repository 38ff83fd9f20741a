package io.rwe.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The per-time sums of a Cox model whose only variable is the group ({@code coxph(Surv(t, e) ~ group +
 * strata(s))}), computed from risk sets instead of rows: the covariate is constant within a group, so
 * every row of group g at time t has the same x (the indicator of g's column; the reference has none)
 * and the same η_g = x'β, and the sums of {@link CoxTimeSums} are counts times constants:
 * <pre>
 *   Σw = Σ_g r_g·exp(η_g),  Σw·x_j = r_{g(j)}·exp(β_j),  Σw·x_i·x_j = [i = j]·Σw·x_j     (all rows, r_g = n_g at t)
 *   the same with d_g for the events;  Σx_j over events = d_{g(j)};  Ση over events = Σ_g d_g·η_g
 * </pre>
 * with r_g the rows of group g at time t (events and censorings) and d_g its events. This lets the
 * pure-Java fits ({@link CoxRegression}, {@link ProportionalHazardsTest}) run on what the risk-set
 * boundary collected, e.g. {@code cox.zph} of the group-only model of a comparison.
 */
public final class RiskSetCoxSums implements CoxSumsSource {

    /** The group counts of one (stratum, time). */
    private record Cell(String stratum, double time, long[] rows, long[] events) {
    }

    private final List<Cell> cells;
    private final int[] columnOfGroup;
    private final int p;

    /**
     * @param sets   the risk sets (one per group, or per group and stratum)
     * @param design one categorical variable whose levels are the groups of {@code sets}, reference first
     * @throws IllegalArgumentException the design is not one categorical variable, or a risk set's group is
     *                                  not one of its levels
     */
    public RiskSetCoxSums(List<RiskSet> sets, CoxDesign design) {
        if (design.variables().size() != 1 || design.variables().get(0).kind() != CoxDesign.Kind.CATEGORICAL) {
            throw new IllegalArgumentException("sums from risk sets need a design of one categorical variable, got "
                    + design.variables());
        }
        CoxDesign.Variable v = design.variables().get(0);
        List<String> levels = v.levels();
        p = design.columns().size();
        columnOfGroup = new int[levels.size()];
        for (int g = 0; g < levels.size(); g++) {
            columnOfGroup[g] = g - 1; // the reference (level 0) has no column; level g the column g − 1
        }
        Map<String, Integer> groupIndex = new HashMap<>();
        for (int g = 0; g < levels.size(); g++) {
            groupIndex.put(levels.get(g), g);
        }
        Map<String, TreeMap<Double, Cell>> byStratum = new HashMap<>();
        for (RiskSet rs : sets) {
            Integer g = groupIndex.get(rs.group());
            if (g == null) {
                throw new IllegalArgumentException("risk set of group '" + rs.group() + "' is not a level of "
                        + v.name() + " " + levels);
            }
            TreeMap<Double, Cell> times = byStratum.computeIfAbsent(rs.stratum() == null ? "\u0000" : rs.stratum(),
                    k -> new TreeMap<>());
            for (RiskRow r : rs.rows()) {
                Cell c = times.computeIfAbsent(r.time(),
                        t -> new Cell(rs.stratum(), t, new long[levels.size()], new long[levels.size()]));
                c.rows()[g] += r.events() + r.censored();
                c.events()[g] += r.events();
            }
        }
        cells = new ArrayList<>();
        byStratum.values().forEach(t -> cells.addAll(t.values()));
    }

    @Override
    public List<CoxTimeSums> at(double[] beta) {
        if (beta.length != p) {
            throw new IllegalArgumentException("β of " + beta.length + " coefficients for " + p + " columns");
        }
        int groups = columnOfGroup.length;
        double[] eta = new double[groups];
        double[] w = new double[groups];
        for (int g = 0; g < groups; g++) {
            eta[g] = columnOfGroup[g] < 0 ? 0 : beta[columnOfGroup[g]];
            w[g] = Math.exp(eta[g]);
        }
        List<CoxTimeSums> out = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            long rows = 0;
            long events = 0;
            double etaDead = 0;
            double etaMax = Double.NEGATIVE_INFINITY;
            double[] xDead = new double[p];
            for (int g = 0; g < groups; g++) {
                rows += c.rows()[g];
                events += c.events()[g];
                etaDead += c.events()[g] * eta[g];
                if (c.rows()[g] > 0) {
                    etaMax = Math.max(etaMax, eta[g]);
                }
                if (columnOfGroup[g] >= 0) {
                    xDead[columnOfGroup[g]] = c.events()[g];
                }
            }
            out.add(new CoxTimeSums(c.stratum(), c.time(), rows, events, moments(c.rows(), w), moments(c.events(), w),
                    xDead, etaDead, etaMax));
        }
        return out;
    }

    /** Σw, Σw·x, Σw·xx' of rows whose counts per group are {@code counts} (indicator columns: xx' diagonal). */
    private CoxTimeSums.Moments moments(long[] counts, double[] w) {
        double weight = 0;
        double[] wx = new double[p];
        double[] wxx = new double[p * (p + 1) / 2];
        for (int g = 0; g < counts.length; g++) {
            double cw = counts[g] * w[g];
            weight += cw;
            int j = columnOfGroup[g];
            if (j >= 0) {
                wx[j] = cw;
                wxx[CoxTimeSums.index(j, j)] = cw;
            }
        }
        return new CoxTimeSums.Moments(weight, wx, wxx);
    }

    /** The design of the group-only model: the categorical variable {@code group} with these levels. */
    public static CoxDesign groupDesign(String reference, List<String> others) {
        List<String> levels = new ArrayList<>();
        levels.add(Objects.requireNonNull(reference, "reference"));
        levels.addAll(others);
        return new CoxDesign(List.of(CoxDesign.categorical("group", levels)));
    }
}
