package io.rwe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.TestSpark;
import io.rwe.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's {@code cox_adjusted} and {@code ph_test} on a generated registry equal R's fit of the same models
 * on the same analysis cohort (docs/study.md, "Adjusted hazard ratio"): {@code jobs/generate --profile registry}
 * (5000 patients), {@code jobs/replicate} (both in-process, {@link InProcess}), then the run's pseudonymised analysis cohort (in the warehouse, where the run's manifest points) is exported to
 * CSV through Spark (R has no Parquet reader here) and {@code Rscript src/test/r/registry-cox-adjusted.R} fits
 * {@code coxph(Surv(t, e) ~ g + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion + afp +
 * treatment_setting, ties = "efron")} with the study's factor levels, and {@code cox.zph} of it and of the
 * group-only model, for both comparisons. Every field R gives must be in results.json and agree to 1e-6
 * relative (iterative fits).
 */
class AdjustedCoxRegistryIT {

    private static final double REL = 1e-6;

    @TempDir
    Path tmp;

    @Test
    void adjustedModelsAndPhTestsEqualRsOnTheRunsCohort() throws Exception {
        Path extracts = tmp.resolve("extracts");
        ok(InProcess.job("generate", "--profile", "registry", "--patients", "5000", "--seed", "20", "--out",
                extracts.toString()), "generate");
        Path key = tmp.resolve("key.conf");
        Files.writeString(key, "rwe.privacy.pseudonym-key = \"adjusted-cox-test-key-0123456789abcdef\"\n");
        Scripts.Result replicate = InProcess.job("replicate", "--extracts", extracts.toString(), "--conf", key.toString(),
                "--out", tmp.resolve("out").toString());
        ok(replicate, "replicate");
        Path run = Path.of(replicate.lastLine());
        JsonNode results = Json.read(run.resolve("results.json"));

        SparkSession spark = TestSpark.session();
        Path csv = tmp.resolve("cohort-csv");
        // the run folder holds aggregates only: the analysis cohort is in the warehouse, where the manifest says
        JsonNode restricted = Json.read(run.resolve("manifest.json")).path("restricted");
        Path cohort = Path.of(restricted.path("warehouse").asText()).resolve(restricted.path("cohort").asText())
                .resolve("cohort");
        spark.read().parquet(cohort.toString())
                .selectExpr("pattern", "CAST(lung_metastasis AS STRING) AS lung_metastasis", "mpfs_days",
                        "CAST(mpfs_event AS STRING) AS mpfs_event", "os_days", "CAST(os_event AS STRING) AS os_event",
                        "age", "sex", "bclc_stage", "child_pugh_class", "portal_vein_invasion", "afp", "treatment_setting")
                .coalesce(1).write().option("header", "true").option("emptyValue", "\"\"").csv(csv.toString());
        Path part;
        try (Stream<Path> s = Files.list(csv)) {
            part = s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        Path expected = tmp.resolve("r.csv");
        ok(Scripts.run(Duration.ofMinutes(5), Map.of(), List.of("Rscript", "src/test/r/registry-cox-adjusted.R",
                part.toString(), expected.toString())), "Rscript");

        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, String> e : readR(expected).entrySet()) {
            JsonNode a = results.at("/" + e.getKey());
            compared++;
            if (e.getValue().equals("NA")) {
                if (!a.isNull()) {
                    mismatches.add(e.getKey() + ": R NA, got " + a);
                }
                continue;
            }
            double x = Double.parseDouble(e.getValue());
            if (!a.isNumber() || Math.abs(a.asDouble() - x) > REL * Math.max(Math.abs(x), 1e-300)) {
                mismatches.add(e.getKey() + ": R " + e.getValue() + ", got " + a);
            }
        }
        assertTrue(compared > 150, "R's fields: " + compared);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " fields differ from R: "
                + mismatches.subList(0, Math.min(20, mismatches.size())));
        for (String a : List.of("mpfs_lungonly_vs_nonlung", "os_lung_vs_nonlung")) {
            assertEquals(9, results.at("/" + a + "/cox_adjusted/terms").size(), a + ": every term R has, none other");
        }
        JsonNode counts = Json.read(run.resolve("manifest.json")).at("/counts/cox_adjusted/mpfs_lungonly_vs_nonlung");
        assertEquals(results.at("/mpfs_lungonly_vs_nonlung/cox_adjusted/iterations").asInt(),
                counts.path("iterations").asInt(), "the manifest's iterations");
        assertTrue(counts.path("bytes_per_iteration").asLong() > 0, counts.toString());
    }

    private static Scripts.Result ok(Scripts.Result r, String what) {
        assertEquals(0, r.exitCode(), what + ": " + r.stderr());
        return r;
    }

    private static Map<String, String> readR(Path file) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 2);
            m.put(unquote(f[0]), unquote(f[1]));
        }
        return m;
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
