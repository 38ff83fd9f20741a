package io.rwe.ingest.naaccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * NAACCR XML ingest, night by night, on files written by the NAACCR data generator (docs/naaccr.md):
 * accounting (records read = accepted + quarantined, per file, against an independent count of the
 * {@code <Patient>} elements), the quarantine of invalid records with item, reason, file and line, the
 * nightly merge (a later delivery replaces a patient's record, tumors included; a patient delivered
 * twice in one extract is quarantined and the earlier record stays), reruns, a changed file, and
 * atomic publishing (a refused delivery publishes nothing; leftovers of an interrupted run are removed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NaaccrIngestTest {
    @TempDir
    static Path tmp;
    static final NaaccrSettings SETTINGS = NaaccrSettings.fromConfig(com.typesafe.config.ConfigFactory.empty())
            .withSplitBytes(64 << 10); // many small splits: records straddle split boundaries
    static Set<String> invalidFirst;

    static Path root() {
        return tmp.resolve("extracts");
    }

    static Path warehouse() {
        return tmp.resolve("warehouse");
    }

    static IngestResult ingest() {
        return NaaccrIngest.run(TestSpark.session(), SETTINGS, root(), warehouse(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    static Dataset<Row> curated(String table) {
        SparkSession spark = TestSpark.session();
        return spark.read().parquet(io.rwe.ingest.Curated.currentVersion(warehouse()).resolve(table).toString());
    }

    static Map<String, Long> tumorsById(Dataset<Row> tumors) {
        return tumors.groupBy("patientIdNumber").count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    }

    @Test
    @Order(1)
    void firstDeliveryIsAccountedRecordByRecord() throws Exception {
        NaaccrGenerated g = NaaccrGenerated.hcc(11).tumorsPerPatient(2).invalid(0.03);
        Path file = g.write(root().resolve("2024-01-31").resolve("registry.xml"), 600);
        invalidFirst = new TreeSet<>(g.invalidIds());
        assertFalse(invalidFirst.isEmpty(), "the fixture made no record invalid");
        XmlCounts xml = XmlCounts.of(file);
        // The parsing job's input metrics (what the progress heartbeat shows): one record per <Patient>.
        java.util.Set<Integer> parsingStages = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong recordsRead = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
        org.apache.spark.scheduler.SparkListener metrics = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
                if (d != null && d.contains(": read 1 NAACCR files")) {
                    scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
                            .forEach(id -> parsingStages.add((Integer) id));
                }
            }

            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (parsingStages.contains(end.stageId()) && end.taskMetrics() != null) {
                    recordsRead.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
                    bytesRead.addAndGet(end.taskMetrics().inputMetrics().bytesRead());
                }
            }
        };
        TestSpark.session().sparkContext().addSparkListener(metrics);
        IngestResult r;
        try {
            r = ingest();
            TestSpark.session().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            TestSpark.session().sparkContext().removeSparkListener(metrics);
        }
        assertEquals(xml.patients().size(), recordsRead.get(), "records counted in the tasks' input metrics");
        assertTrue(bytesRead.get() > 0 && bytesRead.get() <= java.nio.file.Files.size(file),
                "bytes counted in the tasks' input metrics: " + bytesRead.get());

        FileAccounting a = r.accounting().extracts().get(0).file("registry.xml");
        assertEquals(xml.patients().size(), a.rowsRead(), "records read = <Patient> elements");
        assertEquals(a.rowsRead(), a.rowsAccepted() + a.rowsQuarantined());
        assertEquals(invalidFirst.size(), a.rowsQuarantined());
        assertEquals(Map.of("invalid_for_type", (long) invalidFirst.size()), a.quarantine());
        assertEquals(r.accounting().quarantine().keySet(), new java.util.LinkedHashSet<>(NaaccrReason.codes()));

        // The quarantine: each invalid record with its item, reason, file and the line of its <Patient>.
        List<Row> q = TestSpark.session().read().parquet(warehouse().resolve("quarantine/2024-01-31").toString())
                .orderBy("_line").collectAsList();
        Map<String, Long> lineById = xml.patients().values().stream()
                .collect(Collectors.toMap(XmlCounts.Patient::id, XmlCounts.Patient::line));
        assertEquals(invalidFirst, q.stream().map(x -> x.<String>getAs("patientIdNumber")).collect(Collectors.toCollection(TreeSet::new)));
        for (Row x : q) {
            assertEquals("invalid_for_type", x.getAs("_reason"));
            assertEquals("ageAtDiagnosis", x.getAs("_item"));
            assertEquals("registry.xml", x.getAs("_file"));
            assertEquals(lineById.get(x.<String>getAs("patientIdNumber")), x.<Long>getAs("_line"));
            assertTrue(x.<String>getAs("_message").contains("'A65'"), x.<String>getAs("_message"));
            assertTrue(x.<String>getAs("_raw").startsWith("<Patient>"), x.<String>getAs("_raw"));
        }

        // The curated tables: every accepted patient once, with all its tumors, items by naaccrId.
        Dataset<Row> patients = curated("patients");
        assertEquals(a.rowsAccepted(), patients.count());
        assertEquals(a.rowsAccepted(), patients.select("patientIdNumber").distinct().count());
        long tumors = xml.patients().values().stream().filter(p -> !invalidFirst.contains(p.id()))
                .mapToLong(XmlCounts.Patient::tumors).sum();
        assertEquals(tumors, curated("tumors").count());
        Row first = curated("tumors").filter("patientIdNumber = '00000001' AND _tumor = 1").collectAsList().get(0);
        assertTrue(first.<scala.collection.Map<String, String>>getAs("items").contains("primarySite"));
    }

    @Test
    @Order(2)
    void aLaterDeliveryReplacesThePatientsItResendsTumorsIncluded() {
        // Patients 1..10 re-sent with one tumor each (the first delivery gave them two).
        NaaccrGenerated.hcc(12).tumorsPerPatient(1).write(root().resolve("2024-02-29").resolve("resend.xml"), 10);
        IngestResult r = ingest();
        assertEquals(List.of(LocalDate.parse("2024-02-29")), r.ingested());
        assertEquals(List.of(LocalDate.parse("2024-01-31")), r.skipped());
        Map<String, Long> tumors = tumorsById(curated("tumors"));
        for (int i = 1; i <= 10; i++) {
            assertEquals(1L, tumors.get(String.format("%08d", i)), "patient " + i + " has its re-sent tumor only");
        }
        Row p1 = curated("patients").filter("patientIdNumber = '00000001'").collectAsList().get(0);
        assertEquals(java.sql.Date.valueOf("2024-02-29"), p1.getAs("extract_date"));
        Row p11 = curated("patients").filter("patientIdNumber = '00000011'").collectAsList().get(0);
        assertEquals(java.sql.Date.valueOf("2024-01-31"), p11.getAs("extract_date"));
        if (!invalidFirst.contains("00000011")) {
            assertEquals(2L, tumors.get("00000011"));
        }
    }

    @Test
    @Order(3)
    void aPatientDeliveredTwiceInOneExtractIsQuarantinedAndTheEarlierRecordStays() {
        // Two files of one extract both carry patients 1..3: every copy is rejected.
        NaaccrGenerated.hcc(13).tumorsPerPatient(1).write(root().resolve("2024-03-31").resolve("a.xml"), 3);
        NaaccrGenerated.hcc(14).tumorsPerPatient(1).write(root().resolve("2024-03-31").resolve("b.xml"), 3);
        IngestResult r = ingest();
        assertEquals(6L, r.quarantine().get("duplicate_patient"));
        for (String f : List.of("a.xml", "b.xml")) {
            FileAccounting a = r.accounting().extracts().get(2).file(f);
            assertEquals(3, a.rowsRead());
            assertEquals(0, a.rowsAccepted());
            assertEquals(Map.of("duplicate_patient", 3L), a.quarantine());
        }
        Row p1 = curated("patients").filter("patientIdNumber = '00000001'").collectAsList().get(0);
        assertEquals(java.sql.Date.valueOf("2024-02-29"), p1.getAs("extract_date"));
    }

    @Test
    @Order(4)
    void aRerunChangesNothingAndAChangedFileIsRefused() throws Exception {
        String before = Files.readString(warehouse().resolve("curated/CURRENT"));
        IngestResult r = ingest();
        assertTrue(r.ingested().isEmpty());
        assertFalse(r.published());
        assertEquals(before, Files.readString(warehouse().resolve("curated/CURRENT")));
        Path f = root().resolve("2024-02-29").resolve("resend.xml");
        byte[] bytes = Files.readAllBytes(f);
        Files.writeString(f, Files.readString(f).replace("</NaaccrData>", "</NaaccrData>\n"));
        BadInputException e = assertThrows(BadInputException.class, NaaccrIngestTest::ingest);
        assertTrue(e.getMessage().contains("resend.xml: changed since extract 2024-02-29 was ingested"), e.getMessage());
        Files.write(f, bytes);
    }

    @Test
    @Order(5)
    void aRefusedDeliveryPublishesNothingAndLeftoversOfAnInterruptedRunAreRemoved() throws Exception {
        String before = Files.readString(warehouse().resolve("curated/CURRENT"));
        long patients = curated("patients").count();
        Path bad = root().resolve("2024-04-30").resolve("registry.xml");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "patient_id,sex\n1,M\n");
        BadInputException e = assertThrows(BadInputException.class, NaaccrIngestTest::ingest);
        assertTrue(e.getMessage().startsWith(bad + ": not a NAACCR XML file"), e.getMessage());
        assertEquals(before, Files.readString(warehouse().resolve("curated/CURRENT")));
        assertEquals(patients, curated("patients").count());
        assertFalse(Files.exists(warehouse().resolve("accounting/2024-04-30.json")));

        // An interrupted run's leftovers: a half-written version and an extract without its accounting.
        Files.delete(bad);
        NaaccrGenerated.hcc(15).write(bad, 5);
        Files.createDirectories(warehouse().resolve("curated/_tmp-v-half"));
        Files.createDirectories(warehouse().resolve("extracts/2024-05-31/patients"));
        IngestResult r = ingest();
        assertEquals(List.of(LocalDate.parse("2024-04-30")), r.ingested());
        assertFalse(Files.exists(warehouse().resolve("curated/_tmp-v-half")));
        assertFalse(Files.exists(warehouse().resolve("extracts/2024-05-31")));
        assertTrue(Files.isDirectory(io.rwe.ingest.Curated.currentVersion(warehouse()).resolve("patients")));
    }
}
