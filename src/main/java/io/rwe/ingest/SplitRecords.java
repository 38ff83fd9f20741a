package io.rwe.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The second pass over a split: the CSV records that start inside it, each made a row by a
 * {@link RecordRows} (the field rules, {@link FieldRules}, or {@link #RAW}) from {@code (line, at,
 * length, malformed)} and the bytes of the table's column values — {@code line} the physical line where
 * the record starts (the header is line 1), {@code at} and {@code length} the byte range of the record's
 * text without its line terminator (the raw line, read back by {@link RawText} for the few rows that are
 * quarantined, so that the text of every row is not carried through shuffles and caches),
 * {@code malformed} why it is no well-formed row (null when it is), then the values of the table's
 * columns in spec order, as byte ranges of the record (absent when the column is absent or the field
 * empty; surrounding spaces and tabs trimmed; a quoted field's {@code ""} made one quote).
 *
 * <p>The fields are split on the record's bytes and never decoded here: the quote and the delimiter are
 * ASCII and no byte of a multi-byte UTF-8 sequence is, so a field's bytes are its UTF-8 text (the survey
 * refused a file that is not UTF-8). The splitting follows {@link io.rwe.core.CsvFields} (RFC 4180, the
 * same messages for a record that is no well-formed row; {@link CsvSpans}).
 *
 * <p>A split owns the records whose first byte lies in it; it reads past its end to finish its last
 * record. It knows where records start from the quote parity at its start, computed by the driver from
 * the first pass ({@link SplitScan}). The split holding offset 0 skips the byte-order mark and the
 * header. Blank lines (no byte but an optional carriage return) hold no record and are skipped.
 */
final class SplitRecords<T> implements Iterator<T> {

    /** Everything a task needs to read the records of one split. */
    record Task(SplitScan.Split split, boolean insideQuotes, long lineAtStart, byte delimiter,
                int headerFields, int[] columnIndex) implements Serializable {
    }

    /**
     * What a record becomes: {@code line}, {@code at} and {@code length} as described above,
     * {@code malformed} why it is no well-formed row (null when it is), and the values of the table's
     * columns in spec order as byte ranges of {@code record}: column {@code k}'s value is
     * {@code record[spans[2k], spans[2k + 1])}, or absent when {@code spans[2k]} is negative (all absent
     * when malformed). {@code record} and {@code spans} are reused for the next record.
     */
    interface RecordRows<T> extends Serializable {
        T row(long line, long at, int length, String malformed, byte[] record, int[] spans);
    }

    /** The record as read: {@code (line, at, length, malformed, value_1 … value_n)}, all strings. */
    static final RecordRows<Row> RAW = (line, at, length, malformed, record, spans) -> {
        int n = spans.length / 2;
        Object[] out = new Object[SplitRecords.LEADING + n];
        out[0] = line;
        out[1] = at;
        out[2] = length;
        out[3] = malformed;
        for (int k = 0; k < n; k++) {
            out[SplitRecords.LEADING + k] = text(record, spans, k);
        }
        return RowFactory.create(out);
    };

    /** Column {@code k}'s value as text (decoded as UTF-8), null when absent. */
    static String text(byte[] record, int[] spans, int k) {
        int s = spans[2 * k];
        return s < 0 ? null : new String(record, s, spans[2 * k + 1] - s, StandardCharsets.UTF_8);
    }

    private final Task task;
    private final RecordRows<T> shape;
    private final ByteCursor in;
    private byte[] record = new byte[4096];
    private int length;
    /** Line feeds inside the record last read (within quoted fields). */
    private int newlines;
    /** The fields of the record last split. */
    private final CsvSpans cells = new CsvSpans();
    private final int[] spans;
    private long recordStart;
    private long line;
    private boolean done;
    private T next;

    SplitRecords(Task task, RecordRows<T> shape) {
        this.task = task;
        this.shape = shape;
        this.spans = new int[2 * task.columnIndex().length];
        SplitScan.Split s = task.split();
        this.in = new ByteCursor(s.path(), s.start() == 0 ? bomLength(s.path()) : s.start() - 1);
        this.line = task.lineAtStart();
        locateFirstRecord();
    }

    /** All rows of a task, each record made a row by {@code shape} (closing the file at the end). */
    static <T> Iterator<T> rows(Task task, RecordRows<T> shape) {
        return new SplitRecords<>(task, shape);
    }

    private void locateFirstRecord() {
        SplitScan.Split s = task.split();
        if (s.start() == 0) {
            // Offset 0 (the cursor is past the byte-order mark, if any): skip the header record.
            readRecord();
            line += newlines + 1;
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
     * quotes (consumed) or the end of the file, counting the line feeds inside it. Returns false at the
     * end of the file with nothing read.
     */
    private boolean readRecord() {
        ByteCursor src = in;
        length = 0;
        newlines = 0;
        boolean quoted = false;
        boolean read = false;
        while (src.more()) {
            byte[] a = src.array();
            int from = src.index();
            int to = src.limit();
            int i = from;
            boolean end = false;
            for (; i < to; i++) {
                byte c = a[i];
                if (c == '\n') {
                    if (!quoted) {
                        end = true;
                        break;
                    }
                    newlines++;
                } else if (c == '"') {
                    quoted = !quoted;
                }
            }
            int n = i - from;
            if (length + n > record.length) {
                record = Arrays.copyOf(record, Math.max(record.length * 2, length + n));
            }
            System.arraycopy(a, from, record, length, n);
            length += n;
            read = true;
            if (end) {
                src.skip(n + 1); // the line feed too
                return true;
            }
            src.skip(n);
        }
        return read;
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
            line += newlines + 1;
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
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T r = next;
        next = null;
        return r;
    }

    /** The number of columns of a {@link #RAW} row before the values: line, at, length, malformed. */
    static final int LEADING = 4;

    private T toRow(long startLine, long at, int end) {
        Arrays.fill(spans, -1);
        CsvSpans f = cells;
        String malformed = f.split(record, end, task.delimiter());
        if (malformed == null && f.fields() != task.headerFields()) {
            malformed = f.fields() + " fields where the header has " + task.headerFields();
        }
        if (malformed != null) {
            return shape.row(startLine, at, end, malformed, record, spans);
        }
        int[] index = task.columnIndex();
        for (int k = 0; k < index.length; k++) {
            int i = index[k];
            if (i >= 0) {
                int a = f.start(i);
                int b = f.end(i);
                while (a < b && (record[a] == ' ' || record[a] == '\t')) {
                    a++;
                }
                while (b > a && (record[b - 1] == ' ' || record[b - 1] == '\t')) {
                    b--;
                }
                if (a < b) {
                    spans[2 * k] = a;
                    spans[2 * k + 1] = b;
                }
            }
        }
        return shape.row(startLine, at, end, null, record, spans);
    }

    /** Drops leading and trailing spaces and tabs (as the values of records are trimmed). */
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
