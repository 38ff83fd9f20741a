package io.rwe.bench;

import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The yardstick of bench/naaccr-bench.sh: a plain conversion of NAACCR XML files to Parquet by Spark's
 * own XML source ({@code spark.read.format("xml").option("rowTag", "Patient")}: schema inferred, no
 * validation, no accounting, no line numbers), with the same session settings as the jobs. Prints
 * {@code patients seconds} on standard output. Usage: {@code PlainXmlConversion XML_GLOB OUT_DIR}.
 */
public final class PlainXmlConversion {

    private PlainXmlConversion() {
    }

    public static void main(String[] args) {
        String in = args[0];
        Path out = Path.of(args[1]);
        SparkSession spark = Sparks.session(Configs.load(), "rwe-plain-xml-to-parquet");
        long t0 = System.nanoTime();
        spark.read().format("xml").option("rowTag", "Patient").load(in).write().mode("overwrite").parquet(out.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = spark.read().parquet(out.toString()).count();
        System.out.println(rows + " " + seconds);
        spark.stop();
    }
}
