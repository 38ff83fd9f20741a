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
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + n > to) {
            return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < lo || c1 > hi) {
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

    static boolean startsWithBom(byte[] b, int len) {
        return len >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
    }
}
