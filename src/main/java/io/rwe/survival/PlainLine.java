package io.rwe.survival;

import java.nio.charset.StandardCharsets;

/**
 * The plain-line rules of the CSV readers of {@code jobs/survival} ({@link CsvRiskSets}, {@link CsvCoxModel}):
 * a line is split in place into the fields a job needs, and each field is parsed from its bytes. A line is
 * <em>plain</em> when the fields up to the last needed one are either unquoted without a quote character or
 * backslash, or quoted as a whole without a quote or backslash inside ({@code "A"}, as R's {@code write.csv}
 * writes text). A field absent from a short line is missing, as Spark's CSV reader reads it. Parsers return
 * a value, {@link #MISSING} (empty or {@code NA}) or {@link #NOT_PLAIN} (the line must go through Spark's
 * own rules).
 */
final class PlainLine {
    static final int MISSING = -2;
    static final int NOT_PLAIN = -3;

    /** Field boundaries by field number, up to the last field needed (-1: absent from the line). */
    private final int[] start;
    private final int[] end;
    private final boolean[] needed;
    private final int last;
    private final byte[] eventValue;
    private final Double eventNumber;

    /** The value of the last field parsed by {@link #time} or {@link #number}. */
    double value;

    /**
     * @param fields      the field numbers needed (0-based; -1 entries are ignored)
     * @param eventValue  the event value of {@code --event-value} (trimmed), or null for 1/0 codes
     * @param eventNumber that value as a number, or null when it is not a finite number
     */
    PlainLine(int[] fields, String eventValue, Double eventNumber) {
        int max = -1;
        for (int f : fields) {
            max = Math.max(max, f);
        }
        last = max;
        start = new int[max + 1];
        end = new int[max + 1];
        needed = new boolean[max + 1];
        for (int f : fields) {
            if (f >= 0) {
                needed[f] = true;
            }
        }
        this.eventValue = eventValue == null ? null : eventValue.getBytes(StandardCharsets.UTF_8);
        this.eventNumber = eventNumber;
    }

    /** Finds the needed fields of a line; false when the line is not plain. */
    boolean split(byte[] b, int n) {
        java.util.Arrays.fill(start, -1);
        if (last < 0) {
            return true;
        }
        int field = 0;
        int i = 0;
        while (true) {
            int from;
            int to;
            if (i < n && b[i] == '"') {
                int close = i + 1;
                while (close < n && b[close] != '"') {
                    if (b[close] == '\\') {
                        return false;
                    }
                    close++;
                }
                if (close >= n || (close + 1 < n && b[close + 1] != ',')) {
                    return false;
                }
                from = i + 1;
                to = close;
                i = close + 1;
            } else {
                from = i;
                while (i < n && b[i] != ',') {
                    if (b[i] == '"' || b[i] == '\\') {
                        return false;
                    }
                    i++;
                }
                to = i;
            }
            if (needed[field]) {
                start[field] = from;
                end[field] = to;
            }
            if (field == last || i >= n) {
                return true;
            }
            i++;
            field++;
        }
    }

    /** Start of field {@code f} in the line split last (-1: absent). */
    int start(int f) {
        return start[f];
    }

    /** End (exclusive) of field {@code f}. */
    int end(int f) {
        return end[f];
    }

    /** Whether field {@code f} is absent, empty or {@code NA}. */
    boolean missing(byte[] b, int f) {
        return start[f] < 0 || missingText(b, start[f], end[f]);
    }

    static boolean missingText(byte[] b, int s, int e) {
        return s == e || (e - s == 2 && b[s] == 'N' && b[s + 1] == 'A');
    }

    /** Time: 0 and {@link #value} set for digits[.digits]; MISSING; or NOT_PLAIN. */
    int time(byte[] b, int f) {
        if (missing(b, f)) {
            return MISSING;
        }
        return unsigned(b, start[f], end[f]) ? 0 : NOT_PLAIN;
    }

    /**
     * Digits, optionally a decimal point and digits: sets {@link #value} (exactly as Spark's cast of the text to
     * double gives it) and returns true.
     */
    private boolean unsigned(byte[] b, int s, int e) {
        long v = 0;
        int i = s;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        if (i == e && e - s <= 15 && e > s) {
            value = v;
            return true;
        }
        if (i == s || i == e || b[i] != '.' || i + 1 == e) {
            return false;
        }
        for (int j = i + 1; j < e; j++) {
            if (b[j] < '0' || b[j] > '9') {
                return false;
            }
        }
        value = Double.parseDouble(new String(b, s, e - s, StandardCharsets.US_ASCII));
        return true;
    }

    /**
     * A covariate's number: an optional minus sign, then digits[.digits]; sets {@link #value} and returns
     * true. False for anything else (which may still be a number to Spark: {@code 1e5}, {@code +1}).
     */
    boolean number(byte[] b, int s, int e) {
        boolean minus = s < e && b[s] == '-';
        if (!unsigned(b, minus ? s + 1 : s, e)) {
            return false;
        }
        if (minus) {
            value = -value;
        }
        return true;
    }

    /** Event: 1 event, 0 censored, MISSING or NOT_PLAIN. */
    int event(byte[] b, int f) {
        if (missing(b, f)) {
            return MISSING;
        }
        int s = start[f];
        int e = end[f];
        if (eventValue == null) {
            if (e - s == 1 && (b[s] == '1' || b[s] == '0')) {
                return b[s] - '0';
            }
            return NOT_PLAIN;
        }
        boolean same = java.util.Arrays.equals(b, s, e, eventValue, 0, eventValue.length);
        if (digits(b, s, e)) {
            if (same) {
                return 1;
            }
            return eventNumber != null
                    && Double.parseDouble(new String(b, s, e - s, StandardCharsets.US_ASCII)) == eventNumber ? 1 : 0;
        }
        if (letters(b, s, e)) {
            return same ? 1 : 0;
        }
        return NOT_PLAIN;
    }

    private static boolean digits(byte[] b, int s, int e) {
        int i = s;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == s) {
            return false;
        }
        if (i == e) {
            return true;
        }
        if (b[i] != '.' || i + 1 == e) {
            return false;
        }
        for (int j = i + 1; j < e; j++) {
            if (b[j] < '0' || b[j] > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean letters(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** A label's number in {@code labels}, MISSING, or NOT_PLAIN when it starts or ends with a space or control byte. */
    int label(CsvRiskSets.Labels labels, byte[] b, int f) {
        if (missing(b, f)) {
            return MISSING;
        }
        int s = start[f];
        int e = end[f];
        return padded(b, s, e) ? NOT_PLAIN : labels.id(b, s, e);
    }

    /** Whether a (non-empty) value starts or ends with a space or control byte: Spark's rules then apply. */
    static boolean padded(byte[] b, int s, int e) {
        return (b[s] & 0xFF) <= ' ' || (b[e - 1] & 0xFF) <= ' ';
    }
}
