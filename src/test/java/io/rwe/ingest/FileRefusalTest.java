package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.BadInputException;
import io.rwe.jobs.Main;
import io.rwe.registry.ExtractTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-file refusals (docs/registry-extract.md: "A whole file is refused, with a clear error and a
 * non-zero exit, when it is missing, 0 bytes, not CSV, or lacks a required column"; and bytes that
 * are not UTF-8): one line naming the file and the problem, and nothing ingested.
 */
class FileRefusalTest {
    @TempDir
    Path tmp;

    private String refusal(Extracts.Folder folder, String file) {
        Path root = tmp.resolve("extracts");
        Path dir = folder.write(root, "2024-01-31");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Extracts.ingest(root, tmp.resolve("warehouse"), Extracts.defaults()));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve(file).toString() + ":"), "names the file: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertFalse(Files.exists(tmp.resolve("warehouse").resolve("accounting").resolve("2024-01-31.json")));
        assertFalse(Files.exists(tmp.resolve("warehouse").resolve("curated").resolve("CURRENT")));
        return m;
    }

    @Test
    void missingFile() {
        assertTrue(refusal(Extracts.folder().without("lesions.csv"), "lesions.csv").contains("missing"));
    }

    @Test
    void emptyFile() {
        assertTrue(refusal(Extracts.folder().text("procedures.csv", ""), "procedures.csv").contains("0 bytes"));
    }

    @Test
    void notCsvBinary() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        String m = refusal(Extracts.folder().bytes("patients.csv", png), "patients.csv");
        assertTrue(m.contains("not CSV") || m.contains("UTF-8"), m);
    }

    @Test
    void notCsvNoKnownColumn() {
        String m = refusal(Extracts.folder().text("treatments.csv", "{\"rows\": []}\n"), "treatments.csv");
        assertTrue(m.contains("not CSV"), m);
    }

    @Test
    void notCsvQuoteNeverClosed() {
        String m = refusal(Extracts.folder().text("assessments.csv", Extracts.ASSESSMENTS + "\nP1,2020-01-01,\"overall,PD\n"),
                "assessments.csv");
        assertTrue(m.contains("not CSV") && m.contains("quote"), m);
    }

    @Test
    void notCsvNulByte() {
        String text = Extracts.ASSESSMENTS + "\nP1,2020-01-01,overall,PD\nP1,2020-02-01,over\u0000all,PD\n";
        String m = refusal(Extracts.folder().text("assessments.csv", text), "assessments.csv");
        assertTrue(m.contains("NUL") && m.contains("line 3"), m);
    }

    @Test
    void requiredColumnMissing() {
        String m = refusal(Extracts.folder().text("patients.csv",
                "patient_id,center_id,birth_date,bclc_stage,child_pugh_class,last_contact_date\n"), "patients.csv");
        assertTrue(m.contains("sex") && m.contains("missing"), m);
    }

    @Test
    void columnTwiceInHeader() {
        String m = refusal(Extracts.folder().text("lesions.csv", Extracts.LESIONS + ",SITE\n"), "lesions.csv");
        assertTrue(m.contains("twice"), m);
    }

    @Test
    void undecodableBytes() {
        byte[] head = (Extracts.LESIONS + "\nP1,L1,lung,Y,2020-01-01\nP1,L2,").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",Y,2020-01-01\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xC3;   // a lead byte followed by no continuation byte
        all[head.length + 1] = 'x';
        System.arraycopy(tail, 0, all, head.length + 2, tail.length);
        String m = refusal(Extracts.folder().bytes("lesions.csv", all), "lesions.csv");
        assertTrue(m.contains("UTF-8") && m.contains("line 3"), m);
    }

    @Test
    void refusalExitsWithCode3AndOneLine() {
        Path root = tmp.resolve("extracts");
        Extracts.folder().without("adverse_events.csv").write(root, "2024-01-31");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.run(new String[] {"ingest", "--extracts", root.toString(), "--warehouse", tmp.resolve("w").toString()});
        } finally {
            System.setErr(err);
        }
        assertEquals(3, code);
        String out = buf.toString(StandardCharsets.UTF_8).strip();
        assertTrue(out.startsWith("bad input: " + root.resolve("2024-01-31").resolve("adverse_events.csv")), out);
    }

    @Test
    void headerOnlyFilesAreValid() {
        Path root = tmp.resolve("extracts");
        Extracts.folder().write(root, "2024-01-31");
        Extracts.Run r = Extracts.ingest(root, tmp.resolve("warehouse"), Extracts.defaults());
        assertEquals(0, r.result().accounting().rowsRead());
        assertEquals(0, io.rwe.TestSpark.session().read().parquet(
                Curated.currentVersion(tmp.resolve("warehouse")).resolve(ExtractTable.PATIENTS.tableName()).toString()).count());
    }
}
