package io.rwe.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The raw line of a record (its text without the line terminator, as the quarantine keeps it), read
 * back from the extract file by the byte range {@link SplitRecords} recorded: rows carry two numbers
 * ({@code _at}, {@code _len}) instead of their text through the field rules, the patient join, the cache
 * and the key rules, and only the rows written to the quarantine are given their text again.
 *
 * <p>The file is read again on the executors, as the split reader reads it: like every pass of the
 * ingest it must not change while it runs (the survey's checksum is recorded with the extract). A read
 * that finds fewer bytes than the range fails the task with a message naming the file.
 */
public final class RawText {

    private RawText() {
    }

    /** The raw line of each row of a file at {@code file}, from its {@code _at} and {@code _len} columns. */
    public static Column of(Path file, Column at, Column length) {
        String path = file.toString();
        UserDefinedFunction udf = functions.udf((UDF2<Long, Integer, String>) (a, n) -> read(path, a, n),
                DataTypes.StringType);
        return udf.apply(at, length);
    }

    /** The task's open file, kept from one row to the next and closed when the task ends. */
    private static final ThreadLocal<Open> OPEN = new ThreadLocal<>();

    private record Open(String path, FileChannel channel) {
    }

    /** The {@code length} bytes of {@code path} at offset {@code at}, decoded as UTF-8. */
    static String read(String path, long at, int length) {
        FileChannel channel = channel(path);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at + buffer.position()) < 0) {
                    throw new IllegalStateException(path + ": shorter than when it was read (the record at byte "
                            + at + " is cut); an extract must not change while it is ingested");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return new String(buffer.array(), 0, length, StandardCharsets.UTF_8);
    }

    private static FileChannel channel(String path) {
        Open open = OPEN.get();
        if (open != null && open.path().equals(path)) {
            return open.channel();
        }
        close();
        try {
            open = new Open(path, FileChannel.open(Path.of(path), StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        OPEN.set(open);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener(closeAtEnd());
        }
        return open.channel();
    }

    private static org.apache.spark.util.TaskCompletionListener closeAtEnd() {
        return context -> close();
    }

    private static void close() {
        Open open = OPEN.get();
        OPEN.remove();
        if (open != null) {
            try {
                open.channel().close();
            } catch (IOException e) {
                // a read-only channel: nothing was lost
            }
        }
    }
}
