package io.rwe.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The R side of the differential tests, computed once per JVM: writes the {@link DifferentialData} sets to a
 * temporary folder and runs ONE {@code Rscript src/test/resources/r/differential.R DIR} over all of them
 * (every {@code differential-*.R} module beside it included). Results are keyed by data set id, then by key.
 * The folder is deleted when the JVM exits unless {@code -Drwe.differential.keep} is given.
 */
final class DifferentialReference {

    private static DifferentialReference instance;

    private final List<DifferentialData.Dataset> datasets;
    private final Map<String, Map<String, Double>> expected;
    private final double rSeconds;

    private DifferentialReference(List<DifferentialData.Dataset> datasets, Map<String, Map<String, Double>> expected,
            double rSeconds) {
        this.datasets = datasets;
        this.expected = expected;
        this.rSeconds = rSeconds;
    }

    /** Whether Rscript with the survival package can be run here. */
    static boolean rAvailable() {
        try {
            Process p = new ProcessBuilder("Rscript", "-e", "library(survival)").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static synchronized DifferentialReference get() {
        if (instance == null) {
            instance = compute();
        }
        return instance;
    }

    private static DifferentialReference compute() {
        try {
            List<DifferentialData.Dataset> sets = DifferentialData.generate();
            Path dir = Files.createTempDirectory("rwe-differential-");
            if (System.getProperty("rwe.differential.keep") == null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            } else {
                System.out.println("differential data and R results kept in " + dir);
            }
            DifferentialData.write(sets, dir);
            Path script = Paths.get(System.getProperty("project.basedir", "."), "src/test/resources/r/differential.R");
            long start = System.nanoTime();
            Process p = new ProcessBuilder("Rscript", script.toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rscript.log").toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Rscript did not finish within 600 s; see " + dir);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Rscript failed (exit " + p.exitValue() + "): "
                        + Files.readString(dir.resolve("rscript.log")));
            }
            Map<String, Map<String, Double>> expected = new HashMap<>();
            try (BufferedReader in = Files.newBufferedReader(dir.resolve("expected.csv"), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    int a = line.indexOf(',');
                    int b = line.lastIndexOf(',');
                    expected.computeIfAbsent(line.substring(0, a), k -> new HashMap<>())
                            .put(line.substring(a + 1, b), parse(line.substring(b + 1)));
                }
            }
            return new DifferentialReference(sets, expected, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }

    private static double parse(String v) {
        return switch (v) {
            case "NA", "NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    List<DifferentialData.Dataset> datasets() {
        return datasets;
    }

    /** R's numbers for one data set, by key (empty when R wrote none). */
    Map<String, Double> expected(String id) {
        return expected.getOrDefault(id, Map.of());
    }

    double rSeconds() {
        return rSeconds;
    }
}
