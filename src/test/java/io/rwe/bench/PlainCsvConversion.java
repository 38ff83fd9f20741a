package io.rwe.bench;

import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The yardstick of bench/ingest-bench.sh: a plain Spark CSV→Parquet conversion of every file of every
 * extract under a root ({@code header=true}, every column a string, no validation, no line numbers),
 * with the same session settings as the jobs. Prints {@code rows seconds} on standard output.
 * Usage: {@code PlainCsvConversion EXTRACTS_ROOT OUT_DIR}.
 */
public final class PlainCsvConversion {

    private PlainCsvConversion() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        SparkSession spark = Sparks.session(Configs.load(), "rwe-plain-csv-to-parquet");
        List<Path> dates;
        try (Stream<Path> s = Files.list(root)) {
            // the dated extract folders; hidden ones (the generator's .truth/) are not extracts
            dates = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        }
        long t0 = System.nanoTime();
        long rows = 0;
        for (Path d : dates) {
            for (ExtractTable t : ExtractTable.values()) {
                Path target = out.resolve(d.getFileName().toString()).resolve(t.tableName());
                spark.read().option("header", "true").csv(d.resolve(t.fileName()).toString())
                        .write().mode("overwrite").parquet(target.toString());
                rows += spark.read().parquet(target.toString()).count();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(rows + " " + seconds);
        spark.stop();
    }
}
