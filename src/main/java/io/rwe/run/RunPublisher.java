package io.rwe.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Atomic publishing of a run folder (docs/study.md, "Results contract"; docs/analyze.md).
 *
 * <ol>
 *   <li>The run is written into {@code <out>/.tmp-<run-id>/<run-id>}, under a hidden folder (readers
 *       ignore dot-folders) but with its final name, which the report shows;</li>
 *   <li>every file and folder in it is flushed to disk ({@code fsync});</li>
 *   <li>the folder is renamed to {@code <out>/<run-id>} in one {@code rename(2)} (same file system,
 *       so atomic): a reader sees the whole run or none of it;</li>
 *   <li>{@code <out>/latest} is a symbolic link to {@code <run-id>} (relative), replaced by
 *       creating {@code <out>/.latest-<run-id>} and renaming it over {@code latest} (atomic); it only
 *       moves forward: a run whose id sorts before the current target leaves it alone. Where the file
 *       system has no symbolic links, {@code latest} is a one-line file holding the run id, replaced
 *       the same way.</li>
 * </ol>
 * When writing fails, the temporary folder is removed and the exception passes on: earlier runs
 * and {@code latest} are untouched. While a run is written, its staging folder {@code .tmp-<run-id>}
 * holds a locked file {@code .lock}; a run killed before it could clean up (SIGKILL, a lost machine)
 * leaves only that hidden folder (and perhaps a hidden {@code .latest-<run-id>} link), which the
 * next run into the same {@code out} removes once it finds the lock free.
 *
 * <p>Runs into one {@code out} never share a folder: a staging folder is claimed (created, never
 * reused) and its {@code .lock} taken while the results root's own short lock {@code .publish.lock}
 * is held, the same lock under which abandoned folders are removed and {@code latest} is moved. So a
 * run cannot remove another's fresh staging folder, and {@code latest} never moves backward when two
 * runs finish at once.
 *
 * <p>Run id: {@code <yyyyMMdd'T'HHmmss.SSS'Z'>-<8 hex>} — the UTC start time to the millisecond
 * (sortable as text) and the first 8 hex digits of the SHA-256 of the inputs (extract checksums and
 * the configuration in force); an id already taken in {@code out} (a run started in the same
 * millisecond over the same inputs, or a folder of that name) gets {@code -2}, {@code -3}, ….
 */
public final class RunPublisher {

    /** What a run writes into its (temporary) folder. */
    @FunctionalInterface
    public interface Contents {
        void writeTo(Path runDir) throws Exception;
    }

    /** The lock file in a staging folder, held by the run writing it. */
    static final String LOCK = ".lock";

    /** The results root's lock, held briefly to claim a staging folder, remove abandoned ones, move latest. */
    static final String PUBLISH_LOCK = ".publish.lock";

    /** How long a run waits for another's brief hold of {@link #PUBLISH_LOCK}. */
    private static final java.time.Duration PUBLISH_LOCK_WAIT = java.time.Duration.ofMinutes(2);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RunPublisher() {
    }

    /** The run id for a run started at {@code start} over inputs digested as {@code inputsDigest}. */
    public static String runId(Instant start, String inputsDigest) {
        return STAMP.format(start) + "-" + sha256(inputsDigest).substring(0, 8);
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses, before any work is done, a results root that cannot take a run folder: {@code out} is
     * not a folder, or the folder (or, when it does not exist yet, its nearest existing ancestor) cannot
     * be written (read-only file system, no permission). A full file system is only found when written
     * to; {@link #publish} then removes what it wrote.
     */
    public static void checkResultsRoot(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("--out " + out + ": not a folder");
        }
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && (!Files.isDirectory(existing) || !Files.isWritable(existing))) {
            throw new IOException("--out " + out + ": cannot write in " + existing
                    + (Files.isDirectory(existing) ? " (read-only or no permission)" : " (not a folder)"));
        }
    }

    /**
     * Writes a run with {@code contents} and publishes it as {@code <out>/<runId>}; returns the
     * published folder. On failure nothing is published and the temporary folder is gone.
     */
    public static Path publish(Path out, String runId, Contents contents) throws Exception {
        Files.createDirectories(out);
        Claim claim = claim(out, runId);
        Path staging = claim.staging();
        try (claim) {
            // The run is written into <staging>/<run-id>, so that it carries its final name while written.
            String id = claim.runId();
            Path tmp = Files.createDirectories(staging.resolve(id));
            Path published;
            try {
                contents.writeTo(tmp);
                syncTree(tmp);
                try (FolderLock root = publishLock(out)) {
                    published = moveIntoPlace(tmp, out, id);
                    syncDirectory(out);
                    FaultPoint.at("publish");
                    updateLatest(out, published.getFileName().toString());
                }
            } catch (Exception | Error e) {
                try {
                    deleteRecursively(staging);
                } catch (IOException | UncheckedIOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            deleteRecursively(staging);
            return published;
        }
    }

    /**
     * A claimed staging folder {@code <out>/.tmp-<runId>} and the run id it was claimed for, with its
     * {@code .lock} held until closed; the lock is held while the run is written and published, and the
     * OS releases it when the process dies, however it dies, which tells a later run that this staging
     * folder is abandoned.
     */
    record Claim(Path staging, String runId, FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Under the results root's lock: removes abandoned staging folders, then claims the first of
     * {@code runId}, {@code runId-2}, … that names neither a run nor a staging folder, by creating its
     * staging folder and locking its {@code .lock}.
     */
    static Claim claim(Path out, String runId) throws IOException {
        try (FolderLock root = publishLock(out)) {
            removeAbandoned(out);
            for (int i = 1; ; i++) {
                String id = i == 1 ? runId : runId + "-" + i;
                Path staging = out.resolve(".tmp-" + id);
                if (Files.exists(out.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Files.createDirectory(staging);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                FileChannel ch = FileChannel.open(staging.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    return new Claim(staging, id, ch, ch.lock());
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }
        }
    }

    private static FolderLock publishLock(Path out) {
        return FolderLock.acquire(out, PUBLISH_LOCK, "publishing a run", PUBLISH_LOCK_WAIT, line -> { });
    }

    /**
     * Removes what runs that died (killed, machine lost) left in {@code out}: every
     * {@code .tmp-<run-id>} staging folder whose lock no live process holds, and every
     * {@code .latest-<run-id>} link whose staging folder is gone or abandoned. Staging folders of
     * runs still going are left alone.
     */
    static void removeAbandoned(Path out) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(out)) {
            entries = s.toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".tmp-") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && abandoned(p)) {
                deleteRecursively(p);
            }
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".latest-")
                    && !Files.exists(out.resolve(".tmp-" + name.substring(".latest-".length())), LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** True when the staging folder's lock file exists and no process holds its lock. */
    private static boolean abandoned(Path staging) {
        Path lock = staging.resolve(LOCK);
        if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l != null;
        } catch (OverlappingFileLockException mine) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path moveIntoPlace(Path tmp, Path out, String runId) throws IOException {
        for (int i = 1; ; i++) {
            Path target = out.resolve(i == 1 ? runId : runId + "-" + i);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                // another run took this name between the check and the move: try the next one
            }
        }
    }

    /** The run {@code <out>/latest} points to, if any. */
    public static Optional<String> latest(Path out) {
        Path latest = out.resolve("latest");
        try {
            if (Files.isSymbolicLink(latest)) {
                return Optional.of(Files.readSymbolicLink(latest).getFileName().toString());
            }
            if (Files.isRegularFile(latest)) {
                return Optional.of(Files.readString(latest, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + latest, e);
        }
        return Optional.empty();
    }

    /** Points {@code <out>/latest} at {@code runId}, atomically, unless it already points at a later run. */
    static void updateLatest(Path out, String runId) throws IOException {
        Optional<String> current = latest(out);
        if (current.isPresent() && current.get().compareTo(runId) > 0
                && Files.isDirectory(out.resolve(current.get()))) {
            return;
        }
        Path tmpLink = out.resolve(".latest-" + runId);
        Files.deleteIfExists(tmpLink);
        try {
            Files.createSymbolicLink(tmpLink, Path.of(runId));
        } catch (UnsupportedOperationException | IOException noLinks) {
            Files.writeString(tmpLink, runId + "\n", StandardCharsets.UTF_8);
            sync(tmpLink);
        }
        Files.move(tmpLink, out.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(out);
    }

    /** Flushes every file, then every folder (deepest first), of {@code dir} to disk. */
    static void syncTree(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    sync(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path d : dirs) {
            syncDirectory(d);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Flushes a folder's entries (best effort: not every platform can open a folder). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot fsync a folder; the rename itself is still atomic.
        }
    }

    /** Removes {@code p} and everything under it, if present. */
    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path q : all) {
                Files.deleteIfExists(q);
            }
        }
    }
}
