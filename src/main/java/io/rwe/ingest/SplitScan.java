package io.rwe.ingest;

import java.io.Serializable;

/**
 * The first, cheap pass over a byte range of a file (a split): counts its quote characters and line
 * feeds — from which the driver knows, for every split, whether it starts inside a quoted field and on
 * which line — and checks that its bytes are valid UTF-8 without NUL. Also the whole-file SHA-256.
 * Results are a few numbers per split, whatever the size of the file.
 */
final class SplitScan {

    private SplitScan() {
    }

    /** A byte range {@code [start, end)} of file number {@code file} of a run. */
    record Split(int file, String path, long start, long end) implements Serializable {
    }

    /**
     * What the first pass found in one split. {@code badOffset} is the offset of the first byte that is
     * not valid UTF-8 or is NUL (-1 when none), {@code badNewlines} the line feeds of the split before it,
     * {@code badKind} what is wrong there.
     */
    record Stats(int file, long start, long quotes, long newlines, long badOffset, long badNewlines,
                 String badKind) implements Serializable {
    }

    /** Counts quotes and line feeds of {@code [start, end)} and validates its UTF-8. */
    static Stats scan(Split s) {
        long quotes = 0;
        long newlines = 0;
        long from = Math.max(0, s.start() - 3);
        try (ByteCursor in = new ByteCursor(s.path(), from)) {
            // A character that starts before the split belongs to the previous split, which validates
            // it reading past its end: skip its continuation bytes here, and only those.
            int skip = 0;
            for (long q = from; q < s.start(); q++) {
                int b = in.read();
                int n = CsvBytes.sequenceLength(b);
                if (n > 0) {
                    skip = (int) Math.max(0, q + n - s.start());
                } else if (b < 0xC0) {
                    continue; // a continuation byte: the lead before it decides
                } else {
                    skip = 0;
                }
            }
            long pos = s.start();
            while (skip > 0 && pos < s.end() && in.more()) {
                int c = in.array()[in.index()] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    break;
                }
                in.skip(1);
                pos++;
                skip--;
            }
            int need = 0;
            int lo = 0x80;
            int hi = 0xBF;
            long leadOffset = -1;
            long leadNewlines = 0;
            boolean done = false;
            // Bytes up to the split's end, and past it only to finish a character started before it.
            while (!done && in.more()) {
                byte[] a = in.array();
                int start = in.index();
                int to = in.limit();
                long base = pos - start; // the file offset of a[i] is base + i
                int i = start;
                while (i < to) {
                    long at = base + i;
                    if (need == 0) {
                        if (at >= s.end()) {
                            done = true;
                            break;
                        }
                        // Eight plain ASCII bytes at a time (none of 0x80 or more, no NUL): count the
                        // quotes and line feeds among them.
                        int fastEnd = (int) Math.min(to, i + (s.end() - at));
                        while (i + 8 <= fastEnd) {
                            long x = (long) LONG.get(a, i);
                            if ((x & HIGH) != 0 || zeroBytes(x) != 0) {
                                break;
                            }
                            quotes += Long.bitCount(zeroBytes(x ^ QUOTES));
                            newlines += Long.bitCount(zeroBytes(x ^ LINE_FEEDS));
                            i += 8;
                        }
                        if (i >= fastEnd) {
                            continue;
                        }
                        at = base + i;
                    }
                    int c = a[i] & 0xFF;
                    if (need > 0) {
                        if (c < lo || c > hi) {
                            return bad(s, quotes, newlines, leadOffset, leadNewlines, "undecodable UTF-8 bytes");
                        }
                        need--;
                        lo = 0x80;
                        hi = 0xBF;
                    } else if (c < 0x80) {
                        if (c == '"') {
                            quotes++;
                        } else if (c == '\n') {
                            newlines++;
                        } else if (c == 0) {
                            return bad(s, quotes, newlines, at, newlines, "a NUL byte (binary data, not CSV text)");
                        }
                    } else {
                        leadOffset = at;
                        leadNewlines = newlines;
                        int n = CsvBytes.sequenceLength(c);
                        if (n == 0) {
                            return bad(s, quotes, newlines, at, newlines, "undecodable UTF-8 bytes");
                        }
                        need = n - 1;
                        lo = CsvBytes.secondLow(c);
                        hi = CsvBytes.secondHigh(c);
                    }
                    i++;
                }
                in.skip(i - start);
                pos += i - start;
            }
            if (need > 0) {
                return bad(s, quotes, newlines, leadOffset, leadNewlines, "undecodable UTF-8 bytes");
            }
        }
        return new Stats(s.file(), s.start(), quotes, newlines, -1, 0, null);
    }

    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

    /** The high bit of each zero byte of {@code x}, exactly (no borrow from one byte into the next). */
    static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    private static Stats bad(Split s, long quotes, long newlines, long offset, long nl, String kind) {
        return new Stats(s.file(), s.start(), quotes, newlines, offset, nl, kind);
    }

    /** The SHA-256 of a whole file, lower-case hex ({@link FileDigest}). */
    static String sha256(String path) {
        return FileDigest.sha256(path);
    }
}
