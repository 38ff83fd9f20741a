package io.rwe.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The k-sample log-rank test and its Fleming–Harrington G(ρ) family, as R's
 * {@code survdiff(Surv(time, status) ~ group + strata(s), rho=ρ)}.
 *
 * <p>Within each stratum, at every time t with d(t) &gt; 0 events among n(t) at risk (n_g, d_g per group),
 * the weight is w(t) = Ŝ(t−)^ρ, Ŝ the Kaplan–Meier estimate of the stratum's pooled data just before t
 * (ρ = 0: w = 1, the log-rank test; ρ = 1: the Peto–Peto modification of the Gehan–Wilcoxon test), and
 * <pre>
 *   O_g += w·d_g,   E_g += w·d·n_g/n,
 *   V_gh += w²·d(n − d)/(n(n − 1)) · n_g(δ_gh − n_h/n)     (no variance term when n = 1)
 * </pre>
 * summed over times and strata. The statistic is (O − E)ᵀ V⁻¹ (O − E) over the groups with E &gt; 0 (summed
 * over strata) after dropping the first of them; df is their number minus one; χ² = 0 when fewer than two
 * groups have E &gt; 0. p is the upper χ² tail, with ln p ({@link PValue}).
 *
 * <p>Differences from R: where the reduced variance matrix is singular R stops ("system is computationally
 * singular"); here a Moore–Penrose inverse is used and df is its rank. p is NaN when df &lt; 1 (R gives 0 for
 * df = 0). R merges times within floating-point tolerance ({@code timefix}); risk sets arrive with
 * distinct times already.
 */
public final class LogRankTest {

    private final double rho;

    private LogRankTest(double rho) {
        this.rho = rho;
    }

    /** The log-rank test (ρ = 0). */
    public static LogRankTest withDefaults() {
        return new LogRankTest(0);
    }

    /** A copy with Fleming–Harrington ρ (0: log-rank, 1: Peto–Peto); ρ ≥ 0. */
    public LogRankTest withRho(double newRho) {
        if (!(newRho >= 0) || Double.isInfinite(newRho)) {
            throw new IllegalArgumentException("rho must be a finite number >= 0, got " + newRho);
        }
        return new LogRankTest(newRho);
    }

    public double rho() {
        return rho;
    }

    /**
     * Tests equality of the survival curves of the groups of the given risk sets. Each risk set is one
     * (group, stratum) cell; groups are identified by {@link RiskSet#group()} and strata by
     * {@link RiskSet#stratum()} ({@code null} is one stratum like any other). Groups are reported in the
     * order of first appearance.
     *
     * @throws IllegalArgumentException with fewer than two groups or a repeated (group, stratum)
     */
    public LogRankResult test(List<RiskSet> riskSets) {
        List<String> groups = new ArrayList<>();
        Map<String, Map<String, RiskSet>> byStratum = new LinkedHashMap<>();
        for (RiskSet rs : riskSets) {
            if (!groups.contains(rs.group())) {
                groups.add(rs.group());
            }
            Map<String, RiskSet> cells = byStratum.computeIfAbsent(rs.stratum(), s -> new LinkedHashMap<>());
            if (cells.put(rs.group(), rs) != null) {
                throw new IllegalArgumentException("more than one risk set for group '" + rs.group()
                        + "' in stratum '" + rs.stratum() + "'");
            }
        }
        int k = groups.size();
        if (k < 2) {
            throw new IllegalArgumentException("the log-rank test needs at least two groups, got " + groups);
        }
        double[] obs = new double[k];
        double[] exp = new double[k];
        double[][] var = new double[k][k];
        for (Map<String, RiskSet> cells : byStratum.values()) {
            RiskSet[] cell = new RiskSet[k];
            for (Map.Entry<String, RiskSet> e : cells.entrySet()) {
                cell[groups.indexOf(e.getKey())] = e.getValue();
            }
            accumulateStratum(cell, obs, exp, var);
        }
        List<String> strata = new ArrayList<>(byStratum.keySet());
        boolean stratified = !(strata.size() == 1 && strata.get(0) == null);
        return finish(groups, stratified ? strata : null, obs, exp, var);
    }

    private void accumulateStratum(RiskSet[] cell, double[] obs, double[] exp, double[][] var) {
        int k = cell.length;
        double[] times = distinctTimes(cell);
        int[] pos = new int[k];
        long[] nAt = new long[k];
        long[] dAt = new long[k];
        double km = 1.0;
        for (double t : times) {
            long n = 0;
            long d = 0;
            for (int g = 0; g < k; g++) {
                nAt[g] = 0;
                dAt[g] = 0;
                if (cell[g] == null) {
                    continue;
                }
                List<RiskRow> rows = cell[g].rows();
                if (pos[g] < rows.size()) {
                    RiskRow r = rows.get(pos[g]);
                    nAt[g] = r.atRisk();
                    if (r.time() == t) {
                        dAt[g] = r.events();
                        pos[g]++;
                    }
                }
                n += nAt[g];
                d += dAt[g];
            }
            if (d == 0) {
                continue;
            }
            double w = rho == 0 ? 1.0 : Math.pow(km, rho);
            double nn = n;
            for (int g = 0; g < k; g++) {
                obs[g] += w * dAt[g];
                exp[g] += w * d * nAt[g] / nn;
            }
            if (n > 1) {
                double c = w * w * d * (nn - d) / (nn * (nn - 1));
                for (int i = 0; i < k; i++) {
                    if (nAt[i] == 0) {
                        continue;
                    }
                    double ci = c * nAt[i];
                    for (int j = 0; j < k; j++) {
                        var[i][j] += ci * ((i == j ? 1.0 : 0.0) - nAt[j] / nn);
                    }
                }
            }
            km *= (nn - d) / nn;
        }
    }

    private static double[] distinctTimes(RiskSet[] cell) {
        int total = 0;
        for (RiskSet rs : cell) {
            total += rs == null ? 0 : rs.rows().size();
        }
        double[] all = new double[total];
        int i = 0;
        for (RiskSet rs : cell) {
            if (rs != null) {
                for (RiskRow r : rs.rows()) {
                    all[i++] = r.time();
                }
            }
        }
        Arrays.sort(all);
        int u = 0;
        for (int j = 0; j < all.length; j++) {
            if (u == 0 || all[j] != all[u - 1]) {
                all[u++] = all[j];
            }
        }
        return Arrays.copyOf(all, u);
    }

    private LogRankResult finish(List<String> groups, List<String> strata, double[] obs, double[] exp,
            double[][] var) {
        int k = groups.size();
        int[] used = new int[k];
        int m = 0;
        for (int g = 0; g < k; g++) {
            if (exp[g] > 0) {
                used[m++] = g;
            }
        }
        double chi = 0;
        int df = m - 1;
        if (m >= 2) {
            int r = m - 1;
            RealMatrix vv = new Array2DRowRealMatrix(r, r);
            RealVector diff = new ArrayRealVector(r);
            for (int i = 0; i < r; i++) {
                diff.setEntry(i, obs[used[i + 1]] - exp[used[i + 1]]);
                for (int j = 0; j < r; j++) {
                    vv.setEntry(i, j, var[used[i + 1]][used[j + 1]]);
                }
            }
            DecompositionSolver solver = new LUDecomposition(vv, Double.MIN_NORMAL).getSolver();
            if (!solver.isNonSingular() || reciprocalCondition(vv, solver.getInverse()) < Math.ulp(1.0)) {
                // R's solve() stops here ("system is computationally singular")
                SingularValueDecomposition svd = new SingularValueDecomposition(vv);
                solver = svd.getSolver();
                df = svd.getRank();
            }
            chi = solver.solve(diff).dotProduct(diff);
        }
        PValue p = PValue.chiSquaredUpper(chi, df);
        return new LogRankResult(rho, groups, strata == null ? List.of() : strata, obs, exp, var, chi, df, p);
    }

    /** 1/(‖A‖₁·‖A⁻¹‖₁), the quantity LAPACK's dgecon estimates for R's singularity check. */
    private static double reciprocalCondition(RealMatrix a, RealMatrix inverse) {
        return 1 / (oneNorm(a) * oneNorm(inverse));
    }

    private static double oneNorm(RealMatrix m) {
        double max = 0;
        for (int j = 0; j < m.getColumnDimension(); j++) {
            double sum = 0;
            for (int i = 0; i < m.getRowDimension(); i++) {
                sum += Math.abs(m.getEntry(i, j));
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    @Override
    public String toString() {
        return "LogRankTest[rho=" + rho + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRankTest t && t.rho == rho;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rho);
    }
}
