package io.rwe.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths, with its checksum files) that sets a file's mode
 * through {@code java.nio} instead of starting a {@code chmod} process.
 *
 * <p>Without Hadoop's native library, which Spark's Maven artifacts do not ship, Hadoop's
 * {@code RawLocalFileSystem} runs {@code chmod} for every folder and file it creates: Spark's Parquet
 * writer and its output committer create several of each per task. An ingest of 600 patients (two
 * extracts, 11,315 rows) started 412 {@code chmod} processes, and each launch from the JVM costs CPU and
 * system time of its own. The mode set is the same (the nine permission bits; a mode with the sticky bit,
 * which {@code java.nio} cannot set, still goes to Hadoop's own code); a missing path is a
 * {@link FileNotFoundException} naming it, where Hadoop's own gave {@code chmod}'s exit code.
 *
 * <p>{@link Sparks#session} uses it in local mode ({@code spark.hadoop.fs.file.impl}), unless the
 * configuration names a file system for {@code file:} itself. On a cluster the cluster's settings stay.
 */
public class PosixLocalFileSystem extends LocalFileSystem {

    public PosixLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) local file system underneath, with the {@code java.nio} mode change. */
    public static class Raw extends RawLocalFileSystem {

        private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            short mode = permission.toShort();
            if (!POSIX || (mode & ~0777) != 0) {
                super.setPermission(p, permission);
                return;
            }
            java.io.File file = pathToFile(p);
            try {
                Files.setPosixFilePermissions(file.toPath(), permissions(mode));
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + file + " does not exist");
            }
        }
    }

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /** The permissions of the nine low bits of {@code mode} (bit 0: others' execute ... bit 8: owner's read). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }
}
