package io.rwe.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.run.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder {@code jobs/generate --out} writes (docs/generator.md): one folder per extract,
 * {@code <out>/<YYYY-MM-DD>/}, and the generator's truth files beside them in {@code <out>/.truth/},
 * which ingest skips as it skips every entry whose name starts with a dot:
 * {@code .truth/<YYYY-MM-DD>/_expected_quarantine.json} per extract, {@code .truth/_expected_merged.json}
 * for the series, and {@code .truth/series.json}, what the series was made with (for {@code --append}).
 */
public final class SeriesFolder {
    /** The truth folder's name inside {@code --out}. */
    public static final String TRUTH = ".truth";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Staging folders of extracts being written ({@code .<date>.tmp}). */
    private static final Pattern STAGING = Pattern.compile("\\.\\d{4}-\\d{2}-\\d{2}\\.tmp");

    private SeriesFolder() {
    }

    /** The expected quarantine of the extract dated {@code date}. */
    public static Path quarantineTruth(Path out, LocalDate date) {
        return out.resolve(TRUTH).resolve(date.toString()).resolve("_expected_quarantine.json");
    }

    /** What merging every extract of the series must give. */
    public static Path mergedTruth(Path out) {
        return out.resolve(TRUTH).resolve("_expected_merged.json");
    }

    static Path seriesFile(Path out) {
        return out.resolve(TRUTH).resolve("series.json");
    }

    /**
     * Makes {@code out} ready for a new series or extract: a folder with entries is refused (one line)
     * unless {@code force}; with {@code force} what jobs/generate writes there (dated folders, their
     * staging folders, {@code .truth}) is removed and anything else left alone.
     */
    public static void prepare(Path out, boolean force) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is not a folder");
        }
        List<Path> entries = entries(out);
        if (entries.isEmpty()) {
            return;
        }
        if (!force) {
            throw new UsageException("--out " + out + " is not empty (--force replaces the extracts written there,"
                    + " --append adds a night to the registry series there)");
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p) && (DATE.matcher(name).matches() || STAGING.matcher(name).matches()
                    || name.equals(TRUTH))) {
                AtomicFiles.delete(p);
            }
        }
    }

    private static List<Path> entries(Path out) {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out, e);
        }
    }

    /**
     * What a registry series was made with: seed, first-night patients, defect fraction, the settings'
     * digest ({@link RegistrySettings#fingerprint()}) and its extracts' dates, oldest first.
     */
    public record Series(long seed, long patients, double dirty, String settings, List<LocalDate> extracts) {
        public Series {
            extracts = List.copyOf(extracts);
        }
    }

    /** The series written under {@code out}; one line when there is none or it is unreadable. */
    public static Series read(Path out) {
        Path f = seriesFile(out);
        if (!Files.isRegularFile(f)) {
            throw new UsageException("--append: " + out + " holds no series of jobs/generate --profile registry"
                    + " (no " + TRUTH + "/series.json)");
        }
        JsonNode j;
        try {
            j = Json.read(f);
        } catch (UncheckedIOException e) {
            throw new BadInputException(f + ": not readable JSON (" + e.getCause().getMessage() + ")");
        }
        for (String field : List.of("seed", "patients", "dirty_fraction", "settings_sha256", "extracts")) {
            if (!j.hasNonNull(field)) {
                throw new BadInputException(f + ": not a series file of jobs/generate (no " + field + ")");
            }
        }
        List<LocalDate> dates = new ArrayList<>();
        for (JsonNode d : j.get("extracts")) {
            try {
                dates.add(LocalDate.parse(d.asText()));
            } catch (DateTimeParseException e) {
                throw new BadInputException(f + ": extract date '" + d.asText() + "' is no date");
            }
        }
        for (LocalDate d : dates) {
            if (!Files.isDirectory(out.resolve(d.toString()))) {
                throw new BadInputException(f + ": extract " + d + " of the series is missing from " + out);
            }
        }
        return new Series(j.get("seed").asLong(), j.get("patients").asLong(), j.get("dirty_fraction").asDouble(),
                j.get("settings_sha256").asText(), dates);
    }

    static void write(Path out, Series s) {
        Map<String, Object> j = Json.object();
        j.put("profile", "registry");
        j.put("seed", s.seed());
        j.put("patients", s.patients());
        j.put("dirty_fraction", s.dirty());
        j.put("settings_sha256", s.settings());
        j.put("extracts", s.extracts().stream().map(LocalDate::toString).toList());
        AtomicFiles.writeAtomically(seriesFile(out), Json.write(j));
    }
}
