package io.rwe.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sequential buffered reading of a file from a given offset, one byte at a time ({@link #read}) or a
 * buffer at a time: {@link #array} from {@link #index} to {@link #limit} are the next bytes, {@link #skip}
 * consumes some of them and {@link #more} refills the buffer when they are consumed.
 */
public final class ByteCursor implements Closeable {
    private static final int BUFFER = 1 << 18;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long position;
    private boolean eof;

    public ByteCursor(String path, long from) {
        try {
            this.channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        this.position = from;
        buffer.flip(); // empty
        try {
            channel.position(from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The offset of the byte the next {@link #read()} returns. */
    public long position() {
        return position;
    }

    /** The next byte (0–255), or -1 at the end of the file. */
    public int read() {
        if (!buffer.hasRemaining()) {
            if (eof || !fill()) {
                return -1;
            }
        }
        position++;
        return buffer.get() & 0xFF;
    }

    /** The buffer of the next bytes (valid from {@link #index} to {@link #limit}). */
    byte[] array() {
        return buffer.array();
    }

    /** Where the next byte lies in {@link #array}. */
    int index() {
        return buffer.position();
    }

    /** The end of the buffered bytes in {@link #array}. */
    int limit() {
        return buffer.limit();
    }

    /** Consumes the next {@code n} buffered bytes ({@code n} at most {@code limit() - index()}). */
    void skip(int n) {
        buffer.position(buffer.position() + n);
        position += n;
    }

    /**
     * True when some byte is buffered: when none is, refills the buffer (which moves {@link #index}),
     * false at the end of the file.
     */
    boolean more() {
        return buffer.hasRemaining() || (!eof && fill());
    }

    private boolean fill() {
        try {
            buffer.clear();
            int n;
            do {
                n = channel.read(buffer);
            } while (n == 0);
            buffer.flip();
            if (n < 0) {
                eof = true;
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
