package io.rwe.ingest;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * One way a registry delivers its data (docs/ingest.md, "Input models"): the project's own extract
 * format ({@code registry}), NAACCR XML ({@code naaccr}), the OMOP Common Data Model ({@code omop}).
 * A model reads every dated delivery under an extracts root into the warehouse with the same guarantees
 * whatever the format: every input record accepted or quarantined with a reason and accounted for,
 * the nightly merge (a later delivery replaces a patient's records), and an atomic publish of the
 * curated tables.
 *
 * <p>Models are found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.rwe.ingest.InputModel}):
 * adding one is a class and a line in that file, never an edit of a list in Java. {@link InputModels}
 * chooses one by {@code --format} or by recognising the layout.
 */
public interface InputModel {

    /** The name given to {@code --format} (lower case, e.g. {@code registry}, {@code naaccr}, {@code omop}). */
    String name();

    /**
     * Whether {@code extractsRoot} looks like this model's layout (used when no format is given): for
     * instance a dated folder holding this model's files.
     */
    boolean recognizes(Path extractsRoot);

    /**
     * The facts this model's curated tables can provide (e.g. {@code metastatic_sites_at_diagnosis},
     * {@code progression_dates}, {@code responses}, {@code drug_courses}, {@code adverse_events},
     * {@code death}, {@code last_contact}). An analysis whose needs are not all provided is reported as
     * not available on the registry, with the missing facts named.
     */
    Set<String> facts(Config config);

    /** Ingests every dated delivery under {@code extractsRoot} into {@code warehouse} and publishes the curated tables. */
    IngestResult ingest(SparkSession spark, Config config, Path extractsRoot, Path warehouse);
}
