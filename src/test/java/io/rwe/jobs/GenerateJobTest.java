package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/generate's command line: help, one clear line on bad arguments, the paper extract's path. */
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
        for (String opt : new String[] {"--profile", "--out", "--patients", "--seed", "--dirty", "--extracts", "--conf"}) {
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
    }

    @Test
    void paperProfilePrintsItsExtractFolder(@TempDir Path out) {
        Outcome o = run("--profile", "paper", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Path folder = out.resolve("2018-09-03");
        assertEquals(folder.toString(), o.out().strip());
        assertTrue(Files.isRegularFile(folder.resolve("patients.csv")));
    }
}
