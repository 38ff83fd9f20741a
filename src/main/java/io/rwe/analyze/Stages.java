package io.rwe.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.cohort.CohortFlow;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.IngestAccounting;
import io.rwe.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small conversions between the stages' own types and what the analyze stage and manifest take. */
public final class Stages {

    private Stages() {
    }

    /** The flow as the JSON object of {@code cohort_flow}. */
    public static JsonNode flowJson(CohortFlow flow) {
        return Json.read(Json.write(flow.toJson()));
    }

    /**
     * The accounting of every extract ingested into {@code warehouse}
     * ({@code accounting/<date>.json}, in date order); empty when there is none.
     */
    public static IngestAccounting accounting(Path warehouse) {
        Path dir = warehouse.resolve("accounting");
        List<ExtractAccounting> extracts = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.json"))
                        .sorted().toList()) {
                    extracts.add(ExtractAccounting.read(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return new IngestAccounting(extracts);
    }
}
