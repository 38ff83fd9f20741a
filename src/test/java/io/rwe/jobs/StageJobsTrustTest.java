package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import io.rwe.run.FolderLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage jobs run separately by a scheduler (docs/reliability.md): jobs/analyze checks which study
 * configuration produced the cohort it is given; a job that finds the warehouse in use exits 1 ("retry may
 * help"), never 3; configuration mistakes exit 2 with one line before any work. On the paper's registry,
 * ingested once by jobs/ingest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StageJobsTrustTest {
    @TempDir
    static Path tmp;
    static Path warehouse;

    @BeforeAll
    static void ingest() {
        Path extracts = tmp.resolve("extracts");
        warehouse = tmp.resolve("warehouse");
        JobRun gen = JobRun.of("generate", "--profile", "paper", "--out", extracts.toString());
        assertEquals(0, gen.exitCode(), gen.stderr());
        JobRun in = JobRun.of("ingest", "--extracts", extracts.toString(), "--warehouse", warehouse.toString());
        assertEquals(0, in.exitCode(), in.stderr());
    }

    static Path conf(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /**
     * The fault as met: jobs/derive with the cut-off 2017-06-30, then a default jobs/analyze published 51
     * patients under a manifest saying 2018-08-07. Now it is refused; --cohort-study analyzes under the
     * cohort's own cut-off, which the manifest then records.
     */
    @Test
    @Order(1)
    void analyzeRefusesACohortDerivedUnderAnotherStudyConfiguration() throws Exception {
        Path early = conf("cutoff-2017.conf", "rwe.study.cutoff = \"2017-06-30\"\n");
        JobRun d = JobRun.of("derive", "--warehouse", warehouse.toString(), "--conf", early.toString());
        assertEquals(0, d.exitCode(), d.stderr());
        Path version = Path.of(d.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
        JsonNode info = Json.read(version.resolve("derive.json"));
        assertEquals("2017-06-30", info.path("study_config").path("cutoff").asText());
        assertEquals(64, info.path("study_sha256").asText().length());
        assertFalse(info.path("study_config").has("analyses"), "analysis-only keys are not part of the provenance");
        long included = Json.read(version.resolve("flow.json")).path("included").asLong();

        Path runs = tmp.resolve("runs");
        JobRun refused = JobRun.of("analyze", "--warehouse", warehouse.toString(), "--out", runs.toString());
        assertEquals(2, refused.exitCode(), refused.stderr());
        assertEquals("error: the cohort " + version + " was derived with rwe.study.cutoff = \"2017-06-30\", this "
                + "configuration has \"2018-08-07\"; run jobs/derive with this configuration first, or pass "
                + "--cohort-study to analyze under the cohort's own", refused.oneErrorLine());
        assertFalse(Files.exists(runs.resolve("latest")), "nothing published");

        JobRun own = JobRun.of("analyze", "--warehouse", warehouse.toString(), "--out", runs.toString(), "--cohort-study");
        assertEquals(0, own.exitCode(), own.stderr());
        Path run = Path.of(own.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("2017-06-30", Json.read(run.resolve("manifest.json")).path("config").path("study").path("cutoff").asText());
        assertEquals(included, Json.read(run.resolve("results.json")).path("cohort_flow").path("included").asLong());

        // The same configuration as derive's: accepted (also when a key comes as text, as -D gives it).
        Path same = conf("same.conf", "rwe.study { cutoff = \"2017-06-30\", washout-days = \"14\" }\n");
        JobRun ok = JobRun.of("analyze", "--warehouse", warehouse.toString(), "--out", runs.toString(), "--conf",
                same.toString());
        assertEquals(0, ok.exitCode(), ok.stderr());
    }

    @Test
    @Order(2)
    void aJobThatFindsTheWarehouseInUseExitsOneNamingTheHolder() throws Exception {
        Path noWait = conf("no-wait.conf", "rwe.run.lock-wait = 0s\n");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> {
                try (FolderLock l = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/ingest", Duration.ZERO,
                        s -> { })) {
                    held.countDown();
                    release.await(120, TimeUnit.SECONDS);
                }
                return null;
            });
            assertTrue(held.await(30, TimeUnit.SECONDS));
            for (List<String> argv : List.of(
                    List.of("derive", "--warehouse", warehouse.toString(), "--conf", noWait.toString()),
                    List.of("analyze", "--warehouse", warehouse.toString(), "--out", tmp.resolve("busy").toString(),
                            "--conf", noWait.toString(), "--cohort-study"),
                    List.of("ingest", "--extracts", tmp.resolve("extracts").toString(), "--warehouse", warehouse.toString(),
                            "--conf", noWait.toString()))) {
                JobRun r = JobRun.of(argv.toArray(String[]::new));
                assertEquals(1, r.exitCode(), argv + ": " + r.stderr());
                String line = r.stderr().lines().reduce((a, b) -> b).orElseThrow();
                assertTrue(line.matches("failed: " + java.util.regex.Pattern.quote(warehouse.toRealPath().toString())
                        + " is in use by jobs/ingest \\(pid \\d+, since [0-9T:.Z-]+\\); gave up after waiting 0 s "
                        + "\\(rwe.run.lock-wait\\) \\(retry may help\\)"), argv + ": " + line);
            }
            release.countDown();
            holder.get();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void configurationMistakesExitTwoWithOneLineBeforeAnyWork() throws Exception {
        Path runs = tmp.resolve("never");
        Path typo = conf("typo.conf", "rwe.study.cutof = \"2017-06-30\"\n");
        Path stratify = conf("stratify.conf", "rwe.study.stratify-by = no_such_column\n");
        Path include = conf("include.conf", "include \"no-such-file.conf\"\n");
        Path type = conf("type.conf", "rwe.report.suppression.min-cell = abc\n");
        List<List<String>> cases = List.of(
                List.of(typo.toString(), "error: configuration: unknown key rwe.study.cutof (" + typo
                        + ": 1); did you mean rwe.study.cutoff?"),
                // the study check (io.rwe.study.StudyCheck) names the file, line and key
                List.of(stratify.toString(), "error: " + stratify + ":1: rwe.study.stratify-by: unknown cohort column "
                        + "'no_such_column' (known: patient_key, "),
                List.of(include.toString(), "error: configuration: " + include + ": include \"no-such-file.conf\" names "
                        + "no file"),
                List.of(type.toString(), "error: configuration: rwe.report.suppression.min-cell = 'abc' (" + type
                        + ": 1) is not a number"));
        for (List<String> c : cases) {
            for (String job : List.of("analyze", "replicate")) {
                JobRun r = JobRun.of(job, "--warehouse", warehouse.toString(), "--out", runs.toString(), "--conf", c.get(0),
                        "--extracts", tmp.resolve("extracts").toString());
                if (job.equals("analyze")) {
                    r = JobRun.of(job, "--warehouse", warehouse.toString(), "--out", runs.toString(), "--conf", c.get(0));
                }
                assertEquals(2, r.exitCode(), job + " " + c.get(0) + ": " + r.stderr());
                assertTrue(r.oneErrorLine().startsWith(c.get(1)), job + ": " + r.oneErrorLine());
            }
        }
        assertFalse(Files.exists(runs), "nothing written");
    }
}
