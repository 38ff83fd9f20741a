package io.rwe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accounting of one ingested extract, as {@code accounting/<YYYY-MM-DD>.json} of the warehouse
 * holds it; its presence marks the extract as ingested.
 *
 * @param extractDate the extract's date
 * @param registry    the name of the registry mapping it was read with
 * @param files       one entry per file, in {@link io.rwe.registry.ExtractTable} order
 */
public record ExtractAccounting(LocalDate extractDate, String registry, List<FileAccounting> files) {

    public ExtractAccounting {
        files = List.copyOf(files);
    }

    /** The file's accounting, by file name. */
    public FileAccounting file(String name) {
        return files.stream().filter(f -> f.file().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file " + name + " in extract " + extractDate));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.object();
        m.put("extract_date", extractDate.toString());
        m.put("registry", registry);
        Map<String, Object> fs = Json.object();
        for (FileAccounting f : files) {
            fs.put(f.file(), f.toJson());
        }
        m.put("files", fs);
        return m;
    }

    public static ExtractAccounting read(Path file) {
        JsonNode n = Json.read(file);
        List<FileAccounting> files = new ArrayList<>();
        n.path("files").fields().forEachRemaining(e -> files.add(FileAccounting.fromJson(e.getKey(), e.getValue())));
        return new ExtractAccounting(LocalDate.parse(n.path("extract_date").asText()), n.path("registry").asText(), files);
    }
}
