package io.rwe;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM ({@code local[2]}, 4 shuffle partitions, no UI): starting
 * Spark costs ~2 s, a later {@code getOrCreate} ~0.1 s, so every test class shares it.
 */
public final class TestSpark {

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("rwe-tests")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.ansi.enabled", "true")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
