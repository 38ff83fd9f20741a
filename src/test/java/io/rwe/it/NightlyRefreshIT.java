package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly refresh: three dated extracts arrive one night at a time into the same extracts root and
 * warehouse; each night jobs/replicate ingests what is new, merges, re-derives and publishes a new
 * run. The last night's results equal a from-scratch run over all three extracts, and rerunning the
 * same night changes nothing.
 */
class NightlyRefreshIT {

    @TempDir
    Path tmp;

    @Test
    void nightByNightEqualsFromScratchAndRerunChangesNothing() throws Exception {
        Path generated = tmp.resolve("generated");
        ok(Scripts.job(Duration.ofMinutes(5), "generate", "--profile", "registry", "--patients", "3000",
                "--seed", "5", "--extracts", "3", "--out", generated.toString()), "generate");
        List<Path> nights;
        try (Stream<Path> s = Files.list(generated)) {
            nights = s.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}")).sorted().toList();
        }
        assertEquals(3, nights.size(), "three dated extracts");

        Path root = tmp.resolve("extracts");
        Path warehouse = tmp.resolve("warehouse");
        Path out = tmp.resolve("runs");
        Files.createDirectories(root);
        Path last = null;
        for (Path night : nights) {
            copyTree(night, root.resolve(night.getFileName()));
            last = Path.of(ok(Scripts.job(Duration.ofMinutes(8), "replicate", "--extracts", root.toString(),
                    "--warehouse", warehouse.toString(), "--out", out.toString()), "replicate " + night).lastLine());
        }
        String nightly = Files.readString(last.resolve("results.json"));

        Path scratch = Path.of(ok(Scripts.job(Duration.ofMinutes(8), "replicate", "--extracts", root.toString(),
                "--warehouse", tmp.resolve("warehouse-scratch").toString(), "--out", tmp.resolve("scratch").toString()),
                "replicate from scratch").lastLine());
        assertEquals(Files.readString(scratch.resolve("results.json")), nightly,
                "night-by-night differs from a from-scratch run on the merged data");

        Path curated = warehouse.resolve("curated").resolve("CURRENT");
        String before = Files.readString(curated);
        Path again = Path.of(ok(Scripts.job(Duration.ofMinutes(8), "replicate", "--extracts", root.toString(),
                "--warehouse", warehouse.toString(), "--out", out.toString()), "rerun").lastLine());
        assertEquals(nightly, Files.readString(again.resolve("results.json")), "rerunning the same night changed results");
        assertEquals(before, Files.readString(curated), "rerunning the same night published new curated data");
        assertTrue(Files.isSymbolicLink(out.resolve("latest")) || Files.exists(out.resolve("latest")));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
