package io.rwe.ingest;

import io.rwe.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The input models on the class path ({@link InputModel}), and the choice of one for a run. */
public final class InputModels {

    private InputModels() {
    }

    /** Every model found by {@link ServiceLoader}, in the order of the service files. */
    public static List<InputModel> all() {
        List<InputModel> out = new ArrayList<>();
        ServiceLoader.load(InputModel.class, InputModels.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /** The model named {@code format}; a usage error listing the known names otherwise. */
    public static InputModel named(String format) {
        for (InputModel m : all()) {
            if (m.name().equals(format)) {
                return m;
            }
        }
        throw new UsageException("--format " + format + ": unknown input model (known: " + names() + ")");
    }

    /**
     * The model for a run: the one named by {@code format} when given; otherwise the only model that
     * recognises {@code extractsRoot}; a usage error when none or several do (naming them, and the
     * option that settles it).
     */
    public static InputModel choose(Optional<String> format, Path extractsRoot) {
        if (format.isPresent()) {
            return named(format.get());
        }
        List<InputModel> seen = new ArrayList<>();
        for (InputModel m : all()) {
            if (m.recognizes(extractsRoot)) {
                seen.add(m);
            }
        }
        if (seen.size() == 1) {
            return seen.get(0);
        }
        if (seen.isEmpty()) {
            throw new UsageException(extractsRoot + ": no input model recognises this layout; give --format ("
                    + names() + ")");
        }
        throw new UsageException(extractsRoot + ": the layout fits several input models ("
                + String.join(", ", seen.stream().map(InputModel::name).toList()) + "); give --format");
    }

    /**
     * The model whose data a warehouse holds: the one its last ingest recorded ({@code ingest.json},
     * {@code "input_model"}), the extract format ({@code registry}) when none is recorded.
     */
    public static InputModel ofWarehouse(Path warehouse) {
        Path summary = warehouse.resolve("ingest.json");
        if (java.nio.file.Files.isRegularFile(summary)) {
            String name = io.rwe.core.Json.read(summary).path("input_model").asText("");
            if (!name.isEmpty()) {
                return named(name);
            }
        }
        return named("registry");
    }

    /**
     * Whether {@code extractsRoot} holds a dated folder ({@code YYYY-MM-DD}) that passes {@code looksLikeOurs}:
     * how a model recognises its layout.
     */
    public static boolean hasDatedFolder(Path extractsRoot, java.util.function.Predicate<Path> looksLikeOurs) {
        if (!java.nio.file.Files.isDirectory(extractsRoot)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(extractsRoot)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}")
                    && java.nio.file.Files.isDirectory(p) && looksLikeOurs.test(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + extractsRoot, e);
        }
    }

    private static String names() {
        return String.join(", ", all().stream().map(InputModel::name).toList());
    }
}
