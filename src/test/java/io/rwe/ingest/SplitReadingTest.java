package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import io.rwe.registry.ExtractTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a file in byte ranges gives the same records, line numbers and raw text (read back from the
 * byte range each row carries) whatever the range
 * size: ranges that start inside a quoted field, inside a multi-byte character, on a line feed, or
 * inside the byte-order mark. The one-range read is the reference; the expected rows are written out
 * by hand below.
 */
class SplitReadingTest {
    @TempDir
    Path tmp;

    @Test
    void recordsAreTheSameWhateverTheSplitSize() throws Exception {
        String text = "\uFEFFpatient_id,Drug,start_date,comment\r\n"
                + "P1,apatinib,2020-01-01,\"a, b\"\r\n"
                + "P2,apatinib,2020-01-02,\"line one\nline \"\"two\"\"\nline three\"\r\n"
                + "\r\n"
                + "P3,sorafenib,2020-01-03,é€😀\n"
                + "P4,\"x\"y,2020-01-04,\n"
                + "P5,other,2020-01-05,last row without line feed";
        Path file = tmp.resolve("treatments.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ExtractFile f = ExtractFile.inspect(file, ExtractTable.TREATMENTS, RegistryMapping.spec());
        // Expected by hand: (line, raw, malformed?, patient_id, drug, start_date)
        List<String> expected = List.of(
                "2|P1,apatinib,2020-01-01,\"a, b\"|null|P1|apatinib|2020-01-01",
                "3|P2,apatinib,2020-01-02,\"line one\nline \"\"two\"\"\nline three\"|null|P2|apatinib|2020-01-02",
                "7|P3,sorafenib,2020-01-03,é€😀|null|P3|sorafenib|2020-01-03",
                "8|P4,\"x\"y,2020-01-04,|field 2: text after the closing quote|null|null|null",
                "9|P5,other,2020-01-05,last row without line feed|null|P5|other|2020-01-05");
        long size = Files.size(file);
        for (long split : new long[] {size, 1, 2, 3, 5, 7, 13, 40}) {
            ExtractReader reader = new ExtractReader(TestSpark.session(), split);
            Map<Path, ExtractReader.Survey> s = reader.survey(List.of(), List.of(f), RegistryMapping.spec());
            List<String> got = reader.read(f, s.get(file)).orderBy("_line").collectAsList().stream()
                    .map(r -> describe(r, file)).toList();
            assertEquals(expected, got, "split size " + split);
        }
    }

    /** line|raw|malformed|values: the raw line read back from the byte range the row carries. */
    private static String describe(Row r, Path file) {
        String raw = RawText.read(file.toString(), r.getLong(1), r.getInt(2));
        return r.getLong(0) + "|" + raw + "|" + r.getString(3) + "|" + r.getString(4) + "|"
                + r.getString(5) + "|" + r.getString(6);
    }

    @Test
    void aRawLineCutShortNamesTheFile() throws Exception {
        Path file = tmp.resolve("lesions.csv");
        Files.writeString(file, "patient_id\nP1\n", StandardCharsets.UTF_8);
        assertEquals("P1", RawText.read(file.toString(), 11, 2));   // bytes 11-12: "P1" (by hand)
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RawText.read(file.toString(), 11, 40));
        assertEquals(file + ": shorter than when it was read (the record at byte 11 is cut); an extract must not "
                + "change while it is ingested", e.getMessage());
    }
}
