package io.rwe.derive;

import io.rwe.run.AtomicFiles;

import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The derive output in a warehouse (docs/architecture.md "Warehouse layout"):
 * <pre>
 *   cohort/&lt;version&gt;/cohort/          the analysis cohort (Parquet)
 *   cohort/&lt;version&gt;/adverse_events/  patient_key, term, worst_grade (Parquet)
 *   cohort/&lt;version&gt;/flow.json       the cohort_flow object of results.json
 *   cohort/&lt;version&gt;/derive.json     study name, pseudonym key origin, stage timings
 *   cohort/CURRENT                    one line: the published &lt;version&gt;
 * </pre>
 * A version is written into {@code cohort/_tmp-<version>/}, renamed into place once complete, and only
 * then named by {@code CURRENT} (itself replaced by an atomic rename), so a reader never sees a
 * half-written cohort. After publishing, {@link AtomicFiles#pruneVersions} deletes what a failed run left (a
 * {@code _tmp-} folder) and all but the {@code keep} most recent versions, the current one always
 * among them ({@code rwe.run.keep-cohort-versions}, at least 2: a reader that resolved {@code CURRENT}
 * just before a publish can still finish), so that nightly runs do not fill the disk.
 */
public final class CohortStore {
    static final String COHORT = "cohort";
    static final String ADVERSE_EVENTS = "adverse_events";
    static final String FLOW = "flow.json";
    static final String INFO = "derive.json";

    private CohortStore() {
    }

    /** A new version folder name: UTC time and a random suffix ({@code 20261127T141530Z-3f9a}). */
    static String newVersion() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * Writes the cohort, its adverse events and the flow into a new version, publishes it, and keeps
     * every older version (benchmarks and tests that compare versions; the jobs use {@link #write(DerivedCohort,
     * Path, Map, int)}).
     *
     * @param info extra facts for {@code derive.json} (may be empty)
     * @return the published version folder
     */
    public static Path write(DerivedCohort d, Path warehouse, Map<String, Object> info) {
        return write(d, warehouse, info, Integer.MAX_VALUE);
    }

    /**
     * Writes the cohort, its adverse events and the flow into a new version, publishes it, then prunes
     * older versions with {@code keep} ({@link AtomicFiles#pruneVersions}).
     *
     * @param info extra facts for {@code derive.json} (may be empty)
     * @param keep versions kept after publishing, the new one included (at least 2)
     * @return the published version folder
     */
    public static Path write(DerivedCohort d, Path warehouse, Map<String, Object> info, int keep) {
        if (keep < 2) {
            throw new IllegalArgumentException("keep at least 2 cohort versions, not " + keep);
        }
        Path root = warehouse.resolve(COHORT);
        String name = newVersion();
        Path tmp = root.resolve(AtomicFiles.TMP_PREFIX + name);
        Path version = root.resolve(name);
        writeVersion(d, tmp, info);
        AtomicFiles.move(tmp, version);
        AtomicFiles.markPublished(version);
        publish(root, name);
        AtomicFiles.pruneVersions(root, name, keep);
        return version;
    }

    /** Writes the datasets and JSON files of one version folder (not yet published). */
    static void writeVersion(DerivedCohort d, Path version, Map<String, Object> info) {
        org.apache.spark.SparkContext sc = d.cohort().sparkSession().sparkContext();
        try {
            sc.setJobDescription("write: the cohort (endpoints, responses)");
            d.cohort().write().mode(SaveMode.ErrorIfExists).parquet(version.resolve(COHORT).toString());
            sc.setJobDescription("write: the adverse events");
            d.adverseEvents().write().mode(SaveMode.ErrorIfExists).parquet(version.resolve(ADVERSE_EVENTS).toString());
        } finally {
            sc.setJobDescription(null);
        }
        Json.write(version.resolve(FLOW), d.flow().toJson());
        Json.write(version.resolve(INFO), info);
    }

    /** Points {@code root/CURRENT} at {@code version} by an atomic rename of a temporary file. */
    static void publish(Path root, String version) {
        AtomicFiles.writeAtomically(root.resolve("CURRENT"), version + "\n");
    }

    /** The folder of the published cohort version. */
    public static Path currentVersion(Path warehouse) {
        Path pointer = warehouse.resolve(COHORT).resolve("CURRENT");
        if (!Files.isRegularFile(pointer)) {
            throw new BadInputException(warehouse + ": no derived cohort (run jobs/derive first; " + pointer
                    + " is missing)");
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            Path v = warehouse.resolve(COHORT).resolve(name);
            if (name.isEmpty() || !Files.isDirectory(v)) {
                throw new BadInputException(pointer + ": names '" + name + "', which is not a cohort version folder");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    /** The published analysis cohort (docs/architecture.md "Analysis cohort"). */
    public static Dataset<Row> cohort(SparkSession spark, Path warehouse) {
        return spark.read().parquet(currentVersion(warehouse).resolve(COHORT).toString());
    }

    /** The published adverse events: patient_key, term, worst_grade. */
    public static Dataset<Row> adverseEvents(SparkSession spark, Path warehouse) {
        return spark.read().parquet(currentVersion(warehouse).resolve(ADVERSE_EVENTS).toString());
    }

    /** The published flow counts. */
    public static CohortFlow flow(Path warehouse) {
        Path f = currentVersion(warehouse).resolve(FLOW);
        try {
            return CohortFlow.fromJson(Json.read(f));
        } catch (RuntimeException e) {
            throw new BadInputException(f + ": not a cohort flow (" + e.getMessage() + ")", e);
        }
    }

    /** Everything published, as {@link Derive#run} returns it. */
    public static DerivedCohort read(SparkSession spark, Path warehouse) {
        return DerivedCohort.of(cohort(spark, warehouse), adverseEvents(spark, warehouse), flow(warehouse));
    }
}
