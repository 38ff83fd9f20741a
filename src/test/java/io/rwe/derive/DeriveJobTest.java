package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.jobs.Main;
import io.rwe.registry.ExtractTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs/derive}: a warehouse in, a published cohort version out; exit codes of docs/cli.md. */
class DeriveJobTest {

    @TempDir
    Path tmp;

    /** Writes a curated version holding the fixture's tables and publishes it through curated/CURRENT. */
    static void curatedWarehouse(Path warehouse, CuratedFixture f, SparkSession spark) throws Exception {
        Path v = warehouse.resolve("curated").resolve("v1");
        for (ExtractTable t : ExtractTable.values()) {
            f.table(spark, t).write().parquet(v.resolve(t.tableName()).toString());
        }
        Files.writeString(warehouse.resolve("curated").resolve("CURRENT"), "v1\n");
    }

    static CuratedFixture threePatients() {
        CuratedFixture f = new CuratedFixture();
        for (String id : new String[] {"a", "b", "c"}) {
            Map<String, Object> v = new HashMap<>();
            v.put("center_id", "c1");
            v.put("birth_date", "1960-06-15");
            v.put("sex", "M");
            v.put("bclc_stage", "C");
            v.put("child_pugh_class", "A");
            v.put("ecog_ps", id.equals("c") ? 3 : 1);    // c: not eligible
            v.put("last_contact_date", "2017-06-30");
            f.patient(id, v).treatment("apatinib", "2017-01-10", "2017-06-01")
                    .lesion(id.equals("b") ? "bone" : "lung", "Y", "2017-01-02")
                    .assessment("2017-03-10", "overall", "PD")
                    .adverseEvent("hypertension", 2, "2017-02-01", "dose_reduced");
        }
        return f;
    }

    record Run(int code, String out, String err) {
    }

    static Run main(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void derivesAndPublishesAVersion() throws Exception {
        SparkSession spark = TestSpark.session();
        Path wh = tmp.resolve("wh");
        curatedWarehouse(wh, threePatients(), spark);
        Run r = main("derive", "--warehouse", wh.toString(), "-Drwe.privacy.pseudonym-key=ignored-not-an-option");
        // -D is handled by jobs/_launch, not by Main: an unknown argument is a usage error (exit 2).
        assertEquals(2, r.code());

        System.setProperty("rwe.privacy.pseudonym-key", "job-test-key");
        // 0.002 MiB (2,097.152 bytes) per shuffle partition: more partitions than the session's, for derive only
        System.setProperty("rwe.spark.derive-mib-per-shuffle-partition", "0.002");
        long curatedBytes;
        try (java.util.stream.Stream<Path> files = Files.walk(wh.resolve("curated").resolve("v1"))) {
            curatedBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        // one partition per started 2,097.152 bytes of the curated version's files
        long expectedPartitions = (long) Math.ceil(curatedBytes / 2_097.152);
        try {
            r = main("derive", "--warehouse", wh.toString());
        } finally {
            System.clearProperty("rwe.privacy.pseudonym-key");
            System.clearProperty("rwe.spark.derive-mib-per-shuffle-partition");
        }
        assertEquals(0, r.code(), r.err());
        // the job's session has conf/spark.conf's partitions, which derive raised and then restored
        String jobPartitions = spark.conf().get("spark.sql.shuffle.partitions");
        assertTrue(expectedPartitions > Long.parseLong(jobPartitions), curatedBytes + " bytes");
        assertTrue(r.err().contains("derive: " + expectedPartitions + " shuffle partitions for "), r.err());
        assertTrue(r.err().contains("(rwe.spark.derive-mib-per-shuffle-partition 0.002; other stages " + jobPartitions + ")"),
                r.err());
        String[] lines = r.out().strip().split("\n");
        Path version = Path.of(lines[lines.length - 1]);
        assertEquals(CohortStore.currentVersion(wh), version);
        assertTrue(Files.isRegularFile(version.resolve("flow.json")));
        assertTrue(r.err().contains("derive: flow: reviewed 3"), r.err());
        assertTrue(r.err().contains("derive: write: cohort 2 rows, adverse_events 2 rows"), r.err());

        DerivedCohort d = CohortStore.read(spark, wh);
        // a: lung → lung_only; b: bone → non_lung; c: ECOG 3 → not eligible.
        assertEquals(3, d.flow().reviewed());
        assertEquals(1, d.flow().excluded().get("not_eligible"));
        assertEquals(2, d.flow().included());
        assertEquals(Map.of("lung_only", 1L, "multi_organ", 0L, "non_lung", 1L), d.flow().patterns());
        assertEquals(2, d.cohort().count());
        assertEquals(Pseudonym.withKey("job-test-key").of("a"),
                d.cohort().filter("pattern = 'lung_only'").first().getAs("patient_key"));
        // PD 2017-03-10 = day 59 for both.
        assertEquals(2, d.cohort().filter("pfs_days = 59 AND pfs_event AND dose_reduced").count());
    }

    @Test
    void helpExitsZero() {
        Run r = main("derive", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: jobs/derive --warehouse DIR"));
    }

    @Test
    void missingWarehouseOptionIsAUsageError() {
        Run r = main("derive");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--warehouse"), r.err());
    }

    @Test
    void warehouseWithoutCuratedDataIsBadInput() throws Exception {
        Path wh = Files.createDirectories(tmp.resolve("empty"));
        Run r = main("derive", "--warehouse", wh.toString());
        assertEquals(3, r.code());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("bad input:")).count(), r.err());
        assertTrue(r.err().contains("curated/CURRENT is missing"), r.err());
        // the failure came after the heartbeat's "derive" stage opened: the job closed it all the same
        assertNull(TestSpark.session().sparkContext().getLocalProperty(io.rwe.core.Heartbeat.STAGE_PROPERTY));
    }

    @Test
    void curatedTableWithAWrongColumnIsBadInput() throws Exception {
        SparkSession spark = TestSpark.session();
        Path wh = tmp.resolve("bad");
        curatedWarehouse(wh, threePatients(), spark);
        Path lesions = wh.resolve("curated/v1/lesions");
        Path renamed = wh.resolve("curated/v1/lesions_orig");
        Files.move(lesions, renamed);
        spark.read().parquet(renamed.toString()).withColumnRenamed("site", "location")
                .write().parquet(lesions.toString());
        Run r = main("derive", "--warehouse", wh.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("lesions: missing column 'site'"), r.err());
    }
}
