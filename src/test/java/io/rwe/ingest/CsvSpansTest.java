package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rwe.core.CsvFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-range splitter of the reading tasks ({@link CsvSpans}) splits as the project's field splitter
 * ({@link CsvFields}, RFC 4180, held by CsvFieldsTest) does: the same values, decoded, and the same
 * message for a record that is no well-formed row. Hand-picked records first (expected values written
 * out), then 20,000 random records of the characters that matter (quotes, delimiters, line feeds,
 * spaces, a two-byte and a four-byte UTF-8 character), compared with CsvFields.
 */
class CsvSpansTest {

    /** The values CsvSpans gives for {@code record}, or its message when malformed. */
    private static Object spans(String record, char delimiter) {
        byte[] b = record.getBytes(StandardCharsets.UTF_8);
        CsvSpans s = new CsvSpans();
        String error = s.split(b, b.length, (byte) delimiter);
        if (error != null) {
            return error;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.fields(); i++) {
            out.add(new String(b, s.start(i), s.end(i) - s.start(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Object fields(String record, char delimiter) {
        byte[] b = record.getBytes(StandardCharsets.UTF_8);
        CsvFields.Fields f = CsvFields.split(b, 0, b.length, (byte) delimiter);
        return f.error() != null ? f.error() : f.values();
    }

    @Test
    void handPickedRecords() {
        assertEquals(List.of("a", "", ""), spans("a,,", ','));
        assertEquals(List.of(""), spans("", ','));
        assertEquals(List.of("a,b", "say \"hi\"", "x\ny", "é"), spans("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",é", ','));
        assertEquals(List.of("\"", "", "𝔊"), spans("\"\"\"\",\"\",\"𝔊\"", ','));
        assertEquals(List.of("1", "a;b", ""), spans("1;\"a;b\";", ';'));
        assertEquals("field 1: quote inside an unquoted field", spans("a\"b,c", ','));
        assertEquals("field 1: text after the closing quote", spans("\"a\"b,c", ','));
        assertEquals("field 2: quoted field is not closed", spans("a,\"bc", ','));
        assertEquals("field 3: quoted field is not closed", spans("a,\"\"\"\",\"", ','));
    }

    @Test
    void randomRecordsSplitAsCsvFieldsSplitsThem() {
        String alphabet = "\",,;\n ab\té𝔊\"";
        Random random = new Random(20261207);
        int malformed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder r = new StringBuilder();
            int length = random.nextInt(14);
            for (int i = 0; i < length; i++) {
                r.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            char delimiter = random.nextBoolean() ? ',' : ';';
            Object expected = fields(r.toString(), delimiter);
            assertEquals(expected, spans(r.toString(), delimiter), () -> "record <" + r + "> delimiter " + delimiter);
            if (expected instanceof String) {
                malformed++;
            }
        }
        // Both kinds are exercised: well-formed and malformed records.
        assertEquals(true, malformed > 2_000 && malformed < 18_000, "malformed records: " + malformed);
    }

    @Test
    void aSplitterIsReusedAcrossRecordsOfMoreFieldsThanItFirstHeld() {
        CsvSpans s = new CsvSpans();
        byte[] wide = ",".repeat(199).getBytes(StandardCharsets.UTF_8);
        assertNull(s.split(wide, wide.length, (byte) ','));
        assertEquals(200, s.fields());
        byte[] narrow = "x,y".getBytes(StandardCharsets.UTF_8);
        assertNull(s.split(narrow, narrow.length, (byte) ','));
        assertEquals(2, s.fields());
        assertEquals(2, s.start(1));
        assertEquals(3, s.end(1));
    }
}
