package io.rwe;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM ({@code local[2]}, 4 shuffle partitions, no UI): starting
 * Spark costs ~2 s, a later {@code getOrCreate} ~0.1 s, so every test class shares it.
 *
 * <p>Tests run small inputs, and like jobs/_launch for a small input (jobs/_jvm-flags,
 * SMALL_INPUT_PROPS) the session evaluates operators and expressions interpreted instead of compiling
 * generated code for each query: about 15 % less time for the heaviest test classes.
 * {@code -Dspark.test.codegen=true} (e.g. {@code mvn -B verify -Dspark.test.codegen=true}) runs the tests
 * with Spark's code generation, as a large input runs; ClusterReplicateIT compares the two paths on every
 * build (its cluster run compiles, its embedded small run does not, and their results.json must be equal).
 */
public final class TestSpark {

    /** {@code -Dspark.test.codegen=true}: Spark's code generation, as for a large input. */
    static final boolean CODEGEN = Boolean.getBoolean("spark.test.codegen");

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
                .config("spark.sql.codegen.wholeStage", Boolean.toString(CODEGEN))
                .config("spark.sql.codegen.factoryMode", CODEGEN ? "FALLBACK" : "NO_CODEGEN")
                .getOrCreate();
    }
}
