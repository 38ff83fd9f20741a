package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of {@code jobs/survival} on R's {@code lung} data (issue 2, "Done when"):
 * run in-process through {@link Main#run}, every numeric field of the JSON is compared with R.
 *
 * <p>The expected values are in {@code src/test/resources/r-data/survival-cli/<scenario>.csv}, written by
 * {@code src/test/r/survival-cli-expected.R} (R 4.2, survival 3.5) from
 * {@code write.csv(survival::lung, row.names=FALSE)}; per group it calls
 * {@code survfit(Surv(time, status == 2) ~ 1, conf.type=)} on the group's rows and reads
 * {@code summary(fit, rmean=tau)$table}, {@code quantile(fit, c(.25, .75))},
 * {@code summary(fit, times=)}, {@code summary(fit, censored=TRUE)}; then
 * {@code survdiff(Surv(time, status == 2) ~ group [+ strata(s)], rho=)},
 * exp((O−E)/V) from {@code survdiff(..., rho=0)}, and {@code summary(coxph(Surv(time, status == 2) ~
 * group [+ strata(s)]))}'s {@code conf.int}, {@code waldtest}, {@code logtest}, {@code sctest}.
 * Beyond the paper (docs/cli.md): per group {@code followup} from {@code survfit(Surv(time, !ev) ~ 1)}, the
 * group-only model's {@code cox.zph(fit)$table}, {@code rmst_diff} from {@code summary(survfit(...),
 * rmean = tau)$table} (τ the smaller of the two groups' largest times unless given), and with covariates
 * {@code summary(coxph(Surv(time, ev) ~ group + covariates [+ strata(s)], ties = "efron"))}, {@code fit$iter},
 * {@code length(fit$na.action)} and {@code cox.zph(fit)}; all at 1e-6 for the iterative fits.
 * The set of numeric fields of the JSON must equal the set R gives, so no field goes unchecked.
 */
class SurvivalJobLungTest {

    /** Relative tolerance: the same mathematics as R, so agreement to rounding. */
    private static final double REL = 1e-9;

    /**
     * Relative tolerance of the adjusted model and of cox.zph (iterative fits: Newton–Raphson stops at R's
     * convergence test, so the two agree to its precision, not to rounding).
     */
    private static final double REL_ITERATIVE = 1e-6;

    static final Path VETERAN = Path.of("src/test/resources/r-data/veteran.csv");

    static final Path LUNG = Path.of("src/test/resources/r-data/lung.csv");

    @TempDir
    Path tmp;

    @Test
    void lungBySexAsTheIssueAsks() throws Exception {
        JsonNode json = run("lung-sex", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--group", "sex", "--times", "100,365");
        // The headline numbers of the issue, from R:
        //   survfit(Surv(time, status == 2) ~ sex, data = lung)      medians 270 (212, 310), 426 (348, 550)
        //   survdiff(Surv(time, status == 2) ~ sex, data = lung)     chisq 10.3267, p 0.00131
        //   coxph(Surv(time, status == 2) ~ factor(sex), data = lung) HR 0.588 (0.424-0.816)
        assertEquals(270.0, json.at("/groups/1/median").asDouble());
        assertEquals(212.0, json.at("/groups/1/median_ci/0").asDouble());
        assertEquals(310.0, json.at("/groups/1/median_ci/1").asDouble());
        assertEquals(426.0, json.at("/groups/2/median").asDouble());
        assertEquals(348.0, json.at("/groups/2/median_ci/0").asDouble());
        assertEquals(550.0, json.at("/groups/2/median_ci/1").asDouble());
        assertEquals(10.3267419548856, json.at("/logrank/chisq").asDouble(), 1e-12);
        assertEquals(0.00131116452035549, json.at("/logrank/p").asDouble(), 1e-16);
        assertEquals(0.588002818563589, json.at("/cox/hr").asDouble(), 1e-14);
        assertEquals(0.423717830353915, json.at("/cox/ci/0").asDouble(), 1e-14);
        assertEquals(0.815984813171386, json.at("/cox/ci/1").asDouble(), 1e-14);
        assertEquals("log", json.at("/conf_type").asText());
        assertEquals("logrank", json.at("/hr/method").asText());
        assertEquals("1", json.at("/hr/reference").asText());
        assertEquals("efron", json.at("/cox/ties").asText());
        assertEquals("1", json.at("/cox/reference").asText());
    }

    @Test
    void lungBySexStratifiedByEcogLogLogPetoPeto() throws Exception {
        // One row has ph.ecog NA: dropped, as R's na.action drops it.
        JsonNode json = run("lung-sex-strata-ecog", "--input", LUNG.toString(), "--time", "time", "--event",
                "status", "--event-value", "2", "--group", "sex", "--strata", "ph.ecog", "--conf-type", "log-log",
                "--rho", "1", "--times", "30,200,2000", "--rmst-tau", "500");
        assertEquals(1, json.at("/dropped").asLong());
        assertEquals("log-log", json.at("/conf_type").asText());
    }

    @Test
    void lungByEcogFourGroupsPlainIntervals() throws Exception {
        JsonNode json = run("lung-ecog", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--group", "ph.ecog", "--conf-type", "plain", "--times", "0,1022");
        assertEquals(List.of("0", "1", "2", "3"), fieldNames(json.at("/groups")));
        assertTrue(json.has("logrank"));
        assertFalse(json.has("hr"), "hr only for exactly two groups");
        assertFalse(json.has("cox"), "cox only for exactly two groups");
    }

    @Test
    void lungBySexAdjustedForAgeEcogAsAFactorAndWeightLossWithMissingValues() throws Exception {
        // R: coxph(Surv(time, status == 2) ~ factor(sex) + age + factor(ph.ecog) + wt.loss, data = lung,
        //          ties = "efron"); summary(fit); cox.zph(fit)   (15 rows left out: 14 wt.loss, 1 ph.ecog)
        JsonNode json = run("lung-sex-adjusted", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--group", "sex", "--times", "365", "--covariates", "age,ph.ecog,wt.loss",
                "--factors", "ph.ecog");
        JsonNode a = json.path("cox_adjusted");
        assertEquals(List.of("group=2", "age", "ph.ecog=1", "ph.ecog=2", "ph.ecog=3", "wt.loss"),
                fieldNames(a.path("terms")), "terms in formula order, ph.ecog's levels as numbers");
        assertEquals("1", a.path("reference").asText());
        assertEquals("efron", a.path("ties").asText());
        assertTrue(a.path("converged").asBoolean());
        assertEquals(List.of("group", "age", "ph.ecog", "wt.loss"), fieldNames(a.at("/ph_test/terms")));
        assertEquals(228, json.path("n").asLong(), "the other analyses keep every row");
    }

    @Test
    void lungBySexAdjustedAndStratifiedByInstitution() throws Exception {
        // R: coxph(Surv(time, status == 2) ~ factor(sex) + age + factor(ph.ecog) + wt.loss + strata(inst), ...)
        JsonNode json = run("lung-sex-adjusted-strata-inst", "--input", LUNG.toString(), "--time", "time",
                "--event", "status", "--event-value", "2", "--group", "sex", "--strata", "inst",
                "--covariates", "age,ph.ecog,wt.loss", "--factors", "ph.ecog");
        assertEquals(1, json.path("dropped").asLong(), "inst NA: dropped from every analysis");
    }

    @Test
    void veteranByTreatmentAdjustedForKarnofskyAgeCellTypeAndPriorTherapy() throws Exception {
        // R: veteran$prior <- factor(veteran$prior)
        //    coxph(Surv(time, status) ~ factor(trt) + karno + age + celltype + prior, data = veteran, ties = "efron")
        JsonNode json = run("veteran-trt-adjusted", "--input", VETERAN.toString(), "--time", "time", "--event",
                "status", "--group", "trt", "--covariates", "karno,age,celltype,prior", "--factors", "prior");
        assertEquals(List.of("group=2", "karno", "age", "celltype=large", "celltype=smallcell", "celltype=squamous",
                "prior=10"), fieldNames(json.at("/cox_adjusted/terms")));
        assertEquals(0, json.at("/cox_adjusted/dropped").asLong());
    }

    @Test
    void lungWithoutGroups() throws Exception {
        JsonNode json = run("lung-all", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--times", "100");
        assertEquals(List.of("all"), fieldNames(json.at("/groups")));
        assertFalse(json.has("logrank"));
        assertFalse(json.has("hr"));
        assertFalse(json.has("cox"));
    }

    /** Runs jobs/survival with --out, then compares every numeric field with R's file for the scenario. */
    private JsonNode run(String scenario, String... args) throws Exception {
        Path out = tmp.resolve(scenario + ".json");
        List<String> argv = new ArrayList<>(List.of("survival"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--out", out.toString()));
        JobRun r = JobRun.of(argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout(), "with --out nothing goes to standard output");
        JsonNode json = Json.read(out);
        Map<String, String> expected = readR(scenario);
        Map<String, JsonNode> actual = new LinkedHashMap<>();
        flatten(json, "", actual);
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()),
                "the numeric fields of the JSON are those R gives for " + scenario);
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode a = actual.get(e.getKey());
            if (e.getValue().equals("NA")) {
                if (!a.isNull()) {
                    mismatches.add(e.getKey() + ": R NA, got " + a);
                }
                continue;
            }
            double x = Double.parseDouble(e.getValue());
            double rel = e.getKey().startsWith("cox_adjusted/") || e.getKey().contains("/ph_test/") ? REL_ITERATIVE
                    : REL;
            if (a.isNull() || Math.abs(a.asDouble() - x) > rel * Math.max(Math.abs(x), 1e-300)) {
                mismatches.add(e.getKey() + ": R " + e.getValue() + ", got " + a);
            }
        }
        assertTrue(mismatches.isEmpty(), scenario + ": " + mismatches.size() + " fields differ from R: "
                + mismatches.subList(0, Math.min(20, mismatches.size())));
        return json;
    }

    /** Numeric and null leaves by path ("groups/1/table/0/surv"); text leaves are left out. */
    private static void flatten(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "/" + i, out);
            }
        } else if (node.isNumber() || node.isNull()) {
            out.put(path, node);
        }
    }

    private static Map<String, String> readR(String scenario) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/r-data/survival-cli/" + scenario + ".csv"),
                StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 2);
            m.put(unquote(f[0]), unquote(f[1]));
        }
        return m;
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
