package io.rwe.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the project's own {@code jobs/} scripts (and other programs) as a user would, with a time bound. */
final class Scripts {

    /** The checkout's root (surefire/failsafe pass it as {@code project.basedir}). */
    static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();

    record Result(int exitCode, String stdout, String stderr) {
        /** The last non-empty line of standard output (jobs/replicate prints the run folder there). */
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private Scripts() {
    }

    static Result job(Duration timeout, String job, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("jobs").resolve(job).toString());
        cmd.addAll(List.of(args));
        return run(timeout, Map.of(), cmd);
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> cmd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("rwe-out", ".txt");
        Path err = Files.createTempFile("rwe-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        // Class-data sharing (jobs/_launch RWE_CDS=1): the archive is made by the first run after a build
        // and saves about 4 s of start-up in each of the many short runs of these tests. Only here, where
        // the script is waited for: without an archive the launcher does not exec the JVM, so a SIGKILL of
        // the script (RunFolders.start, kill9) would not reach it.
        pb.environment().putIfAbsent("RWE_CDS", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", cmd)
                    + "\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        logProcess(start, p.exitValue(), cmd);
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** Fails with the command's output when it did not exit 0. */
    static Result ok(Result r, String what) {
        if (r.exitCode() != 0) {
            throw new AssertionError(what + " exited " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n"
                    + r.stderr());
        }
        return r;
    }

    /** A log4j line of level WARN in a job's stderr ({@code HH:mm:ss WARN Logger: message}). */
    private static final Pattern WARN_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d WARN .*$");

    /**
     * Fails when a log4j WARN line reached the job's stderr: conf/log4j2.properties keeps Spark's own
     * notes (plan truncation, large task binaries, ...) out of a job's output.
     */
    static Result noLogWarnings(Result r, String what) {
        Matcher m = WARN_LINE.matcher(r.stderr());
        if (m.find()) {
            throw new AssertionError(what + " logged a warning: " + m.group() + "\nstderr:\n" + r.stderr());
        }
        return r;
    }

    /**
     * The flags of bash arrays of jobs/_jvm-flags (e.g. {@code SMALL_INPUT_FLAGS}), as the scripts expand them,
     * joined by spaces: the same flags the launcher gives, taken from where the launcher takes them.
     */
    static String jvmFlags(String... arrays) throws IOException, InterruptedException {
        StringBuilder expand = new StringBuilder("source jobs/_jvm-flags && printf '%s\\n'");
        for (String a : arrays) {
            expand.append(" \"${").append(a).append("[@]}\"");
        }
        Result r = ok(run(Duration.ofSeconds(30), Map.of(), List.of("bash", "-c", expand.toString())), "jobs/_jvm-flags");
        return String.join(" ", r.stdout().strip().split("\n"));
    }

    /**
     * The test JVM's standard output as it was when the class loaded: a job run in-process ({@link InProcess})
     * captures {@code System.out} meanwhile, and a program run beside it must not log into that job's output.
     */
    private static final java.io.PrintStream LOG = System.out;

    /** One line per program in the test log, {@code [process] <s>, exit <n>: <command>}: where an integration test's time goes. */
    static void logProcess(long startNanos, int exitCode, List<String> cmd) {
        LOG.printf("[process] %.1f s, exit %d: %s%n", (System.nanoTime() - startNanos) / 1e9, exitCode,
                String.join(" ", cmd).replace(ROOT + "/", ""));
    }
}
