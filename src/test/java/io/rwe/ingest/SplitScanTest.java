package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first pass over byte ranges: quote and line-feed counts add up to the file's whatever the range
 * size, valid multi-byte characters cut by a range boundary are accepted, and a stray byte is found
 * wherever the boundaries fall.
 */
class SplitScanTest {
    @TempDir
    Path tmp;

    /** The first bad offset over all ranges of size {@code size}, or -1; checks the counts on the way. */
    private static long scanAll(Path f, int size, long quotesExpected, long newlinesExpected) throws Exception {
        long n = Files.size(f);
        long quotes = 0;
        long newlines = 0;
        long bad = -1;
        for (long s = 0; s < n; s += size) {
            SplitScan.Stats st = SplitScan.scan(new SplitScan.Split(0, f.toString(), s, Math.min(n, s + size)));
            if (st.badOffset() >= 0 && bad < 0) {
                bad = st.badOffset();
            }
            quotes += st.quotes();
            newlines += st.newlines();
        }
        if (bad < 0) {
            assertEquals(quotesExpected, quotes, "quotes, range size " + size);
            assertEquals(newlinesExpected, newlines, "line feeds, range size " + size);
        }
        return bad;
    }

    @Test
    void validTextWhateverTheBoundaries() throws Exception {
        Path f = tmp.resolve("a.csv");
        // 2 quotes, 3 line feeds; characters of 2, 3 and 4 bytes.
        Files.writeString(f, "a,\"é\"\n€,😀\nx\n", StandardCharsets.UTF_8);
        for (int size = 1; size <= 20; size++) {
            assertEquals(-1, scanAll(f, size, 2, 3), "range size " + size);
        }
    }

    @Test
    void strayContinuationByteFoundAtEveryBoundary() throws Exception {
        byte[] text = "ab,cd\nef\n".getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < text.length; at++) {
            byte[] b = new byte[text.length + 1];
            System.arraycopy(text, 0, b, 0, at);
            b[at] = (byte) 0x80;
            System.arraycopy(text, at, b, at + 1, text.length - at);
            Path f = tmp.resolve("bad" + at + ".csv");
            Files.write(f, b);
            for (int size = 1; size <= b.length; size++) {
                assertEquals(at, scanAll(f, size, 0, 2), "stray byte at " + at + ", range size " + size);
            }
        }
    }

    @Test
    void truncatedSequenceFound() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.write(f, new byte[] {'a', (byte) 0xE2, (byte) 0x82, '\n'});   // € cut after 2 of 3 bytes
        for (int size = 1; size <= 4; size++) {
            assertEquals(1, scanAll(f, size, 0, 1), "range size " + size);
        }
    }

    /**
     * A file larger than the reader's buffer (256 KiB), long ASCII runs (read eight bytes at a time)
     * between characters of 2 to 4 bytes, quotes and line feeds: the counts are the file's (counted here
     * byte by byte) for range sizes that do and do not fall on eight-byte or character boundaries; a NUL
     * and a stray continuation byte placed deep in the file are found at their offsets.
     */
    @Test
    void largeFileCountsAndFaultsWhateverTheRanges() throws Exception {
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder();
        String[] pieces = {"abcdefghijklmnopqrstuvwx,", "\"", "\n", "é", "€", "😀", "12345678", "\"q\"\"r\",", "  \t"};
        while (text.length() < 400_000) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        long quotes = 0;
        long newlines = 0;
        for (byte x : b) {
            quotes += x == '"' ? 1 : 0;
            newlines += x == '\n' ? 1 : 0;
        }
        Path f = tmp.resolve("large.csv");
        Files.write(f, b);
        for (int size : new int[] {b.length, 262_144, 100_003, 65_536, 4_099}) {
            assertEquals(-1, scanAll(f, size, quotes, newlines), "range size " + size);
        }
        for (int at : new int[] {300_001, 262_143, 262_144, 262_150}) {
            byte[] nul = b.clone();
            // on an ASCII byte, so that the byte replaced is not part of a character
            int p = at;
            while ((nul[p] & 0x80) != 0) {
                p++;
            }
            nul[p] = 0;
            Path g = tmp.resolve("nul" + at + ".csv");
            Files.write(g, nul);
            byte[] stray = b.clone();
            stray[p] = (byte) 0x80;
            Path h = tmp.resolve("stray" + at + ".csv");
            Files.write(h, stray);
            for (int size : new int[] {b.length, 100_003, 4_099}) {
                assertEquals(p, scanAll(g, size, 0, 0), "NUL at " + p + ", range size " + size);
                assertEquals(p, scanAll(h, size, 0, 0), "stray byte at " + p + ", range size " + size);
            }
        }
    }

    /**
     * The edges of UTF-8 (RFC 3629), found at the lead byte of the sequence whatever the range size: an
     * overlong form (C0 80, E0 80 80, F0 80 80 80), a surrogate (ED A0 80) and a code point beyond U+10FFFF
     * (F4 90 80 80, F5 80 80 80) are refused; the last code points before each edge (U+07FF, U+0800,
     * U+D7FF, U+E000, U+10000, U+10FFFF) are accepted.
     */
    @Test
    void utf8EdgesFoundAtTheirLeadByte() throws Exception {
        int[][] bad = {{0xC0, 0x80}, {0xE0, 0x80, 0x80}, {0xF0, 0x80, 0x80, 0x80}, {0xED, 0xA0, 0x80},
            {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}};
        int[][] good = {{0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
            {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
        for (int k = 0; k < bad.length + good.length; k++) {
            int[] seq = k < bad.length ? bad[k] : good[k - bad.length];
            byte[] b = new byte[3 + seq.length + 1];
            b[0] = 'a';
            b[1] = ',';
            b[2] = 'b';
            for (int i = 0; i < seq.length; i++) {
                b[3 + i] = (byte) seq[i];
            }
            b[b.length - 1] = '\n';
            Path f = tmp.resolve("edge" + k + ".csv");
            Files.write(f, b);
            for (int size = 1; size <= b.length; size++) {
                assertEquals(k < bad.length ? 3 : -1, scanAll(f, size, 0, 1),
                        java.util.Arrays.toString(seq) + ", range size " + size);
            }
        }
    }
}
