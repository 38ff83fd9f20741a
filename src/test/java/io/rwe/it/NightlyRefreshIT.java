package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly refresh: three dated extracts arrive one night at a time into the same extracts root and
 * warehouse — the first made by jobs/generate, each later one added by {@code jobs/generate --append}
 * into the same root (the generator's truth files sit in its hidden {@code .truth/}, which ingest
 * skips) — and each night jobs/replicate ingests what is new, merges, re-derives and publishes a new
 * run. The last night's results equal a from-scratch run over all three extracts, and rerunning the
 * same night changes nothing. The jobs run in-process ({@link InProcess}): the subject is what the nights
 * compute; the scripts' own behaviour (exit codes, one-line errors, signals, warnings) is in the tests that
 * run them (NightlyTrustIT, DriverKillIT, OmopReplicateIT, ClusterReplicateIT, HostileInputIT).
 */
class NightlyRefreshIT {

    @TempDir
    Path tmp;

    @Test
    void nightByNightEqualsFromScratchAndRerunChangesNothing() throws Exception {
        Path root = tmp.resolve("extracts");
        Path warehouse = tmp.resolve("warehouse");
        Path out = tmp.resolve("runs");
        Path last = null;
        for (int night = 0; night < 3; night++) {
            String made = night == 0
                    ? ok(InProcess.job("generate", "--profile", "registry", "--patients", "3000",
                            "--seed", "5", "--out", root.toString()), "generate").lastLine()
                    : ok(InProcess.job("generate", "--profile", "registry", "--append",
                            "--out", root.toString()), "generate --append").lastLine();
            assertEquals(root.resolve(LocalDate.parse("2018-09-03").plusDays(night).toString()).toString(), made);
            var replicate = ok(InProcess.job("replicate", "--extracts", root.toString(),
                    "--warehouse", warehouse.toString(), "--out", out.toString()), "replicate night " + night);
            assertFalse(replicate.stderr().contains("not an extract folder"), replicate.stderr());
            last = Path.of(replicate.lastLine());
        }
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(3, s.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}")).count(),
                    "three dated extracts");
        }
        String nightly = Files.readString(last.resolve("results.json"));

        Path scratch = Path.of(ok(InProcess.job("replicate", "--extracts", root.toString(),
                "--warehouse", tmp.resolve("warehouse-scratch").toString(), "--out", tmp.resolve("scratch").toString()),
                "replicate from scratch").lastLine());
        assertEquals(Files.readString(scratch.resolve("results.json")), nightly,
                "night-by-night differs from a from-scratch run on the merged data");

        Path curated = warehouse.resolve("curated").resolve("CURRENT");
        String before = Files.readString(curated);
        Path again = Path.of(ok(InProcess.job("replicate", "--extracts", root.toString(),
                "--warehouse", warehouse.toString(), "--out", out.toString()), "rerun").lastLine());
        assertEquals(nightly, Files.readString(again.resolve("results.json")), "rerunning the same night changed results");
        assertEquals(before, Files.readString(curated), "rerunning the same night published new curated data");
        assertTrue(Files.isSymbolicLink(out.resolve("latest")) || Files.exists(out.resolve("latest")));
    }
}
