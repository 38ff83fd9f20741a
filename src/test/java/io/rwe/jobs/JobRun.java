package io.rwe.jobs;

import io.rwe.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a job in-process through {@link Main#run} with the shared test session active (the job's
 * {@code Sparks.session} then reuses it), capturing what it prints.
 */
public record JobRun(int exitCode, String stdout, String stderr) {

    public static synchronized JobRun of(String... argv) {
        TestSpark.session();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = Main.run(argv);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new JobRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The single line printed on standard error (fails when there is not exactly one). */
    public String oneErrorLine() {
        String s = stderr.strip();
        if (s.isEmpty() || s.contains("\n")) {
            throw new AssertionError("expected exactly one line on standard error, got:\n" + stderr);
        }
        return s;
    }
}
