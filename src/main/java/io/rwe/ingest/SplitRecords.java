package io.rwe.ingest;

import io.rwe.core.CsvFields;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The second pass over a split: the CSV records that start inside it, each made a row by a
 * {@link RecordRows} (the field rules, {@link FieldRules}, or {@link #RAW}) from {@code (line, at,
 * length, malformed, value_1 … value_n)} — {@code line} the physical line where the
 * record starts (the header is line 1), {@code at} and {@code length} the byte range of the record's
 * text without its line terminator (the raw line, read back by {@link RawText} for the few rows that are
 * quarantined, so that the text of every row is not carried through shuffles and caches),
 * {@code malformed} why it is no well-formed row (null when it is), then the values of the table's
 * columns in spec order (null when the column is absent or the field empty; surrounding spaces and tabs
 * trimmed).
 *
 * <p>A split owns the records whose first byte lies in it; it reads past its end to finish its last
 * record. It knows where records start from the quote parity at its start, computed by the driver from
 * the first pass ({@link SplitScan}). The split holding offset 0 skips the byte-order mark and the
 * header. Blank lines (no byte but an optional carriage return) hold no record and are skipped.
 */
final class SplitRecords implements Iterator<Row> {

    /** Everything a task needs to read the records of one split. */
    record Task(SplitScan.Split split, boolean insideQuotes, long lineAtStart, byte delimiter,
                int headerFields, int[] columnIndex) implements Serializable {
    }

    /**
     * What a record becomes: {@code line}, {@code at} and {@code length} as described above,
     * {@code malformed} why it is no well-formed row (null when it is), and {@code values} the table's
     * columns in spec order (null when absent or empty; all null when malformed).
     */
    interface RecordRows extends Serializable {
        Row row(long line, long at, int length, String malformed, String[] values);
    }

    /** The record as read: {@code (line, at, length, malformed, value_1 … value_n)}, all strings. */
    static final RecordRows RAW = (line, at, length, malformed, values) -> {
        Object[] out = new Object[SplitRecords.LEADING + values.length];
        out[0] = line;
        out[1] = at;
        out[2] = length;
        out[3] = malformed;
        System.arraycopy(values, 0, out, SplitRecords.LEADING, values.length);
        return RowFactory.create(out);
    };

    private final Task task;
    private final RecordRows shape;
    private final ByteCursor in;
    private byte[] record = new byte[4096];
    private int length;
    private long recordStart;
    private long line;
    private boolean done;
    private Row next;

    SplitRecords(Task task, RecordRows shape) {
        this.task = task;
        this.shape = shape;
        SplitScan.Split s = task.split();
        this.in = new ByteCursor(s.path(), s.start() == 0 ? bomLength(s.path()) : s.start() - 1);
        this.line = task.lineAtStart();
        locateFirstRecord();
    }

    /** All rows of a task, each record made a row by {@code shape} (closing the file at the end). */
    static Iterator<Row> rows(Task task, RecordRows shape) {
        return new SplitRecords(task, shape);
    }

    private void locateFirstRecord() {
        SplitScan.Split s = task.split();
        if (s.start() == 0) {
            // Offset 0 (the cursor is past the byte-order mark, if any): skip the header record.
            readRecord();
            line += newlinesIn() + 1;
            recordStart = in.position();
            return;
        }
        int before = in.read();
        if (before == '\n' && !task.insideQuotes()) {
            recordStart = s.start();
            return;
        }
        boolean quoted = task.insideQuotes();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n') {
                line++;
                if (!quoted) {
                    recordStart = in.position();
                    return;
                }
            }
        }
        recordStart = Long.MAX_VALUE; // no record starts in this split
        done = true;
    }

    /** 3 when the file starts with a UTF-8 byte-order mark, else 0. */
    static int bomLength(String path) {
        try (java.io.InputStream f = java.nio.file.Files.newInputStream(java.nio.file.Path.of(path))) {
            byte[] b = f.readNBytes(3);
            return CsvBytes.startsWithBom(b, b.length) ? 3 : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Reads one record from the current position into {@link #record}: up to a line feed outside
     * quotes (consumed) or the end of the file. Returns false at the end of the file with nothing read.
     */
    private boolean readRecord() {
        ByteCursor src = in;
        length = 0;
        boolean quoted = false;
        int c = src.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0) {
            if (c == '\n' && !quoted) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (length == record.length) {
                record = Arrays.copyOf(record, record.length * 2);
            }
            record[length++] = (byte) c;
            c = src.read();
        }
        return true;
    }

    private int newlinesIn() {
        int n = 0;
        for (int i = 0; i < length; i++) {
            if (record[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            if (recordStart >= task.split().end()) {
                finish();
                break;
            }
            long startLine = line;
            long at = recordStart;
            if (!readRecord()) {
                finish();
                break;
            }
            line += newlinesIn() + 1;
            recordStart = in.position();
            int end = length;
            if (end > 0 && record[end - 1] == '\r') {
                end--;
            }
            if (end == 0) {
                continue; // blank line
            }
            next = toRow(startLine, at, end);
        }
        return next != null;
    }

    private void finish() {
        done = true;
        in.close();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
    }

    /** The number of columns of a {@link #RAW} row before the values: line, at, length, malformed. */
    static final int LEADING = 4;

    private Row toRow(long startLine, long at, int end) {
        int[] index = task.columnIndex();
        String[] values = new String[index.length];
        CsvFields.Fields f = CsvFields.split(record, 0, end, task.delimiter());
        if (f.error() != null) {
            return shape.row(startLine, at, end, f.error(), values);
        }
        List<String> fields = f.values();
        if (fields.size() != task.headerFields()) {
            return shape.row(startLine, at, end, fields.size() + " fields where the header has " + task.headerFields(), values);
        }
        for (int k = 0; k < index.length; k++) {
            if (index[k] >= 0) {
                String v = trim(fields.get(index[k]));
                values[k] = v.isEmpty() ? null : v;
            }
        }
        return shape.row(startLine, at, end, null, values);
    }

    /** Drops leading and trailing spaces and tabs. */
    static String trim(String v) {
        int a = 0;
        int b = v.length();
        while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) {
            b--;
        }
        return v.substring(a, b);
    }
}
