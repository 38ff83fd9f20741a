package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The R side of the Cox differential tests: one Rscript process over a manifest of data sets, its
 * {@code id,name,value} output read back, and the comparisons shared by the tests.
 */
final class RCoxFits {

    private RCoxFits() {
    }

    /** R's values per data set and name, and its warnings per data set, in order. */
    record Output(Map<Integer, Map<String, String>> values, Map<Integer, List<String>> warnings) {
    }

    /**
     * Copies the script {@code /r/<script>} into {@code dir}, runs {@code Rscript --vanilla script manifest out}
     * there and reads {@code out} (a header line, then {@code id,name,value}; name {@code warning} collects
     * R's warnings).
     */
    static Output run(Path dir, String script, Path manifest) throws IOException, InterruptedException {
        Path copy = dir.resolve(script);
        try (InputStream in = RCoxFits.class.getResourceAsStream("/r/" + script)) {
            Files.copy(in, copy);
        }
        Path out = dir.resolve("r-results.csv");
        Process p = new ProcessBuilder("Rscript", "--vanilla", copy.toString(), manifest.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("r.log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("Rscript did not finish");
        }
        if (p.exitValue() != 0) {
            fail("Rscript failed: " + Files.readString(dir.resolve("r.log")));
        }
        Map<Integer, Map<String, String>> values = new TreeMap<>();
        Map<Integer, List<String>> warnings = new TreeMap<>();
        List<String> lines = Files.readAllLines(out);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 3);
            int id = Integer.parseInt(f[0]);
            if (f[1].equals("warning")) {
                warnings.computeIfAbsent(id, x -> new ArrayList<>()).add(f[2]);
            } else {
                values.computeIfAbsent(id, x -> new LinkedHashMap<>()).put(f[1], f[2]);
            }
        }
        return new Output(values, warnings);
    }

    static double num(String s) {
        if (s == null) {
            throw new IllegalStateException("value missing from R's output");
        }
        return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }

    /** Adds a failure unless |expected − actual| ≤ rel·|expected| + abs (NaN and ±∞ must agree exactly). */
    static void check(List<String> failures, String where, String what, double expected, double actual, double rel,
            double abs) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            if (Double.isNaN(expected) != Double.isNaN(actual)) {
                failures.add(where + ": " + what + " R " + expected + ", Java " + actual);
            }
            return;
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            if (expected != actual) {
                failures.add(where + ": " + what + " R " + expected + ", Java " + actual);
            }
            return;
        }
        double diff = Math.abs(expected - actual);
        if (diff > rel * Math.abs(expected) + abs) {
            failures.add(String.format("%s: %s R %.17g, Java %.17g, relative difference %.3g", where, what, expected,
                    actual, diff / Math.abs(expected)));
        }
    }

    /**
     * Adds a failure unless R's warnings and the Java ones say the same: the same messages in order, the
     * "Loglik converged before variable" ones naming the same variable numbers (the Java message adds the
     * term's name in parentheses).
     */
    static void checkWarnings(List<String> failures, String where, List<String> r, List<String> java) {
        List<String> expected = new ArrayList<>();
        for (String w : r) {
            if (w.startsWith("Ran out of iterations")) {
                expected.add("Ran out of iterations and did not converge");
            } else if (w.startsWith("Loglik converged before variable")) {
                String vars = w.replaceAll(".*variable\\s+([0-9 ]+?)\\s*;.*", "$1").trim().replaceAll("\\s+", ",");
                expected.add("infinite:" + vars);
            } else {
                expected.add(w.trim());
            }
        }
        List<String> actual = new ArrayList<>();
        for (String w : java) {
            if (w.startsWith("Loglik converged before variable")) {
                actual.add("infinite:" + w.replaceAll(" \\([^)]*\\)", "")
                        .replaceAll(".*variable ([0-9, ]+);.*", "$1").replace(" ", ""));
            } else {
                actual.add(w);
            }
        }
        if (!expected.equals(actual)) {
            failures.add(where + ": warnings R " + r + ", Java " + java);
        }
    }

    /** Skips the test without Rscript and survival, or fails it when the environment variable CI is set. */
    static void requireRscript() {
        boolean present;
        try {
            Process p = new ProcessBuilder("Rscript", "-e", "suppressPackageStartupMessages(library(survival))")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present && System.getenv("CI") != null) {
            fail("Rscript with the survival package is required in CI");
        }
        Assumptions.assumeTrue(present, "Rscript with the survival package not found: skipped");
    }
}
