package io.rwe.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ColumnType;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The field rules of docs/registry-extract.md ("What is a bad record"), applied by the tasks that read a
 * file, record by record, as they parse it ({@link SplitRecords}): each record's values are typed
 * (string, date, double, int; codes in the spec's spelling) and the first rule it fails becomes its
 * {@code _error} — a struct {@code (reason, field, message)}, null when the row passes. Rules per column,
 * the columns in spec order: required value present; string length; code in its list; date or number
 * parses; number in range; date not before 1900-01-01 and not after the extract date. Then, across
 * columns: {@code death_date} not before {@code birth_date} nor after {@code last_contact_date}. A row
 * that is no well-formed CSV row fails before any field rule.
 *
 * <p>Every column is typed even when an earlier one failed (the patient reference rule reads the
 * {@code patient_id} of rejected rows too). The rules are plain Java on the bytes of the values rather
 * than Spark column expressions: the same compiled code serves every file, where expressions made Spark
 * generate and compile a large class per file (docs/benchmarks-ingest.md). A value is typed from its
 * UTF-8 bytes straight into Spark's internal form (a string's bytes, a date's day number), with no Java
 * string made unless a message needs it, and the rows go to Spark as internal rows, without the
 * conversion of external rows ({@link ExtractReader}).
 */
public final class FieldRules implements SplitRecords.RecordRows<InternalRow> {
    private static final long serialVersionUID = 1L;

    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final int EARLIEST_DAY = (int) EARLIEST.toEpochDay();
    /** Columns before the typed values: line, byte offset and byte length of the record. */
    static final int LEADING = 3;

    private final List<ColumnSpec> columns;
    private final Rule[] rules;
    private final int extractDay;
    /** For patients.csv, the columns of the cross-field rules; -1 for the other tables. */
    private final int death;
    private final int birth;
    private final int last;

    /** The field rules of a file of {@code table} of the extract dated {@code extractDate}. */
    public FieldRules(ExtractTable table, RegistryMapping mapping, LocalDate extractDate) {
        List<ColumnSpec> columns = table.columns();
        this.columns = List.copyOf(columns);
        this.rules = new Rule[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            ColumnSpec c = columns.get(i);
            rules[i] = new Rule(c, c.type() == ColumnType.CODE ? mapping.codes(table, c) : Map.of(), mapping.dateFormat());
        }
        this.extractDay = (int) extractDate.toEpochDay();
        boolean patients = table == ExtractTable.PATIENTS;
        this.death = patients ? index(columns, "death_date") : -1;
        this.birth = patients ? index(columns, "birth_date") : -1;
        this.last = patients ? index(columns, "last_contact_date") : -1;
    }

    /**
     * The field rules of {@code columns} (required, length, code, parse, range, date bounds; no
     * cross-field rule) for a delivery dated {@code extractDate}: ISO dates, codes in their listed
     * spelling (case-insensitive). Used for the tables of another input model and for the rows a model
     * translates into the extract's tables.
     */
    public FieldRules(List<ColumnSpec> columns, LocalDate extractDate) {
        this.columns = List.copyOf(columns);
        this.rules = new Rule[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            ColumnSpec c = columns.get(i);
            Map<String, String> codes = new LinkedHashMap<>();
            c.codes().forEach(code -> codes.put(code, code));
            rules[i] = new Rule(c, codes, "yyyy-MM-dd");
        }
        this.extractDay = (int) extractDate.toEpochDay();
        this.death = -1;
        this.birth = -1;
        this.last = -1;
    }

    /** The rows these rules give: {@code _line, _at, _len}, the typed columns, {@code _error}. */
    public StructType schema() {
        return schema(columns);
    }

    private static int index(List<ColumnSpec> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name);
    }

    /** The schema of the error struct. */
    static final StructType ERROR = DataTypes.createStructType(List.of(
            DataTypes.createStructField("reason", DataTypes.StringType, false),
            DataTypes.createStructField("field", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, false)));

    /**
     * The rows the rules give for a file of {@code table}: {@code _line}, {@code _at, _len} (the raw
     * line's byte range, see {@link RawText}), the typed spec columns, and {@code _error}.
     */
    public static StructType schema(ExtractTable table) {
        return schema(table.columns());
    }

    /** As {@link #schema(ExtractTable)}, for any columns. */
    public static StructType schema(List<ColumnSpec> columns) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("_at", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("_len", DataTypes.IntegerType, false));
        for (ColumnSpec c : columns) {
            f.add(DataTypes.createStructField(c.name(), DeliveryStage.sparkType(c), true));
        }
        f.add(DataTypes.createStructField("_error", ERROR, true));
        return DataTypes.createStructType(f);
    }

    /** The error struct of a failed rule, as a Spark column (for the rules that run as queries). */
    public static Column error(QuarantineReason reason, String field, Column message) {
        Column f = field == null ? lit(null).cast(DataTypes.StringType) : lit(field);
        return struct(lit(reason.code()).as("reason"), f.as("field"), message.as("message"));
    }

    /** A failed rule's error struct, in Spark's internal form. */
    private static InternalRow error(QuarantineReason reason, String field, String message) {
        return new GenericInternalRow(new Object[] {UTF8String.fromString(reason.code()),
                field == null ? null : UTF8String.fromString(field), UTF8String.fromString(message)});
    }

    /**
     * The row of one record read from a CSV file, in Spark's internal form ({@link #schema()}: strings
     * as UTF-8 bytes, dates as days since 1970-01-01), typed and checked from the bytes of its values:
     * column {@code i}'s value is {@code record[spans[2i], spans[2i + 1])}, absent when
     * {@code spans[2i]} is negative ({@link SplitRecords}).
     */
    @Override
    public InternalRow row(long line, long at, int length, String malformed, byte[] record, int[] spans) {
        return new GenericInternalRow(values(line, at, length, malformed, record, spans));
    }

    /**
     * The same row from text values (null when absent), as Spark's external row ({@link #schema()}: dates
     * as {@code LocalDate}), for values that come from a query rather than from a file.
     */
    public Row row(long line, long at, int length, String malformed, String[] values) {
        int[] spans = new int[2 * rules.length];
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < rules.length; i++) {
            if (values[i] == null) {
                spans[2 * i] = -1;
                spans[2 * i + 1] = -1;
            } else {
                spans[2 * i] = buf.size();
                buf.writeBytes(values[i].getBytes(StandardCharsets.UTF_8));
                spans[2 * i + 1] = buf.size();
            }
        }
        Object[] out = values(line, at, length, malformed, buf.toByteArray(), spans);
        for (int i = 0; i < rules.length; i++) {
            out[LEADING + i] = external(out[LEADING + i], columns.get(i).type());
        }
        Object error = out[out.length - 1];
        if (error != null) {
            InternalRow e = (InternalRow) error;
            out[out.length - 1] = RowFactory.create(e.getUTF8String(0).toString(),
                    e.isNullAt(1) ? null : e.getUTF8String(1).toString(), e.getUTF8String(2).toString());
        }
        return RowFactory.create(out);
    }

    /** An internal value of a column of {@code type} as the external row holds it. */
    private static Object external(Object v, ColumnType type) {
        if (v == null) {
            return null;
        }
        return type == ColumnType.DATE ? LocalDate.ofEpochDay((Integer) v) : v instanceof UTF8String u ? u.toString() : v;
    }

    /** The internal values of the row ({@link #row(long, long, int, String, byte[], int[])}). */
    private Object[] values(long line, long at, int length, String malformed, byte[] b, int[] spans) {
        Object[] out = new Object[LEADING + rules.length + 1];
        out[0] = line;
        out[1] = at;
        out[2] = length;
        if (malformed != null) {
            out[out.length - 1] = error(QuarantineReason.MALFORMED_ROW, null, "not a well-formed CSV row: " + malformed);
            return out;
        }
        InternalRow error = null;
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            int from = spans[2 * i];
            if (from < 0) {
                if (error == null) {
                    error = r.missing();
                }
                continue;
            }
            int to = spans[2 * i + 1];
            Object parsed = r.parse(b, from, to);
            if (error == null) {
                error = r.check(b, from, to, parsed, extractDay);
            }
            out[LEADING + i] = r.output(parsed);
        }
        if (error == null && death >= 0) {
            error = crossField(b, spans, out);
        }
        out[out.length - 1] = error;
        return out;
    }

    /** death_date against birth_date and last_contact_date (patients.csv), on the days typed. */
    private InternalRow crossField(byte[] b, int[] spans, Object[] out) {
        Integer d = (Integer) out[LEADING + death];
        if (d == null) {
            return null;
        }
        Integer bd = (Integer) out[LEADING + birth];
        if (bd != null && d < bd) {
            return error(QuarantineReason.DEATH_BEFORE_BIRTH, "death_date", "death_date: '"
                    + SplitRecords.text(b, spans, death) + "' precedes birth_date '" + SplitRecords.text(b, spans, birth) + "'");
        }
        Integer l = (Integer) out[LEADING + last];
        if (l != null && d > l) {
            return error(QuarantineReason.DEATH_AFTER_LAST_CONTACT, "death_date", "death_date: '"
                    + SplitRecords.text(b, spans, death) + "' follows last_contact_date '" + SplitRecords.text(b, spans, last)
                    + "'");
        }
        return null;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** The rules of one column, on the bytes of its value (UTF-8). */
    private static final class Rule implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ColumnSpec c;
        private final String name;
        /**
         * The exact spellings as UTF-8 bytes in an open-addressing table (a power of two of slots, at most
         * half full), and each one's spec code at the same slot: a value is looked up from its bytes.
         */
        private final byte[][] slotSpellings;
        private final byte[][] slotCodes;
        /** Codes: the upper-case spellings → spec code, for the values in any other case. */
        private final Map<String, String> upper = new LinkedHashMap<>();
        private final String codeList;
        private final String dateFormat;
        private final boolean iso;
        private transient DateTimeFormatter formatter;

        Rule(ColumnSpec c, Map<String, String> codes, String dateFormat) {
            this.c = c;
            this.name = c.name();
            // Every exact spelling, tried first (as configured, upper- and lower-case) → spec code.
            Map<String, String> exact = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : codes.entrySet()) {
                String k = e.getKey();
                upper.put(k.toUpperCase(Locale.ROOT), e.getValue());
                for (String variant : List.of(k, k.toUpperCase(Locale.ROOT), k.toLowerCase(Locale.ROOT))) {
                    if (variant.toUpperCase(Locale.ROOT).equals(k.toUpperCase(Locale.ROOT))) {
                        exact.putIfAbsent(variant, e.getValue());
                    }
                }
            }
            int slots = Integer.highestOneBit(Math.max(1, exact.size()) * 4 - 1) << 1;
            this.slotSpellings = new byte[slots][];
            this.slotCodes = new byte[slots][];
            for (Map.Entry<String, String> e : exact.entrySet()) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                int j = hash(k, 0, k.length) & (slots - 1);
                while (slotSpellings[j] != null) {
                    j = (j + 1) & (slots - 1);
                }
                slotSpellings[j] = k;
                slotCodes[j] = e.getValue().getBytes(StandardCharsets.UTF_8);
            }
            this.codeList = String.join(", ", codes.keySet());
            this.dateFormat = dateFormat;
            this.iso = dateFormat.equals("yyyy-MM-dd");
        }

        /**
         * The value {@code b[from, to)} typed, in Spark's internal form: the string itself, the spec code
         * (UTF8String), the day (Integer, days since 1970-01-01), a Double or a Long (range not yet
         * checked); null when it does not parse.
         */
        Object parse(byte[] b, int from, int to) {
            return switch (c.type()) {
                case STRING -> UTF8String.fromBytes(java.util.Arrays.copyOfRange(b, from, to)); // the record's bytes are reused
                case CODE -> code(b, from, to);
                case DATE -> {
                    int day = iso ? isoDay(b, from, to) : patternDay(text(b, from, to));
                    yield day == NO_DAY ? null : Integer.valueOf(day);
                }
                case NUMBER -> decimal(b, from, to)
                        ? Double.valueOf(Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1)))
                        : null;
                case INTEGER -> whole(b, from, to) ? Long.valueOf(wholeValue(b, from, to)) : null;
            };
        }

        /** The value written: the parsed one, except an integer outside its range (null). */
        Object output(Object parsed) {
            if (c.type() == ColumnType.INTEGER && parsed != null) {
                long n = (Long) parsed;
                return outside(n) ? null : Integer.valueOf((int) n);
            }
            return parsed;
        }

        /** The rule an absent value fails (required), or null. */
        InternalRow missing() {
            return c.required() ? error(QuarantineReason.MISSING_REQUIRED, name, name + ": required value is empty") : null;
        }

        /**
         * The first rule of this column that the value {@code b[from, to)} (parsed as {@code parsed})
         * fails, or null; the value's text is made only for a message.
         */
        InternalRow check(byte[] b, int from, int to, Object parsed, int extractDay) {
            switch (c.type()) {
                case STRING -> {
                    if (c.maxLength() > 0) {
                        int n = codePoints(b, from, to);
                        if (n > c.maxLength()) {
                            return error(QuarantineReason.VALUE_TOO_LONG, name, name + ": " + n
                                    + " characters, at most " + c.maxLength() + " allowed");
                        }
                    }
                }
                case CODE -> {
                    if (parsed == null) {
                        return error(QuarantineReason.INVALID_CODE, name, quoted(b, from, to) + " is not one of " + codeList);
                    }
                }
                case DATE -> {
                    if (parsed == null) {
                        return error(QuarantineReason.INVALID_DATE, name, quoted(b, from, to) + " is not a date in the form "
                                + dateFormat);
                    }
                    int d = (Integer) parsed;
                    if (d < EARLIEST_DAY) {
                        return error(QuarantineReason.DATE_BEFORE_1900, name, quoted(b, from, to) + " is before 1900-01-01");
                    }
                    if (d > extractDay) {
                        return error(QuarantineReason.DATE_AFTER_EXTRACT, name, quoted(b, from, to)
                                + " is after the extract date " + LocalDate.ofEpochDay(extractDay));
                    }
                }
                case NUMBER -> {
                    if (parsed == null) {
                        return error(QuarantineReason.INVALID_NUMBER, name, quoted(b, from, to) + " is not a plain decimal number");
                    }
                    if (Double.isInfinite((Double) parsed)) {
                        // A plain decimal of some 309 digits or more: beyond what a double holds (Double.MAX_VALUE).
                        String v = text(b, from, to);
                        String shown = v.length() > 40 ? v.substring(0, 20) + "…(" + v.length() + " characters)" : v;
                        return error(QuarantineReason.OUT_OF_RANGE, name, name + ": '" + shown
                                + "' is too large to be stored as a number");
                    }
                    if (outside((Double) parsed)) {
                        return error(QuarantineReason.OUT_OF_RANGE, name, quoted(b, from, to) + " is outside " + range(c));
                    }
                }
                case INTEGER -> {
                    if (parsed == null) {
                        return error(QuarantineReason.INVALID_NUMBER, name, quoted(b, from, to) + " is not a whole number");
                    }
                    if (outside((Long) parsed)) {
                        return error(QuarantineReason.OUT_OF_RANGE, name, quoted(b, from, to) + " is outside " + range(c));
                    }
                }
                default -> throw new IllegalStateException("unknown type " + c.type());
            }
            return null;
        }

        /**
         * {@code name: 'value'}, the start of most messages: made only for a value that fails (building it
         * for every value read was a few per cent of ingest's CPU).
         */
        private String quoted(byte[] b, int from, int to) {
            return name + ": '" + text(b, from, to) + "'";
        }

        private boolean outside(double x) {
            return (c.minExclusive() ? x <= c.min() : x < c.min()) || x > c.max();
        }

        /**
         * A code looked up among the registry's spellings, the exact ones first (most values are written
         * as configured, or all upper- or lower-case; found from their bytes), then case-insensitively;
         * null when not a code.
         */
        private UTF8String code(byte[] b, int from, int to) {
            int j = slot(b, from, to);
            if (j >= 0) {
                return UTF8String.fromBytes(slotCodes[j]);
            }
            String found = upper.get(text(b, from, to).toUpperCase(Locale.ROOT));
            return found == null ? null : UTF8String.fromString(found);
        }

        /** The slot of the exact spelling {@code b[from, to)} in {@link #slotSpellings}, or -1. */
        private int slot(byte[] b, int from, int to) {
            int mask = slotSpellings.length - 1;
            int j = hash(b, from, to) & mask;
            byte[] k;
            while ((k = slotSpellings[j]) != null) {
                if (k.length == to - from && same(k, b, from)) {
                    return j;
                }
                j = (j + 1) & mask;
            }
            return -1;
        }

        private static boolean same(byte[] k, byte[] b, int from) {
            for (int i = 0; i < k.length; i++) {
                if (k[i] != b[from + i]) {
                    return false;
                }
            }
            return true;
        }

        private static int hash(byte[] b, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }

        private int patternDay(String v) {
            if (formatter == null) {
                formatter = patternParser(dateFormat);
            }
            LocalDate d = parseDate(formatter, v);
            return d == null ? NO_DAY : (int) d.toEpochDay();
        }
    }

    /** The number of code points of the UTF-8 text {@code b[from, to)}: its bytes that start one. */
    static int codePoints(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    /** What {@link #isoDay} gives for a text that is no date. */
    static final int NO_DAY = Integer.MIN_VALUE;

    /**
     * The ISO form {@code yyyy-MM-dd} — four-digit year, two-digit month and day, no sign — as a date,
     * null when the text has another form or names no calendar day (2020-02-30); year 0 is 1 BCE, as
     * in the proleptic Gregorian calendar of Spark and java.time.
     */
    static LocalDate isoDate(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        int day = isoDay(b, 0, b.length);
        return day == NO_DAY ? null : LocalDate.ofEpochDay(day);
    }

    /** {@link #isoDate} on the UTF-8 text {@code b[from, to)}: the day since 1970-01-01, or {@link #NO_DAY}. */
    static int isoDay(byte[] b, int from, int to) {
        if (to - from != 10 || b[from + 4] != '-' || b[from + 7] != '-') {
            return NO_DAY;
        }
        int y = digits(b, from, from + 4);
        int m = digits(b, from + 5, from + 7);
        int d = digits(b, from + 8, from + 10);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
            return NO_DAY;
        }
        try {
            return (int) LocalDate.of(y, m, d).toEpochDay();
        } catch (DateTimeException e) {
            return NO_DAY;
        }
    }

    /** The number written by the ASCII digits {@code b[from, to)}, or -1 when one is no digit. */
    private static int digits(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            byte ch = b[i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }

    /**
     * The parser of a date pattern other than ISO, built as Spark builds the one of
     * {@code to_timestamp(value, pattern)}: case-insensitive, US locale, ISO chronology, strict
     * resolution, and {@code y} read as {@code u} (proleptic year) when the pattern has no era
     * {@code G}. IsoDateParsingTest checks the two against each other.
     */
    static DateTimeFormatter patternParser(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(prolepticYears(pattern))
                .toFormatter(Locale.US).withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);
    }

    /** {@code y} as {@code u} outside quoted text, unless the pattern has an era ({@code G}) outside quotes. */
    static String prolepticYears(String pattern) {
        String[] parts = (pattern + " ").split("'", -1);
        boolean era = false;
        for (int i = 0; i < parts.length; i += 2) {
            era |= parts[i].indexOf('G') >= 0;
        }
        if (era) {
            return pattern;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                s.append('\'');
            }
            s.append(i % 2 == 0 ? parts[i].replace('y', 'u') : parts[i]);
        }
        return s.substring(0, s.length() - 1);
    }

    /**
     * A date parsed with {@code f}, null when the text does not parse; fields the pattern lacks default
     * as Spark's do (year 1970, month and day 1).
     */
    static LocalDate parseDate(DateTimeFormatter f, String v) {
        try {
            TemporalAccessor t = f.parse(v);
            LocalDate d = t.query(TemporalQueries.localDate());
            if (d != null) {
                return d;
            }
            int year = t.isSupported(ChronoField.YEAR) ? t.get(ChronoField.YEAR) : 1970;
            if (t.isSupported(ChronoField.DAY_OF_YEAR)) {
                return LocalDate.ofYearDay(year, t.get(ChronoField.DAY_OF_YEAR));
            }
            int month = t.isSupported(ChronoField.MONTH_OF_YEAR) ? t.get(ChronoField.MONTH_OF_YEAR) : 1;
            int day = t.isSupported(ChronoField.DAY_OF_MONTH) ? t.get(ChronoField.DAY_OF_MONTH) : 1;
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * A plain decimal: an optional sign, then digits with an optional fraction ({@code 5}, {@code 5.},
     * {@code 5.25}) or a fraction alone ({@code .5}); no exponent, no spaces, no other characters.
     */
    static boolean decimal(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        return decimal(b, 0, b.length);
    }

    /** {@link #decimal(String)} on the UTF-8 text {@code b[from, to)}. */
    static boolean decimal(byte[] b, int from, int to) {
        int i = from == to || (b[from] != '+' && b[from] != '-') ? from : from + 1;
        int whole = 0;
        while (i < to && isDigit(b[i])) {
            i++;
            whole++;
        }
        int fraction = 0;
        boolean point = i < to && b[i] == '.';
        if (point) {
            i++;
            while (i < to && isDigit(b[i])) {
                i++;
                fraction++;
            }
        }
        return i == to && (whole > 0 || fraction > 0);
    }

    /** A whole number: an optional sign and 1 to 18 digits (so that it fits a long before the range check). */
    static boolean whole(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        return whole(b, 0, b.length);
    }

    /** {@link #whole(String)} on the UTF-8 text {@code b[from, to)}. */
    static boolean whole(byte[] b, int from, int to) {
        int i = from == to || (b[from] != '+' && b[from] != '-') ? from : from + 1;
        int n = to - i;
        if (n < 1 || n > 18) {
            return false;
        }
        for (; i < to; i++) {
            if (!isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The value of a {@link #whole} number {@code b[from, to)}. */
    private static long wholeValue(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        int i = b[from] == '+' || negative ? from + 1 : from;
        long n = 0;
        for (; i < to; i++) {
            n = n * 10 + (b[i] - '0');
        }
        return negative ? -n : n;
    }

    private static boolean isDigit(byte ch) {
        return ch >= '0' && ch <= '9';
    }

    /** The range in words: {@code [0, ∞)}, {@code (0, ∞)}, {@code [1, 5]}. */
    static String range(ColumnSpec c) {
        String lo = (c.minExclusive() ? "(" : "[") + fmt(c.min());
        String hi = Double.isInfinite(c.max()) || c.max() >= Integer.MAX_VALUE ? "∞)" : fmt(c.max()) + "]";
        return lo + ", " + hi;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
