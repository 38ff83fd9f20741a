package io.rwe.ingest;

import io.rwe.core.RetryableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What identifies the content of a delivered file without reading it again: its size, its modification
 * and status-change times and its file key (device and inode on Unix). A file is read several times
 * during an ingest (hashed, surveyed, parsed, its quarantined lines read back), each time by its path;
 * taking a snapshot before the first reading and comparing it with one taken after the last tells
 * whether every reading saw the same file. An append changes the size and times, a replacement by
 * rename the file key, an in-place rewrite the times (the status-change time even when the
 * modification time is set back).
 *
 * @param size     bytes
 * @param modified last modification, as the file system gives it
 * @param changed  last status change ({@code unix:ctime}), or null where the platform has none
 * @param fileKey  the file system's identity of the file, or null where the platform has none
 */
public record FileSnapshot(long size, Object modified, Object changed, Object fileKey) {

    /** The snapshot of {@code path} now. */
    public static FileSnapshot of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Object ctime;
            try {
                ctime = Files.getAttribute(path, "unix:ctime");
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                ctime = null;
            }
            return new FileSnapshot(a.size(), a.lastModifiedTime(), ctime, a.fileKey());
        } catch (NoSuchFileException e) {
            return new FileSnapshot(-1, null, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + path, e);
        }
    }

    /**
     * Refuses, retryably, a file whose snapshot now differs from {@code before}: the readings of this
     * run may have seen different contents, so nothing of the extract may be published.
     */
    public static void unchangedSince(FileSnapshot before, Path path, LocalDate extract) {
        FileSnapshot now = of(path);
        if (!now.equals(before)) {
            throw new RetryableException(path + ": changed while it was being ingested (" + before.difference(now)
                    + "); nothing of extract " + extract + " was ingested, and the next run reads the file as it is then");
        }
    }

    /** What differs, in words. */
    String difference(FileSnapshot now) {
        if (now.size < 0) {
            return "removed";
        }
        List<String> d = new ArrayList<>();
        if (fileKey != null && !fileKey.equals(now.fileKey)) {
            d.add("replaced by another file");
        }
        if (size != now.size) {
            d.add("size " + size + " -> " + now.size + " bytes");
        }
        if (d.isEmpty()) {
            d.add("rewritten in place");
        }
        return String.join(", ", d);
    }
}
