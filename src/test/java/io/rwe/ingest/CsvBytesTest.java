package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 field splitting, by hand-written cases. */
class CsvBytesTest {

    private static CsvBytes.Fields split(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return CsvBytes.split(b, 0, b.length, (byte) ',');
    }

    @Test
    void plainFields() {
        assertEquals(List.of("a", "b", "c"), split("a,b,c").values());
        assertEquals(List.of("a", "", ""), split("a,,").values());
        assertEquals(List.of(""), split("").values());
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        assertEquals(List.of("a,b", "say \"hi\"", "x\ny"), split("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"").values());
        assertEquals(List.of("", "é"), split("\"\",\"é\"").values());
    }

    @Test
    void strayQuotesAreErrors() {
        assertNull(split("a\"b,c").values());
        assertEquals("field 1: quote inside an unquoted field", split("a\"b,c").error());
        assertEquals("field 1: text after the closing quote", split("\"a\"b,c").error());
        assertEquals("field 2: quoted field is not closed", split("a,\"bc").error());
    }

    @Test
    void otherDelimiter() {
        byte[] b = "1;\"a;b\";".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("1", "a;b", ""), CsvBytes.split(b, 0, b.length, (byte) ';').values());
    }
}
