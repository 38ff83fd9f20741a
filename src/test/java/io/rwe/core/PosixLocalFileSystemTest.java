package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hadoop's local file system with file modes set in-process: same modes, no {@code chmod} process. */
class PosixLocalFileSystemTest {

    @TempDir
    Path tmp;

    static FileSystem fileSystem() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.permissions.umask-mode", "000");
        FileSystem fs = new PosixLocalFileSystem();
        fs.initialize(URI.create("file:///"), conf);
        return fs;
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theNineBitsMapToTheirPermissions() {
        // chmod(1): 0640 is rw-r-----, 0755 rwxr-xr-x, 0001 --------x, 0400 r--------.
        assertEquals("rw-r-----", PosixFilePermissions.toString(PosixLocalFileSystem.permissions(0640)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(PosixLocalFileSystem.permissions(0755)));
        assertEquals("--------x", PosixFilePermissions.toString(PosixLocalFileSystem.permissions(0001)));
        assertEquals("r--------", PosixFilePermissions.toString(PosixLocalFileSystem.permissions(0400)));
    }

    @Test
    void foldersAndFilesGetTheModeAskedFor() throws Exception {
        try (FileSystem fs = fileSystem()) {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("a/b").toUri());
            assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
            assertEquals("rwxr-x---", mode(tmp.resolve("a/b")));
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "part-0");
            try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0604), true, 4096, (short) 1, 1 << 20, null)) {
                out.write(42);
            }
            assertEquals("rw----r--", mode(tmp.resolve("a/b/part-0")));
            // the checksum file beside it gets the same mode
            assertEquals("rw----r--", mode(tmp.resolve("a/b/.part-0.crc")));
            fs.setPermission(file, new FsPermission((short) 0640));
            assertEquals("rw-r-----", mode(tmp.resolve("a/b/part-0")));
            assertEquals("rw-r-----", mode(tmp.resolve("a/b/.part-0.crc")));
        }
    }

    @Test
    void aMissingPathIsFileNotFound() throws Exception {
        try (FileSystem fs = fileSystem()) {
            org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(tmp.resolve("missing").toUri());
            FileNotFoundException e = assertThrows(FileNotFoundException.class,
                    () -> fs.setPermission(missing, new FsPermission((short) 0644)));
            assertTrue(e.getMessage().contains(tmp.resolve("missing").toString()), e.getMessage());
        }
    }

    @Test
    void noProcessIsStartedToSetAMode() throws Exception {
        try (FileSystem fs = fileSystem()) {
            Path jfr = tmp.resolve("processes.jfr");
            try (Recording recording = new Recording()) {
                recording.enable("jdk.ProcessStart");
                recording.start();
                for (int i = 0; i < 5; i++) {
                    fs.mkdirs(new org.apache.hadoop.fs.Path(tmp.resolve("d" + i).toUri()), new FsPermission((short) 0755));
                }
                // a process started the ordinary way is seen: the recording works
                new ProcessBuilder("true").start().waitFor();
                recording.stop();
                recording.dump(jfr);
            }
            // (Hadoop's Shell class, when first loaded, starts one "setsid bash -c echo $$" of its own.) Only
            // this thread's: the recording sees the whole JVM, where an earlier test's Spark session may
            // still be cleaning up in the background (Spark deletes its artifact folders with "rm -rf").
            long me = Thread.currentThread().getId();
            List<String> commands = RecordingFile.readAllEvents(jfr).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.ProcessStart"))
                    .filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == me)
                    .map(e -> e.getString("command")).filter(c -> !c.startsWith("setsid ")).toList();
            assertEquals(List.of("true"), commands);
        }
    }

    @Test
    void localModeUsesItUnlessTheConfigurationNamesAnother() {
        SparkConf local = new SparkConf(false).setMaster("local[2]");
        Sparks.localFileSystem(local);
        assertEquals(PosixLocalFileSystem.class.getName(), local.get(Sparks.LOCAL_FILE_SYSTEM));

        SparkConf cluster = new SparkConf(false).setMaster("spark://127.0.0.1:7077");
        Sparks.localFileSystem(cluster);
        assertFalse(cluster.contains(Sparks.LOCAL_FILE_SYSTEM));

        SparkConf chosen = new SparkConf(false).setMaster("local[2]")
                .set(Sparks.LOCAL_FILE_SYSTEM, "org.apache.hadoop.fs.LocalFileSystem");
        Sparks.localFileSystem(chosen);
        assertEquals("org.apache.hadoop.fs.LocalFileSystem", chosen.get(Sparks.LOCAL_FILE_SYSTEM));
    }
}
