package io.rwe.analyze;

import io.rwe.run.RunPublisher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.jobs.JobRun;
import io.rwe.core.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's central acceptance test: on the paper profile of {@code jobs/generate},
 * {@code jobs/replicate} reproduces every count the paper prints exactly and every published median
 * within 0.05 months (the published numbers: {@code paper/apatinib-hcc-lung-metastasis.json}, each
 * with its place in the paper); reruns give the same results.json byte for byte; a failing run
 * publishes nothing and leaves {@code latest} alone.
 */
class ReplicatePaperTest {

    @TempDir
    static Path tmp;
    static Path extracts;
    static Path out;
    static Path run1;
    static JsonNode results;

    @BeforeAll
    static void replicate() {
        extracts = tmp.resolve("extracts");
        out = tmp.resolve("runs");
        JobRun gen = JobRun.of("generate", "--profile", "paper", "--out", extracts.toString());
        assertEquals(0, gen.exitCode(), gen.stderr());
        JobRun rep = JobRun.of("replicate", "--extracts", extracts.toString(), "--out", out.toString());
        assertEquals(0, rep.exitCode(), rep.stderr());
        List<String> lines = rep.stdout().lines().toList();
        run1 = Path.of(lines.get(lines.size() - 1));
        results = Json.read(run1.resolve("results.json"));
    }

    static JsonNode paper() throws Exception {
        try (InputStream in = ReplicatePaperTest.class.getResourceAsStream("/paper/apatinib-hcc-lung-metastasis.json")) {
            return Json.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The node at a results.json path of the paper file ({@code a.b.c}, {@code a.b[1]}); keys may hold '<' or '='. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            int idx = -1;
            if (part.endsWith("]")) {
                idx = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                part = part.substring(0, part.indexOf('['));
            }
            n = n.path(part);
            if (idx >= 0) {
                n = n.path(idx);
            }
        }
        return n;
    }

    /**
     * The printed values of one quantity that the paper prints twice, differently (its "checks" of
     * kind same_quantity, e.g. the median OS of the 41 lung-metastasis patients: 16.63 and 17.5).
     */
    static List<List<String>> printedTwice(JsonNode paper) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode c : paper.path("checks")) {
            if (c.path("kind").asText().equals("same_quantity")) {
                List<String> vals = new ArrayList<>();
                c.path("values").forEach(v -> vals.add(v.path("printed").asText()));
                out.add(vals);
            }
        }
        return out;
    }

    @Test
    void everyPublishedCountExactlyAndEveryMedianWithinFiveHundredthsOfAMonth() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        int counts = 0;
        int medians = 0;
        JsonNode paper = paper();
        for (JsonNode v : paper.path("values")) {
            String path = v.path("path").asText();
            String printed = v.path("printed").isTextual() ? v.path("printed").asText() : null;
            if (printed == null || path.contains("*")) {
                continue;
            }
            JsonNode actual = at(results, path);
            if (path.endsWith(".median") && !path.startsWith("baseline")) {
                medians++;
                double want = Double.parseDouble(printed);
                if (!actual.isNumber() || Math.abs(actual.asDouble() - want) > 0.05) {
                    // Allowed only where the paper prints two values for this quantity and the registry
                    // gives the other one.
                    boolean otherPrinting = printedTwice(paper).stream().anyMatch(vals -> vals.contains(printed)
                            && vals.stream().anyMatch(o -> !o.equals(printed) && actual.isNumber()
                            && Math.abs(actual.asDouble() - Double.parseDouble(o)) <= 0.05));
                    (otherPrinting ? inconsistent : failures).add(path + ": paper " + printed + ", registry " + actual);
                }
            } else if (printed.matches("\\d+") && !path.contains(".hr.") && !path.contains("range")) {
                counts++;
                if (!actual.isIntegralNumber() && !(actual.isNumber() && actual.asDouble() == Math.rint(actual.asDouble()))
                        || actual.asLong() != Long.parseLong(printed)) {
                    failures.add(path + ": paper " + printed + ", registry " + actual);
                }
            }
        }
        assertTrue(counts >= 70, "published counts checked: " + counts);
        // The paper prints nine survival medians: PFS all 3.37, PFS lung 5, lung mPFS 5, OS all 16.10,
        // OS lung 16.63, mPFS lung-only 6.3 and non-lung 2.5, OS lung 17.5 and non-lung 8.3 (Figure 4B text).
        assertEquals(9, medians, "published medians checked");
        assertTrue(failures.isEmpty(), "differences from the paper:\n" + String.join("\n", failures));
        // The one published median the paper contradicts itself on: OS of the 41 lung-metastasis
        // patients is 16.63 months (Figure 3B) and 17.5 (Figure 4B); the registry gives 16.63 for both.
        assertEquals(1, inconsistent.size(), String.join("\n", inconsistent));
        assertTrue(inconsistent.get(0).startsWith("os_lung_vs_nonlung.groups.lung.median: paper 17.5"));
        assertEquals(results.path("os_lung").path("groups").path("lung").path("median").asDouble(),
                results.path("os_lung_vs_nonlung").path("groups").path("lung").path("median").asDouble(), 0.0);
    }

    @Test
    void analyzeJobOverTheWarehouseGivesTheSameResults() throws Exception {
        Path other = tmp.resolve("analyze-runs");
        JobRun a = JobRun.of("analyze", "--warehouse", out.resolve("warehouse").toString(), "--out", other.toString());
        assertEquals(0, a.exitCode(), a.stderr());
        List<String> lines = a.stdout().lines().toList();
        Path run = Path.of(lines.get(lines.size() - 1));
        assertEquals(other.resolve(run.getFileName()), run);
        assertArrayEquals(Files.readAllBytes(run1.resolve("results.json")), Files.readAllBytes(run.resolve("results.json")));
        JsonNode m = Json.read(run.resolve("manifest.json"));
        assertEquals(0.0, m.path("timings_s").path("ingest").asDouble());
        assertTrue(m.path("inputs").has("2018-09-03/patients.csv"), "inputs from the warehouse accounting");
        assertTrue(a.stderr().lines().anyMatch(l -> l.startsWith("analyze: 11 analyses over 61 patients")), a.stderr());
    }

    @Test
    void runFolderHasEveryPartOfTheContract() throws Exception {
        ResultsContract.assertShape(results);
        for (String f : List.of("results.json", "manifest.json", "tables/table1.csv", "tables/table2.csv",
                "tables/flow.csv", "tables/survival.csv", "tables/logrank.csv", "tables/km_pfs_all.csv",
                "tables/km_mpfs_lungonly_vs_nonlung.csv")) {
            assertTrue(Files.exists(run1.resolve(f)), "run folder lacks " + f);
        }
        // aggregates only: the analysis cohort and the risk sets stay in the warehouse, named by the manifest
        for (String f : List.of("cohort", "risk_sets")) {
            assertFalse(Files.exists(run1.resolve(f)), "patient-level or full-resolution data in the run folder: " + f);
        }
        JsonNode m = Json.read(run1.resolve("manifest.json"));
        assertEquals("none", m.path("disclosure").path("policy").asText());
        // The restricted data the latest run's manifest names are in the warehouse. (Not necessarily run1's
        // cohort: when other tests of this class ran first, their reruns published later cohort versions,
        // and only rwe.run.keep-cohort-versions = 2 are kept.)
        JsonNode latestManifest = Json.read(out.resolve(RunPublisher.latest(out).orElseThrow()).resolve("manifest.json"));
        Path warehouse = Path.of(latestManifest.path("restricted").path("warehouse").asText());
        assertEquals(m.path("restricted").path("warehouse").asText(), warehouse.toString());
        assertTrue(Files.exists(warehouse.resolve(latestManifest.path("restricted").path("cohort").asText()).resolve("cohort")),
                "the analysis cohort the manifest names: " + latestManifest.path("restricted"));
        assertTrue(Files.exists(warehouse.resolve(m.path("restricted").path("risk_sets").asText()).resolve("_SUCCESS")),
                "the risk sets the manifest names: " + m.path("restricted"));
        for (String k : List.of("inputs", "quarantine", "timings_s", "collected_bytes", "config", "versions")) {
            assertTrue(m.has(k), "manifest lacks " + k);
        }
        JsonNode patients = m.path("inputs").path("2018-09-03/patients.csv");
        for (String k : List.of("rows_read", "rows_accepted", "rows_quarantined", "sha256")) {
            assertTrue(patients.has(k), "manifest inputs lack " + k);
        }
        for (String k : List.of("ingest", "derive", "analyze", "report", "total")) {
            assertTrue(m.path("timings_s").path(k).isNumber(), "timings_s." + k);
        }
        // Issue target: data collected under 5 MB whatever the registry size. For 73 patients it is per-file
        // accounting, the flow, category counts and ~200 risk-set rows: tens of kilobytes. The task results
        // (data plus Spark's per-task bookkeeping) are recorded beside it, per stage, with the task count.
        long data = m.path("collected_bytes").path("total").asLong();
        // The adjusted Cox models add their per-time sums for each Newton step (about 1 MB here: 39 times,
        // 12 model columns, two comparisons): still far under the 5 MB target.
        assertTrue(data > 0 && data < 5_000_000L, "data collected to the driver: " + m.path("collected_bytes"));
        JsonNode tr = m.path("task_results").path("total");
        assertTrue(tr.path("tasks").asLong() > 0 && tr.path("bytes").asLong() > data,
                "task results (data + per-task bookkeeping): " + m.path("task_results"));
        assertTrue(m.path("versions").path("spark").asText().startsWith("4."));
        // How Spark ran: the test session's local[2] (TestSpark), and the 8 shuffle partitions of
        // conf/spark.conf, which the job sets on the session
        assertEquals("local[2]", m.path("spark_settings").path("master").asText(), m.path("spark_settings").toString());
        assertEquals("8", m.path("spark_settings").path("spark.sql.shuffle.partitions").asText());
        assertTrue(m.path("spark_settings").has("spark.sql.codegen.factoryMode"), m.path("spark_settings").toString());
        // latest names a complete run (run1, or a later rerun when another test of this class ran first)
        String latest = Files.readSymbolicLink(out.resolve("latest")).toString();
        assertTrue(latest.compareTo(run1.getFileName().toString()) >= 0, latest);
        assertTrue(Files.isRegularFile(out.resolve("latest").resolve("manifest.json")));
        assertFalse(Json.write(results).contains("suppressed"));
        // the pseudonym key never leaves the job
        JsonNode key = m.path("config").path("privacy").path("pseudonym-key");
        assertTrue(key.isMissingNode() || key.asText().equals("<redacted>"), "pseudonym key in the manifest: " + key);
    }

    @Test
    void rerunGivesByteIdenticalResultsAndAFailedRunPublishesNothing() throws Exception {
        JobRun again = JobRun.of("replicate", "--extracts", extracts.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.stderr());
        List<String> lines = again.stdout().lines().toList();
        Path run2 = Path.of(lines.get(lines.size() - 1));
        assertFalse(run2.equals(run1));
        assertArrayEquals(Files.readAllBytes(run1.resolve("results.json")), Files.readAllBytes(run2.resolve("results.json")),
                "a rerun on the same input gives the same results.json, byte for byte");
        assertEquals(run2.getFileName().toString(), RunPublisher.latest(out).orElseThrow());
        // the same inputs and configuration: the same hash part of the run id
        String id1 = run1.getFileName().toString();
        String id2 = run2.getFileName().toString();
        assertEquals(id1.substring(id1.indexOf("Z-") + 2), id2.substring(id2.indexOf("Z-") + 2));

        // a failure mid-run (the report stage, after results.json, tables and figures are written):
        System.setProperty("rwe.report.paper", "/no/such/paper.json");
        JobRun failed;
        try {
            failed = JobRun.of("replicate", "--extracts", extracts.toString(), "--out", out.toString());
        } finally {
            System.clearProperty("rwe.report.paper");
        }
        assertEquals(3, failed.exitCode(), failed.stderr());
        assertEquals(run2.getFileName().toString(), RunPublisher.latest(out).orElseThrow(), "latest is untouched");
        assertTrue(Files.isRegularFile(run1.resolve("results.json")) && Files.isRegularFile(run2.resolve("report.html")));
        try (Stream<Path> s = Files.list(out)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(run1.getFileName().toString(), run2.getFileName().toString(), "latest", "warehouse"),
                    names, "the failed run left nothing behind");
        }
    }
}
