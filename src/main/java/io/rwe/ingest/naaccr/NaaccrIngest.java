package io.rwe.ingest.naaccr;

import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.ingest.CuratedMerge;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.IngestAccounting;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.Warehouse;
import io.rwe.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest stage for NAACCR XML ({@code --format naaccr}; docs/naaccr.md): every dated folder under
 * the extracts root, in date order, into the warehouse, then the nightly merge into the published
 * curated tables {@code patients} and {@code tumors}. The same guarantees as the extract format
 * ({@link Ingest}): one ingest at a time per warehouse; an extract once ingested is immutable (its files
 * are hashed again and a changed file is refused); every file refused whole before any is read when it
 * is not NAACCR XML ({@link NaaccrFile}); every record accepted or quarantined and counted per file;
 * the curated version published atomically.
 */
public final class NaaccrIngest {

    private NaaccrIngest() {
    }

    /** Runs the stage; progress lines go to {@code log}. */
    public static IngestResult run(SparkSession spark, NaaccrSettings settings, Path root, Path warehouse,
                                   PrintStream log) {
        long t0 = System.nanoTime();
        return Ingest.locked(warehouse, settings.lockWait(), log, () -> runLocked(spark, settings, root, new Warehouse(warehouse), log, t0));
    }

    private static IngestResult runLocked(SparkSession spark, NaaccrSettings settings, Path root, Warehouse wh,
                                          PrintStream log, long t0) {
        AtomicFiles.delete(wh.staging());
        List<LocalDate> dates = Ingest.extractDates(root, log);
        Set<LocalDate> ingestedBefore = wh.ingestedDates();
        for (LocalDate d : ingestedBefore) {
            String model = ExtractAccounting.read(wh.accounting(d)).registry();
            if (!NaaccrModel.NAME.equals(model)) {
                throw new BadInputException(wh.root() + ": this warehouse holds extract " + d + " of another input "
                        + "model (" + model + "); ingest NAACCR extracts into a warehouse of their own");
            }
        }
        removeLeftovers(wh, ingestedBefore);
        List<Path> toHash = new ArrayList<>();
        List<NaaccrFile> toRead = new ArrayList<>();
        Map<LocalDate, List<NaaccrFile>> pending = new LinkedHashMap<>();
        for (LocalDate d : dates) {
            Path folder = root.resolve(d.toString());
            if (ingestedBefore.contains(d)) {
                for (FileAccounting f : ExtractAccounting.read(wh.accounting(d)).files()) {
                    Path p = folder.resolve(f.file());
                    if (!Files.isRegularFile(p)) {
                        throw new BadInputException(p + ": missing, but extract " + d + " was ingested with it; an "
                                + "ingested extract is immutable (remove the whole folder to archive it)");
                    }
                    toHash.add(p);
                }
            } else {
                List<NaaccrFile> files = new ArrayList<>();
                for (Path p : xmlFiles(folder)) {
                    files.add(NaaccrFile.inspect(p, settings));
                }
                toRead.addAll(files);
                pending.put(d, files);
            }
        }
        NaaccrSurvey.Result survey = NaaccrSurvey.run(spark, toHash, toRead, settings);
        List<LocalDate> skipped = new ArrayList<>();
        for (LocalDate d : dates) {
            if (!ingestedBefore.contains(d)) {
                continue;
            }
            for (FileAccounting f : ExtractAccounting.read(wh.accounting(d)).files()) {
                Path p = root.resolve(d.toString()).resolve(f.file());
                String now = survey.sha256().get(p);
                if (!now.equals(f.sha256())) {
                    throw new BadInputException(p + ": changed since extract " + d + " was ingested (sha256 " + now
                            + ", ingested " + f.sha256() + "); an ingested extract is immutable: deliver corrections as "
                            + "a new dated extract, or ingest into a new warehouse");
                }
            }
            skipped.add(d);
        }
        List<LocalDate> ingested = new ArrayList<>();
        for (Map.Entry<LocalDate, List<NaaccrFile>> e : pending.entrySet()) {
            long t = System.nanoTime();
            ExtractAccounting a = NaaccrExtractIngest.run(spark, wh, e.getKey(), e.getValue(), survey);
            ingested.add(e.getKey());
            long q = a.files().stream().mapToLong(FileAccounting::rowsQuarantined).sum();
            long r = a.files().stream().mapToLong(FileAccounting::rowsRead).sum();
            log.printf(Locale.ROOT, "ingest: extract %s: %d NAACCR records read, %d quarantined (%.1f s)%n",
                    e.getKey(), r, q, (System.nanoTime() - t) / 1e9);
            for (FileAccounting f : a.files()) {
                if (!f.unknownColumns().isEmpty()) {
                    log.println("ingest: " + root.resolve(e.getKey().toString()).resolve(f.file())
                            + ": ignoring items no dictionary of the file defines: " + String.join(", ", f.unknownColumns()));
                }
            }
        }
        List<ExtractAccounting> all = new ArrayList<>();
        for (LocalDate d : wh.ingestedDates()) {
            all.add(ExtractAccounting.read(wh.accounting(d)));
        }
        IngestAccounting accounting = new IngestAccounting(all, NaaccrReason.codes());
        String version = CuratedMerge.version(all);
        boolean published = NaaccrMerge.publish(spark, wh, all, version, settings.keepCuratedVersions());
        IngestResult result = new IngestResult(accounting, ingested, skipped, version, published,
                (System.nanoTime() - t0) / 1e9, Map.of(), List.of());
        Map<String, Object> summary = accounting.toJson();
        summary.put("input_model", NaaccrModel.NAME);
        AtomicFiles.writeAtomically(wh.summary(), Json.write(summary));
        return result;
    }

    /** The {@code *.xml} files of an extract folder, by name; a folder without one is refused. */
    static List<Path> xmlFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")).sorted().toList();
            if (files.isEmpty()) {
                throw new BadInputException(folder + ": no NAACCR XML file (*.xml) in this extract folder");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Extract data without the accounting that marks it complete: leftovers of an interrupted run. */
    private static void removeLeftovers(Warehouse wh, Set<LocalDate> ingested) {
        for (String area : List.of("extracts", "quarantine")) {
            Path dir = wh.root().resolve(area);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> ingested.stream().noneMatch(d -> d.toString().equals(p.getFileName().toString())))
                        .forEach(AtomicFiles::delete);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
    }
}
