package io.rwe.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import io.rwe.registry.OmopMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OMOP rendering of an extract does not depend on how Spark runs it: the same extract rendered with
 * 2 shuffle partitions and whole-file reads, and with 7 shuffle partitions and the files read in splits
 * of 20,000 bytes, gives byte-identical OMOP files (record ids come from each row's place in its file's
 * key order, and every table is written in the order of its first column).
 */
class OmopRenderingTest {

    @TempDir
    Path tmp;

    static final Config CONFIG = Configs.load();

    @Test
    void theRenderingIsTheSameWhateverThePartitioning() throws IOException {
        SparkSession spark = TestSpark.session();
        Path extract = new RegistryProfile(RegistrySettings.from(CONFIG), 17, 0, 400).withPartitions(2)
                .write(spark, tmp.resolve("extracts"), 1).get(0);
        Map<String, byte[]> a = render(spark, extract, tmp.resolve("a"), "2", "134217728");
        Map<String, byte[]> b = render(spark, extract, tmp.resolve("b"), "7", "20000");
        assertTrue(a.keySet().containsAll(List.of("person.csv", "measurement.csv", "observation.csv",
                "condition_occurrence.csv", "drug_exposure.csv", "episode.csv")), a.keySet().toString());
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) {
            assertArrayEquals(a.get(f), b.get(f), f);
        }
    }

    private static Map<String, byte[]> render(SparkSession spark, Path extract, Path out, String partitions,
                                              String splitBytes) throws IOException {
        String p = spark.conf().get("spark.sql.shuffle.partitions");
        String s = spark.conf().get("spark.sql.files.maxPartitionBytes");
        spark.conf().set("spark.sql.shuffle.partitions", partitions);
        spark.conf().set("spark.sql.files.maxPartitionBytes", splitBytes);
        try {
            new OmopRendering(spark, OmopMapping.fromConfig(CONFIG), "apatinib").render(extract, out);
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", p);
            spark.conf().set("spark.sql.files.maxPartitionBytes", s);
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> l = Files.list(out)) {
            for (Path f : (Iterable<Path>) l::iterator) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }
}
