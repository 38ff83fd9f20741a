package io.rwe;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM ({@code local[2]}, 2 shuffle partitions, no UI): starting
 * Spark costs ~2 s, a later {@code getOrCreate} ~0.1 s, so every test class shares it. Each call applies
 * these settings again (the builder's options reach an existing session's runtime configuration).
 *
 * <p>Like the jobs in local mode ({@code io.rwe.core.Sparks}), {@code file:} paths go through
 * {@code PosixLocalFileSystem}: no {@code chmod} process per file Spark writes.
 *
 * <p>Test inputs are tiny, and like jobs/_launch for a tiny input (jobs/_jvm-flags, TINY_INPUT_PROPS)
 * the session evaluates operators and expressions interpreted instead of compiling generated code for
 * each query (about 15 % less time for the heaviest of those classes). The classes whose inputs are
 * large (10^4 patients and more) run compiled, as jobs/ runs a large input: {@link SparkCodegen}.
 * {@code -Dspark.test.codegen=true} (e.g. {@code mvn -B verify -Dspark.test.codegen=true}) runs every
 * test compiled. ClusterReplicateIT compares the two paths on every build: its cluster run compiles, its
 * embedded run of the same tiny registry does not, and their results.json must be equal.
 *
 * <p>Also like a tiny input's run, without adaptive query execution, and with one shuffle partition per
 * core (a tiny input's run has one in all): on test inputs adaptive execution only adds a Spark job per shuffle stage and a re-planning
 * between them, and every task deserialises its stage's plan (in interpreted evaluation the whole
 * expression tree: about 1 MiB for the OMOP ingest before its translation was staged as Parquet), so that the time of a query grows with its
 * tasks. The unit tests, two rounds alternated (BENCHMARKS.md, "The test suite"): 439 s wall, 821 CPU-s
 * (medians) with 4 partitions and adaptive execution; 381 s, 714 CPU-s with 2 and without. Tests about partitioning
 * repartition their data themselves; adaptive execution is exercised by the cluster run of
 * ClusterReplicateIT and by the jobs/ runs over small (not tiny) inputs.
 */
public final class TestSpark {

    /** {@code -Dspark.test.codegen=true}: Spark's code generation for every test, as for a large input. */
    static final boolean CODEGEN = Boolean.getBoolean("spark.test.codegen");

    /** Code generation for the running test class ({@link SparkCodegen}), else {@link #CODEGEN}. */
    private static boolean compiled = CODEGEN;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("rwe-tests")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "4")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.ansi.enabled", "true")
                .config("spark.driver.host", "127.0.0.1")
                .config(io.rwe.core.Sparks.LOCAL_FILE_SYSTEM, io.rwe.core.PosixLocalFileSystem.class.getName())
                .config("spark.sql.codegen.wholeStage", Boolean.toString(compiled))
                .config("spark.sql.codegen.factoryMode", compiled ? "FALLBACK" : "NO_CODEGEN")
                .getOrCreate();
    }

    /** Sets whether the session compiles generated code (true) or interprets (false: unless {@link #CODEGEN}). */
    static synchronized void compiled(boolean on) {
        compiled = on || CODEGEN;
        session();
    }
}
