package io.rwe.ingest.omop;

import com.typesafe.config.Config;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.ingest.InputModel;
import io.rwe.ingest.InputModels;
import io.rwe.registry.OmopMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The OMOP Common Data Model v5.4 ({@code --format omop}; docs/omop.md): dated delivery folders of CDM
 * tables (CSV or Parquet), the study's facts found by the concept sets of conf/omop.conf, read into the
 * same curated tables as the extract format, with the same accounting, quarantine, nightly merge and
 * atomic publish ({@link Ingest}).
 */
public final class OmopModel implements InputModel {
    /** The model's name ({@code --format omop}). */
    public static final String NAME = "omop";

    @Override
    public String name() {
        return NAME;
    }

    /** A dated folder ({@code YYYY-MM-DD}) holding {@code person.csv} or {@code person.parquet}. */
    @Override
    public boolean recognizes(Path extractsRoot) {
        return InputModels.hasDatedFolder(extractsRoot,
                d -> Files.exists(d.resolve("person.csv")) || Files.exists(d.resolve("person.parquet")));
    }

    /** The facts whose concept sets conf/omop.conf defines ({@link OmopMapping#facts()}). */
    @Override
    public Set<String> facts(Config config) {
        return OmopMapping.fromConfig(config).facts();
    }

    @Override
    public IngestResult ingest(SparkSession spark, Config config, Path extractsRoot, Path warehouse) {
        return ingest(spark, config, IngestSettings.fromConfig(config), extractsRoot, warehouse);
    }

    /** As {@link #ingest(SparkSession, Config, Path, Path)}, with the ingest settings given (e.g. strict mode). */
    public static IngestResult ingest(SparkSession spark, Config config, IngestSettings settings, Path extractsRoot,
                                      Path warehouse) {
        OmopMapping mapping = OmopMapping.fromConfig(config);
        String studyDrug = config.hasPath("rwe.study.drug") ? config.getString("rwe.study.drug") : null;
        return Ingest.run(spark, settings, new OmopFormat(mapping, studyDrug), extractsRoot, warehouse, System.err);
    }
}
