package io.rwe.ingest.naaccr;

import com.typesafe.config.Config;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.InputModel;
import io.rwe.ingest.InputModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * NAACCR XML ({@code --format naaccr}; docs/naaccr.md): dated folders of NAACCR XML files (NAACCR XML
 * Data Exchange Standard, dictionaries v21–v23), read by {@link NaaccrIngest} into the curated tables
 * {@code patients} and {@code tumors}, items by naaccrId. A NAACCR record carries metastatic sites at
 * diagnosis, vital status and the date of last contact, but no progression dates, responses, drug
 * courses, procedures or adverse events.
 */
public final class NaaccrModel implements InputModel {

    public static final String NAME = "naaccr";

    /** The facts a NAACCR record holds (docs/study.md, "Facts and needs"). */
    public static final Set<String> FACTS = Set.of("metastatic_sites_at_diagnosis", "death", "last_contact");

    @Override
    public String name() {
        return NAME;
    }

    /** A dated folder ({@code YYYY-MM-DD}) holding a {@code *.xml} file. */
    @Override
    public boolean recognizes(Path extractsRoot) {
        return InputModels.hasDatedFolder(extractsRoot, NaaccrModel::hasXml);
    }

    private static boolean hasXml(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    @Override
    public Set<String> facts(Config config) {
        return FACTS;
    }

    @Override
    public IngestResult ingest(SparkSession spark, Config config, Path extractsRoot, Path warehouse) {
        return NaaccrIngest.run(spark, NaaccrSettings.fromConfig(config), extractsRoot, warehouse, System.err);
    }
}
