package io.rwe.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.registry.ExtractTable;
import io.rwe.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry profile: partition-independent output, truth files that match the data, nights that an
 * append leaves as they are.
 */
class RegistryProfileTest {
    static SparkSession spark;
    static RegistrySettings settings;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
        settings = RegistrySettings.from(Configs.load());
    }

    private static RegistryProfile profile(long seed, double dirty, long patients, int partitions) {
        return new RegistryProfile(settings, seed, dirty, patients).withPartitions(partitions);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void sameFilesForOneAndEightPartitions(@TempDir Path one, @TempDir Path eight) throws IOException {
        profile(7, 0.05, 1500, 1).write(spark, one, 2);
        profile(7, 0.05, 1500, 8).write(spark, eight, 2);
        Map<String, byte[]> a = files(one);
        Map<String, byte[]> b = files(eight);
        assertEquals(a.keySet(), b.keySet());
        // 2 extracts × 6 files, in .truth/ 2 expected quarantines, the merged truth and the series file;
        // nothing else (no part files, no .crc, no staging folder).
        assertEquals(16, a.size(), a.keySet().toString());
        assertEquals(4, a.keySet().stream().filter(k -> k.startsWith(".truth/")).count(), a.keySet().toString());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void differentSeedsGiveDifferentRegistries(@TempDir Path a, @TempDir Path b) throws IOException {
        profile(1, 0, 200, 2).write(spark, a, 1);
        profile(2, 0, 200, 2).write(spark, b, 1);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("2018-09-03/patients.csv")),
                Files.readAllBytes(b.resolve("2018-09-03/patients.csv"))));
    }

    @Test
    void headerOnceAndEveryColumnOfTheSpec(@TempDir Path out) throws IOException {
        profile(3, 0, 300, 4).write(spark, out, 1);
        for (ExtractTable t : ExtractTable.values()) {
            List<String> lines = Files.readAllLines(out.resolve("2018-09-03").resolve(t.fileName()));
            assertEquals(io.rwe.synth.ExtractCsv.header(t), lines.get(0));
            assertEquals(1, lines.stream().filter(l -> l.equals(lines.get(0))).count(), t.fileName());
        }
        // 300 patients in the first extract (later nights bring new ones).
        assertEquals(301, Files.readAllLines(out.resolve("2018-09-03/patients.csv")).size());
    }

    @Test
    void cleanRegistryHasNothingToQuarantine(@TempDir Path out) {
        profile(11, 0, 800, 2).write(spark, out, 1);
        Path ex = out.resolve("2018-09-03");
        ExtractValidator v = new ExtractValidator(ex, LocalDate.parse("2018-09-03"));
        for (ExtractTable t : ExtractTable.values()) {
            assertEquals(Map.of(), v.reasons.get(t.fileName()), t.fileName());
        }
        JsonNode truth = Json.read(SeriesFolder.quarantineTruth(out, LocalDate.parse("2018-09-03")));
        assertEquals(0, truth.get("quarantine").size());
    }

    /**
     * The truth written beside dirty extracts equals what a plain reading of the spec's rules finds in
     * the files, per file and reason; and the merged truth equals the merge of the accepted patient rows.
     */
    @Test
    void dirtyTruthMatchesTheSpecRules(@TempDir Path out) {
        int k = 3;
        profile(5, 0.08, 3000, 3).write(spark, out, k);
        Map<String, Map<String, String>> latest = new HashMap<>();
        for (int e = 0; e < k; e++) {
            LocalDate date = LocalDate.parse("2018-09-03").plusDays(e);
            Path ex = out.resolve(date.toString());
            ExtractValidator v = new ExtractValidator(ex, date);
            JsonNode truth = Json.read(SeriesFolder.quarantineTruth(out, date));
            for (ExtractTable t : ExtractTable.values()) {
                JsonNode f = truth.get("files").get(t.fileName());
                assertEquals(v.read.get(t.fileName()).longValue(), f.get("rows_read").asLong(), t.fileName());
                assertEquals(v.accepted.get(t.fileName()).longValue(), f.get("rows_accepted").asLong(), t.fileName());
                Map<String, Long> expected = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.get("reasons").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> r = it.next();
                    expected.put(r.getKey(), r.getValue().asLong());
                }
                assertEquals(v.reasons.get(t.fileName()), expected, date + " " + t.fileName());
            }
            latest.putAll(v.patients);
        }
        // Every reason of the spec occurs at this size (8% of ~100 000 rows).
        JsonNode first = Json.read(SeriesFolder.quarantineTruth(out, LocalDate.parse("2018-09-03"))).get("quarantine");
        for (Defect d : Defect.values()) {
            assertTrue(first.has(d.code()) && first.get(d.code()).asLong() > 0, d.code());
        }
        JsonNode merged = Json.read(SeriesFolder.mergedTruth(out));
        long withdrawn = latest.values().stream().filter(p -> p.get("withdrawn").equals("Y")).count();
        long in = latest.size() - withdrawn;
        long alive = latest.values().stream().filter(p -> p.get("withdrawn").equals("N") && p.get("death_date").isEmpty())
                .count();
        // 3000 in the first extract, then round(3000 · nightly.new) = 60 new ones on each of 2 later nights.
        assertEquals(0.02, settings.nightly().newShare(), 1e-12);
        assertEquals(3120, merged.get("patients_delivered").asLong());
        assertEquals(latest.size(), merged.get("patients_accepted").asLong());
        assertEquals(withdrawn, merged.get("withdrawn").asLong());
        assertTrue(withdrawn > 0);
        assertEquals(in, merged.get("in_registry").asLong());
        assertEquals(alive, merged.get("alive").asLong());
        assertEquals(in - alive, merged.get("dead").asLong());
    }

    /** SHA-256 of every file under {@code root}, by relative path. */
    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files(root).entrySet()) {
            try {
                m.put(e.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue())));
            } catch (NoSuchAlgorithmException x) {
                throw new IllegalStateException(x);
            }
        }
        return m;
    }

    /**
     * Appending night 4 to a series of 3 leaves the files of nights 1..3 byte for byte as they were, and
     * the appended series equals the series of 4 nights made at once, truth included.
     */
    @Test
    void appendLeavesEarlierNightsByteIdentical(@TempDir Path appended, @TempDir Path atOnce) throws IOException {
        profile(13, 0.05, 600, 2).write(spark, appended, 3);
        Map<String, String> before = checksums(appended);
        Path night4 = profile(13, 0.05, 600, 3).append(spark, appended);
        assertEquals(appended.resolve("2018-09-06"), night4);
        Map<String, String> after = checksums(appended);
        for (String f : before.keySet()) {
            if (f.matches("\\d{4}-\\d{2}-\\d{2}/.*") || f.matches("\\.truth/\\d{4}-.*")) {
                assertEquals(before.get(f), after.get(f), f + " changed by the append");
            }
        }
        assertEquals(18, before.keySet().stream().filter(f -> f.matches("\\d{4}-\\d{2}-\\d{2}/.*")).count());
        assertEquals(24, after.keySet().stream().filter(f -> f.matches("\\d{4}-\\d{2}-\\d{2}/.*")).count());
        profile(13, 0.05, 600, 5).write(spark, atOnce, 4);
        assertEquals(checksums(atOnce), after);
    }

    @Test
    void appendRefusesASeriesMadeOtherwise(@TempDir Path out) {
        profile(13, 0, 100, 1).write(spark, out, 1);
        UsageException seed = assertThrows(UsageException.class, () -> profile(14, 0, 100, 1).nextNight(out));
        assertTrue(seed.getMessage().contains("--seed 13"), seed.getMessage());
        RegistrySettings other = RegistrySettings.from(ConfigFactory.parseString(
                "rwe.generator.registry.sites.extrahepatic.bone = 0.5").withFallback(Configs.load()));
        UsageException conf = assertThrows(UsageException.class,
                () -> new RegistryProfile(other, 13, 0, 100).nextNight(out));
        assertTrue(conf.getMessage().contains("configuration differs"), conf.getMessage());
        assertEquals(1, profile(13, 0, 100, 1).nextNight(out));
        AtomicFiles.delete(out.resolve("2018-09-03"));
        BadInputException gone = assertThrows(BadInputException.class, () -> profile(13, 0, 100, 1).nextNight(out));
        assertTrue(gone.getMessage().contains("extract 2018-09-03 of the series is missing"), gone.getMessage());
    }
}
