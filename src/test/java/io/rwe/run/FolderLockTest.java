package io.rwe.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.RetryableException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time over a folder: waiting, giving up (retry may help), reentrancy, no traces left. */
class FolderLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondHolderWaitsForTheFirst() throws Exception {
        Path wh = Files.createDirectories(tmp.resolve("wh"));
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch held = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = pool.submit(() -> {
                try (FolderLock l = FolderLock.acquire(wh, FolderLock.WAREHOUSE, "jobs/analyze", Duration.ZERO, s -> { })) {
                    held.countDown();
                    Thread.sleep(300);
                    order.add("first done");
                }
                return null;
            });
            assertTrue(held.await(10, TimeUnit.SECONDS));
            List<String> waited = new ArrayList<>();
            try (FolderLock l = FolderLock.acquire(wh, FolderLock.WAREHOUSE, "jobs/analyze", Duration.ofSeconds(30), waited::add)) {
                order.add("second in");
            }
            first.get();
            assertEquals(List.of("first done", "second in"), order);
            assertEquals(1, waited.size());
            assertTrue(waited.get(0).startsWith("waiting for " + wh.toRealPath() + ", in use by jobs/analyze (pid "), waited.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(wh.resolve(FolderLock.WAREHOUSE)), "the lock file is removed on release");
        assertTrue(Files.isDirectory(wh), "a folder the lock did not create stays");
    }

    @Test
    void aHolderThatDoesNotLetGoMakesTheOtherGiveUpRetryably() throws Exception {
        Path wh = Files.createDirectories(tmp.resolve("wh"));
        // Another process's lock (here: a raw file lock of this JVM, which FileChannel reports as overlapping).
        try (FileChannel ch = FileChannel.open(wh.resolve(FolderLock.WAREHOUSE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock other = ch.lock()) {
            Files.writeString(wh.resolve(FolderLock.WAREHOUSE), "jobs/ingest (pid 4242, since 2026-12-04T01:00:00Z, token)\n");
            RetryableException e = assertThrows(RetryableException.class,
                    () -> FolderLock.acquire(wh, FolderLock.WAREHOUSE, "jobs/derive", Duration.ofMillis(200), s -> { }));
            assertEquals(wh.toRealPath() + " is in use by jobs/ingest (pid 4242, since 2026-12-04T01:00:00Z); gave up after "
                    + "waiting 0.2 s (rwe.run.lock-wait)", e.getMessage());
        }
    }

    @Test
    void theHoldingThreadMayTakeItAgain() {
        Path wh = tmp.resolve("wh");
        try (FolderLock outer = FolderLock.acquire(wh, FolderLock.WAREHOUSE, "jobs/replicate", Duration.ZERO, s -> { })) {
            Files.writeString(wh.resolve("data"), "x");
            try (FolderLock inner = FolderLock.acquire(wh, FolderLock.WAREHOUSE, "ingest", Duration.ZERO, s -> { })) {
                assertTrue(Files.exists(wh.resolve(FolderLock.WAREHOUSE)));
            }
            assertTrue(Files.exists(wh.resolve(FolderLock.WAREHOUSE)), "still held by the outer holder");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(Files.exists(wh.resolve(FolderLock.WAREHOUSE)));
        assertTrue(Files.exists(wh.resolve("data")), "a folder with data stays");
    }

    @Test
    void aFolderCreatedByTheLockAndLeftEmptyIsRemoved() throws Exception {
        Path wh = tmp.resolve("out/warehouse");
        try (FolderLock l = FolderLock.acquire(wh, FolderLock.WAREHOUSE, "jobs/replicate", Duration.ZERO, s -> { })) {
            Files.createDirectories(wh.resolve("_staging/2024-01-01"));
        }
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written: no empty warehouse (nor its parent) left behind");
        assertTrue(Files.isDirectory(tmp));
    }
}
