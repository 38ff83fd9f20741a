package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly jobs as a scheduler runs them, through the {@code jobs/} scripts (docs/reliability.md,
 * "Nightly refreshes you can trust"):
 * <ul>
 *   <li>a configuration mistake (a typo'd key, a number that is not one, a column that does not exist)
 *       exits 2 with one line, in under 5 seconds, before any work: no warehouse, no run folder;</li>
 *   <li>a future-dated extract folder refuses the run (exit 3, one line naming the folder), and the
 *       failed jobs/replicate leaves no warehouse behind;</li>
 *   <li>every file and folder a run writes has the mode its umask gives (run under umask 027);</li>
 *   <li>two jobs/analyze started at the same instant on one warehouse and one results root both publish,
 *       into two run folders, the same results.</li>
 * </ul>
 */
class NightlyTrustIT {
    static final Duration RUN = Duration.ofMinutes(8);

    @TempDir
    static Path tmp;
    static Path paper;

    @BeforeAll
    static void paperExtract() throws Exception {
        paper = tmp.resolve("paper");
        ok(Scripts.job(RUN, "generate", "--profile", "paper", "--out", paper.toString()), "generate");
    }

    /** Runs a job script, returning its result and how long it took (seconds). */
    static Map.Entry<Scripts.Result, Double> timed(Map<String, String> env, String job, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Scripts.ROOT.resolve("jobs").resolve(job).toString());
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Scripts.Result r = Scripts.run(RUN, env, cmd);
        return Map.entry(r, (System.nanoTime() - t0) / 1e9);
    }

    static String oneLine(Scripts.Result r) {
        String s = r.stderr().strip();
        assertFalse(s.isEmpty() || s.contains("\n"), "expected one line on standard error, got:\n" + r.stderr());
        return s;
    }

    @Test
    void configurationMistakesExitTwoInUnderFiveSecondsBeforeAnyWork() throws Exception {
        Path out = tmp.resolve("config-out");
        String extracts = paper.toString();
        // Not timed: the first run after a build (jobs/_launch keeps no class-data archive of a run that stops
        // before Spark starts, so these runs ask for one each time: about 0.1 s less than with one).
        timed(Map.of(), "replicate", "--extracts", extracts, "--out", out.toString(), "-Drwe.study.cutof=2017-06-30");
        record Case(Map<String, String> env, List<String> args, String line) {
        }
        List<Case> cases = List.of(
                new Case(Map.of(), List.of("-Drwe.study.cutof=2017-06-30"),
                        "error: configuration: unknown key rwe.study.cutof (from -D); did you mean rwe.study.cutoff?"),
                new Case(Map.of("RWE_MIN_CELL", "abc"), List.of(),
                        "error: configuration: rwe.report.suppression.min-cell = 'abc' (from the environment) is not a number"),
                new Case(Map.of(), List.of("-Drwe.study.stratify-by=no_such_column"),
                        // the study check (io.rwe.study.StudyCheck): where the value came from, the key, the problem
                        "error: command line (-D): rwe.study.stratify-by: unknown cohort column 'no_such_column' (known: "),
                new Case(Map.of(), List.of("-Drwe.study.cutoff=2018-02-30"),
                        "error: configuration: rwe.study.cutoff = '2018-02-30' (from -D) is not a date (YYYY-MM-DD)"));
        List<String> times = new ArrayList<>();
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("--extracts", extracts, "--out", out.toString()));
            args.addAll(c.args());
            Map.Entry<Scripts.Result, Double> r = timed(c.env(), "replicate", args.toArray(String[]::new));
            assertEquals(2, r.getKey().exitCode(), r.getKey().stderr());
            assertTrue(oneLine(r.getKey()).startsWith(c.line()), oneLine(r.getKey()));
            assertTrue(r.getValue() < 5.0, c.line() + ": took " + r.getValue() + " s");
            times.add(String.format(java.util.Locale.ROOT, "%.1f", r.getValue()));
        }
        System.out.println("NightlyTrustIT: configuration errors refused in " + times + " s");
        assertFalse(Files.exists(out), "no results root, no warehouse");
    }

    @Test
    void aFutureDatedFolderRefusesTheRunAndAFailedReplicateLeavesNoWarehouse() throws Exception {
        Path root = tmp.resolve("future");
        DriverKillIT.copyTree(paper, root);
        Path real;
        try (Stream<Path> s = Files.list(root)) {
            real = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().findFirst().orElseThrow();
        }
        Path typo = root.resolve("2081-09-04");
        DriverKillIT.copyTree(real, typo);
        Path out = tmp.resolve("future-out");
        Scripts.Result r = Scripts.job(RUN, "replicate", "--extracts", root.toString(), "--out", out.toString());
        assertEquals(3, r.exitCode(), r.stderr());
        String last = r.stderr().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("bad input: " + typo + ": extract dated 2081-09-04, after today ("), last);
        assertFalse(Files.exists(out), "the failed run left no warehouse, nor the results root it created for it");
    }

    @Test
    void twoAnalyzeJobsAtTheSameInstantBothPublishTheirOwnRun() throws Exception {
        Path out = tmp.resolve("runs");
        Path warehouse = tmp.resolve("warehouse");
        // The warehouse and a first run under umask 027: every file 0640, every folder 0750.
        Scripts.Result rep = ok(Scripts.run(RUN, Map.of(), List.of("bash", "-c", "umask 027; exec \"$0\" \"$@\"",
                Scripts.ROOT.resolve("jobs/replicate").toString(), "--extracts", paper.toString(), "--out", out.toString(),
                "--warehouse", warehouse.toString())), "replicate");
        Path first = Path.of(rep.lastLine());
        assertOneMode(warehouse, "rw-r-----", "rwxr-x---");
        assertOneMode(first, "rw-r-----", "rwxr-x---");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Scripts.Result> results = new ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Scripts.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return Scripts.job(RUN, "analyze", "--warehouse", warehouse.toString(), "--out", out.toString());
                }));
            }
            go.countDown();
            for (Future<Scripts.Result> f : runs) {
                results.add(ok(f.get(), "analyze"));
            }
        } finally {
            pool.shutdownNow();
        }
        Path a = Path.of(results.get(0).lastLine());
        Path b = Path.of(results.get(1).lastLine());
        assertNotEquals(a, b, "two runs, two folders");
        assertArrayEquals(Files.readAllBytes(first.resolve("results.json")), Files.readAllBytes(a.resolve("results.json")));
        assertArrayEquals(Files.readAllBytes(first.resolve("results.json")), Files.readAllBytes(b.resolve("results.json")));
        Set<String> published = new TreeSet<>(RunFolders.visible(out));
        assertTrue(published.containsAll(Set.of(first.getFileName().toString(), a.getFileName().toString(),
                b.getFileName().toString(), "latest")), published.toString());
        assertEquals(List.of(), RunFolders.hidden(out), "no staging folder or lock left");
        String latest = Files.readSymbolicLink(out.resolve("latest")).toString();
        assertTrue(latest.equals(a.getFileName().toString()) || latest.equals(b.getFileName().toString()), latest);
        boolean waited = results.stream().anyMatch(r -> r.stderr().contains("analyze: waiting for "));
        System.out.println("NightlyTrustIT: two analyze runs " + a.getFileName() + ", " + b.getFileName()
                + (waited ? " (one waited for the other)" : ""));
    }

    /** Every regular file under {@code dir} has mode {@code file}, every folder {@code folder}. */
    static void assertOneMode(Path dir, String file, String folder) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? folder : file;
                if (!mode.equals(want)) {
                    wrong.add(dir.relativize(p) + " " + mode);
                }
            }
        }
        assertEquals(List.of(), wrong, "files and folders not of the umask's mode");
    }
}
