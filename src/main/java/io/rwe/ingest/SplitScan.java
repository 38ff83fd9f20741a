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
                int n = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                if (n > 0) {
                    skip = (int) Math.max(0, q + n - s.start());
                } else if (b < 0xC0) {
                    continue; // a continuation byte: the lead before it decides
                } else {
                    skip = 0;
                }
            }
            long pos = s.start();
            int c = in.read();
            while (skip > 0 && c >= 0x80 && c <= 0xBF && pos < s.end()) {
                c = in.read();
                pos++;
                skip--;
            }
            int need = 0;
            int lo = 0x80;
            int hi = 0xBF;
            long leadOffset = -1;
            long leadNewlines = 0;
            while (c >= 0 && (pos < s.end() || need > 0)) {
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
                        return bad(s, quotes, newlines, pos, newlines, "a NUL byte (binary data, not CSV text)");
                    }
                } else {
                    leadOffset = pos;
                    leadNewlines = newlines;
                    if (c >= 0xC2 && c <= 0xDF) {
                        need = 1;
                    } else if (c >= 0xE0 && c <= 0xEF) {
                        need = 2;
                        if (c == 0xE0) {
                            lo = 0xA0;
                        } else if (c == 0xED) {
                            hi = 0x9F;
                        }
                    } else if (c >= 0xF0 && c <= 0xF4) {
                        need = 3;
                        if (c == 0xF0) {
                            lo = 0x90;
                        } else if (c == 0xF4) {
                            hi = 0x8F;
                        }
                    } else {
                        return bad(s, quotes, newlines, pos, newlines, "undecodable UTF-8 bytes");
                    }
                }
                c = in.read();
                pos++;
            }
            if (need > 0) {
                return bad(s, quotes, newlines, leadOffset, leadNewlines, "undecodable UTF-8 bytes");
            }
        }
        return new Stats(s.file(), s.start(), quotes, newlines, -1, 0, null);
    }

    private static Stats bad(Split s, long quotes, long newlines, long offset, long nl, String kind) {
        return new Stats(s.file(), s.start(), quotes, newlines, offset, nl, kind);
    }

    /** The SHA-256 of a whole file, lower-case hex ({@link FileDigest}). */
    static String sha256(String path) {
        return FileDigest.sha256(path);
    }
}
