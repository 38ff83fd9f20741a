package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.core.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code rwe.spark.derive-conf}: Spark settings for the derive stage only ({@link CohortDerivation}). A
 * setting the submission makes itself is left as it is; the others are set and their values before
 * returned, for the derive stage to restore when it ends.
 */
class DeriveSettingsTest {

    static final String COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed";

    @Test
    void theDefaultsUncompressTheCacheForDeriveAndSayWhatToRestore() {
        SparkSession spark = TestSpark.session();
        String was = spark.conf().get(COMPRESSED);
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        CohortDerivation.deriveSettings(spark, Configs.load(), before);
        try {
            // conf/spark.conf: "spark.sql.inMemoryColumnarStorage.compressed" = false
            assertEquals("false", spark.conf().get(COMPRESSED));
            assertEquals(Map.of(COMPRESSED, Optional.of(was)), before);
        } finally {
            spark.conf().set(COMPRESSED, was);
        }
    }

    @Test
    void aSettingTheSubmissionMakesIsLeftAlone() {
        SparkSession spark = TestSpark.session();
        // The test session's builder sets spark.sql.shuffle.partitions (as a submission's -Dspark... would).
        String partitions = spark.conf().get("spark.sql.shuffle.partitions");
        String other = partitions.equals("7") ? "9" : "7";
        Config c = ConfigFactory.parseString("rwe.spark.derive-conf { \"spark.sql.shuffle.partitions\" = " + other
                + ", \"spark.sql.inMemoryColumnarStorage.batchSize\" = 5000 }").withFallback(Configs.load());
        String batch = spark.conf().get("spark.sql.inMemoryColumnarStorage.batchSize");
        String compressed = spark.conf().get(COMPRESSED);
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        CohortDerivation.deriveSettings(spark, c, before);
        try {
            assertEquals(partitions, spark.conf().get("spark.sql.shuffle.partitions"), "the submission's setting kept");
            assertEquals("5000", spark.conf().get("spark.sql.inMemoryColumnarStorage.batchSize"));
            assertEquals(Map.of("spark.sql.inMemoryColumnarStorage.batchSize", Optional.of(batch),
                    COMPRESSED, Optional.of(compressed)), before);
        } finally {
            spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", batch);
            spark.conf().set(COMPRESSED, compressed);
        }
    }

    @Test
    void aSettingDeriveHadAlreadyChangedKeepsItsValueFromBefore() {
        SparkSession spark = TestSpark.session();
        String batch = spark.conf().get("spark.sql.inMemoryColumnarStorage.batchSize");
        String compressed = spark.conf().get(COMPRESSED);
        Config c = ConfigFactory.parseString("rwe.spark.derive-conf { \"spark.sql.inMemoryColumnarStorage.batchSize\" = 5000 }")
                .withFallback(Configs.load());
        // As derive's shuffle partitions are: changed already, their value before recorded (here 1234).
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        before.put("spark.sql.inMemoryColumnarStorage.batchSize", Optional.of("1234"));
        spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", "4321");
        try {
            CohortDerivation.deriveSettings(spark, c, before);
            assertEquals("5000", spark.conf().get("spark.sql.inMemoryColumnarStorage.batchSize"));
            assertEquals(Optional.of("1234"), before.get("spark.sql.inMemoryColumnarStorage.batchSize"),
                    "the value from before derive, not the one derive had set");
        } finally {
            spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", batch);
            spark.conf().set(COMPRESSED, compressed);
        }
    }

    @Test
    void aSettingSparkFixesForTheSessionIsRefusedByName() {
        SparkSession spark = TestSpark.session();
        String compressed = spark.conf().get(COMPRESSED);
        Config c = ConfigFactory.parseString("rwe.spark.derive-conf { \"spark.executor.memory\" = 2g }")
                .withFallback(Configs.load());
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        try {
            BadInputException e = assertThrows(BadInputException.class, () -> CohortDerivation.deriveSettings(spark, c, before));
            assertEquals("rwe.spark.derive-conf: \"spark.executor.memory\" cannot be set for one stage (Spark fixes it "
                    + "for the whole session); set it for the submission instead (-Dspark.executor.memory=..., or "
                    + "rwe.spark.conf)", e.getMessage());
        } finally {
            spark.conf().set(COMPRESSED, compressed);
        }
    }
}
