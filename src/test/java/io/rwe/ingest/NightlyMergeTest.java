package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly merge over three extracts, ingested night by night (docs/registry-extract.md, "Layout"):
 * a later extract replaces every record of each patient it contains; absent patients keep their
 * records; a re-send whose patient row is rejected leaves the earlier record in force; a patient whose
 * latest record is withdrawn vanishes from every table. Then reruns, a changed file refused under
 * {@code changed-extract = refuse} (the default, a re-delivery, is DeliveryTest's), and the leftovers
 * of an interrupted run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyMergeTest {
    @TempDir
    static Path tmp;

    static Path root() {
        return tmp.resolve("extracts");
    }

    static Path warehouse() {
        return tmp.resolve("warehouse");
    }

    static Dataset<Row> curated(ExtractTable t) {
        return Curated.table(TestSpark.session(), warehouse(), t);
    }

    static List<String> ids(Dataset<Row> d) {
        return d.select("patient_id").distinct().orderBy("patient_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @Test
    @Order(1)
    void firstExtract() {
        Extracts.folder()
                .rows(ExtractTable.PATIENTS,
                        "A,C1,1950-01-01,M,C,A,,,,2024-01-01,,",
                        "B,C1,1960-01-01,F,B,A,,,,2024-01-01,,",
                        "C,C1,1970-01-01,M,B,B,,,,2024-01-01,,")
                .rows(ExtractTable.LESIONS, "A,L1,lung,Y,2023-01-01", "A,L2,bone,Y,2023-01-01", "B,L1,lung,Y,2023-01-01",
                        "C,L1,liver_new,Y,2023-01-01")
                .rows(ExtractTable.TREATMENTS, "A,apatinib,2023-02-01,,750,qd,1", "C,apatinib,2023-02-01,,500,qd,1")
                .write(root(), "2024-01-01");
        Extracts.Run r = Extracts.ingest(root(), warehouse(), Extracts.defaults());
        assertEquals(List.of(LocalDate.parse("2024-01-01")), r.result().ingested());
        assertTrue(r.result().published());
        assertEquals(List.of("A", "B", "C"), ids(curated(ExtractTable.PATIENTS)));
        assertEquals(4, curated(ExtractTable.LESIONS).count());
        // Every patient of this only extract is in force: its Parquet files are linked into the curated
        // version (the same inodes), not rewritten.
        for (ExtractTable t : ExtractTable.values()) {
            assertEquals(inodes(warehouse().resolve("extracts").resolve("2024-01-01").resolve(t.tableName())),
                    inodes(Curated.currentVersion(warehouse()).resolve(t.tableName())), t.tableName());
        }
    }

    static java.util.Set<Object> inodes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            java.util.Set<Object> out = new java.util.HashSet<>();
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                out.add(Files.getAttribute(p, "unix:ino"));
            }
            assertFalse(out.isEmpty(), dir + " has no Parquet file");
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(2)
    void secondExtractResendsCorrectsAndWithdraws() {
        // A re-sent corrected (center C2, one lesion fewer, no treatment); B withdrawn; C absent; D new.
        Extracts.folder()
                .rows(ExtractTable.PATIENTS,
                        "A,C2,1950-01-01,M,C,A,,,,2024-02-01,,",
                        "B,C1,1960-01-01,F,B,A,,,,2024-02-01,,Y",
                        "D,C3,1955-01-01,F,C,A,,,,2024-02-01,,")
                .rows(ExtractTable.LESIONS, "A,L1,lung,Y,2023-01-01", "B,L1,lung,Y,2023-01-01", "D,L1,adrenal,N,2023-06-01")
                .write(root(), "2024-02-01");
        Extracts.Run r = Extracts.ingest(root(), warehouse(), Extracts.defaults());
        assertEquals(List.of(LocalDate.parse("2024-02-01")), r.result().ingested());
        assertEquals(List.of(LocalDate.parse("2024-01-01")), r.result().skipped());
        assertEquals(List.of("A", "C", "D"), ids(curated(ExtractTable.PATIENTS)));
        Row a = curated(ExtractTable.PATIENTS).filter("patient_id = 'A'").collectAsList().get(0);
        assertEquals("C2", a.getAs("center_id"));
        assertEquals(java.sql.Date.valueOf("2024-02-01"), a.getAs("extract_date"));
        assertEquals(List.of("A", "C", "D"), ids(curated(ExtractTable.LESIONS)));
        assertEquals(1, curated(ExtractTable.LESIONS).filter("patient_id = 'A'").count());
        // A's re-send has no treatment: its earlier treatment is replaced by nothing; C keeps its own.
        assertEquals(List.of("C"), ids(curated(ExtractTable.TREATMENTS)));
        // Ingest still accepted and counted the withdrawn patient's rows.
        assertEquals(3, r.result().accounting().extracts().get(1).file("patients.csv").rowsAccepted());
    }

    @Test
    @Order(3)
    void thirdExtractWithRejectedResendKeepsEarlierRecord() {
        // C re-sent with a rejected patient row (invalid sex): its lesion is rejected with it, and the
        // 2024-01-01 record stays in force. B's withdrawal stands. A absent.
        Extracts.folder()
                .rows(ExtractTable.PATIENTS, "C,C9,1970-01-01,Q,B,B,,,,2024-03-01,,", "E,C1,1945-01-01,M,C,A,,,,2024-03-01,,")
                .rows(ExtractTable.LESIONS, "C,L9,lung,Y,2023-01-01", "E,L1,lung,Y,2024-01-01")
                .write(root(), "2024-03-01");
        Extracts.Run r = Extracts.ingest(root(), warehouse(), Extracts.defaults());
        assertEquals(List.of("A", "C", "D", "E"), ids(curated(ExtractTable.PATIENTS)));
        Row c = curated(ExtractTable.PATIENTS).filter("patient_id = 'C'").collectAsList().get(0);
        assertEquals("C1", c.getAs("center_id"));
        assertEquals(java.sql.Date.valueOf("2024-01-01"), c.getAs("extract_date"));
        assertEquals(List.of("L1"), curated(ExtractTable.LESIONS).filter("patient_id = 'C'").select("lesion_id")
                .collectAsList().stream().map(x -> x.getString(0)).toList());
        assertEquals(1L, r.result().quarantine().get("rejected_patient"));
        assertEquals(1L, r.result().quarantine().get("invalid_code"));
        // Withdrawn B is in no curated table.
        for (ExtractTable t : ExtractTable.values()) {
            assertEquals(0, curated(t).filter("patient_id = 'B'").count(), t.tableName());
        }
        // The manifest inputs cover the three extracts, in date order.
        assertEquals(18, r.result().inputs().size());
        assertEquals("2024-01-01/patients.csv", r.result().inputs().keySet().iterator().next());
    }

    @Test
    @Order(4)
    void rerunChangesNothing() throws Exception {
        String before = Files.readString(warehouse().resolve("curated").resolve("CURRENT"));
        List<Row> patients = curated(ExtractTable.PATIENTS).orderBy("patient_id").collectAsList();
        List<Row> lesions = curated(ExtractTable.LESIONS).orderBy("patient_id", "lesion_id").collectAsList();
        Extracts.Run r = Extracts.ingest(root(), warehouse(), Extracts.defaults());
        assertEquals(List.of(), r.result().ingested());
        assertEquals(3, r.result().skipped().size());
        assertFalse(r.result().published());
        assertEquals(before, Files.readString(warehouse().resolve("curated").resolve("CURRENT")));
        assertEquals(patients, curated(ExtractTable.PATIENTS).orderBy("patient_id").collectAsList());
        assertEquals(lesions, curated(ExtractTable.LESIONS).orderBy("patient_id", "lesion_id").collectAsList());
    }

    @Test
    @Order(5)
    void sameExtractsIntoAFreshWarehouseGiveTheSameCuratedData() {
        Path other = tmp.resolve("warehouse2");
        Extracts.Run r = Extracts.ingest(root(), other, Extracts.defaults());
        assertEquals(3, r.result().ingested().size());
        String version = Curated.currentVersion(warehouse()).getFileName().toString();
        assertEquals(version, Curated.currentVersion(other).getFileName().toString());
        for (ExtractTable t : ExtractTable.values()) {
            Dataset<Row> a = curated(t);
            Dataset<Row> b = Curated.table(TestSpark.session(), other, t);
            assertEquals(a.count(), b.count(), t.tableName());
            assertEquals(0, a.exceptAll(b).count(), t.tableName());
        }
    }

    @Test
    @Order(6)
    void changedFileOfAnIngestedExtractIsRefusedUnderTheRefusePolicy() throws Exception {
        Path f = root().resolve("2024-02-01").resolve("patients.csv");
        String original = Files.readString(f);
        Files.writeString(f, original.replace("C3", "C4"));
        try {
            IngestSettings refuse = IngestSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                    "rwe.ingest.changed-extract = refuse"));
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Extracts.ingest(root(), warehouse(), refuse));
            assertTrue(e.getMessage().startsWith(f + ": changed since extract 2024-02-01 was ingested"), e.getMessage());
        } finally {
            Files.writeString(f, original);
        }
    }

    @Test
    @Order(7)
    void leftoversOfAnInterruptedRunAreCleanedAndCurrentStaysReadable() throws Exception {
        String current = Files.readString(warehouse().resolve("curated").resolve("CURRENT")).trim();
        // An interrupted run: a half-written version, staging, and extract data without accounting.
        Files.createDirectories(warehouse().resolve("curated").resolve("_tmp-v-x").resolve("patients"));
        Files.createDirectories(warehouse().resolve("_staging").resolve("2024-04-01").resolve("extracts"));
        Files.createDirectories(warehouse().resolve("extracts").resolve("2024-04-01").resolve("patients"));
        // Readers still see the published version.
        assertEquals(4, curated(ExtractTable.PATIENTS).count());
        Extracts.Run r = Extracts.ingest(root(), warehouse(), Extracts.defaults());
        assertFalse(r.result().published());
        assertEquals(current, r.result().curatedVersion());
        assertFalse(Files.exists(warehouse().resolve("_staging")));
        assertFalse(Files.exists(warehouse().resolve("extracts").resolve("2024-04-01")));
        try (Stream<Path> s = Files.list(warehouse().resolve("curated"))) {
            // Versions kept: the current and the one before; no _tmp- folder once a new one is published.
            assertTrue(s.map(p -> p.getFileName().toString()).anyMatch(current::equals));
        }
    }

    /**
     * The tables as written (an extract's, and a curated version's, which the merge rewrote for the
     * patients re-sent): {@code patient_id} and {@code _line} in plain Parquet values, without a dictionary
     * (their values hardly repeat: the dictionary was work thrown away). Read from the files' footers.
     * These files hold a few rows each, for which Parquet may drop a dictionary anyway; so the same
     * writer on 1,000 rows of 10 patients, where a dictionary pays, shows that the writer is what leaves
     * it out: {@code patient_id} plain, {@code site} (a repeated code) with a dictionary, and
     * {@code patient_id} with one when written by Spark's default writer.
     */
    @Test
    @Order(8)
    void identifiersAndLineNumbersAreWrittenWithoutADictionary() throws Exception {
        Path version = Curated.currentVersion(warehouse());
        List<Path> folders = List.of(warehouse().resolve("extracts").resolve("2024-02-01").resolve("patients"),
                warehouse().resolve("extracts").resolve("2024-03-01").resolve("lesions"),
                version.resolve("patients"), version.resolve("lesions"));
        // the curated patients were rewritten (A re-sent on 2024-02-01), not only linked
        assertFalse(inodes(version.resolve("patients")).equals(
                inodes(warehouse().resolve("extracts").resolve("2024-01-01").resolve("patients"))));
        int chunks = 0;
        for (Path folder : folders) {
            for (java.util.Map.Entry<String, Boolean> c : dictionaries(folder)) {
                if (c.getKey().equals("patient_id") || c.getKey().equals("_line")) {
                    assertFalse(c.getValue(), folder + ": " + c.getKey());
                    chunks++;
                }
            }
        }
        assertTrue(chunks >= 2 * folders.size(), "column chunks checked: " + chunks);

        Dataset<Row> many = TestSpark.session().range(1000).selectExpr("concat('P', cast(id % 10 as string)) as patient_id",
                "case when id % 3 = 0 then 'lung' else 'bone' end as site", "id as _line").coalesce(1);
        Path ours = tmp.resolve("writer-ours");
        Path spark = tmp.resolve("writer-default");
        Warehouse.tableWriter(many).parquet(ours.toString());
        many.write().parquet(spark.toString());
        java.util.Map<String, Boolean> o = new java.util.HashMap<>();
        dictionaries(ours).forEach(e -> o.merge(e.getKey(), e.getValue(), Boolean::logicalOr));
        java.util.Map<String, Boolean> d = new java.util.HashMap<>();
        dictionaries(spark).forEach(e -> d.merge(e.getKey(), e.getValue(), Boolean::logicalOr));
        assertEquals(java.util.Map.of("patient_id", false, "site", true, "_line", false), o);
        assertEquals(true, d.get("patient_id"));
    }

    /** Every column chunk of the Parquet files of {@code folder} with rows: its column, and whether it has a dictionary page. */
    static List<java.util.Map.Entry<String, Boolean>> dictionaries(Path folder) throws java.io.IOException {
        List<java.util.Map.Entry<String, Boolean>> out = new java.util.ArrayList<>();
        for (Path part : Warehouse.parquetParts(folder)) {
            try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toUri()),
                            new org.apache.hadoop.conf.Configuration()))) {
                for (org.apache.parquet.hadoop.metadata.BlockMetaData block : reader.getFooter().getBlocks()) {
                    if (block.getRowCount() > 0) {
                        for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData c : block.getColumns()) {
                            out.add(java.util.Map.entry(c.getPath().toDotString(), c.hasDictionaryPage()));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Order(100)
    void aWithdrawnPatientOfASingleExtractVanishes(@TempDir Path own) {
        // A first load whose patient A is withdrawn: A is in no curated table, B keeps its rows.
        Extracts.folder()
                .rows(ExtractTable.PATIENTS,
                        "A,C1,1950-01-01,M,C,A,,,,2024-01-01,,Y",
                        "B,C1,1960-01-01,F,B,A,,,,2024-01-01,,N")
                .rows(ExtractTable.LESIONS, "A,L1,lung,Y,2023-01-01", "B,L1,lung,Y,2023-01-01", "B,L2,bone,N,2023-01-01")
                .write(own.resolve("extracts"), "2024-01-01");
        Path wh = own.resolve("warehouse");
        Extracts.Run r = Extracts.ingest(own.resolve("extracts"), wh, Extracts.defaults());
        assertTrue(r.result().published());
        assertEquals(List.of("B"), ids(Curated.table(TestSpark.session(), wh, ExtractTable.PATIENTS)));
        assertEquals(2, Curated.table(TestSpark.session(), wh, ExtractTable.LESIONS).count());
        assertEquals(List.of("B"), ids(Curated.table(TestSpark.session(), wh, ExtractTable.LESIONS)));
        // Ingest accepted both patients; the merge removed A.
        assertEquals(2, r.result().accounting().extracts().get(0).file("patients.csv").rowsAccepted());
    }
}
