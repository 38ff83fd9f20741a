package io.rwe.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry profile: partition-independent output, and truth files that match the data. */
class RegistryProfileTest {
    static SparkSession spark;
    static RegistryParams params;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
        params = RegistryParams.from(Configs.load());
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
        new RegistryProfile(params, 7, 0.05, 2).withPartitions(1).write(spark, one, 1500);
        new RegistryProfile(params, 7, 0.05, 2).withPartitions(8).write(spark, eight, 1500);
        Map<String, byte[]> a = files(one);
        Map<String, byte[]> b = files(eight);
        assertEquals(a.keySet(), b.keySet());
        // 2 extracts × (6 files + truth) + the merged truth; nothing else (no part files, no .crc).
        assertEquals(15, a.size(), a.keySet().toString());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void differentSeedsGiveDifferentRegistries(@TempDir Path a, @TempDir Path b) throws IOException {
        new RegistryProfile(params, 1, 0, 1).withPartitions(2).write(spark, a, 200);
        new RegistryProfile(params, 2, 0, 1).withPartitions(2).write(spark, b, 200);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("2018-09-03/patients.csv")),
                Files.readAllBytes(b.resolve("2018-09-03/patients.csv"))));
    }

    @Test
    void headerOnceAndEveryColumnOfTheSpec(@TempDir Path out) throws IOException {
        new RegistryProfile(params, 3, 0, 1).withPartitions(4).write(spark, out, 300);
        for (ExtractTable t : ExtractTable.values()) {
            List<String> lines = Files.readAllLines(out.resolve("2018-09-03").resolve(t.fileName()));
            assertEquals(io.rwe.synth.ExtractCsv.header(t), lines.get(0));
            assertEquals(1, lines.stream().filter(l -> l.equals(lines.get(0))).count(), t.fileName());
        }
        // 300 patients, 5% of them delivered only by later extracts that a single extract does not have:
        // with one extract every patient is in it.
        assertEquals(301, Files.readAllLines(out.resolve("2018-09-03/patients.csv")).size());
    }

    @Test
    void cleanRegistryHasNothingToQuarantine(@TempDir Path out) {
        new RegistryProfile(params, 11, 0, 1).withPartitions(2).write(spark, out, 800);
        Path ex = out.resolve("2018-09-03");
        ExtractValidator v = new ExtractValidator(ex, LocalDate.parse("2018-09-03"));
        for (ExtractTable t : ExtractTable.values()) {
            assertEquals(Map.of(), v.reasons.get(t.fileName()), t.fileName());
        }
        JsonNode truth = Json.read(ex.resolve("_expected_quarantine.json"));
        assertEquals(0, truth.get("quarantine").size());
    }

    /**
     * The truth written beside dirty extracts equals what a plain reading of the spec's rules finds in
     * the files, per file and reason; and the merged truth equals the merge of the accepted patient rows.
     */
    @Test
    void dirtyTruthMatchesTheSpecRules(@TempDir Path out) {
        int k = 3;
        new RegistryProfile(params, 5, 0.08, k).withPartitions(3).write(spark, out, 3000);
        Map<String, Map<String, String>> latest = new HashMap<>();
        for (int e = 0; e < k; e++) {
            LocalDate date = LocalDate.parse("2018-09-03").plusDays(e);
            Path ex = out.resolve(date.toString());
            ExtractValidator v = new ExtractValidator(ex, date);
            JsonNode truth = Json.read(ex.resolve("_expected_quarantine.json"));
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
        JsonNode first = Json.read(out.resolve("2018-09-03/_expected_quarantine.json")).get("quarantine");
        for (Defect d : Defect.values()) {
            assertTrue(first.has(d.code()) && first.get(d.code()).asLong() > 0, d.code());
        }
        JsonNode merged = Json.read(out.resolve("_expected_merged.json"));
        long withdrawn = latest.values().stream().filter(p -> p.get("withdrawn").equals("Y")).count();
        long in = latest.size() - withdrawn;
        long alive = latest.values().stream().filter(p -> p.get("withdrawn").equals("N") && p.get("death_date").isEmpty())
                .count();
        assertEquals(3000, merged.get("patients_delivered").asLong());
        assertEquals(latest.size(), merged.get("patients_accepted").asLong());
        assertEquals(withdrawn, merged.get("withdrawn").asLong());
        assertTrue(withdrawn > 0);
        assertEquals(in, merged.get("in_registry").asLong());
        assertEquals(alive, merged.get("alive").asLong());
        assertEquals(in - alive, merged.get("dead").asLong());
    }
}
