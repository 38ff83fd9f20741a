package io.rwe.ingest.naaccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.BadInputException;
import io.rwe.core.UsageException;
import io.rwe.ingest.InputModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NAACCR model is found by name and by its layout, and a file that is not NAACCR XML is refused whole. */
class NaaccrModelTest {

    static final NaaccrSettings SETTINGS = NaaccrSettings.fromConfig(com.typesafe.config.ConfigFactory.empty());

    @Test
    void aDatedFolderOfXmlFilesIsRecognisedAsNaaccr(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("2024-06-30"));
        Files.writeString(root.resolve("2024-06-30/registry.XML"), "<NaaccrData/>");
        assertEquals("naaccr", InputModels.choose(Optional.empty(), root).name());
        assertEquals("naaccr", InputModels.choose(Optional.of("naaccr"), root).name());
    }

    @Test
    void aRootThatFitsTwoModelsAsksForTheFormat(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("2024-06-30"));
        Files.writeString(root.resolve("2024-06-30/registry.xml"), "<NaaccrData/>");
        Files.writeString(root.resolve("2024-06-30/patients.csv"), "patient_id\n");
        UsageException e = assertThrows(UsageException.class, () -> InputModels.choose(Optional.empty(), root));
        assertTrue(e.getMessage().contains("naaccr") && e.getMessage().contains("give --format"), e.getMessage());
    }

    @Test
    void aVersionNotAcceptedIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("old.xml");
        Files.writeString(f, "<NaaccrData baseDictionaryUri=\"http://naaccr.org/naaccrxml/naaccr-dictionary-180.xml\" "
                + "recordType=\"A\" specificationVersion=\"1.3\" xmlns=\"http://naaccr.org/naaccrxml\">\n<Patient>"
                + "<Item naaccrId=\"patientIdNumber\">1</Item></Patient>\n</NaaccrData>\n");
        BadInputException e = assertThrows(BadInputException.class, () -> NaaccrFile.inspect(f, SETTINGS));
        assertTrue(e.getMessage().startsWith(f + ": NAACCR version 180"), e.getMessage());
    }

    @Test
    void anEmptyFileOrOneWithoutRootIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.xml"), "");
        assertTrue(assertThrows(BadInputException.class, () -> NaaccrFile.inspect(empty, SETTINGS)).getMessage()
                .contains("empty file"));
        Path csv = Files.writeString(dir.resolve("data.xml"), "patient_id,sex\n1,M\n");
        assertTrue(assertThrows(BadInputException.class, () -> NaaccrFile.inspect(csv, SETTINGS)).getMessage()
                .startsWith(csv + ": not a NAACCR XML file"));
    }

    @Test
    void aBrokenRecordCostsOnlyItself(@TempDir Path dir) throws Exception {
        // Hand-written on purpose: a record whose XML is broken (an unclosed item) between two good ones.
        Path root = dir.resolve("extracts");
        Path f = root.resolve("2024-06-30/broken.xml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-230.xml" recordType="A"
                            specificationVersion="1.6" xmlns="http://naaccr.org/naaccrxml">
                  <Patient>
                    <Item naaccrId="patientIdNumber">00000001</Item>
                  </Patient>
                  <Patient>
                    <Item naaccrId="patientIdNumber">00000002</Item>
                    <Item naaccrId="sex">1
                  </Patient>
                  <Patient>
                    <Item naaccrId="patientIdNumber">00000003</Item>
                    <Item naaccrId="sex">2</Item>
                  </Patient>
                  <Patient>
                    <Item naaccrId="sex">2</Item>
                  </Patient>
                </NaaccrData>
                """);
        var r = NaaccrIngest.run(io.rwe.TestSpark.session(), SETTINGS, root, dir.resolve("warehouse"),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        var a = r.accounting().extracts().get(0).file("broken.xml");
        assertEquals(4, a.rowsRead());
        assertEquals(2, a.rowsAccepted());
        assertEquals(java.util.Map.of("malformed_record", 1L, "missing_patient_id", 1L), a.quarantine());
        var q = io.rwe.TestSpark.session().read().parquet(dir.resolve("warehouse/quarantine/2024-06-30").toString())
                .orderBy("_line").collectAsList();
        assertEquals(7L, q.get(0).<Long>getAs("_line"));
        assertEquals("malformed_record", q.get(0).getAs("_reason"));
        assertEquals(15L, q.get(1).<Long>getAs("_line"));
        assertEquals("missing_patient_id", q.get(1).getAs("_reason"));
    }
}
