package io.rwe.ingest.naaccr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import io.rwe.ingest.ByteCursor;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the {@code <Patient>} elements of a NAACCR XML file start, found in its bytes without parsing
 * the XML: a start tag is the bytes {@code <Patient} followed by {@code >}, {@code /} or white space.
 * This is what aligns the byte ranges a file is read in on record boundaries; the records themselves
 * are parsed by {@code com.imsweb:naaccr-xml}. (A {@code <Patient} inside a comment or a CDATA section
 * would be taken for a start tag; NAACCR files have neither between patients.)
 */
final class PatientTags {
    static final byte[] TAG = "<Patient".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PatientTags() {
    }

    /** A start tag's offset and the line it is on (1-based). */
    record Tag(long offset, long line) {
    }

    /** What a scan of {@code [from, to)} found: its line feeds, and its start tags. */
    record Scan(long newlines, List<Tag> tags) {
    }

    /**
     * Scans {@code [from, to)} of {@code path}: counts its line feeds and lists the start tags that begin
     * in it, with their lines ({@code firstLine} being the line of offset {@code from}). With {@code oneTag},
     * lists only the first start tag at or after {@code from}, searching past {@code to} up to the end of
     * the file if needed (the line-feed count is that of {@code [from, to)} all the same).
     */
    static Scan scan(String path, long from, long to, long firstLine, boolean oneTag) {
        List<Tag> tags = new ArrayList<>();
        long newlines = 0;
        long newlinesInRange = -1;
        int matched = 0;
        long pos = from;
        try (ByteCursor in = new ByteCursor(path, from)) {
            while (true) {
                if (pos == to) {
                    newlinesInRange = newlines;
                    if (!oneTag || !tags.isEmpty()) {
                        break;
                    }
                }
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (matched == TAG.length) {
                    if (b == '>' || b == '/' || b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                        // the tag's own bytes hold no line feed: its line is that of the bytes before it
                        if (!oneTag || tags.isEmpty()) {
                            tags.add(new Tag(pos - TAG.length, firstLine + newlines));
                        }
                        if (oneTag && pos >= to) {
                            break;
                        }
                    }
                    matched = 0;
                }
                if (b == TAG[matched]) {
                    matched++;
                } else {
                    matched = b == TAG[0] ? 1 : 0;
                }
                if (b == '\n') {
                    newlines++;
                }
                pos++;
            }
        }
        return new Scan(newlinesInRange >= 0 ? newlinesInRange : newlines, tags);
    }

    /** The bytes {@code [from, to)} of {@code path}. */
    static byte[] bytes(String path, long from, long to) {
        byte[] out = new byte[Math.toIntExact(to - from)];
        ByteBuffer b = ByteBuffer.wrap(out);
        try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            long at = from;
            while (b.hasRemaining()) {
                int n = channel.read(b, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return out;
    }
}
