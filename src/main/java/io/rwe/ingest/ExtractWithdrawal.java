package io.rwe.ingest;

import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.run.AtomicFiles;
import io.rwe.run.FolderLock;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Withdraws an ingested extract from a warehouse ({@code jobs/ingest --withdraw-extract DATE};
 * docs/ingest.md, "Withdrawing an extract"): a delivery that should never have been ingested (a folder
 * dated 2081 for 2018, a delivery sent to the wrong registry) stops feeding the curated tables.
 *
 * <ol>
 *   <li>The extract's accounting moves to {@code accounting/withdrawn/<date>.json}, with the time and the
 *       reason: from then on the extract is not ingested, and a folder of that date under the extracts
 *       root is ignored by every later run (reported);</li>
 *   <li>its accepted rows and quarantine are deleted;</li>
 *   <li>the curated tables are recomputed from the remaining extracts and published (a new version,
 *       {@code CURRENT} replaced atomically); {@code ingest.json} and the manifests of later runs list
 *       the remaining extracts only.</li>
 * </ol>
 * The derived cohort is not touched: the next {@code jobs/derive} derives from the new version.
 */
public final class ExtractWithdrawal {

    private ExtractWithdrawal() {
    }

    /** Withdraws the extract of {@code date} from {@code warehouse}, holding the warehouse's lock. */
    public static IngestResult run(SparkSession spark, IngestSettings settings, java.nio.file.Path warehouse,
                                   LocalDate date, String reason, PrintStream log) {
        long t0 = System.nanoTime();
        Warehouse wh = new Warehouse(warehouse);
        if (!java.nio.file.Files.isDirectory(warehouse)) {
            throw new UsageException("--warehouse " + warehouse + ": not a folder");
        }
        try (FolderLock lock = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/ingest --withdraw-extract",
                settings.lockWait(), line -> log.println("ingest: " + line))) {
            SortedSet<LocalDate> ingested = wh.ingestedDates();
            if (!ingested.contains(date)) {
                throw new UsageException("--withdraw-extract " + date + ": no such extract in " + warehouse
                        + (wh.withdrawnDates().contains(date) ? " (it was withdrawn already)" : " (its extracts: "
                        + ingested.stream().map(LocalDate::toString).collect(Collectors.joining(", ")) + ")"));
            }
            if (ingested.size() == 1) {
                throw new UsageException("--withdraw-extract " + date + ": it is the only extract of " + warehouse
                        + "; start a new warehouse instead");
            }
            ExtractAccounting withdrawn = ExtractAccounting.read(wh.accounting(date));
            Map<String, Object> record = withdrawn.toJson();
            record.put("withdrawn_at", Instant.now().toString());
            record.put("reason", reason);
            AtomicFiles.writeAtomically(wh.withdrawn(date), Json.write(record));
            AtomicFiles.delete(wh.accounting(date));
            AtomicFiles.delete(wh.extract(date));
            AtomicFiles.delete(wh.quarantine(date));
            IngestResult result = Ingest.publish(spark, settings, wh, InputModels.ofWarehouse(warehouse).name(),
                    List.of(), null, t0);
            log.println("ingest: extract " + date + " withdrawn (" + reason + "); curated version "
                    + result.curatedVersion() + " published from " + result.accounting().extracts().size()
                    + " extracts; its record: " + wh.withdrawn(date));
            return result;
        }
    }
}
