package io.rwe.derive;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cohort versions in a warehouse: a version appears whole or not at all, {@code CURRENT} names the last
 * one published, and nightly runs do not fill the disk: after a publish only the {@code keep} most
 * recent versions remain, and what a failed run left half-written is deleted.
 */
class CohortStoreTest {

    @TempDir
    Path wh;

    private static List<String> folders(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Folder names (versions made within one second are not ordered by name). */
    private static Set<String> names(Path... versions) {
        return Stream.of(versions).map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }

    private static String current(Path wh) throws IOException {
        return Files.readString(wh.resolve("cohort").resolve("CURRENT"), StandardCharsets.UTF_8).trim();
    }

    @Test
    void keepsTheMostRecentVersionsAndDeletesWhatAFailedRunLeft() throws Exception {
        SparkSession spark = TestSpark.session();
        Path root = wh.resolve("cohort");
        // What an older release left: a version from 2020, and a half-written version of a killed run.
        Files.createDirectories(root.resolve("20200101T000000Z-0001").resolve("cohort"));
        Files.createDirectories(root.resolve("_tmp-20200102T000000Z-0002").resolve("cohort"));
        Files.writeString(root.resolve("_tmp-20200102T000000Z-0002").resolve("cohort").resolve("part-0"), "x");
        try (DerivedCohort d = Derive.run(StudyDefinition.from(Configs.load()), Pseudonym.withKey("k"),
                SyntheticCurated.tables(spark, 200, 2, 7), s -> { })) {
            Path first = CohortStore.write(d, wh, Map.of(), 2);
            assertEquals(first.getFileName().toString(), current(wh));
            // the new one and the newest older one (2020) kept; the leftover _tmp- deleted
            assertEquals(List.of("20200101T000000Z-0001", first.getFileName().toString()), folders(root));
            Path second = CohortStore.write(d, wh, Map.of(), 2);
            Path third = CohortStore.write(d, wh, Map.of(), 2);
            assertEquals(third.getFileName().toString(), current(wh));
            assertEquals(names(second, third), Set.copyOf(folders(root)));
            assertEquals(d.flow().included(), CohortStore.cohort(spark, wh).count());

            // A derive that fails while writing: CURRENT and the published versions unchanged, its
            // half-written folder left under _tmp- (never named by CURRENT) until the next publish.
            DerivedCohort failing = DerivedCohort.of(d.cohort().withColumn("age",
                    when(col("age").isNotNull(), raise_error(lit("disk full"))).otherwise(col("age"))),
                    d.adverseEvents(), d.flow());
            assertThrows(Exception.class, () -> CohortStore.write(failing, wh, Map.of(), 2));
            assertEquals(third.getFileName().toString(), current(wh));
            List<String> afterFailure = folders(root);
            assertEquals(3, afterFailure.size(), afterFailure.toString());
            assertTrue(afterFailure.stream().anyMatch(n -> n.startsWith("_tmp-")), afterFailure.toString());
            Path fourth = CohortStore.write(d, wh, Map.of(), 3);
            assertEquals(names(second, third, fourth), Set.copyOf(folders(root)));

            // The overload without keep (benchmarks) keeps every version.
            Path fifth = CohortStore.write(d, wh, Map.of());
            assertEquals(4, folders(root).size());
            assertTrue(folders(root).contains(fifth.getFileName().toString()));
            assertThrows(IllegalArgumentException.class, () -> CohortStore.write(d, wh, Map.of(), 1));
        }
        assertFalse(Files.exists(root.resolve("_tmp-20200102T000000Z-0002")));
    }
}
