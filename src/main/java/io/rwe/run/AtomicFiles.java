package io.rwe.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * The file-system moves every published thing of the project is built on (curated versions, cohort
 * versions, run folders, pointer files): a file replaced by writing a temporary sibling and renaming it
 * over the target, a folder moved into place by one rename on the same file system, a tree deleted.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code target} through a temporary sibling of a unique name and a
     * rename over the target (atomic where the file system allows it): a reader sees the old content or
     * the new, never a part; two writers never share a temporary file.
     */
    public static void writeAtomically(Path target, String text) {
        Path abs = target.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            // Not Files.createTempFile, which makes the file 0600 whatever the umask: the file gets the mode
            // every other file of the project gets (0666 less the umask).
            Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Moves a folder into place (a rename on one file system; plain move where atomic is not supported). */
    public static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    /** Deletes a file or folder tree, if present. */
    public static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    /** The prefix of a version folder being written, renamed into place when complete. */
    public static final String TMP_PREFIX = "_tmp-";

    /** Sets a published version folder's modification time to now: the order {@link #pruneVersions} keeps. */
    public static void markPublished(Path version) {
        try {
            Files.setLastModifiedTime(version, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot touch " + version, e);
        }
    }

    /**
     * Deletes, under {@code root}, the {@code _tmp-} folders of interrupted writes and all but the
     * {@code keep} most recently published version folders, {@code current} always kept (curated versions,
     * cohort versions). Versions are ordered by the time they were published ({@link #markPublished}), then by
     * name; files (such as {@code CURRENT}) are left alone.
     */
    public static void pruneVersions(Path root, String current, int keep) {
        java.util.List<Path> older = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!Files.isDirectory(p) || n.equals(current)) {
                    continue;
                }
                if (n.startsWith(TMP_PREFIX)) {
                    delete(p);
                } else {
                    older.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        older.sort(java.util.Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toInstant();
            } catch (IOException e) {
                return java.time.Instant.EPOCH;
            }
        }).thenComparing(p -> p.getFileName().toString()).reversed());
        for (int i = Math.max(0, keep - 1); i < older.size(); i++) {
            delete(older.get(i));
        }
    }
}
