package io.rwe.run;

import io.rwe.core.RetryableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One run at a time over a folder (a warehouse, a results root): an exclusive lock on the file
 * {@code <folder>/<name>}, held across processes by an operating-system file lock (released however the
 * holder dies) and across the threads of one process by a lock of this class. It is reentrant for the
 * thread that holds it ({@code jobs/replicate} holds the warehouse and calls the ingest stage, which
 * takes it again).
 *
 * <p>A run that finds the lock held waits, polling, up to a given time, then gives up with a
 * {@link RetryableException} naming the holder (the lock file holds one line: job, process id, start
 * time), since retrying later is the remedy. The lock file is written by its holder only, and removed
 * by it on release; a lock taken on a file that was meanwhile removed is detected by reading the file
 * back through its path, and taken again on the file now there.
 *
 * <p>A lock that created its folder (and perhaps folders above it) and leaves nothing in them but empty
 * folders removes what it created when released ({@link #close}): a run that failed before writing
 * anything leaves no empty warehouse behind.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock of a warehouse: held by jobs/ingest, jobs/derive, jobs/analyze and jobs/replicate. */
    public static final String WAREHOUSE = ".warehouse.lock";

    /** The in-process holders, by lock file. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final Thread owner;
        final FileChannel channel;
        final FileLock lock;
        final Path created;
        int count = 1;

        Held(Thread owner, FileChannel channel, FileLock lock, Path created) {
            this.owner = owner;
            this.channel = channel;
            this.lock = lock;
            this.created = created;
        }
    }

    /** The wait when the configuration sets none. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);

    private final Path file;
    private boolean released;

    /**
     * How long a run waits for another holding its warehouse: {@code rwe.run.lock-wait} (a HOCON
     * duration such as {@code 30m}, {@code 0s}), 30 minutes when not set.
     */
    public static Duration lockWait(com.typesafe.config.Config config) {
        if (!config.hasPath("rwe.run.lock-wait")) {
            return DEFAULT_WAIT;
        }
        try {
            Duration d = config.getDuration("rwe.run.lock-wait");
            if (d.isNegative()) {
                throw new io.rwe.core.UsageException("configuration: rwe.run.lock-wait must not be negative, got " + d);
            }
            return d;
        } catch (com.typesafe.config.ConfigException e) {
            throw new io.rwe.core.UsageException("configuration: rwe.run.lock-wait: '" + config.getValue("rwe.run.lock-wait")
                    .unwrapped() + "' is not a duration (e.g. 30m, 90s, 0s)");
        }
    }

    private FolderLock(Path file) {
        this.file = file;
    }

    /**
     * Takes the lock of {@code folder} (creating the folder when missing), waiting at most {@code wait}
     * for a holder to release it; {@code waiting} hears one line when the lock is found held.
     *
     * @param holder what is recorded for others to see, e.g. {@code jobs/analyze}
     * @throws RetryableException when the lock is still held after {@code wait}
     */
    public static FolderLock acquire(Path folder, String name, String holder, Duration wait, Consumer<String> waiting) {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        boolean told = false;
        long sleep = 50;
        while (true) {
            Path created = firstMissing(folder);
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
            Path file = lockFile(folder, name);
            FolderLock got = tryAcquire(file, holder, created);
            if (got != null) {
                return got;
            }
            if (System.nanoTime() >= deadline) {
                throw new RetryableException(folder + " is in use by " + holderOf(file) + "; gave up after waiting "
                        + human(wait) + " (rwe.run.lock-wait)");
            }
            if (!told) {
                waiting.accept("waiting for " + folder + ", in use by " + holderOf(file) + " (at most " + human(wait) + ")");
                told = true;
            }
            try {
                Thread.sleep(Math.min(sleep, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryableException("interrupted while waiting for " + folder);
            }
            sleep = Math.min(1000, sleep * 2);
        }
    }

    /** The outermost folder of {@code folder}'s path that does not exist yet, or null when it exists. */
    private static Path firstMissing(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        Path missing = null;
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static Path lockFile(Path folder, String name) {
        try {
            return folder.toRealPath().resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + folder, e);
        }
    }

    /** The lock, or null when another thread or process holds it (or its file vanished: try again). */
    private static FolderLock tryAcquire(Path file, String holder, Path created) {
        synchronized (HELD) {
            Held h = HELD.get(file);
            if (h != null) {
                if (h.owner != Thread.currentThread()) {
                    return null;
                }
                h.count++;
                return new FolderLock(file);
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    ch.close();
                    return null;
                }
                String me = holder + " (pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + ", "
                        + UUID.randomUUID() + ")\n";
                try {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                } catch (IOException e) {
                    // We hold the lock: the file is ours to remove (a full file system must not leave it behind).
                    Files.deleteIfExists(file);
                    lock.release();
                    throw e;
                }
                if (!me.equals(read(file))) {
                    // The file was removed (with its folder) after we opened it: this lock guards nothing.
                    lock.release();
                    ch.close();
                    return null;
                }
                HELD.put(file, new Held(Thread.currentThread(), ch, lock, created));
                return new FolderLock(file);
            } catch (IOException e) {
                closeQuietly(ch);
                throw new UncheckedIOException("cannot lock " + file, e);
            }
        }
    }

    /** Who holds the lock file, as its holder wrote it (or "another run"). */
    private static String holderOf(Path file) {
        String s = read(file);
        s = s == null ? "" : s.strip();
        int token = s.lastIndexOf(", ");
        if (token > 0 && s.endsWith(")")) {
            s = s.substring(0, token) + ")"; // without the holder's unique token
        }
        return s.isEmpty() ? "another run" : s;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return (ms / 60_000) + " min";
        }
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /**
     * Releases the lock (the outermost holder's release releases the file lock) and removes the lock
     * file, so that a finished run leaves no trace of it; a run waiting on the removed file finds it gone
     * and takes a new one. When this lock created its folder (and folders above it) and they hold nothing
     * but empty folders, they are removed too.
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        synchronized (HELD) {
            Held h = HELD.get(file);
            if (h == null || --h.count > 0) {
                return;
            }
            HELD.remove(file);
            try {
                Files.deleteIfExists(file);
                if (h.created != null && holdsNothing(h.created)) {
                    AtomicFiles.delete(h.created);
                }
            } catch (IOException | UncheckedIOException e) {
                // Leaving a lock file or an empty folder behind is harmless.
            } finally {
                try {
                    h.lock.release();
                } catch (IOException e) {
                    // the channel's close below releases it too
                }
                closeQuietly(h.channel);
            }
        }
    }

    private static boolean holdsNothing(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
