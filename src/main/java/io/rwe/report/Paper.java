package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paper's published numbers and its internal-consistency checks, from the resource or file named
 * by {@code rwe.report.paper} (empty: a study with no paper). Format: {@code {"citation", "values":
 * [Published…], "checks": [{id, kind, title, where, …}]}}; the default study's paper is the resource
 * that conf/study.conf names (docs/report.md, "The paper").
 */
record Paper(String citation, List<Published> values, List<JsonNode> checks) {

    /** The paper named by {@code name} (a file or a classpath resource); empty for "". */
    static Optional<Paper> load(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String text;
        try {
            Path file = Path.of(name);
            if (Files.isRegularFile(file)) {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } else {
                try (InputStream in = Paper.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new BadInputException("rwe.report.paper: '" + name + "' is neither a file nor a classpath resource");
                    }
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("rwe.report.paper: cannot read '" + name + "': " + e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + ": " + e.getMessage());
        }
        List<Published> values = new ArrayList<>();
        int i = 0;
        for (JsonNode v : root.path("values")) {
            i++;
            if (!v.path("path").isTextual()) {
                throw new BadInputException(name + ": values[" + i + "]: field path: missing");
            }
            values.add(new Published(v.get("path").asText(), text(v, "printed"), text(v, "pct"),
                    v.path("of").isNumber() ? v.get("of").asInt() : null, text(v, "of_path"), text(v, "where")));
        }
        List<JsonNode> checks = new ArrayList<>();
        root.path("checks").forEach(checks::add);
        return Optional.of(new Paper(text(root, "citation"), List.copyOf(values), List.copyOf(checks)));
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.path(f);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
