package io.rwe.ingest;

import io.rwe.run.AtomicFiles;

import com.typesafe.config.Config;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest stage (docs/registry-extract.md; docs/ingest.md): every dated extract folder under a root, in
 * date order, into the warehouse, then the nightly merge into the published curated tables.
 *
 * <ol>
 *   <li>Extracts already ingested (their accounting is in the warehouse) are skipped when every file
 *       still has the checksum recorded then; a changed file of an ingested extract is refused, since
 *       an extract, once ingested, is immutable: corrections come as a new dated extract.</li>
 *   <li>Every file of every new extract is checked before any is read (whole-file refusals), then the
 *       extracts are ingested one by one in date order ({@link ExtractIngest}).</li>
 *   <li>The curated tables are recomputed from all ingested extracts and published atomically
 *       ({@link CuratedMerge}).</li>
 * </ol>
 */
public final class Ingest {
    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Ingest() {
    }

    /** Runs the stage with the settings of {@code config} (see {@link IngestSettings#fromConfig}). */
    public static IngestResult run(SparkSession spark, Config config, Path extractsRoot, Path warehouse) {
        return run(spark, IngestSettings.fromConfig(config), extractsRoot, warehouse, System.err);
    }

    /** Runs the stage; progress lines go to {@code log}. */
    public static IngestResult run(SparkSession spark, IngestSettings settings, Path extractsRoot, Path warehouse,
                                   PrintStream log) {
        long t0 = System.nanoTime();
        return locked(warehouse, () -> runLocked(spark, settings, extractsRoot, new Warehouse(warehouse), log, t0));
    }

    /**
     * Runs {@code ingest} holding the warehouse's ingest lock ({@code .ingest.lock}; the warehouse folder
     * created when missing): one ingest at a time per warehouse, whatever the input model; a second is
     * refused at once.
     */
    public static <T> T locked(Path warehouse, java.util.function.Supplier<T> ingest) {
        try {
            Files.createDirectories(warehouse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the warehouse " + warehouse, e);
        }
        try (FileChannel lockFile = FileChannel.open(warehouse.resolve(".ingest.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new BadInputException(warehouse + ": another ingest is running on this warehouse");
            }
            return ingest.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + warehouse, e);
        }
    }

    private static IngestResult runLocked(SparkSession spark, IngestSettings settings, Path root, Warehouse wh,
                                          PrintStream log, long t0) {
        AtomicFiles.delete(wh.staging());
        List<LocalDate> dates = extractDates(root, log);
        Set<LocalDate> ingestedBefore = ingestedDates(wh);
        // Leftovers of an interrupted run: extract data without the accounting that marks it complete.
        for (String area : List.of("extracts", "quarantine")) {
            Path dir = wh.root().resolve(area);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> !isIngested(p.getFileName().toString(), ingestedBefore)).forEach(AtomicFiles::delete);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }
        }
        List<LocalDate> pending = new ArrayList<>();
        List<Path> toHash = new ArrayList<>();
        List<ExtractFile> toRead = new ArrayList<>();
        Map<LocalDate, Map<ExtractTable, ExtractFile>> layouts = new LinkedHashMap<>();
        for (LocalDate d : dates) {
            Path folder = root.resolve(d.toString());
            if (ingestedBefore.contains(d)) {
                for (ExtractTable t : ExtractTable.values()) {
                    Path f = folder.resolve(t.fileName());
                    if (!Files.isRegularFile(f)) {
                        throw new BadInputException(f + ": missing, but extract " + d + " was ingested with it; an "
                                + "ingested extract is immutable (remove the whole folder to archive it)");
                    }
                    toHash.add(f);
                }
            } else {
                pending.add(d);
                Map<ExtractTable, ExtractFile> files = new EnumMap<>(ExtractTable.class);
                for (ExtractTable t : ExtractTable.values()) {
                    ExtractFile f = ExtractFile.inspect(folder.resolve(t.fileName()), t, settings.mapping());
                    files.put(t, f);
                    toRead.add(f);
                    toHash.add(f.path());
                    if (!f.unknownColumns().isEmpty()) {
                        log.println("ingest: " + f.path() + ": ignoring unknown column" + (f.unknownColumns().size() > 1 ? "s " : " ")
                                + String.join(", ", f.unknownColumns()));
                    }
                }
                layouts.put(d, files);
            }
        }
        ExtractReader reader = new ExtractReader(spark, settings.splitBytes());
        Map<Path, ExtractReader.Survey> surveys = reader.survey(toHash, toRead, settings.mapping());
        List<LocalDate> skipped = new ArrayList<>();
        for (LocalDate d : dates) {
            if (!ingestedBefore.contains(d)) {
                continue;
            }
            ExtractAccounting before = ExtractAccounting.read(wh.accounting(d));
            for (ExtractTable t : ExtractTable.values()) {
                Path f = root.resolve(d.toString()).resolve(t.fileName());
                String now = surveys.get(f).sha256();
                String then = before.file(t.fileName()).sha256();
                if (!now.equals(then)) {
                    throw new BadInputException(f + ": changed since extract " + d + " was ingested (sha256 " + now
                            + ", ingested " + then + "); an ingested extract is immutable: deliver corrections as a "
                            + "new dated extract, or ingest into a new warehouse");
                }
            }
            skipped.add(d);
        }
        List<LocalDate> ingested = new ArrayList<>();
        for (LocalDate d : pending) {
            long t = System.nanoTime();
            ExtractAccounting a = ExtractIngest.run(spark, settings, wh, d, layouts.get(d), surveys, reader);
            ingested.add(d);
            long q = a.files().stream().mapToLong(FileAccounting::rowsQuarantined).sum();
            long r = a.files().stream().mapToLong(FileAccounting::rowsRead).sum();
            log.printf(java.util.Locale.ROOT, "ingest: extract %s: %d rows read, %d quarantined (%.1f s)%n", d, r, q,
                    (System.nanoTime() - t) / 1e9);
        }
        List<ExtractAccounting> all = new ArrayList<>();
        for (LocalDate d : ingestedDates(wh)) {
            all.add(ExtractAccounting.read(wh.accounting(d)));
        }
        IngestAccounting accounting = new IngestAccounting(all);
        String version = CuratedMerge.version(all);
        boolean published = CuratedMerge.publish(spark, wh, all, version, settings.keepCuratedVersions());
        IngestResult result = new IngestResult(accounting, ingested, skipped, version, published,
                (System.nanoTime() - t0) / 1e9);
        AtomicFiles.writeAtomically(wh.summary(), Json.write(accounting.toJson()));
        return result;
    }

    private static boolean isIngested(String name, Set<LocalDate> ingested) {
        try {
            return ingested.contains(LocalDate.parse(name));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The extracts the warehouse holds: those with an accounting file. */
    public static Set<LocalDate> ingestedDates(Warehouse wh) {
        Set<LocalDate> out = new TreeSet<>();
        if (!Files.isDirectory(wh.accountingDir())) {
            return out;
        }
        try (Stream<Path> s = Files.list(wh.accountingDir())) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}-\\d{2}-\\d{2}\\.json"))
                    .forEach(n -> out.add(LocalDate.parse(n.substring(0, 10))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + wh.accountingDir(), e);
        }
        return out;
    }

    /** The dated extract folders under the root, in date order; other entries are reported and ignored. */
    public static List<LocalDate> extractDates(Path root, PrintStream log) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": no such extracts folder");
        }
        List<LocalDate> dates = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && DATE.matcher(name).matches()) {
                    try {
                        dates.add(LocalDate.parse(name));
                    } catch (DateTimeParseException e) {
                        throw new BadInputException(p + ": extract folder named like a date, but " + name + " is no date");
                    }
                } else if (!name.startsWith(".")) {
                    log.println("ingest: " + p + ": not an extract folder (YYYY-MM-DD), ignored");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (dates.isEmpty()) {
            throw new BadInputException(root + ": no extract folder (YYYY-MM-DD) in it");
        }
        dates.sort(null);
        return dates;
    }
}
