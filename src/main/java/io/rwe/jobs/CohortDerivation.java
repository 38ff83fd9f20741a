package io.rwe.jobs;

import com.typesafe.config.Config;
import io.rwe.core.BadInputException;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.derive.CohortProvenance;
import io.rwe.derive.CohortStore;
import io.rwe.derive.CuratedTables;
import io.rwe.derive.Derive;
import io.rwe.derive.ShufflePartitions;
import io.rwe.derive.DerivedCohort;
import io.rwe.derive.Pseudonym;
import io.rwe.derive.StudyDefinition;
import io.rwe.ingest.Curated;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The derive stage of {@code jobs/derive} and {@code jobs/replicate}: the analysis cohort of the study
 * from the warehouse's published curated tables, published as a new cohort version whose
 * {@code derive.json} records the study name, the curated version, the pseudonym key's origin and the
 * study configuration it was derived with ({@link CohortProvenance}).
 */
final class CohortDerivation {

    private CohortDerivation() {
    }

    /** Derives and publishes; returns the published version folder. */
    static Path deriveAndPublish(SparkSession spark, Config config, Pseudonym pseudonym, Path warehouse,
                                 Consumer<String> progress) {
        Path curated = Curated.currentVersion(warehouse);
        String key = "spark.sql.shuffle.partitions";
        String configured = spark.conf().get(key);
        int others = Integer.parseInt(configured.trim());
        long bytes = ShufflePartitions.bytesUnder(curated);
        int partitions = ShufflePartitions.forInput(bytes, others,
                config.getDouble("rwe.spark.derive-mib-per-shuffle-partition"));
        if (partitions != others) {
            progress.accept(String.format(java.util.Locale.ROOT,
                    "derive: %d shuffle partitions for %.1f MiB of curated tables (rwe.spark.derive-mib-per-shuffle-partition %s; other stages %s)",
                    partitions, bytes / 1048576.0, config.getString("rwe.spark.derive-mib-per-shuffle-partition"), configured));
        }
        // Every setting derive changes, with its value before: restored when derive ends, whatever happens.
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        try {
            before.put(key, Optional.of(configured));
            spark.conf().set(key, Integer.toString(partitions));
            deriveSettings(spark, config, before);
            return deriveAndPublish(spark, config, pseudonym, warehouse, curated, progress);
        } finally {
            before.forEach((k, v) -> {
                if (v.isPresent()) {
                    spark.conf().set(k, v.get());
                } else {
                    spark.conf().unset(k);
                }
            });
        }
    }

    /**
     * Sets the Spark settings of {@code rwe.spark.derive-conf} (for the derive stage only) that the
     * submission does not set itself (by {@code -Dspark...}, {@code --conf} of spark-submit, or
     * {@code rwe.spark.conf}); puts each setting changed into {@code before} with its value before, to be
     * restored, as it goes (a setting already there keeps the value it had before derive changed it). A
     * setting Spark fixes for the whole session (a static one, such as an executor's memory) is refused,
     * naming the key.
     */
    static void deriveSettings(SparkSession spark, Config config, Map<String, Optional<String>> before) {
        if (!config.hasPath("rwe.spark.derive-conf")) {
            return;
        }
        org.apache.spark.SparkConf submitted = spark.sparkContext().getConf();
        for (Map.Entry<String, Object> e : config.getConfig("rwe.spark.derive-conf").root().unwrapped().entrySet()) {
            String k = e.getKey();
            if (submitted.contains(k)) {
                continue;
            }
            if (!spark.conf().isModifiable(k)) {
                throw new BadInputException("rwe.spark.derive-conf: \"" + k + "\" cannot be set for one "
                        + "stage (Spark fixes it for the whole session); set it for the submission instead (-D" + k
                        + "=..., or rwe.spark.conf)");
            }
            scala.Option<String> was = spark.conf().getOption(k);
            before.putIfAbsent(k, was.isDefined() ? Optional.of(was.get()) : Optional.empty());
            spark.conf().set(k, String.valueOf(e.getValue()));
        }
    }

    private static Path deriveAndPublish(SparkSession spark, Config config, Pseudonym pseudonym, Path warehouse,
                                         Path curated, Consumer<String> progress) {
        try (DerivedCohort derived = Derive.run(spark, config, pseudonym, warehouse, progress)) {
            Map<String, Object> info = Json.object();
            info.put("study", Derive.studyName(config));
            info.put("curated_version", curated.getFileName().toString());
            info.put("pseudonym_key", pseudonym.configured() ? "configured" : "random-per-run");
            CohortProvenance.of(config, Configs.schema().analysisOnly(), Derive.columnNames(config)).putInto(info);
            return CohortStore.write(derived, warehouse, info, config.getInt("rwe.run.keep-cohort-versions"));
        }
    }
}
