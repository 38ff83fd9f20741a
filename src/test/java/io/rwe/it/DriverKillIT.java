package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of jobs/replicate killed (SIGKILL, or {@code Runtime.halt(137)} at a named point through
 * {@code RWE_FAULT_AT}, which skips every clean-up just as SIGKILL does) at five points of a nightly
 * run that adds a second extract to a warehouse holding a published run P:
 * <ol>
 *   <li>mid-ingest: SIGKILL as soon as the new extract's staging folder appears in the warehouse;</li>
 *   <li>after ingest published the new curated version; after derive published the new cohort;
 *       after the report was written into the hidden staging folder;</li>
 *   <li>after the new run folder was renamed into place but before {@code latest} moved.</li>
 * </ol>
 * After each: P's files are byte-for-byte unchanged, {@code latest} names P, no new run is visible
 * (but in the last case, where the new run is complete), the curated data are readable and complete.
 * The final uninterrupted rerun removes the hidden leftovers and gives a results.json byte-identical to
 * that of a run on a fresh warehouse that was never interrupted.
 */
@Tag("faults")
class DriverKillIT {

    static final Duration RUN = Duration.ofMinutes(10);
    static final Map<String, String> KEY = Map.of("RWE_PSEUDONYM_KEY", "reliability-test-key-0123456789abcdef");

    @TempDir
    static Path tmp;
    static Path extracts;
    static List<Path> dates;
    static Path baseline;

    @BeforeAll
    static void generateAndRunUninterrupted() throws Exception {
        extracts = tmp.resolve("extracts");
        ok(InProcess.job("generate", "--profile", "registry", "--patients", "600", "--seed", "31",
                "--dirty", "0.02", "--extracts", "2", "--out", extracts.toString()), "generate");
        try (Stream<Path> s = Files.list(extracts)) {
            // the generator's .truth/ (what it drew) is beside the dated extract folders
            dates = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        assertEquals(2, dates.size());
        // The uninterrupted reference run in-process (InProcess), the key given in a configuration file; so is
        // the first night's run below. The runs that are killed, and the rerun, are the script's.
        Path key = tmp.resolve("key.conf");
        Files.writeString(key, "rwe.privacy.pseudonym-key = \"" + KEY.get("RWE_PSEUDONYM_KEY") + "\"\n");
        baseline = Path.of(ok(InProcess.job("replicate", "--extracts", extracts.toString(), "--conf", key.toString(),
                "--out", tmp.resolve("baseline").toString()), "replicate (uninterrupted)").lastLine());
        DisclosureChecks.registryIdsAbsent(extracts, baseline);
        DisclosureChecks.cohortIsPseudonymised(extracts, baseline, KEY.get("RWE_PSEUDONYM_KEY"));
        DisclosureChecks.keyAbsent(baseline, KEY.get("RWE_PSEUDONYM_KEY"));
    }

    @Test
    void killedDriverLeavesThePreviousRunAndTheCuratedDataIntact() throws Exception {
        Path ext = tmp.resolve("nightly");
        copyTree(dates.get(0), ext.resolve(dates.get(0).getFileName()));
        Path out = tmp.resolve("out");
        Path warehouse = out.resolve("warehouse");
        String p = Path.of(ok(InProcess.job("replicate", "--extracts", ext.toString(), "--conf",
                tmp.resolve("key.conf").toString(), "--out", out.toString()), "replicate (first night)").lastLine())
                .getFileName().toString();
        Map<String, String> previous = RunFolders.snapshot(out.resolve(p));
        assertTrue(previous.containsKey("results.json") && previous.containsKey("manifest.json"));
        // The second night's extract arrives.
        Path date2 = dates.get(1).getFileName();
        copyTree(dates.get(1), ext.resolve(date2));

        // 1. SIGKILL mid-ingest, while the new extract is being written aside.
        String curatedBefore = RunFolders.read(warehouse.resolve("curated/CURRENT"));
        Process proc = RunFolders.start(tmp.resolve("logs-ingest"), KEY, "replicate", "--extracts", ext.toString(),
                "--out", out.toString());
        assertTrue(RunFolders.awaitWhileRunning(proc, RUN,
                () -> Files.isDirectory(warehouse.resolve("_staging").resolve(date2.toString()))),
                "the job ended before its ingest stage wrote the new extract");
        assertEquals(137, RunFolders.kill9(proc));
        assertIntact(out, p, previous, Set.of());
        assertEquals(curatedBefore, RunFolders.read(warehouse.resolve("curated/CURRENT")),
                "the curated version was switched by a killed ingest");
        assertFalse(Files.exists(warehouse.resolve("accounting").resolve(date2 + ".json")),
                "a killed ingest marked the extract as ingested");

        // 2. Halted between stages and inside the staging folder of the run.
        for (String point : List.of("ingest", "derive", "report")) {
            Scripts.Result r = Scripts.run(RUN, Map.of("RWE_PSEUDONYM_KEY", KEY.get("RWE_PSEUDONYM_KEY"),
                    "RWE_FAULT_AT", point), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                    "--extracts", ext.toString(), "--out", out.toString()));
            assertEquals(137, r.exitCode(), point + ": " + r.stderr());
            assertIntact(out, p, previous, Set.of());
            if (point.equals("report")) {
                assertTrue(RunFolders.hidden(out).stream().anyMatch(n -> n.startsWith(".tmp-")),
                        "the killed run left its staging folder: " + RunFolders.hidden(out));
            }
        }
        // The killed ingest above published the second night's curated version, completely.
        assertTrue(Files.exists(warehouse.resolve("accounting").resolve(date2 + ".json")));
        assertNotEquals(curatedBefore, RunFolders.read(warehouse.resolve("curated/CURRENT")));

        // 3. Halted after the rename, before latest moved: the new run is whole, latest still names P.
        Scripts.Result r = Scripts.run(RUN, Map.of("RWE_PSEUDONYM_KEY", KEY.get("RWE_PSEUDONYM_KEY"),
                "RWE_FAULT_AT", "publish"), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                "--extracts", ext.toString(), "--out", out.toString()));
        assertEquals(137, r.exitCode(), "publish: " + r.stderr());
        TreeSet<String> runs = RunFolders.visible(out);
        runs.removeAll(Set.of(p, "latest", "warehouse"));
        assertEquals(1, runs.size(), "one more run visible: " + runs);
        String renamed = runs.first();
        assertIntact(out, p, previous, Set.of(renamed));
        assertArrayEquals(Files.readAllBytes(baseline.resolve("results.json")),
                Files.readAllBytes(out.resolve(renamed).resolve("results.json")), "the renamed run is whole");
        assertTrue(Files.isRegularFile(out.resolve(renamed).resolve("manifest.json")));

        // 4. The rerun: complete, identical to the uninterrupted run, leftovers gone.
        Path last = Path.of(ok(Scripts.run(RUN, KEY, List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                "--extracts", ext.toString(), "--out", out.toString())), "replicate (rerun)").lastLine());
        assertArrayEquals(Files.readAllBytes(baseline.resolve("results.json")),
                Files.readAllBytes(last.resolve("results.json")),
                "results.json after the interrupted nights differs from an uninterrupted run's");
        assertEquals(last.getFileName().toString(), RunFolders.latest(out));
        assertEquals(List.of(), RunFolders.hidden(out), "the rerun removed the killed runs' staging folders");
        assertEquals(previous, RunFolders.snapshot(out.resolve(p)), "P still intact");
    }

    /** P unchanged and named by latest; the only visible entries are P, latest, the warehouse and {@code also}. */
    private static void assertIntact(Path out, String p, Map<String, String> previous, Set<String> also) {
        assertEquals(previous, RunFolders.snapshot(out.resolve(p)), "the previous run changed");
        assertEquals(p, RunFolders.latest(out), "latest no longer names the previous run");
        TreeSet<String> expected = new TreeSet<>(Set.of(p, "latest", "warehouse"));
        expected.addAll(also);
        assertEquals(expected, RunFolders.visible(out), "a half-written run is visible");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path q : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(q, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
