package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import io.rwe.ingest.naaccr.NaaccrGenerated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NAACCR study end to end through the scripts (docs/naaccr.md): NAACCR XML written by the NAACCR
 * data generator, two nightly deliveries, {@code jobs/replicate --format naaccr --conf
 * conf/study-naaccr-hcc-lung.conf}: the run completes, results.json holds the study's analyses and the
 * paper's others under {@code not_available}, the manifest accounts for every record of both files,
 * the report says what is not available; the layout is recognised without {@code --format}; and
 * {@code jobs/analyze} over the same warehouse knows the registry's model. A 10^5-patient run is tagged
 * {@code bench} (not part of the default build; docs/naaccr.md, "Scale").
 */
class NaaccrReplicateIT {

    @TempDir
    Path tmp;

    static final String STUDY = "conf/study-naaccr-hcc-lung.conf";

    @Test
    void theNaaccrStudyRunsEndToEndAndListsWhatTheRegistryCannotSupport() throws Exception {
        Path root = tmp.resolve("extracts");
        NaaccrGenerated.hcc(41).invalid(0.01).write(root.resolve("2024-06-30/registry.xml"), 2000);
        NaaccrGenerated.hcc(42).tumorsPerPatient(1).write(root.resolve("2024-07-31/resend.xml"), 40);
        Path warehouse = tmp.resolve("warehouse");
        Path run = Path.of(ok(Scripts.job(Duration.ofMinutes(8), "replicate", "--format", "naaccr", "--extracts",
                root.toString(), "--conf", STUDY, "--warehouse", warehouse.toString(), "--out",
                tmp.resolve("runs").toString()), "replicate --format naaccr").lastLine());
        JsonNode r = Json.read(run.resolve("results.json"));
        List<String> keys = new ArrayList<>();
        r.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("cohort_flow", "baseline", "baseline_by_group", "os_all", "os_lung_vs_nonlung", "os_lungonly_vs_nonlung",
                "not_available"), keys);
        JsonNode flow = r.path("cohort_flow");
        long excluded = 0;
        for (String s : List.of("not_eligible", "mets_unknown", "no_distant_metastasis", "survival_unknown")) {
            excluded += flow.path("excluded").path(s).asLong(-1);
        }
        assertEquals(flow.path("reviewed").asLong(), excluded + flow.path("included").asLong());
        long patterns = 0;
        for (String p : List.of("lung_only", "multi_organ", "non_lung")) {
            patterns += flow.path("patterns").path(p).asLong(-1);
        }
        assertEquals(flow.path("included").asLong(), patterns);
        assertEquals(flow.path("patterns").path("lung_only").asLong() + flow.path("patterns").path("multi_organ").asLong(),
                r.path("os_lung_vs_nonlung").path("groups").path("lung").path("n").asLong());
        assertEquals("non_lung", r.path("os_lung_vs_nonlung").path("hr").path("reference").asText());
        assertEquals("drug_courses, progression_dates", r.path("not_available").path("pfs_all").asText());
        assertEquals("drug_courses, adverse_events", r.path("not_available").path("adverse_events").asText());

        JsonNode manifest = Json.read(run.resolve("manifest.json"));
        for (String f : List.of("2024-06-30/registry.xml", "2024-07-31/resend.xml")) {
            JsonNode in = manifest.path("inputs").path(f);
            assertTrue(in.path("rows_read").asLong() > 0, f);
            assertEquals(in.path("rows_read").asLong(), in.path("rows_accepted").asLong() + in.path("rows_quarantined").asLong(), f);
        }
        assertTrue(manifest.path("quarantine").path("invalid_for_type").asLong() > 0);
        assertTrue(Files.readString(run.resolve("report.html")).contains("Not available on this registry"));
        assertTrue(Files.isRegularFile(run.resolve("figures/fig4B.png")), "the KM figure of os_lung_vs_nonlung");

        // The layout is recognised without --format, and jobs/analyze knows the warehouse's model.
        // (in-process, InProcess: what is tested here is the format's detection and the model, not the script)
        Path again = Path.of(ok(InProcess.job("replicate", "--extracts", root.toString(), "--conf",
                STUDY, "--warehouse", warehouse.toString(), "--out", tmp.resolve("runs2").toString()), "replicate").lastLine());
        assertEquals(Files.readString(run.resolve("results.json")), Files.readString(again.resolve("results.json")));
        Path analyzed = Path.of(ok(InProcess.job("analyze", "--warehouse", warehouse.toString(),
                "--conf", STUDY, "--out", tmp.resolve("runs3").toString()), "analyze").lastLine());
        assertEquals(Files.readString(run.resolve("results.json")), Files.readString(analyzed.resolve("results.json")));
    }

    /** 10^5 patients (docs/naaccr.md, "Scale"): a documented run, not part of the default build. */
    @Test
    @Tag("bench")
    void aHundredThousandPatients() throws Exception {
        Path root = tmp.resolve("extracts");
        NaaccrGenerated.hcc(1).tumorsPerPatient(1).write(root.resolve("2024-06-30/registry.xml"), 100_000);
        long t0 = System.nanoTime();
        Path run = Path.of(ok(Scripts.job(Duration.ofMinutes(40), "replicate", "--format", "naaccr", "--extracts",
                root.toString(), "--conf", STUDY, "--out", tmp.resolve("runs").toString()), "replicate 10^5").lastLine());
        JsonNode r = Json.read(run.resolve("results.json"));
        JsonNode manifest = Json.read(run.resolve("manifest.json"));
        assertEquals(100_000, manifest.path("inputs").path("2024-06-30/registry.xml").path("rows_read").asLong());
        System.out.printf("10^5 NAACCR patients: %.1f s; timings %s; flow %s%n", (System.nanoTime() - t0) / 1e9,
                manifest.path("timings_s"), r.path("cohort_flow"));
    }
}
