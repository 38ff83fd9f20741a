package io.rwe.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the hand-built fixture run folder (src/test/resources/report-fixture) into a fresh folder. */
final class ReportFixture {

    static final Path SOURCE = Path.of(System.getProperty("project.basedir", "."), "src/test/resources/report-fixture");

    private ReportFixture() {
    }

    static Path copyTo(Path dir) {
        try {
            Path run = dir.resolve("run-fixture");
            Files.createDirectories(run.resolve("tables"));
            Files.copy(SOURCE.resolve("results.json"), run.resolve("results.json"));
            try (Stream<Path> s = Files.list(SOURCE.resolve("tables"))) {
                for (Path p : s.toList()) {
                    Files.copy(p, run.resolve("tables").resolve(p.getFileName()));
                }
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
