package io.rwe.ingest;

import io.rwe.run.AtomicFiles;

import io.rwe.core.CollectedBytes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The nightly merge (docs/registry-extract.md, "Layout"): the curated tables hold, per patient, the rows of
 * all six files from the latest extract whose patients.csv row for that patient was accepted; a patient
 * whose latest accepted row has {@code withdrawn=Y} is in no curated table. Recomputed from every
 * ingested extract, so that the result depends only on the set of extracts, not on the order or the
 * nights they arrived in.
 *
 * <p>An extract whose accepted patients are all still in force (none re-sent later, none withdrawn)
 * contributes all its rows; its Parquet files are linked into the version, not rewritten. A single
 * extract (a first load) is so when none of its patients is withdrawn, which needs no join. The rows of
 * the other extracts are selected with a shuffle semi-join on (patient, extract date) and written. A
 * curated table therefore has the extract tables' columns: the spec's, {@code extract_date} and
 * {@code _line} (the row's line in its extract's file).
 *
 * <p>Publishing: the version is written to {@code curated/_tmp-<version>}, renamed to
 * {@code curated/<version>}, then {@code curated/CURRENT} is replaced by an atomic rename; a reader
 * (or an interrupted run) sees either the previous version or the new one, complete. The version name
 * is a digest of the ingested extracts' dates and file checksums: the same input gives the same
 * version, which a rerun finds already published. Older versions beyond the configured number are
 * deleted after publishing.
 */
public final class CuratedMerge {

    private CuratedMerge() {
    }

    /** The version name of a set of ingested extracts: {@code v-<last date>-<12 hex digits of a digest>}. */
    public static String version(List<ExtractAccounting> extracts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<ExtractAccounting> sorted = extracts.stream().sorted(Comparator.comparing(ExtractAccounting::extractDate)).toList();
            for (ExtractAccounting e : sorted) {
                for (FileAccounting f : e.files()) {
                    md.update((e.extractDate() + "/" + f.file() + "=" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            String last = sorted.isEmpty() ? "none" : sorted.get(sorted.size() - 1).extractDate().toString();
            return "v-" + last + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes the curated version of {@code extracts} (their accounting) unless it is already the
     * current one. Returns whether a new version was published.
     */
    static boolean publish(SparkSession spark, Warehouse wh, List<ExtractAccounting> extracts, String version, int keep) {
        return publish(wh, version, keep, tmp -> write(spark, wh, extracts, tmp));
    }

    /**
     * Publishes curated version {@code version}, written by {@code write} into the folder it is given
     * (then renamed into place), unless it is already the current one; then points {@code CURRENT} at it
     * and deletes older versions beyond {@code keep}. Returns whether a new version was published. Every
     * input model publishes through here.
     */
    public static boolean publish(Warehouse wh, String version, int keep, java.util.function.Consumer<Path> write) {
        Path target = wh.curated().resolve(version);
        if (current(wh).map(version::equals).orElse(false) && Files.isDirectory(target)) {
            return false;
        }
        Path tmp = wh.curated().resolve(AtomicFiles.TMP_PREFIX + version);
        AtomicFiles.delete(tmp);
        if (!Files.isDirectory(target)) {
            write.accept(tmp);
            AtomicFiles.move(tmp, target);
        }
        AtomicFiles.markPublished(target);
        AtomicFiles.writeAtomically(wh.curatedPointer(), version + "\n");
        cleanUp(wh, version, keep);
        return true;
    }

    public static java.util.Optional<String> current(Warehouse wh) {
        try {
            return Files.isRegularFile(wh.curatedPointer())
                    ? java.util.Optional.of(Files.readString(wh.curatedPointer(), StandardCharsets.UTF_8).trim())
                    : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wh.curatedPointer(), e);
        }
    }

    private static Dataset<Row> all(SparkSession spark, Warehouse wh, List<LocalDate> dates, ExtractTable t) {
        String[] paths = dates.stream().map(d -> wh.extractTable(d, t).toString()).toArray(String[]::new);
        return spark.read().schema(DeliveryStage.acceptedSchema(t)).parquet(paths);
    }

    /**
     * Adds the Parquet files of an extract's table to a curated table folder, as hard links (the files
     * are immutable once the extract is ingested, and a link survives the extract's deletion), or as
     * copies where the file system has no links. Names get {@code prefix}, unique per extract.
     */
    public static void linkParquetFiles(Path from, Path to, String prefix) {
        try {
            Files.createDirectories(to);
            for (Path p : Warehouse.parquetParts(from)) {
                Path target = to.resolve(prefix + p.getFileName());
                try {
                    Files.createLink(target, p);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link the files of " + from + " into " + to, e);
        }
    }

    private static Map<LocalDate, Long> countByDate(Dataset<Row> counts) {
        Map<LocalDate, Long> out = new HashMap<>();
        for (Row r : CollectedBytes.collect(counts)) {
            Object d = r.get(0);
            out.put(d instanceof LocalDate l ? l : ((java.sql.Date) d).toLocalDate(), r.getLong(1));
        }
        return out;
    }

    private static void write(SparkSession spark, Warehouse wh, List<ExtractAccounting> extracts, Path out) {
        spark.sparkContext().setJobDescription("ingest: nightly merge");
        List<LocalDate> dates = extracts.stream().map(ExtractAccounting::extractDate).toList();
        Dataset<Row> patients = all(spark, wh, dates, ExtractTable.PATIENTS);
        Column withdrawn = col("withdrawn").isNotNull().and(col("withdrawn").equalTo("Y"));
        List<LocalDate> whole = new ArrayList<>();
        List<LocalDate> partial = new ArrayList<>();
        Dataset<Row> inForce = null;
        if (dates.size() == 1 && patients.filter(withdrawn).count() == 0) {
            // One extract (a first load): no patient of it is re-sent later, so, with none withdrawn, every
            // accepted patient is in force and the extract is whole; no join is needed.
            whole.add(dates.get(0));
        } else {
            // Shuffle joins only, never broadcast ones (which would bring every patient id to the driver).
            Dataset<Row> latest = patients.groupBy(col("patient_id").as("_pid")).agg(max("extract_date").as("_date"))
                    .hint("shuffle_merge");
            // The latest accepted row of each patient (one per patient: the key rule holds within an extract).
            inForce = patients.join(latest, patients.col("patient_id").equalTo(latest.col("_pid"))
                            .and(patients.col("extract_date").equalTo(latest.col("_date"))), "left_semi")
                    .filter(functions.not(withdrawn))
                    .select(col("patient_id").as("_pid"), col("extract_date").as("_date"))
                    .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            // An extract whose accepted patients are all in force contributes every row of every table: the
            // patient reference rule accepted a child row only with an accepted patient of the same extract.
            // Only the other extracts (patients re-sent later, or withdrawn) go through the semi-join.
            Map<LocalDate, Long> inForcePatients = countByDate(inForce.groupBy(col("_date")).count());
            for (LocalDate d : dates) {
                // the extract's accepted patients: the rows of its patients table (from the Parquet footers;
                // whatever the input model, whose accounting counts its own files)
                long n = ExtractIngest.parquetRows(spark, wh.extractTable(d, ExtractTable.PATIENTS));
                (inForcePatients.getOrDefault(d, 0L) == n ? whole : partial).add(d);
            }
        }
        for (ExtractTable t : ExtractTable.values()) {
            Path dir = out.resolve(t.tableName());
            if (!partial.isEmpty()) {
                List<Column> cols = new ArrayList<>();
                for (ColumnSpec c : t.columns()) {
                    cols.add(col(c.name()));
                }
                cols.add(col("extract_date"));
                cols.add(col("_line"));
                Dataset<Row> rows = all(spark, wh, partial, t);
                // A hash join on the in-force side: the extract's rows are shuffled, never sorted.
                Dataset<Row> keep = inForce.hint("shuffle_hash");
                Warehouse.tableWriter(rows.join(keep, rows.col("patient_id").equalTo(keep.col("_pid"))
                                .and(rows.col("extract_date").equalTo(keep.col("_date"))), "left_semi")
                        .select(cols.toArray(new Column[0])))
                        .mode(SaveMode.ErrorIfExists).parquet(dir.toString());
            }
            for (LocalDate d : whole) {
                linkParquetFiles(wh.extractTable(d, t), dir, "x-" + d + "-");
            }
        }
        if (inForce != null) {
            inForce.unpersist();
        }
        spark.sparkContext().setJobDescription(null);
    }

    /**
     * Deletes leftovers of interrupted runs ({@code _tmp-*}) and all but the {@code keep} most recently
     * published versions (the current one always kept): {@link AtomicFiles#pruneVersions}.
     */
    public static void cleanUp(Warehouse wh, String current, int keep) {
        AtomicFiles.pruneVersions(wh.curated(), current, keep);
    }
}
