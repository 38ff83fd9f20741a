package io.rwe.ingest;

/**
 * Byte-level reading of extract records, shared by the split scanner and the header reader (fields are
 * split by {@link io.rwe.core.CsvFields}, the project's one RFC 4180 splitter). The quote ({@code "}) and the
 * delimiter are ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so records and fields can be
 * cut on bytes and each field decoded on its own.
 *
 * <p>Record boundaries: a record ends at a line feed seen outside quotes, that is after an even number
 * of quote characters since the start of the file (an escaped quote {@code ""} counts twice, so the
 * parity is exactly "inside a quoted field or not" for well-formed input). A trailing carriage return
 * is dropped from the record.
 */
public final class CsvBytes {
    /** The UTF-8 byte-order mark. */
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvBytes() {
    }

    /**
     * The length of a valid UTF-8 sequence starting at {@code b[i]} (1–4), or -1 when the bytes there
     * are not valid UTF-8 (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, or a
     * sequence cut short at {@code to}).
     */
    static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        int n = sequenceLength(c);
        if (n == 0 || i + n > to) {
            return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < secondLow(c) || c1 > secondHigh(c)) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int ck = b[i + k] & 0xFF;
            if (ck < 0x80 || ck > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    /**
     * The length (1–4) of the UTF-8 sequence a byte {@code c} (0–255) starts, or 0 when it starts none
     * (a continuation byte, or a lead of an overlong form or beyond U+10FFFF: 0xC0, 0xC1, 0xF5–0xFF).
     */
    static int sequenceLength(int c) {
        return c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    }

    /**
     * The lowest second byte after lead {@code c}: above 0x80 where a lower one would be an overlong form
     * (0xE0, 0xF0).
     */
    static int secondLow(int c) {
        return c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    }

    /** The highest second byte after lead {@code c}: below 0xBF for a surrogate (0xED) or beyond U+10FFFF (0xF4). */
    static int secondHigh(int c) {
        return c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    }

    static boolean startsWithBom(byte[] b, int len) {
        return len >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
    }
}
