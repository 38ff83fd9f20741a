package io.rwe.ingest;

import com.typesafe.config.Config;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The project's own extract format ({@code --format registry}; docs/registry-extract.md): dated folders
 * of six CSV files, read by {@link Ingest}. It carries every fact the default study needs.
 */
public final class ExtractFormatModel implements InputModel {

    /** Every fact of the extract format. */
    public static final Set<String> FACTS = Set.of("metastatic_sites_at_diagnosis", "measurable_lesions",
            "progression_dates", "responses", "drug_courses", "procedures", "adverse_events", "death",
            "last_contact", "baseline_clinical");

    @Override
    public String name() {
        return ExtractFormat.MODEL;
    }

    /** A dated folder ({@code YYYY-MM-DD}) holding {@code patients.csv}. */
    @Override
    public boolean recognizes(Path extractsRoot) {
        return InputModels.hasDatedFolder(extractsRoot, d -> Files.isRegularFile(d.resolve(ExtractTable.PATIENTS.fileName())));
    }

    @Override
    public Set<String> facts(Config config) {
        return FACTS;
    }

    @Override
    public IngestResult ingest(SparkSession spark, Config config, Path extractsRoot, Path warehouse) {
        return Ingest.run(spark, config, extractsRoot, warehouse);
    }
}
