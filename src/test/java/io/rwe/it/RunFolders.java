package io.rwe.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Snapshots and listings of results roots and run folders for the fault tests. */
final class RunFolders {

    private RunFolders() {
    }

    /** Every regular file under {@code dir} (relative path, '/'-separated) → hex SHA-256 of its bytes. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    m.put(dir.relativize(p).toString().replace('\\', '/'),
                            java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    /** The names in {@code out} that readers see (not beginning with a dot). */
    static TreeSet<String> visible(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in {@code out} beginning with a dot (staging folders, temporary links). */
    static List<String> hidden(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run {@code <out>/latest} names. */
    static String latest(Path out) {
        try {
            return Files.readSymbolicLink(out.resolve("latest")).getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a jobs/ script without waiting (standard output and error to files in {@code logs}). */
    static Process start(Path logs, Map<String, String> env, String job, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Scripts.ROOT.resolve("jobs").resolve(job).toString());
        cmd.addAll(List.of(args));
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Scripts.ROOT.toFile())
                .redirectOutput(logs.resolve("stdout").toFile()).redirectError(logs.resolve("stderr").toFile());
        pb.environment().putAll(env);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("RWE_FAULT_AT");
        pb.environment().put("RWE_CDS", "0"); // the JVM must be the script's own process (exec), for kill9
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        // The same line per program as Scripts.run, printed when it ends (killed runs included).
        p.onExit().thenAccept(h -> Scripts.logProcess(t0, h.exitValue(), cmd));
        return p;
    }

    /** Waits until {@code condition} holds while {@code p} runs; false when {@code p} ended first. */
    static boolean awaitWhileRunning(Process p, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(10);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out after " + timeout);
    }

    /** SIGKILL (Process.destroyForcibly on Unix), and wait for the process to be gone. */
    static int kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError("process " + p.pid() + " survived SIGKILL");
        }
        return p.exitValue();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
