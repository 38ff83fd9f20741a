package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/generate's command line: help, one clear line on bad arguments, the paper extract's path, a
 * non-empty --out refused without --force, --append adding a night.
 */
class GenerateJobTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] argv = new String[args.length + 1];
            argv[0] = "generate";
            System.arraycopy(args, 0, argv, 1, args.length);
            int code = Main.run(argv);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsEveryOption() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String opt : new String[] {"--profile", "--out", "--patients", "--seed", "--dirty", "--extracts", "--append",
            "--force", "--conf", "--format"}) {
            assertTrue(o.out().contains(opt), opt);
        }
    }

    private static void assertUsageError(Outcome o, String fragment) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(fragment), o.err());
    }

    @Test
    void badArgumentsGiveOneLine(@TempDir Path out) {
        assertUsageError(run("--out", out.toString()), "--profile");
        assertUsageError(run("--profile", "paper"), "--out");
        assertUsageError(run("--profile", "survey", "--out", out.toString()), "paper or registry");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--patients", "many"), "--patients");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--patients", "0"), "--patients");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--dirty", "0.9"), "--dirty");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--extracts", "0"), "--extracts");
        assertUsageError(run("--profile", "paper", "--out", out.toString(), "--dirty", "0.1"), "registry only");
        assertUsageError(run("--profile", "paper", "--out", out.toString(), "--colour", "red"), "--colour");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--conf", out.resolve("none.conf").toString()),
                "none.conf");
        assertUsageError(run("--profile", "paper", "--out", out.toString(), "--append"), "registry only");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--append", "--force"), "one of them");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--append", "--extracts", "2"),
                "--extracts does not apply");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--append"), "no series");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--extracts", "61"), "between 1 and 60");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--format", "naaccr"), "registry or omop");
        assertUsageError(run("--profile", "registry", "--out", out.toString(), "--format", "omop", "--dirty", "0.1"),
                "--format registry only");
    }

    @Test
    void nonEmptyOutIsRefusedWithoutForce(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.createDirectories(out.resolve("2017-01-01"));
        assertUsageError(run("--profile", "paper", "--out", out.toString()), "is not empty");
        assertUsageError(run("--profile", "registry", "--out", out.toString()), "is not empty");
        assertTrue(Files.isDirectory(out.resolve("2017-01-01")), "nothing removed without --force");

        Outcome o = run("--profile", "paper", "--out", out.toString(), "--force");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(out.resolve("2018-09-03/patients.csv")));
        assertFalse(Files.exists(out.resolve("2017-01-01")), "--force removes the extracts that were there");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "--force leaves other files alone");
    }

    @Test
    void appendAddsTheNextNight(@TempDir Path out) throws Exception {
        JobRun first = JobRun.of("generate", "--profile", "registry", "--patients", "150", "--seed", "3", "--dirty", "0.02",
                "--extracts", "2", "--out", out.toString());
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals(out.resolve("2018-09-03") + "\n" + out.resolve("2018-09-04"), first.stdout().strip());

        JobRun other = JobRun.of("generate", "--profile", "registry", "--append", "--seed", "4", "--out", out.toString());
        assertEquals(2, other.exitCode(), other.stderr());
        assertTrue(other.oneErrorLine().contains("--seed 3"), other.stderr());

        JobRun third = JobRun.of("generate", "--profile", "registry", "--append", "--out", out.toString());
        assertEquals(0, third.exitCode(), third.stderr());
        assertEquals(out.resolve("2018-09-05").toString(), third.stdout().strip());
        assertTrue(Files.isRegularFile(out.resolve(".truth/2018-09-05/_expected_quarantine.json")));
        assertTrue(Files.readString(out.resolve(".truth/_expected_merged.json")).contains("2018-09-05"));
    }

    @Test
    void paperProfilePrintsItsExtractFolder(@TempDir Path out) {
        Outcome o = run("--profile", "paper", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Path folder = out.resolve("2018-09-03");
        assertEquals(folder.toString(), o.out().strip());
        assertTrue(Files.isRegularFile(folder.resolve("patients.csv")));
    }

    @Test
    void omopFormatWritesTheSameExtractAsCdmTables(@TempDir Path out) {
        Outcome o = run("--profile", "paper", "--format", "omop", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Path folder = out.resolve("2018-09-03");
        assertEquals(folder.toString(), o.out().strip());
        for (String table : new String[] {"person", "observation_period", "condition_occurrence", "drug_exposure",
            "measurement", "episode"}) {
            assertTrue(Files.isRegularFile(folder.resolve(table + ".csv")), table);
        }
        assertFalse(Files.exists(folder.resolve("patients.csv")), "no extract-format file in the OMOP delivery");
        assertFalse(Files.exists(out.resolve(".extract-format")), "the scratch extract is removed");
    }
}
