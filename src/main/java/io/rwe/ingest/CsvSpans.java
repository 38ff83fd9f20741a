package io.rwe.ingest;

import java.util.Arrays;

/**
 * The fields of one CSV record as byte ranges of the record, without decoding: the splitting of
 * {@link io.rwe.core.CsvFields#split} (RFC 4180; a field unquoted with no quote inside, or enclosed in
 * quotes with {@code ""} for a quote inside), with the same message for a record that is no well-formed
 * row, on bytes. The quote and the delimiter are ASCII and no byte of a multi-byte UTF-8 sequence is, so
 * a field's bytes are its UTF-8 text. One instance is reused for the records of a split.
 */
final class CsvSpans {
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int fields;

    /** The number of fields of the record last split. */
    int fields() {
        return fields;
    }

    /** Where field {@code i} (from 0) of the record last split starts. */
    int start(int i) {
        return starts[i];
    }

    /** Where field {@code i} of the record last split ends (exclusive). */
    int end(int i) {
        return ends[i];
    }

    /**
     * Splits {@code b[0, end)} into fields ({@link #start}, {@link #end}, {@link #fields}), a quoted
     * field's value unescaped where it lies (its {@code ""} made one quote: the value only shrinks, and
     * the record's bytes are not needed afterwards). Returns null, or why the record is no well-formed
     * CSV row, in the words of {@link io.rwe.core.CsvFields#split}.
     */
    String split(byte[] b, int end, byte delimiter) {
        fields = 0;
        int i = 0;
        while (true) {
            if (i < end && b[i] == '"') {
                i++;
                int start = i;
                int w = i;
                while (true) {
                    if (i >= end) {
                        return "field " + (fields + 1) + ": quoted field is not closed";
                    }
                    byte c = b[i];
                    if (c == '"') {
                        if (i + 1 < end && b[i + 1] == '"') {
                            b[w++] = '"';
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    b[w++] = c;
                    i++;
                }
                i++; // closing quote
                field(start, w);
                if (i == end) {
                    return null;
                }
                if (b[i] != delimiter) {
                    return "field " + fields + ": text after the closing quote";
                }
                i++;
            } else {
                int start = i;
                while (i < end && b[i] != delimiter) {
                    if (b[i] == '"') {
                        return "field " + (fields + 1) + ": quote inside an unquoted field";
                    }
                    i++;
                }
                field(start, i);
                if (i == end) {
                    return null;
                }
                i++; // delimiter; a delimiter at the very end means one more, empty, field
            }
        }
    }

    private void field(int start, int end) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
        }
        starts[fields] = start;
        ends[fields] = end;
        fields++;
    }
}
