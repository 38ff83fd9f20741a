package io.rwe.ingest;

import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A benchmark (not a test): where the time of ingesting one file goes, step by step, each step a
 * separate Spark job on the same file and the wall time printed: reading (split parsing), field rules,
 * caching, and writing Parquet. Run from the built classes:
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt) io.rwe.ingest.IngestStepsBench FILE TABLE [REPEATS]}
 * (with the module flags of {@code jobs/_launch}). With {@code STEPS_ONLY_RULES=1} in the environment it
 * times only reading with the field rules, then prints the plan with its generated code (for profiling).
 */
public final class IngestStepsBench {
    private IngestStepsBench() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        ExtractTable table = ExtractTable.byFileName(args[1]).orElseThrow();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        var config = Configs.load(Optional.empty());
        SparkSession spark = Sparks.session(config, "ingest-steps");
        IngestSettings settings = IngestSettings.fromConfig(config);
        ExtractFile f = ExtractFile.inspect(file, table, settings.mapping());
        ExtractReader reader = new ExtractReader(spark, settings.splitBytes());
        Map<Path, ExtractReader.Survey> surveys = reader.survey(List.of(), List.of(f), settings.mapping());
        ExtractReader.Survey survey = surveys.get(f.path());
        LocalDate date = LocalDate.of(2018, 9, 3);
        FieldRules rules = new FieldRules(table, settings.mapping(), date);
        if (System.getenv("STEPS_ONLY_RULES") != null) {
            for (int r = 0; r < repeats; r++) {
                time("read + field rules (noop)", () -> reader.checked(f, survey, null, rules)
                        .write().format("noop").mode("overwrite").save());
            }
            reader.checked(f, survey, null, rules).explain("codegen");
            spark.stop();
            return;
        }
        for (int r = 0; r < repeats; r++) {
            time("read (noop)", () -> reader.read(f, survey).write().format("noop").mode("overwrite").save());
            time("read + field rules (noop)", () -> reader.checked(f, survey, null, rules)
                    .write().format("noop").mode("overwrite").save());
            time("read + field rules + cache + count", () -> {
                Dataset<Row> d = reader.checked(f, survey, null, rules)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                d.count();
                d.unpersist(true);
            });
            time("read + field rules + parquet", () -> reader.checked(f, survey, null, rules)
                    .write().mode("overwrite").parquet("/tmp/ingest-steps-bench.parquet"));
            time("plain spark csv + parquet", () -> spark.read().option("header", "true").csv(file.toString())
                    .write().mode("overwrite").parquet("/tmp/ingest-steps-plain.parquet"));
        }
        spark.stop();
    }

    private static void time(String what, Runnable r) {
        long t = System.nanoTime();
        r.run();
        System.out.printf("%-40s %8.2f s%n", what, (System.nanoTime() - t) / 1e9);
    }
}
