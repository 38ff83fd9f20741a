package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 field splitting ({@link CsvFields}), by hand-written cases. */
class CsvFieldsTest {

    private static CsvFields.Fields split(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return CsvFields.split(b, 0, b.length, (byte) ',');
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
    void aLineAsRWritesIt() {
        // write.csv(data.frame(g = c("a,b"), t = 1.5, e = NA)): "g","t","e" / "a,b",1.5,NA
        assertEquals(List.of("g", "t", "e"), CsvFields.split("\"g\",\"t\",\"e\"").values());
        assertEquals(List.of("a,b", "1.5", "NA"), CsvFields.split("\"a,b\",1.5,NA").values());
    }

    @Test
    void otherDelimiter() {
        byte[] b = "1;\"a;b\";".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("1", "a;b", ""), CsvFields.split(b, 0, b.length, (byte) ';').values());
    }
}
