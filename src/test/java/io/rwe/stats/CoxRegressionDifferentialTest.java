package io.rwe.stats;

import static io.rwe.stats.RCoxFits.check;
import static io.rwe.stats.RCoxFits.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized differential test of {@link CoxRegression} and its {@link ProportionalHazardsTest} against R's
 * {@code coxph} and {@code cox.zph}: {@value #DATASETS} random data sets (fixed seed) with a 2–3 level group,
 * a numeric age, a 0/1 numeric, a 2–4 level factor and, by scenario, a column collinear with age
 * ({@code dup = 2·age + 1}), a covariate constant within every stratum ({@code site}), a factor level without
 * events (an infinite coefficient), separation by the 0/1 column (non-convergence or "may be infinite"),
 * tiny data sets; heavy ties (integer grids of 3…50 times) or 2-decimal times; 0 or 2–3 strata; Efron and
 * Breslow. One Rscript process ({@code src/test/resources/r/cox-regression-all.R}) fits them all; the Java fit
 * works from the per-time sums of the same rows ({@link CoxRows}).
 *
 * <p>Tolerances: as {@link CoxRandomizedDifferentialTest} (1e-9 relative; ℓ and the LR test with R's own
 * summation error n·events·ε; a coefficient to 1e-9·max(|β|, se)); where R warns that a coefficient may be
 * infinite or ran out of iterations, coefficients, standard errors and the Wald test to 1e-5, ℓ(β̂) and the LR
 * test to 1e-5 of |ℓ(0)|, and the PH test is not compared (it is evaluated at a β̂ on the way to infinity);
 * coefficients that the data do not determine (see {@link #determined}) are not compared at all. When R and
 * Java mark different coefficients NA, the data set must be one whose information at β = 0 is singular by
 * chance (not by construction): the choice of pivot is then rounding noise, and only ℓ, LR, score and df are
 * compared. Without Rscript the test fails when CI is set and is skipped otherwise.
 */
class CoxRegressionDifferentialTest {

    private static final long SEED = 20261204L;
    private static final int DATASETS = 300;
    private static final double TOL = 1e-9;
    private static final double TOL_INFINITE = 1e-5;
    private static final String[] SCENARIOS = {"plain", "silent-level", "collinear", "constant-in-stratum",
        "separation", "tiny", "plain", "breslow-heavy-ties"};

    @TempDir
    Path dir;

    record Term(String name, boolean categorical, List<String> levels) {
        String manifest() {
            return categorical ? "C:" + name + ":" + String.join("|", levels) : "N:" + name;
        }
    }

    /** A data set; {@code reversed} holds the same rows with the variables in the reverse order. */
    record Spec(int id, String scenario, int n, int strata, CoxModel.Ties ties, List<Term> terms, Path file,
            CoxRows rows, CoxRows reversed) {
    }

    @Test
    void coxRegressionAndZphMatchROnRandomData() throws Exception {
        RCoxFits.requireRscript();
        // -Dcox.regression.differential.dir=FOLDER keeps the data sets and R's output there, for a look by hand
        String keep = System.getProperty("cox.regression.differential.dir");
        if (keep != null) {
            dir = Files.createDirectories(Path.of(keep));
        }
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(SEED);
        List<Spec> specs = new ArrayList<>();
        for (int id = 0; id < DATASETS; id++) {
            specs.add(generate(id, rng.split()));
        }
        Path manifest = dir.resolve("manifest.csv");
        try (BufferedWriter w = Files.newBufferedWriter(manifest)) {
            w.write("id,file,ties,stratified,terms\n");
            for (Spec s : specs) {
                w.write(s.id() + "," + s.file() + "," + s.ties().rName() + "," + (s.strata() > 0 ? 1 : 0) + ","
                        + String.join(";", s.terms().stream().map(Term::manifest).toList()) + "\n");
            }
        }
        long t1 = System.nanoTime();
        RCoxFits.Output output = RCoxFits.run(dir, "cox-regression-all.R", manifest);
        long t2 = System.nanoTime();
        Map<Integer, Map<String, String>> r = output.values();
        Map<Integer, List<String>> rWarnings = output.warnings();
        assertEquals(DATASETS, r.size(), "R answered for every data set");
        List<String> failures = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (Spec s : specs) {
            Map<String, String> rs = r.get(s.id());
            if (rs.containsKey("fit.error")) {
                count(seen, "R could not fit");
                continue;
            }
            CoxRegressionResult j = CoxRegression.withDefaults().with(s.ties()).fit(s.rows().design(),
                    s.rows().source());
            compare(s, rs, rWarnings.getOrDefault(s.id(), List.of()), j, failures, seen);
        }
        long t3 = System.nanoTime();
        System.out.printf("Cox regression differential: %d data sets %s; write %.1f s, R %.1f s, Java %.1f s%n",
                DATASETS, seen, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        if (!failures.isEmpty()) {
            fail(failures.size() + " differences from R, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
        assertTrue(seen.getOrDefault("ran out of iterations", 0) >= 10, "non-convergence occurs");
        assertTrue(seen.getOrDefault("converged, may be infinite", 0) >= 10, "infinite coefficients occur");
        assertTrue(seen.getOrDefault("NA coefficient", 0) >= 40, "collinear and stratum-constant columns occur");
        assertTrue(seen.getOrDefault("PH test compared", 0) >= 150, "PH tests compared");
    }

    private static void count(Map<String, Integer> seen, String what) {
        seen.merge(what, 1, Integer::sum);
    }

    private static void compare(Spec s, Map<String, String> r, List<String> warns, CoxRegressionResult j,
            List<String> failures, Map<String, Integer> seen) {
        String where = "data set " + s.id() + " (" + s.scenario() + ", n=" + s.n() + ", strata=" + s.strata() + ", "
                + s.ties().rName() + ")";
        boolean inf = !warns.isEmpty();
        if (inf) {
            count(seen, "R warned");
            count(seen, warns.get(0).startsWith("Ran out") ? "ran out of iterations" : "converged, may be infinite");
        }
        double tol = inf ? TOL_INFINITE : TOL;
        if (num(r.get("n")) != j.n() || num(r.get("events")) != j.events()) {
            failures.add(where + ": n/events R " + r.get("n") + "/" + r.get("events") + ", Java " + j.n() + "/"
                    + j.events());
        }
        double ll0 = num(r.get("loglik0"));
        double lrAbs = 1e-12 * Math.abs(ll0) + (double) s.n() * j.events() * Math.ulp(1.0);
        double quadAbs = 1e-12 * Math.max(1, j.events());
        check(failures, where, "loglik0", ll0, j.loglikNull(), TOL, lrAbs);
        // on the way to an infinite coefficient ℓ₁ is where the iteration stopped: known to 1e-5 of |ℓ₀|
        double llAbs = inf ? lrAbs + TOL_INFINITE * Math.abs(ll0) : lrAbs;
        check(failures, where, "loglik1", num(r.get("loglik1")), j.loglik(), tol, llAbs);
        check(failures, where, "lr", num(r.get("lr")), j.likelihoodRatio().chisq(), tol, 2 * llAbs);
        check(failures, where, "score", num(r.get("score")), j.score().chisq(), TOL, quadAbs);
        check(failures, where, "score.p", num(r.get("score.p")), j.score().p(), TOL, 1e-12);
        if ((int) num(r.get("df")) != j.likelihoodRatio().df()) {
            failures.add(where + ": df R " + r.get("df") + ", Java " + j.likelihoodRatio().df());
        }
        if ((int) num(r.get("iter")) != j.iterations()) {
            failures.add(where + ": iterations R " + r.get("iter") + ", Java " + j.iterations());
        }
        int p = j.coefficients().size();
        boolean sameNa = true;
        boolean anyNa = false;
        for (int c = 0; c < p; c++) {
            boolean rNa = Double.isNaN(num(r.get("coef." + (c + 1))));
            sameNa &= rNa == Double.isNaN(j.coefficients().get(c).coef());
            anyNa |= rNa;
        }
        if (anyNa) {
            count(seen, "NA coefficient");
        }
        if (!sameNa) {
            count(seen, "NA chosen by rounding (singular by chance)");
            if (!singularAtZero(s)) {
                failures.add(where + ": NA coefficients differ, R " + r + ", Java " + j.coefficients());
            }
            return;
        }
        if (inf && !determined(s, j)) {
            count(seen, "coefficients not determined by the data");
            return;
        }
        check(failures, where, "wald", num(r.get("wald")), j.wald().chisq(), tol, quadAbs);
        for (int c = 0; c < p; c++) {
            CoxRegressionResult.Coefficient jc = j.coefficients().get(c);
            double rb = num(r.get("coef." + (c + 1)));
            double rse = num(r.get("se." + (c + 1)));
            double scale = inf ? Math.max(1, Math.abs(rb)) : Math.max(Math.abs(rb), rse);
            check(failures, where, "coef " + jc.term(), rb, jc.coef(), 0, tol * scale);
            check(failures, where, "se " + jc.term(), rse, jc.se(), tol, 0);
        }
        RCoxFits.checkWarnings(failures, where, warns, j.warnings());
        if (inf || j.phTest() == null) {
            return;
        }
        if (r.containsKey("zph.error")) {
            // R's solve() refuses a computationally singular system (all seen: reciprocal condition ~1e-20 or
            // exactly singular); so must the Java test, for some variable or the global test
            count(seen, "R's cox.zph refused a singular system");
            boolean refused = Double.isNaN(j.phTest().global().chisq());
            for (ChiSquareStatistic t : j.phTest().terms().values()) {
                refused |= Double.isNaN(t.chisq());
            }
            if (!refused) {
                failures.add(where + ": R's cox.zph failed, Java gives " + j.phTest());
            }
            return;
        }
        count(seen, "PH test compared");
        List<String> rows = new ArrayList<>(j.phTest().terms().keySet());
        rows.add("GLOBAL");
        for (String v : rows) {
            ChiSquareStatistic t = v.equals("GLOBAL") ? j.phTest().global() : j.phTest().terms().get(v);
            String key = "zph." + v + ".";
            if (!r.containsKey(key + "chisq")) {
                failures.add(where + ": R has no PH row " + v);
                continue;
            }
            check(failures, where, key + "chisq", num(r.get(key + "chisq")), t.chisq(), 1e-8, 1e-12);
            check(failures, where, key + "p", num(r.get(key + "p")), t.p(), 1e-8, 1e-12);
            if ((int) num(r.get(key + "df")) != t.df()) {
                failures.add(where + ": " + key + "df R " + r.get(key + "df") + ", Java " + t.df());
            }
        }
    }

    /**
     * Whether the coefficients are determined by the data: the same fit with the variables in the reverse
     * order gives the same coefficients (to 1e-5). Where more coefficients than the data can pin down run off
     * along a flat direction of ℓ, they are not: R's own coefficients then change entirely with the order of
     * the formula's terms (data set 5: {@code group + age + bin + cat} gives β_age = −1.75, the same with age
     * last 0.105), because each Newton step amplifies rounding by the information's condition number.
     */
    private static boolean determined(Spec s, CoxRegressionResult j) {
        CoxRegressionResult rev = CoxRegression.withDefaults().with(s.ties()).fit(s.reversed().design(),
                s.reversed().source());
        for (CoxRegressionResult.Coefficient c : j.coefficients()) {
            double other = rev.coefficient(c.term()).coef();
            if (!(Math.abs(other - c.coef()) <= TOL_INFINITE * Math.max(1, Math.abs(c.coef())))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the information at β = 0 is already singular (some pivot zero): a design singular by chance. */
    private static boolean singularAtZero(Spec s) {
        CoxRegressionResult at0 = CoxRegression.of(CoxRegression.Options.withDefaults().withTies(s.ties())
                .withIterMax(0)).fit(s.rows().design(), s.rows().source());
        for (int c = 0; c < at0.coefficients().size(); c++) {
            if (at0.variance(c, c) == 0) {
                return true;
            }
        }
        return false;
    }

    /** One random data set: written for R, and the same rows as a {@link CoxRows}. */
    private Spec generate(int id, SplittableRandom rng) throws IOException {
        String scenario = SCENARIOS[id % SCENARIOS.length];
        int n = scenario.equals("tiny") ? 3 + rng.nextInt(8) : id % 10 == 9 ? 500 + rng.nextInt(2500)
                : 15 + rng.nextInt(300);
        int strata = scenario.equals("constant-in-stratum") ? 2 + rng.nextInt(2)
                : rng.nextInt(10) < 4 ? 2 + rng.nextInt(2) : 0;
        int grid = scenario.equals("breslow-heavy-ties") ? 3 : new int[] {3, 10, 50, 0}[rng.nextInt(4)];
        CoxModel.Ties ties = scenario.equals("breslow-heavy-ties") || id % 3 == 1 ? CoxModel.Ties.BRESLOW
                : CoxModel.Ties.EFRON;
        int k = 2 + rng.nextInt(2);
        int levels = 2 + rng.nextInt(3);
        double[] bg = {0, rng.nextGaussian() * 0.5, rng.nextGaussian() * 0.5};
        double[] bc = {0, rng.nextGaussian() * 0.5, rng.nextGaussian() * 0.5, rng.nextGaussian() * 0.5};
        double censoring = new double[] {0, 0.2, 0.5}[rng.nextInt(3)];
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        String[] stratum = new String[n];
        String[] group = new String[n];
        double[] age = new double[n];
        double[] bin = new double[n];
        String[] cat = new String[n];
        double[] extra = new double[n];
        for (int i = 0; i < n; i++) {
            int g = i < k ? i : rng.nextInt(k);
            int c = i < levels ? i : rng.nextInt(levels);
            int st = strata > 0 ? rng.nextInt(strata) : 0;
            age[i] = 40 + rng.nextInt(45);
            bin[i] = rng.nextInt(2);
            double lp = bg[g] + 0.03 * (age[i] - 60) + 0.5 * bin[i] + bc[c] + 0.3 * st;
            double raw = -Math.log(1 - rng.nextDouble()) / Math.exp(lp);
            double t = grid == 0 ? Math.round(raw * 100) / 100.0 : Math.min(grid, Math.floor(raw * grid / 2));
            boolean e = rng.nextDouble() >= censoring;
            if (scenario.equals("separation")) {
                t = bin[i] == 1 ? 1 + rng.nextInt(3) : 10 + rng.nextInt(20);
                e = bin[i] == 1 || rng.nextDouble() < 0.3;
            }
            if (scenario.equals("silent-level") && c == levels - 1) {
                e = false;
            }
            time[i] = t;
            event[i] = e;
            stratum[i] = "s" + (st + 1);
            group[i] = "g" + (g + 1);
            cat[i] = "c" + (c + 1);
            extra[i] = scenario.equals("collinear") ? 2 * age[i] + 1 : st + 1;
        }
        String reference = rng.nextInt(5) == 0 ? "g2" : "g1";
        List<String> groupLevels = CoxDesign.orderLevels(new LinkedHashSet<>(List.of(group)), List.of(),
                List.of(group).contains(reference) ? reference : null);
        List<String> catLevels = CoxDesign.orderLevels(new LinkedHashSet<>(List.of(cat)), List.of(), null);
        String extraName = scenario.equals("collinear") ? "dup" : scenario.equals("constant-in-stratum") ? "site" : null;
        List<Term> terms = new ArrayList<>(List.of(new Term("group", true, groupLevels),
                new Term("age", false, List.of()), new Term("bin", false, List.of()), new Term("cat", true, catLevels)));
        if (extraName != null) {
            terms.add(new Term(extraName, false, List.of()));
        }
        Map<String, Object> values = Map.of("group", group, "age", age, "bin", bin, "cat", cat, "extra", extra);
        CoxRows rows = new CoxRows(time, event, strata > 0 ? stratum : null);
        CoxRows reversed = new CoxRows(time, event, strata > 0 ? stratum : null);
        for (int t = 0; t < terms.size(); t++) {
            add(rows, terms.get(t), values);
            add(reversed, terms.get(terms.size() - 1 - t), values);
        }
        Path file = dir.resolve("d" + id + ".csv");
        StringBuilder sb = new StringBuilder("time,status,stratum,group,age,bin,cat" + (extraName == null ? ""
                : "," + extraName) + "\n");
        for (int i = 0; i < n; i++) {
            sb.append(time[i]).append(',').append(event[i] ? 1 : 0).append(',').append(stratum[i]).append(',')
                    .append(group[i]).append(',').append(age[i]).append(',').append(bin[i]).append(',').append(cat[i]);
            if (extraName != null) {
                sb.append(',').append(extra[i]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return new Spec(id, scenario, n, strata, ties, terms, file, rows, reversed);
    }

    private static void add(CoxRows rows, Term t, Map<String, Object> values) {
        if (t.categorical()) {
            rows.categorical(t.name(), (String[]) values.get(t.name()), t.levels(), null);
        } else {
            rows.numeric(t.name(), (double[]) values.getOrDefault(t.name(), values.get("extra")));
        }
    }
}
