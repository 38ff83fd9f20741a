package io.rwe.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's one CSV field splitter (RFC 4180), for extract records, the header of a table given to
 * {@code jobs/survival}, the run's own tables read back by the report, and test data exported from R. A
 * field is either unquoted (no quote inside) or enclosed in quotes, with {@code ""} for a quote inside;
 * delimiters, quotes and line breaks inside a quoted field are data. The quote and the delimiter are
 * ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so a record can be split on its bytes and
 * each field decoded on its own. Values are kept exactly as written (no trimming).
 */
public final class CsvFields {

    private CsvFields() {
    }

    /** A record's fields, or why it is not a well-formed CSV row. Exactly one of the two is non-null. */
    public record Fields(List<String> values, String error) {
    }

    /**
     * Splits one record (its bytes {@code b[from, to)} without the line terminator) into field values,
     * decoded as UTF-8.
     */
    public static Fields split(byte[] b, int from, int to, byte delimiter) {
        List<String> out = new ArrayList<>();
        int i = from;
        while (true) {
            if (i < to && b[i] == '"') {
                i++;
                java.io.ByteArrayOutputStream buf = null;
                int runStart = i;
                while (true) {
                    if (i >= to) {
                        return new Fields(null, "field " + (out.size() + 1) + ": quoted field is not closed");
                    }
                    if (b[i] == '"') {
                        if (i + 1 < to && b[i + 1] == '"') {
                            if (buf == null) {
                                buf = new java.io.ByteArrayOutputStream();
                            }
                            buf.write(b, runStart, i + 1 - runStart);
                            i += 2;
                            runStart = i;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                String value;
                if (buf == null) {
                    value = new String(b, runStart, i - runStart, StandardCharsets.UTF_8);
                } else {
                    buf.write(b, runStart, i - runStart);
                    value = buf.toString(StandardCharsets.UTF_8);
                }
                i++; // closing quote
                out.add(value);
                if (i == to) {
                    return new Fields(out, null);
                }
                if (b[i] != delimiter) {
                    return new Fields(null, "field " + out.size() + ": text after the closing quote");
                }
                i++;
            } else {
                int start = i;
                while (i < to && b[i] != delimiter) {
                    if (b[i] == '"') {
                        return new Fields(null, "field " + (out.size() + 1) + ": quote inside an unquoted field");
                    }
                    i++;
                }
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                if (i == to) {
                    return new Fields(out, null);
                }
                i++; // delimiter; a delimiter at the very end means one more, empty, field
            }
        }
    }

    /** The fields of one comma-separated line (without its line terminator). */
    public static Fields split(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return split(b, 0, b.length, (byte) ',');
    }
}
