package io.rwe.derive;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.rwe.TestSpark;
import io.rwe.analyze.AnalyzeStage;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.naaccr.NaaccrGenerated;
import io.rwe.ingest.naaccr.NaaccrIngest;
import io.rwe.ingest.naaccr.NaaccrModel;
import io.rwe.ingest.naaccr.NaaccrSettings;
import io.rwe.riskset.CoxCovariates;
import io.rwe.riskset.CoxSums;
import io.rwe.stats.CoxRegression;
import io.rwe.stats.CoxRegressionResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NAACCR study (conf/study-naaccr-hcc-lung.conf; docs/study.md, "The NAACCR study") on a registry
 * written by the NAACCR data generator, against R: {@code src/test/resources/r/naaccr-study.R} reads the
 * same XML file's items with xml2 and applies the study's rules in R (written from the rules, not from
 * the study file's expressions), then {@code survfit}, {@code survdiff}, {@code coxph(ties = "efron")}
 * and {@code coxph(Surv(t, e) ~ group + age + sex)}. Every expected number below comes from that R run:
 * the flow and Table 1 counts exactly, the survival statistics to 1e-9 relative, Cox fits to 1e-6.
 *
 * <p>The registry's size: by default about 1,500 tumors with the generator's own number of tumors per
 * patient, read in byte ranges of 256 KiB (many tasks); with {@code -Dtest.naaccr-r.patients=N}, N
 * patients of one tumor each, read in the default byte ranges (the 10^5 run of docs/naaccr.md, "Tests").
 */
class NaaccrStudyAgainstRTest {
    /** The system property giving the number of patients (one tumor each) instead of the small default registry. */
    static final String PATIENTS = "test.naaccr-r.patients";
    @TempDir
    static Path tmp;
    static Map<String, Object> results;
    static Dataset<Row> cohort;
    static Map<String, Double> r;
    static DerivedCohort derived;

    @BeforeAll
    static void runBoth() throws Exception {
        requireRscriptWithXml2();
        SparkSession spark = TestSpark.session();
        String size = System.getProperty(PATIENTS, "");
        Path file = tmp.resolve("extracts/2024-06-30/registry.xml");
        Path xml = size.isEmpty() ? NaaccrGenerated.hcc(31).write(file, 1500)
                : NaaccrGenerated.hcc(31).tumorsPerPatient(1).write(file, Integer.parseInt(size));
        long t0 = System.nanoTime();
        NaaccrSettings settings = NaaccrSettings.fromConfig(com.typesafe.config.ConfigFactory.empty());
        Path warehouse = tmp.resolve("warehouse");
        IngestResult in = NaaccrIngest.run(spark, size.isEmpty() ? settings.withSplitBytes(256 << 10) : settings,
                tmp.resolve("extracts"), warehouse, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, in.accounting().rowsQuarantined(), "every generated record is valid: R reads them all");
        if (!size.isEmpty()) {
            assertEquals(Long.parseLong(size), in.accounting().rowsRead(), "patients read");
        }
        Path base = Path.of(System.getProperty("project.basedir", "."));
        Config config = Configs.load(Optional.of(base.resolve("conf/study-naaccr-hcc-lung.conf")));
        derived = Derive.run(spark, config, Pseudonym.withKey("test-key-0123456789"), warehouse, s -> { });
        cohort = derived.cohort().cache();
        JsonNode flow = Json.read(Json.write(derived.flow().toJson()));
        results = AnalyzeStage.run(spark, config, cohort, derived.adverseEvents(), flow, NaaccrModel.FACTS).results();
        long t1 = System.nanoTime();
        r = runR(xml);
        System.out.printf(java.util.Locale.ROOT, "NAACCR study against R: %d patients; ingest, derive, analyze %.1f s; R %.1f s%n",
                in.accounting().rowsRead(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void release() {
        if (cohort != null) {
            cohort.unpersist();
            derived.close();
        }
    }

    static void requireRscriptWithXml2() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder("Rscript", "-e",
                    "suppressPackageStartupMessages({library(survival); library(xml2)})").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        if (!present && System.getenv("CI") != null) {
            fail("Rscript with the survival and xml2 packages is required in CI");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "Rscript with survival and xml2 not found: skipped");
    }

    static Map<String, Double> runR(Path xml) throws Exception {
        Path script = tmp.resolve("naaccr-study.R");
        try (var in = NaaccrStudyAgainstRTest.class.getResourceAsStream("/r/naaccr-study.R")) {
            Files.copy(in, script);
        }
        Path out = tmp.resolve("r-out.txt");
        Process p = new ProcessBuilder("Rscript", "--vanilla", script.toString(), out.toString(), xml.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("r.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("Rscript failed: " + Files.readString(tmp.resolve("r.log")));
        }
        Map<String, Double> m = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            int sp = line.lastIndexOf(' ');
            String v = line.substring(sp + 1);
            m.put(line.substring(0, sp), v.equals("NA") ? Double.NaN : Double.parseDouble(v));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Object at(String path) {
        Object o = results;
        for (String k : path.split("\\.")) {
            if (k.matches("\\[\\d+\\]")) {
                o = ((List<Object>) o).get(Integer.parseInt(k.substring(1, k.length() - 1)));
            } else {
                o = ((Map<String, Object>) o).get(k);
            }
            if (o == null) {
                fail("results.json has no " + path);
            }
        }
        return o;
    }

    static double num(String path) {
        return ((Number) at(path)).doubleValue();
    }

    static double rv(String key) {
        Double v = r.get(key);
        if (v == null) {
            fail("R gave no " + key);
        }
        return v;
    }

    static void close(List<String> failures, String what, double expected, double actual, double rel) {
        boolean ok = Double.isNaN(expected) ? Double.isNaN(actual)
                : Math.abs(expected - actual) <= rel * Math.max(1e-300, Math.abs(expected)) || expected == actual;
        if (!ok) {
            failures.add(what + ": R " + expected + ", ours " + actual);
        }
    }

    static void check(List<String> failures) {
        if (!failures.isEmpty()) {
            fail(failures.size() + " differences from R:\n" + String.join("\n", failures));
        }
    }

    @Test
    void theFlowAndThePatternsAreRs() {
        List<String> f = new ArrayList<>();
        close(f, "reviewed", rv("flow/reviewed"), num("cohort_flow.reviewed"), 0);
        for (String s : List.of("not_eligible", "mets_unknown", "no_distant_metastasis", "survival_unknown")) {
            close(f, s, rv("flow/excluded/" + s), num("cohort_flow.excluded." + s), 0);
        }
        close(f, "included", rv("flow/included"), num("cohort_flow.included"), 0);
        for (String p : List.of("lung_only", "multi_organ", "non_lung")) {
            close(f, p, rv("flow/patterns/" + p), num("cohort_flow.patterns." + p), 0);
        }
        check(f);
        // Every step and pattern occurs in this registry: each rule was exercised.
        for (String k : r.keySet()) {
            if (k.startsWith("flow/")) {
                assertTrue(rv(k) > 0, k + " is 0: the generated registry does not exercise it");
            }
        }
    }

    @Test
    void tableOneIsRs() {
        List<String> f = new ArrayList<>();
        close(f, "n", rv("baseline/n"), num("baseline.n"), 0);
        for (String a : List.of("median", "min", "max")) {
            close(f, "age " + a, rv("baseline/age/" + a), num("baseline.age." + a), 0);
        }
        for (String c : List.of("<65", ">=65")) {
            close(f, "age_group " + c, rv("baseline/age_group/" + c), num("baseline.variables.age_group." + c + ".n"), 0);
        }
        for (String c : List.of("M", "F")) {
            close(f, "sex " + c, rv("baseline/sex/" + c), num("baseline.variables.sex." + c + ".n"), 0);
        }
        close(f, "lung yes", rv("baseline/lung_metastasis/yes"), num("baseline.variables.lung_metastasis.yes.n"), 0);
        close(f, "lung no", rv("baseline/lung_metastasis/no"), num("baseline.variables.lung_metastasis.no.n"), 0);
        check(f);
    }

    /** survfit: n, events, median with its 95% log CI, range; for os_all the RMST at the largest time. */
    @Test
    void overallSurvivalKaplanMeierIsRs() {
        List<String> f = new ArrayList<>();
        Map<String, List<String>> groups = Map.of("os_all", List.of("all"), "os_lung_vs_nonlung", List.of("lung", "non_lung"),
                "os_lungonly_vs_nonlung", List.of("lung_only", "non_lung"));
        groups.forEach((analysis, gs) -> {
            for (String g : gs) {
                String p = analysis + ".groups." + g;
                String k = analysis + "/" + g + "/";
                close(f, p + " n", rv(k + "n"), num(p + ".n"), 0);
                close(f, p + " events", rv(k + "events"), num(p + ".events"), 0);
                close(f, p + " median", rv(k + "median"), num(p + ".median"), 1e-9);
                close(f, p + " median lower", rv(k + "lower"), num(p + ".median_ci.[0]"), 1e-9);
                close(f, p + " median upper", rv(k + "upper"), num(p + ".median_ci.[1]"), 1e-9);
                close(f, p + " range min", rv(k + "min"), num(p + ".range.[0]"), 1e-9);
                close(f, p + " range max", rv(k + "max"), num(p + ".range.[1]"), 1e-9);
            }
        });
        close(f, "os_all rmst", rv("os_all/all/rmst"), num("os_all.groups.all.rmst.estimate"), 1e-9);
        check(f);
    }

    /** survdiff chi-square and p; the log-rank HR exp((O − E)/V) with its CI; coxph (Efron) HR, CI and p-values. */
    @Test
    void logRankHazardRatioAndCoxAreRs() {
        List<String> f = new ArrayList<>();
        for (String a : List.of("os_lung_vs_nonlung", "os_lungonly_vs_nonlung")) {
            close(f, a + " chisq", rv(a + "/logrank/chisq"), num(a + ".logrank.chisq"), 1e-9);
            close(f, a + " p", rv(a + "/logrank/p"), num(a + ".logrank.p"), 1e-9);
            close(f, a + " hr", rv(a + "/hr/estimate"), num(a + ".hr.estimate"), 1e-9);
            close(f, a + " hr lower", rv(a + "/hr/lower"), num(a + ".hr.ci.[0]"), 1e-9);
            close(f, a + " hr upper", rv(a + "/hr/upper"), num(a + ".hr.ci.[1]"), 1e-9);
            close(f, a + " cox hr", rv(a + "/cox/hr"), num(a + ".cox.hr"), 1e-6);
            close(f, a + " cox lower", rv(a + "/cox/lower"), num(a + ".cox.ci.[0]"), 1e-6);
            close(f, a + " cox upper", rv(a + "/cox/upper"), num(a + ".cox.ci.[1]"), 1e-6);
            for (String p : List.of("p_wald", "p_lr", "p_score")) {
                close(f, a + " cox " + p, rv(a + "/cox/" + p), num(a + ".cox." + p), 1e-6);
            }
        }
        check(f);
    }

    /**
     * The Cox model adjusted for age (a number) and sex (M the reference, F, other; absent levels dropped),
     * fitted from per-time sums aggregated over the derived cohort (riskset.CoxSums, stats.CoxRegression),
     * equals R's {@code coxph(Surv(t, e) ~ group + age + sex, ties = "efron")}.
     */
    @Test
    void coxAdjustedForAgeAndSexIsRs() {
        List<String> f = new ArrayList<>();
        Map<String, String[]> comparisons = Map.of(
                "os_lung_vs_nonlung", new String[] {"lung", "lung_metastasis", "non_lung"},
                "os_lungonly_vs_nonlung", new String[] {"lung_only", "pattern = 'lung_only'", "non_lung"});
        comparisons.forEach((a, g) -> {
            Dataset<Row> two = cohort.withColumn("group", expr("CASE WHEN " + g[1] + " THEN '" + g[0]
                    + "' WHEN pattern = 'non_lung' THEN 'non_lung' END")).filter(col("group").isNotNull());
            CoxCovariates.Encoded enc = CoxCovariates.encode(two, col("os_days").divide(30.4375), col("os_event"), null,
                    List.of(CoxCovariates.Covariate.categorical("group", col("group"), List.of(g[2], g[0]), g[2]),
                            CoxCovariates.Covariate.numeric("age", col("age")),
                            CoxCovariates.Covariate.categorical("sex", col("sex"), List.of("M", "F", "other"), "M")));
            CoxRegressionResult fit = CoxRegression.withDefaults().fit(enc.design(), CoxSums.of(enc));
            List<String> terms = new ArrayList<>(List.of("group=" + g[0], "age", "sex=F"));
            if (r.containsKey(a + "/cox_adjusted/sex=other/coef")) {
                terms.add("sex=other");
            }
            assertEquals(terms, fit.coefficients().stream().map(CoxRegressionResult.Coefficient::term).toList());
            for (String t : terms) {
                CoxRegressionResult.Coefficient c = fit.coefficient(t);
                close(f, a + " " + t + " coef", rv(a + "/cox_adjusted/" + t + "/coef"), c.coef(), 1e-6);
                close(f, a + " " + t + " se", rv(a + "/cox_adjusted/" + t + "/se"), c.se(), 1e-6);
                close(f, a + " " + t + " p", rv(a + "/cox_adjusted/" + t + "/p"), c.p(), 1e-6);
            }
            close(f, a + " loglik", rv(a + "/cox_adjusted/loglik"), fit.loglik(), 1e-9);
        });
        check(f);
    }

    @Test
    void thePapersOtherAnalysesAreNotAvailableWithTheFactsTheyMiss() {
        @SuppressWarnings("unchecked")
        Map<String, Object> na = (Map<String, Object>) at("not_available");
        assertEquals("drug_courses, progression_dates", na.get("pfs_all"));
        assertEquals("drug_courses, progression_dates", na.get("mpfs_lungonly_vs_nonlung"));
        assertEquals("drug_courses, responses", na.get("orr_all"));
        assertEquals("drug_courses, responses", na.get("morr_multiorgan_sites"));
        assertEquals("drug_courses, adverse_events", na.get("adverse_events"));
        assertEquals(List.of("lung_mpfs_lung", "mpfs_lungonly_vs_nonlung", "pfs_all", "pfs_lung", "morr_lung",
                "morr_lungonly_vs_nonlung", "morr_multiorgan_sites", "orr_all", "adverse_events"), List.copyOf(na.keySet()));
        assertEquals(List.of("cohort_flow", "baseline", "baseline_by_group", "os_all", "os_lung_vs_nonlung", "os_lungonly_vs_nonlung",
                "not_available"), List.copyOf(results.keySet()));
        // the study's own adjustment set (age, sex): the adjusted model is fitted, not refused
        @SuppressWarnings("unchecked")
        Map<String, Object> os = (Map<String, Object>) results.get("os_lung_vs_nonlung");
        org.junit.jupiter.api.Assertions.assertTrue(os.containsKey("cox_adjusted"), String.valueOf(os.get("not_estimable")));
    }
}
