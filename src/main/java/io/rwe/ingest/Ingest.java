package io.rwe.ingest;

import io.rwe.run.AtomicFiles;
import io.rwe.run.FolderLock;

import com.typesafe.config.Config;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest stage (docs/registry-extract.md; docs/ingest.md): every dated extract folder under a root, in
 * date order, into the warehouse, then the nightly merge into the published curated tables. One run at
 * a time per warehouse: the run holds the warehouse's lock ({@link FolderLock}), waiting for another run
 * at most {@code rwe.run.lock-wait}.
 *
 * <ol>
 *   <li>What to read is decided first ({@link DeliveryPlan}): withdrawn extracts ignored, impossible
 *       dates refused, folders whose required delivery manifest is missing left waiting, ingested
 *       extracts skipped when unchanged and read again when re-delivered; every file of every folder to
 *       read checked before any is read (whole-file refusals).</li>
 *   <li>The extracts are ingested one by one in date order ({@link ExtractIngest}); before one is
 *       committed, every file must be the file that was inspected ({@link FileSnapshot}) and match the
 *       manifest's row counts, and a re-delivery retires the earlier delivery's accounting.</li>
 *   <li>The curated tables are recomputed from all ingested extracts and published atomically
 *       ({@link CuratedMerge}).</li>
 * </ol>
 * A run that fails leaves no staging area behind, and a warehouse it created and left empty is removed.
 */
public final class Ingest {
    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Ingest() {
    }

    /** Runs the stage with the settings of {@code config} (see {@link IngestSettings#fromConfig}). */
    public static IngestResult run(SparkSession spark, Config config, Path extractsRoot, Path warehouse) {
        return run(spark, IngestSettings.fromConfig(config), extractsRoot, warehouse, System.err);
    }

    /** Runs the stage on extracts in the extract format; progress lines go to {@code log}. */
    public static IngestResult run(SparkSession spark, IngestSettings settings, Path extractsRoot, Path warehouse,
                                   PrintStream log) {
        return run(spark, settings, new ExtractFormat(), extractsRoot, warehouse, log);
    }

    /** Runs the stage on deliveries read by {@code format}; progress lines go to {@code log}. */
    public static IngestResult run(SparkSession spark, IngestSettings settings, DeliveryFormat format, Path extractsRoot,
                                   Path warehouse, PrintStream log) {
        long t0 = System.nanoTime();
        return locked(warehouse, settings.lockWait(), log,
                () -> runLocked(spark, settings, format, extractsRoot, new Warehouse(warehouse), log, t0));
    }

    /**
     * Runs {@code ingest} holding the warehouse's lock ({@link FolderLock}, {@code .warehouse.lock}): one
     * run at a time per warehouse, whatever the input model; a run that finds it held waits at most
     * {@code wait}. The staging area is removed when the run ends, whether it succeeded or failed.
     */
    public static <T> T locked(Path warehouse, java.time.Duration wait, PrintStream log,
                               java.util.function.Supplier<T> ingest) {
        Warehouse wh = new Warehouse(warehouse);
        try (FolderLock lock = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/ingest", wait,
                line -> log.println("ingest: " + line))) {
            try {
                T result = ingest.get();
                // Every staged delivery was committed by moves: what is left of the staging area is its
                // empty folders.
                AtomicFiles.delete(wh.staging());
                return result;
            } catch (RuntimeException | Error e) {
                AtomicFiles.delete(wh.staging());
                throw e;
            }
        }
    }

    private static IngestResult runLocked(SparkSession spark, IngestSettings settings, DeliveryFormat format, Path root,
                                          Warehouse wh, PrintStream log, long t0) {
        AtomicFiles.delete(wh.staging());
        List<LocalDate> dates = extractDates(root, log);
        Set<LocalDate> ingestedBefore = wh.ingestedDates();
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
        ExtractReader reader = new ExtractReader(spark, settings.splitBytes());
        DeliveryPlan plan = DeliveryPlan.of(settings, format, root, dates, wh, reader, log);
        List<LocalDate> ingested = new ArrayList<>();
        for (LocalDate d : plan.pending) {
            long t = System.nanoTime();
            DeliveryFormat.Delivery delivery = plan.deliveries.get(d);
            ExtractAccounting a = delivery.ingest(spark, settings, wh, plan.surveys, reader,
                    staged -> beforeCommit(wh, d, root.resolve(d.toString()), delivery, staged, plan));
            ingested.add(d);
            long q = a.files().stream().mapToLong(FileAccounting::rowsQuarantined).sum();
            long r = a.files().stream().mapToLong(FileAccounting::rowsRead).sum();
            log.printf(java.util.Locale.ROOT, "ingest: extract %s: %d rows read, %d quarantined (%.1f s)%n", d, r, q,
                    (System.nanoTime() - t) / 1e9);
        }
        return publish(spark, settings, wh, format.model(), ingested, plan, t0);
    }

    /**
     * The last checks of a staged extract: every file is still the one inspected (else nothing of the
     * extract is committed, and the next run reads the file as it is then), its rows are the manifest's;
     * a re-delivery's earlier accounting is retired to {@code accounting/replaced/}.
     */
    private static void beforeCommit(Warehouse wh, LocalDate d, Path folder, DeliveryFormat.Delivery delivery,
                                     ExtractAccounting staged, DeliveryPlan plan) {
        delivery.snapshots().forEach((path, snapshot) -> FileSnapshot.unchangedSince(snapshot, path, d));
        DeliveryManifest m = plan.manifests.get(d);
        if (m != null) {
            for (FileAccounting f : staged.files()) {
                m.checkRows(folder.resolve(f.file()), f.rowsRead());
            }
        }
        if (plan.redelivered.contains(d)) {
            AtomicFiles.move(wh.accounting(d), wh.replaced(d, java.time.Instant.now()));
        }
    }

    /**
     * Recomputes the curated tables from every ingested extract, publishes them, writes ingest.json (with
     * the input model's name, {@code "input_model"}, when it is not the extract format's).
     */
    static IngestResult publish(SparkSession spark, IngestSettings settings, Warehouse wh, String model,
                                List<LocalDate> ingested, DeliveryPlan plan, long t0) {
        List<ExtractAccounting> all = new ArrayList<>();
        for (LocalDate d : wh.ingestedDates()) {
            all.add(ExtractAccounting.read(wh.accounting(d)));
        }
        IngestAccounting accounting = new IngestAccounting(all);
        String version = CuratedMerge.version(all);
        boolean published = CuratedMerge.publish(spark, wh, all, version, settings.keepCuratedVersions());
        IngestResult result = new IngestResult(accounting, ingested, plan == null ? List.of() : plan.skipped, version,
                published, (System.nanoTime() - t0) / 1e9, plan == null ? Map.of() : plan.waiting,
                plan == null ? List.of() : plan.ignoredWithdrawn);
        Map<String, Object> summary = accounting.toJson();
        if (!model.equals(ExtractFormat.MODEL)) {
            summary.put("input_model", model);
        }
        AtomicFiles.writeAtomically(wh.summary(), Json.write(summary));
        return result;
    }

    private static boolean isIngested(String name, Set<LocalDate> ingested) {
        try {
            return ingested.contains(LocalDate.parse(name));
        } catch (DateTimeParseException e) {
            return false;
        }
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
