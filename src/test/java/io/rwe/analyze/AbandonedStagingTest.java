package io.rwe.analyze;

import io.rwe.run.RunPublisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed run leaves in the results root (a hidden staging folder with a free lock, a hidden
 * {@code .latest-} link) is removed by the next run; a staging folder whose lock is held, or that
 * has no lock file, is left alone.
 */
class AbandonedStagingTest {

    @Test
    void nextRunRemovesAbandonedStagingOnly(@TempDir Path out) throws Exception {
        Path dead = Files.createDirectories(out.resolve(".tmp-20260101T000000Z-aaaaaaaa/20260101T000000Z-aaaaaaaa/tables"));
        Files.writeString(dead.resolve("t.csv"), "half");
        Files.writeString(out.resolve(".tmp-20260101T000000Z-aaaaaaaa/.lock"), "");
        Files.createSymbolicLink(out.resolve(".latest-20260101T000000Z-aaaaaaaa"), Path.of("x"));
        Files.createSymbolicLink(out.resolve(".latest-20260101T000000Z-cccccccc"), Path.of("y"));
        Path live = Files.createDirectories(out.resolve(".tmp-20260101T000000Z-bbbbbbbb"));
        Path noLock = Files.createDirectories(out.resolve(".tmp-20260101T000000Z-dddddddd"));
        try (FileChannel ch = FileChannel.open(live.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            Path published = RunPublisher.publish(out, "20260102T000000Z-eeeeeeee",
                    dir -> Files.writeString(dir.resolve("results.json"), "{}"));
            assertEquals("{}", Files.readString(published.resolve("results.json")));
        }
        List<String> left;
        try (Stream<Path> s = Files.list(out)) {
            left = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(".tmp-20260101T000000Z-bbbbbbbb", ".tmp-20260101T000000Z-dddddddd",
                "20260102T000000Z-eeeeeeee", "latest"), left);
        assertTrue(Files.isDirectory(live) && Files.isDirectory(noLock));
        assertFalse(Files.exists(out.resolve(".tmp-20260102T000000Z-eeeeeeee")), "own staging removed");
    }
}
