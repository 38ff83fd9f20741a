package io.rwe.ingest.omop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.core.Configs;
import io.rwe.ingest.Curated;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * OMOP deliveries night by night (docs/omop.md), with the concept sets of conf/omop.conf: every concept
 * set read into its curated column, the baseline rule, modifiers and regimen links, every way a record
 * is quarantined (with its file, line and reason) and the accounting of every file; a later delivery
 * replacing a person's records, Parquet tables, strict mode leaving the published version in place,
 * the leftovers of an interrupted run, reruns and a changed delivery. Each expected value is read off
 * the records written here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OmopDeliveriesTest {
    @TempDir
    static Path tmp;

    static final Config CONFIG = Configs.load();

    static Path root() {
        return tmp.resolve("omop");
    }

    static Path warehouse() {
        return tmp.resolve("warehouse");
    }

    static IngestResult ingest(Config config) {
        return OmopModel.ingest(TestSpark.session(), config, IngestSettings.fromConfig(config), root(), warehouse());
    }

    /** A curated table as sorted lines of its spec columns ({@code |}-separated, null as "null"). */
    static List<String> curated(ExtractTable t) {
        var d = Curated.table(TestSpark.session(), warehouse(), t);
        List<String> out = new ArrayList<>();
        for (Row r : d.select(t.columns().stream().map(c -> d.col(c.name())).toArray(org.apache.spark.sql.Column[]::new))
                .collectAsList()) {
            out.add(r.mkString("|"));
        }
        out.sort(null);
        return out;
    }

    /** The quarantine of one delivery as sorted {@code file:line reason} lines. */
    static List<String> quarantine(String date) {
        List<String> out = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(warehouse().resolve("quarantine").resolve(date).toString())
                .select("file", "line", "reason").collectAsList()) {
            out.add(r.getString(0) + ":" + r.getLong(1) + " " + r.getString(2));
        }
        out.sort(null);
        return out;
    }

    static void assertAccounting(FileAccounting f, long read, long accepted, Map<String, Long> reasons) {
        assertEquals(read, f.rowsRead(), f.file() + " rows read");
        assertEquals(accepted, f.rowsAccepted(), f.file() + " rows accepted");
        assertEquals(reasons, f.quarantine(), f.file() + " quarantined per reason");
    }

    static Map<String, Long> reasons(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Integer) pairs[i + 1]).longValue());
        }
        return m;
    }

    @Test
    @Order(1)
    void firstDeliveryEveryConceptSetAndEveryQuarantineReason() {
        new OmopFolder()
                .rows("person",
                        "1,8507,1950,3,4,0,0,7,P-one",
                        "2,8532,1960,5,6,0,0,7,P-two",
                        "3,8507,1970,7,8,0,0,8,P-three")
                .rows("care_site", "7,Center one,C1", "8,Center two,C2")
                .rows("observation_period",
                        "11,1,2020-01-01,2023-12-20,0",
                        "12,1,2019-01-01,2020-06-01,0",
                        "13,2,2020-01-01,2023-12-01,0",
                        "14,3,2020-01-01,2024-01-10,0",
                        "15,99,2020-01-01,2024-01-10,0")           // line 6: no person 99
                .rows("death", "3,2024-01-10,0")
                .rows("condition_occurrence",
                        "101,1,201519,2023-01-10,0",                 // liver_primary
                        "102,1,254591,2023-05-15,0",                 // lung
                        "103,1,316866,2023-06-15,0",                 // hypertension
                        "104,1,4064161,2022-01-01,0",                // line 5: cirrhosis, no concept set
                        "201,2,254591,2023-05-15,0",                 // line 6: lung of rejected person 2, no measurability
                                                                     // (field rules come before the patient reference)
                        "301,3,198700,2023-11-01,0",                 // liver_new
                        "901,99,254591,2023-05-15,0")                // line 8: no person 99, no measurability either
                .rows("drug_exposure",
                        "1001,1,1363387,2023-01-20,2023-05-01,2023-05-01,0,400 mg qd",
                        "1002,1,2000000010,2023-06-01,2023-06-01,,0,750 mg qd",
                        "3001,3,2000000010,2023-11-05,2023-11-05,,0,")
                .rows("procedure_occurrence", "501,1,2000000020,2023-02-01,0")
                .rows("measurement",
                        "2001,1,2000000040,2023-05-20,0,,2000000063,,",      // BCLC C: the baseline (first apatinib 2023-06-01)
                        "2002,1,2000000040,2022-12-01,0,,2000000062,,",      // line 3: older
                        "2003,1,2000000040,2023-09-01,0,,2000000064,,",      // line 4: after the first apatinib
                        "2004,1,2000000041,2023-05-20,0,,2000000065,,",      // Child-Pugh A
                        "2005,1,2000000042,2023-05-20,0,1,,,",               // ECOG 1
                        "2006,1,2000000043,2023-05-20,0,1500,,,",            // HBV DNA 1500
                        "2007,1,3009306,2023-05-20,0,250.5,,,",              // AFP 250.5
                        "2008,1,2000000080,2023-05-15,0,,2000000070,102,1147127",   // lesion 102 measurable
                        "2009,1,2000000080,2023-01-10,0,,2000000070,101,1147127",   // lesion 101 measurable
                        "2010,1,2000000091,2023-06-15,0,2,,103,1147127",            // event 103: grade 2
                        "2011,1,2000000092,2023-06-15,0,,2000000095,103,1147127",   // event 103: interrupted
                        "2012,1,2000000100,2023-08-01,0,,2000000111,,",             // overall response PR
                        "2013,1,2000000080,2023-05-15,0,,2000000070,12345,1147127", // line 14: no condition 12345
                        "2014,1,2000000042,2023-02-30,0,1,,,",                      // line 15: no such day
                        "2020,2,2000000040,2023-05-01,0,,2000000062,,",             // line 16: BCLC B and
                        "2021,2,2000000040,2023-05-01,0,,2000000063,,",             // line 17: C the same day
                        "2022,2,2000000041,2023-05-01,0,,2000000065,,",             // line 18: person 2 rejected
                        "2030,3,2000000040,2023-11-01,0,,2000000062,,",
                        "2031,3,2000000041,2023-11-01,0,,2000000066,,",
                        "2032,3,2000000080,2023-11-01,0,,2000000071,301,1147127")
                .rows("observation",
                        "3001,1,2000000044,2023-05-20,0,,2000000068,,",      // ever smoker
                        "3002,1,2000000045,2023-05-20,0,,2000000071,,",      // portal vein invasion: no
                        "3003,1,2000000046,2023-05-20,0,,2000000070,,",      // antiviral treatment: yes
                        "3004,1,2000000047,2023-01-10,0,,2000000072,,")      // histology
                .rows("episode",
                        "4001,1,32528,2023-01-10,,,201519,0",                // the HCC diagnosis
                        "4002,1,32531,2023-06-01,,2,2000000010,0",           // regimen, line 2
                        "4003,1,32677,2023-10-01,,,254591,0",                // progression of the lung lesions
                        "4004,1,32531,2023-01-20,2023-05-01,1,1363387,0")    // regimen, line 1
                .rows("episode_event", "4002,1002,0", "4004,1001,0", "4099,1001,0")   // line 4: no episode 4099
                .write(root(), "2024-01-31");
        IngestResult r = ingest(CONFIG);
        assertTrue(r.published());

        assertEquals(List.of(
                "1|C1|1950-03-04|M|ever|2023-01-10|histology|C|A|1|N|1500.0|Y|250.5|2023-12-20|null|N",
                "3|C2|1970-07-08|M|null|null|null|B|B|null|null|null|null|null|2024-01-10|2024-01-10|N"),
                curated(ExtractTable.PATIENTS));
        assertEquals(List.of("1|101|liver_primary|Y|2023-01-10", "1|102|lung|Y|2023-05-15", "3|301|liver_new|N|2023-11-01"),
                curated(ExtractTable.LESIONS));
        assertEquals(List.of("1|apatinib|2023-06-01|null|750.0|qd|2", "1|sorafenib|2023-01-20|2023-05-01|400.0|qd|1",
                "3|apatinib|2023-11-05|null|null|null|null"), curated(ExtractTable.TREATMENTS));
        assertEquals(List.of("1|tace|2023-02-01|primary"), curated(ExtractTable.PROCEDURES));
        assertEquals(List.of("1|2023-08-01|overall|PR", "1|2023-10-01|lung|PD"), curated(ExtractTable.ASSESSMENTS));
        assertEquals(List.of("1|hypertension|2|2023-06-15|interrupted"), curated(ExtractTable.ADVERSE_EVENTS));

        assertEquals(List.of(
                "condition_occurrence.csv:5 concept_not_in_study",
                "condition_occurrence.csv:6 missing_required",
                "condition_occurrence.csv:8 missing_required",
                "episode_event.csv:4 unknown_record",
                "measurement.csv:14 unknown_record",
                "measurement.csv:15 invalid_date",
                "measurement.csv:16 conflicting_key",
                "measurement.csv:17 conflicting_key",
                "measurement.csv:18 rejected_patient",
                "measurement.csv:3 not_baseline",
                "measurement.csv:4 not_baseline",
                "observation_period.csv:4 rejected_patient",
                "observation_period.csv:6 unknown_patient",
                "person.csv:3 missing_required"), quarantine("2024-01-31"));

        ExtractAccounting a = r.accounting().extracts().get(0);
        assertEquals("omop", a.registry());
        assertAccounting(a.file("person.csv"), 3, 2, reasons("missing_required", 1));
        assertAccounting(a.file("care_site.csv"), 2, 2, reasons());
        assertAccounting(a.file("observation_period.csv"), 5, 3, reasons("unknown_patient", 1, "rejected_patient", 1));
        assertAccounting(a.file("death.csv"), 1, 1, reasons());
        assertAccounting(a.file("condition_occurrence.csv"), 7, 4,
                reasons("missing_required", 2, "concept_not_in_study", 1));
        assertAccounting(a.file("drug_exposure.csv"), 3, 3, reasons());
        assertAccounting(a.file("procedure_occurrence.csv"), 1, 1, reasons());
        assertAccounting(a.file("measurement.csv"), 20, 13, reasons("invalid_date", 1, "conflicting_key", 2,
                "rejected_patient", 1, "not_baseline", 2, "unknown_record", 1));
        assertAccounting(a.file("observation.csv"), 4, 4, reasons());
        assertAccounting(a.file("episode.csv"), 4, 4, reasons());
        assertAccounting(a.file("episode_event.csv"), 3, 2, reasons("unknown_record", 1));
        assertEquals(11, a.files().size(), "one entry per file delivered");
    }

    @Test
    @Order(2)
    void theQuarantineKeepsTheRawLineAndSaysWhy() {
        Row r = TestSpark.session().read().parquet(warehouse().resolve("quarantine").resolve("2024-01-31").toString())
                .filter("file = 'measurement.csv' and line = 16").select("raw", "field", "message").first();
        assertEquals("2020,2,2000000040,2023-05-01,0,,2000000062,,", r.getString(0));
        assertEquals("bclc_stage", r.getString(1));
        assertEquals("bclc_stage: 2 records dated 2023-05-01 differ [B, C]; none is taken", r.getString(2));
        Row p = TestSpark.session().read().parquet(warehouse().resolve("quarantine").resolve("2024-01-31").toString())
                .filter("file = 'person.csv'").select("field", "message").first();
        assertEquals("bclc_stage", p.getString(0));
        assertEquals("bclc_stage: required value is empty", p.getString(1));
    }

    @Test
    @Order(3)
    void aLaterDeliveryReplacesAPersonsRecordsAndParquetTablesAreRead() {
        new OmopFolder()
                .rows("person", "3,8507,1970,7,8,0,0,8,P-three", "4,8532,1980,1,2,0,0,7,P-four")
                .rows("care_site", "7,Center one,C1", "8,Center two,C2")
                .rows("observation_period", "21,3,2020-01-01,2024-02-20,0", "22,4,2021-01-01,2024-02-20,0")
                .rows("condition_occurrence", "302,3,254591,2023-10-20,0", "401,4,254591,2023-12-01,0")
                .rows("drug_exposure", "3002,3,2000000010,2023-11-05,2023-11-05,,0,",
                        "4001,4,2000000010,2023-12-10,2023-12-10,,0,500 mg qod")
                .write(root(), "2024-02-29");
        // measurement as a Parquet folder of one part file, with typed columns
        SparkSession spark = TestSpark.session();
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("measurement_id", DataTypes.LongType, false),
                DataTypes.createStructField("person_id", DataTypes.LongType, false),
                DataTypes.createStructField("measurement_concept_id", DataTypes.IntegerType, false),
                DataTypes.createStructField("measurement_date", DataTypes.DateType, false),
                DataTypes.createStructField("value_as_number", DataTypes.DoubleType, true),
                DataTypes.createStructField("value_as_concept_id", DataTypes.IntegerType, true),
                DataTypes.createStructField("measurement_event_id", DataTypes.LongType, true),
                DataTypes.createStructField("meas_event_field_concept_id", DataTypes.IntegerType, true)));
        List<Row> rows = List.of(
                RowFactory.create(5001L, 3L, 2000000040, Date.valueOf("2023-11-01"), null, 2000000062, null, null),
                RowFactory.create(5002L, 3L, 2000000041, Date.valueOf("2023-11-01"), null, 2000000066, null, null),
                RowFactory.create(5003L, 3L, 2000000080, Date.valueOf("2023-10-20"), null, 2000000070, 302L, 1147127),
                RowFactory.create(5004L, 4L, 2000000040, Date.valueOf("2023-12-01"), null, 2000000063, null, null),
                RowFactory.create(5005L, 4L, 2000000041, Date.valueOf("2023-12-01"), null, 2000000065, null, null),
                RowFactory.create(5006L, 4L, 2000000080, Date.valueOf("2023-12-01"), null, 2000000070, 401L, 1147127),
                RowFactory.create(5007L, 4L, 3009306, Date.valueOf("2023-12-01"), 12000000.0, null, null, null),
                RowFactory.create(5008L, 4L, 2000000041, Date.valueOf("2023-01-01"), null, 999, null, null)); // row 8
        spark.createDataFrame(rows, schema).coalesce(1).write()
                .parquet(root().resolve("2024-02-29").resolve("measurement.parquet").toString());

        IngestResult r = ingest(CONFIG);
        assertEquals(List.of(java.time.LocalDate.parse("2024-02-29")), r.ingested());
        // Person 1 was not re-sent: its records stay; person 3's are the second delivery's (alive, one lesion).
        assertEquals(List.of(
                "1|C1|1950-03-04|M|ever|2023-01-10|histology|C|A|1|N|1500.0|Y|250.5|2023-12-20|null|N",
                "3|C2|1970-07-08|M|null|null|null|B|B|null|null|null|null|null|2024-02-20|null|N",
                "4|C1|1980-01-02|F|null|null|null|C|A|null|null|null|null|1.2E7|2024-02-20|null|N"),
                curated(ExtractTable.PATIENTS));
        assertEquals(List.of("1|101|liver_primary|Y|2023-01-10", "1|102|lung|Y|2023-05-15", "3|302|lung|Y|2023-10-20",
                "4|401|lung|Y|2023-12-01"), curated(ExtractTable.LESIONS));
        assertEquals(List.of("1|apatinib|2023-06-01|null|750.0|qd|2", "1|sorafenib|2023-01-20|2023-05-01|400.0|qd|1",
                "3|apatinib|2023-11-05|null|null|null|null", "4|apatinib|2023-12-10|null|500.0|qod|null"),
                curated(ExtractTable.TREATMENTS));
        ExtractAccounting a = r.accounting().extracts().get(1);
        String part = a.files().stream().map(FileAccounting::file).filter(f -> f.startsWith("measurement.parquet/"))
                .findFirst().orElseThrow();
        assertAccounting(a.file(part), 8, 7, reasons("invalid_code", 1));
        Row q = spark.read().parquet(warehouse().resolve("quarantine").resolve("2024-02-29").toString()).first();
        assertEquals(part, q.getAs("file"));
        assertEquals(8L, (long) q.getAs("line"));
        String raw = q.getAs("raw");
        assertTrue(raw.contains("\"measurement_id\":5008"), raw);
    }

    @Test
    @Order(4)
    void strictModeRefusesADeliveryAndTheCuratedTablesStayAsPublished() throws Exception {
        String current = Files.readString(warehouse().resolve("curated").resolve("CURRENT"));
        new OmopFolder()
                .rows("person", "5,,1990,1,1,0,0,7,P-five")            // no gender_concept_id
                .rows("observation_period", "31,5,2020-01-01,2024-03-20,0")
                .write(root(), "2024-03-31");
        Config strict = ConfigFactory.parseMap(Map.of("rwe.ingest.strict", true)).withFallback(CONFIG);
        BadInputException e = assertThrows(BadInputException.class, () -> ingest(strict));
        assertTrue(e.getMessage().contains("person.csv: 1 of 1 rows quarantined"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing of extract 2024-03-31 was ingested"), e.getMessage());
        assertEquals(current, Files.readString(warehouse().resolve("curated").resolve("CURRENT")));
        assertFalse(Files.exists(warehouse().resolve("accounting").resolve("2024-03-31.json")));
        assertFalse(Files.exists(warehouse().resolve("extracts").resolve("2024-03-31")));
        assertEquals(3, curated(ExtractTable.PATIENTS).size());
        deleteTree(root().resolve("2024-03-31"));
    }

    @Test
    @Order(5)
    void leftoversOfAnInterruptedRunAreRemovedAndARerunPublishesNothing() throws Exception {
        String current = Files.readString(warehouse().resolve("curated").resolve("CURRENT")).trim();
        Files.createDirectories(warehouse().resolve("curated").resolve("_tmp-v-x").resolve("patients"));
        Files.createDirectories(warehouse().resolve("_staging").resolve("2024-03-31").resolve("extracts"));
        Files.createDirectories(warehouse().resolve("extracts").resolve("2024-03-31").resolve("patients"));
        assertEquals(3, curated(ExtractTable.PATIENTS).size(), "readers still see the published version");
        IngestResult r = ingest(CONFIG);
        assertEquals(List.of(), r.ingested());
        assertEquals(2, r.skipped().size());
        assertFalse(r.published());
        assertEquals(current, r.curatedVersion());
        assertFalse(Files.exists(warehouse().resolve("_staging")));
        assertFalse(Files.exists(warehouse().resolve("extracts").resolve("2024-03-31")));
    }

    @Test
    @Order(6)
    void aChangedFileOfAnIngestedDeliveryIsRefusedWhenChangesAreRefused() throws Exception {
        Path f = root().resolve("2024-01-31").resolve("death.csv");
        String original = Files.readString(f);
        Files.writeString(f, original.replace("2024-01-10", "2024-01-09"));
        Config refuse = ConfigFactory.parseMap(Map.of("rwe.ingest.changed-extract", "refuse")).withFallback(CONFIG);
        try {
            BadInputException e = assertThrows(BadInputException.class, () -> ingest(refuse));
            assertTrue(e.getMessage().startsWith(f + ": changed since extract 2024-01-31 was ingested"), e.getMessage());
        } finally {
            Files.writeString(f, original);
        }
    }

    @Test
    @Order(7)
    void aDeliveryWithoutPersonIsRefusedBeforeAnythingIsRead(@TempDir Path own) {
        new OmopFolder().rows("observation_period", "1,1,2020-01-01,2024-01-01,0").write(own, "2024-01-31");
        BadInputException e = assertThrows(BadInputException.class, () -> OmopModel.ingest(TestSpark.session(), CONFIG,
                IngestSettings.fromConfig(CONFIG), own, own.resolve("wh")));
        assertEquals(own.resolve("2024-01-31").resolve("person.csv") + ": missing (an OMOP delivery holds the person "
                + "and observation_period tables, as <table>.csv or <table>.parquet; docs/omop.md)", e.getMessage());
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
