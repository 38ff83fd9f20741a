package io.rwe.ingest.naaccr;

import com.imsweb.naaccrxml.NaaccrIOException;
import com.imsweb.naaccrxml.NaaccrValidationError;
import com.imsweb.naaccrxml.PatientXmlReader;
import com.imsweb.naaccrxml.entity.Item;
import com.imsweb.naaccrxml.entity.Patient;
import com.imsweb.naaccrxml.entity.Tumor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The records of one byte range of a NAACCR XML file, read by {@code com.imsweb:naaccr-xml} on an
 * executor: every {@code <Patient>} element that starts in the range becomes either a {@code patient}
 * row and one {@code tumor} row per tumor, or one {@code quarantine} row with its reason
 * ({@link NaaccrReason}), the item at fault, the library's message and the element's text. Ranges
 * start on a {@code <Patient>} start tag ({@link PatientTags}), so a range is read as the file's
 * header, the range, and a closing root tag: a well-formed NAACCR document of its own.
 *
 * <p>A record that the library cannot read (broken XML, an item at the wrong level) is quarantined
 * and reading starts again at the next start tag, so one bad record costs only itself. Every start
 * tag found yields exactly one patient or quarantine row: records read = accepted + quarantined.
 */
final class PatientRecords {

    /** The kind of a row: the partition column of the extract's written rows. */
    static final String RECORD = "record";
    static final String PATIENT = "patient";
    static final String TUMOR = "tumor";
    static final String QUARANTINE = "quarantine";
    /** The NAACCR item that identifies a patient. */
    static final String PATIENT_ID = "patientIdNumber";

    /** The map column of the items, by naaccrId. */
    static final String ITEMS = "items";

    private PatientRecords() {
    }

    /**
     * One task: the byte range {@code [start, end)} of a file, starting on a start tag on line
     * {@code firstLine}; {@code toEnd} when the range ends with the file (and its closing root tag).
     */
    record Task(String path, String file, long start, long end, boolean toEnd, long firstLine, String header,
                NaaccrSettings settings) implements Serializable {
    }

    /**
     * The schema of the rows (docs/naaccr.md, "Warehouse"): the kind, the patient's
     * {@code patientIdNumber}, the items of the patient (patient rows) or of one tumor (tumor rows) by
     * naaccrId, the file and line the record starts on, the tumor's ordinal within its patient, and for
     * a quarantined record its reason, item, message and text.
     */
    static final StructType SCHEMA = new StructType()
            .add(RECORD, DataTypes.StringType, false)
            .add(PATIENT_ID, DataTypes.StringType, true)
            .add(ITEMS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
            .add("_file", DataTypes.StringType, false)
            .add("_line", DataTypes.LongType, false)
            .add("_tumor", DataTypes.IntegerType, true)
            .add("_reason", DataTypes.StringType, true)
            .add("_item", DataTypes.StringType, true)
            .add("_message", DataTypes.StringType, true)
            .add("_raw", DataTypes.StringType, true);

    /**
     * The rows of a task, produced as they are read. Item ids that no dictionary of the file defines
     * are ignored and passed to {@code unknownItems} (once per task each).
     */
    static Iterator<Row> rows(Task task, Consumer<String> unknownItems) {
        return new Reading(task, unknownItems);
    }

    /** The reading of one task: a queue of rows refilled one record at a time. */
    private static final class Reading implements Iterator<Row> {
        private final Task task;
        private final Consumer<String> unknownItems;
        private final Set<String> unknownSeen = new TreeSet<>();
        private final List<PatientTags.Tag> tags;
        private final int headerNewlines;
        private final ArrayDeque<Row> queue = new ArrayDeque<>();
        private int next;            // the next start tag to read
        private PatientXmlReader reader;
        private PatientTags.Tag base; // the start tag the current reader started at
        private final org.apache.spark.executor.InputMetrics input; // null outside a Spark task

        Reading(Task task, Consumer<String> unknownItems) {
            this.task = task;
            this.unknownItems = unknownItems;
            this.tags = PatientTags.scan(task.path(), task.start(), task.end(), task.firstLine(), false).tags();
            this.headerNewlines = (int) task.header().chars().filter(c -> c == '\n').count();
            // The task's input metrics (io.rwe.core.TaskInput): the bytes of the range and one record
            // per <Patient>, so the progress heartbeat (docs/cli.md, "Progress") shows the records parsed.
            this.input = io.rwe.core.TaskInput.metrics();
            if (input != null) {
                input.incBytesRead(task.end() - task.start());
            }
        }

        @Override
        public boolean hasNext() {
            while (queue.isEmpty() && next < tags.size()) {
                readOne();
            }
            if (queue.isEmpty()) {
                closeReader();
                unknownSeen.forEach(unknownItems);
                unknownSeen.clear();
            }
            return !queue.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return queue.poll();
        }

        private void readOne() {
            if (input != null) {
                input.incRecordsRead(1); // one <Patient>, accepted or quarantined
            }
            PatientTags.Tag tag = tags.get(next);
            try {
                if (reader == null) {
                    reader = open(tag);
                    base = tag;
                }
                Patient p = reader.readPatient();
                if (p == null) {
                    quarantine(next, null, NaaccrReason.MALFORMED_RECORD, null,
                            "not read as a <Patient> element (the document ended before it)");
                } else {
                    accept(next, p);
                }
                next++;
            } catch (NaaccrIOException | RuntimeException e) {
                quarantine(next, null, NaaccrReason.MALFORMED_RECORD, null, message(e));
                next++;
                closeReader(); // read again from the next start tag
            }
        }

        private PatientXmlReader open(PatientTags.Tag from) throws NaaccrIOException {
            InputStream head = new ByteArrayInputStream(task.header().getBytes(StandardCharsets.UTF_8));
            InputStream range = region(from.offset(), task.end());
            InputStream tail = new ByteArrayInputStream(task.toEnd() ? new byte[0]
                    : "</NaaccrData>".getBytes(StandardCharsets.UTF_8));
            InputStream all = new SequenceInputStream(Collections.enumeration(List.of(head, range, tail)));
            InputStreamReader text = new InputStreamReader(all, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return new PatientXmlReader(text, NaaccrFile.options(), NaaccrDictionaries.user(task.settings()));
        }

        private InputStream region(long from, long to) {
            try {
                FileChannel ch = FileChannel.open(Path.of(task.path()), StandardOpenOption.READ);
                ch.position(from);
                InputStream in = Channels.newInputStream(ch);
                return new BufferedInputStream(new InputStream() {
                    private long left = to - from;

                    @Override
                    public int read() throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int b = in.read();
                        if (b >= 0) {
                            left--;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = in.read(buf, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                        }
                        return n;
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                }, 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + task.path(), e);
            }
        }

        private void closeReader() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (RuntimeException ignored) {
                    // a reader left broken by a malformed record: nothing more to read from it
                }
                reader = null;
            }
        }

        /** The file line of a line number the library reports for the current reader. */
        private long fileLine(Integer libraryLine) {
            if (libraryLine == null || base == null) {
                return tags.get(next).line();
            }
            return base.line() + (libraryLine - 1 - headerNewlines);
        }

        private void accept(int k, Patient p) {
            String id = p.getItemValue(PATIENT_ID);
            NaaccrValidationError first = null;
            for (NaaccrValidationError e : p.getAllValidationErrors()) {
                NaaccrReason r = NaaccrReason.ofLibraryCode(e.getCode());
                if (r == null) {
                    unknownSeen.add(e.getNaaccrId());
                } else if (first == null) {
                    first = e;
                }
            }
            if (id == null || id.isBlank()) {
                quarantine(k, null, NaaccrReason.MISSING_PATIENT_ID, PATIENT_ID, "no " + PATIENT_ID + " item");
                return;
            }
            if (first != null) {
                quarantine(k, id, NaaccrReason.ofLibraryCode(first.getCode()), first.getNaaccrId(),
                        "line " + fileLine(first.getLineNumber()) + ": "
                                + (first.getValue() != null ? "value '" + first.getValue() + "': " : "") + first.getMessage());
                return;
            }
            queue.add(RowFactory.create(PATIENT, id, items(p.getItems()), task.file(), tags.get(k).line(), null,
                    null, null, null, null));
            int t = 0;
            for (Tumor tumor : p.getTumors()) {
                t++;
                queue.add(RowFactory.create(TUMOR, id, items(tumor.getItems()), task.file(),
                        fileLine(tumor.getStartLineNumber()), t, null, null, null, null));
            }
        }

        /** The items by naaccrId, as the Scala map a Spark row holds. */
        private static scala.collection.Map<String, String> items(List<Item> items) {
            Map<String, String> m = new HashMap<>(items.size() * 2);
            for (Item item : items) {
                if (item.getNaaccrId() != null && item.getValue() != null) {
                    m.put(item.getNaaccrId(), item.getValue());
                }
            }
            return scala.jdk.javaapi.CollectionConverters.asScala(m);
        }

        private void quarantine(int k, String id, NaaccrReason reason, String item, String message) {
            PatientTags.Tag tag = tags.get(k);
            long end = k + 1 < tags.size() ? tags.get(k + 1).offset() : task.end();
            String raw = new String(PatientTags.bytes(task.path(), tag.offset(), end), StandardCharsets.UTF_8).strip();
            queue.add(RowFactory.create(QUARANTINE, id, null, task.file(), tag.line(), null, reason.code(), item,
                    message, raw));
        }

        private static String message(Exception e) {
            Throwable t = e;
            while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
                t = t.getCause();
            }
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            return m.replaceAll("\\s+", " ").trim();
        }
    }
}
