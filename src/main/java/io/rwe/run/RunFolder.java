package io.rwe.run;

import io.rwe.core.CsvTable;

import io.rwe.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the parts of a run folder (docs/study.md, "Results contract") into the (temporary) folder that
 * {@link RunPublisher} then publishes: {@code results.json}, {@code tables/*.csv} and {@code manifest.json};
 * the report ({@code figures/}, {@code report.html}) is written by the report stage itself. A run folder
 * holds aggregates only: no dataset (docs/disclosure.md).
 */
public final class RunFolder {

    private RunFolder() {
    }

    /** results.json and tables/*.csv. */
    public static void writeResults(Path runDir, Map<String, Object> results, Map<String, CsvTable> tables)
            throws IOException {
        Json.write(runDir.resolve("results.json"), results);
        Path dir = Files.createDirectories(runDir.resolve("tables"));
        for (Map.Entry<String, CsvTable> t : tables.entrySet()) {
            Files.writeString(dir.resolve(t.getKey()), t.getValue().text(), StandardCharsets.UTF_8);
        }
    }

    /** manifest.json. */
    public static void writeManifest(Path runDir, Map<String, Object> manifest) {
        Json.write(runDir.resolve("manifest.json"), manifest);
    }
}
