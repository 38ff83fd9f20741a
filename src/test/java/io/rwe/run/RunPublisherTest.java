package io.rwe.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic publishing: a run appears whole or not at all, and latest only ever names a complete run. */
class RunPublisherTest {

    @TempDir
    Path out;

    private static RunPublisher.Contents writing(String text) {
        return dir -> {
            Files.createDirectories(dir.resolve("tables"));
            Files.writeString(dir.resolve("results.json"), text, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("tables/t.csv"), "a\n1\n", StandardCharsets.UTF_8);
        };
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runIdIsSortableUtcStampToTheMillisecondAndInputHash() {
        String id = RunPublisher.runId(Instant.parse("2026-11-27T14:05:09.700Z"), "inputs");
        // printf inputs | sha256sum → 32381523…
        assertEquals("20261127T140509.700Z-32381523", id);
        assertTrue(id.matches("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}"));
        assertTrue(RunPublisher.runId(Instant.parse("2026-11-27T14:05:09.701Z"), "inputs").compareTo(id) > 0);
        assertTrue(RunPublisher.runId(Instant.parse("2026-11-27T14:05:10Z"), "x").compareTo(id) > 0);
    }

    /**
     * Two runs of one id at the same instant (the same inputs, started in the same millisecond) each get
     * a folder of their own; neither removes the other's staging folder; latest names one of them.
     */
    @Test
    void twoRunsOfOneIdAtOnceBothPublishTheirOwnFolder() throws Exception {
        java.util.concurrent.CountDownLatch bothWriting = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Path>> runs = new java.util.ArrayList<>();
            for (String text : List.of("one\n", "two\n")) {
                runs.add(pool.submit(() -> RunPublisher.publish(out, "20260101T000000.000Z-aaaaaaaa", dir -> {
                    bothWriting.countDown();
                    // both runs are inside their staging folders at the same time
                    assertTrue(bothWriting.await(30, java.util.concurrent.TimeUnit.SECONDS));
                    writing(text).writeTo(dir);
                })));
            }
            Path a = runs.get(0).get();
            Path b = runs.get(1).get();
            assertEquals(java.util.Set.of("20260101T000000.000Z-aaaaaaaa", "20260101T000000.000Z-aaaaaaaa-2"),
                    java.util.Set.of(a.getFileName().toString(), b.getFileName().toString()));
            assertEquals("one\n", Files.readString(a.resolve("results.json")));
            assertEquals("two\n", Files.readString(b.resolve("results.json")));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("20260101T000000.000Z-aaaaaaaa", "20260101T000000.000Z-aaaaaaaa-2", "latest"), entries(),
                "no staging folder and no lock file left");
        assertEquals("20260101T000000.000Z-aaaaaaaa-2", RunPublisher.latest(out).orElseThrow());
    }

    /** A run that starts while another writes leaves the other's (locked) staging folder alone. */
    @Test
    void aRunStartingWhileAnotherWritesLeavesItsStagingAlone() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Path> first = pool.submit(() -> RunPublisher.publish(out,
                    "20260101T000000.000Z-aaaaaaaa", dir -> {
                        Files.writeString(dir.resolve("results.json"), "first\n");
                        writing.countDown();
                        assertTrue(secondDone.await(30, java.util.concurrent.TimeUnit.SECONDS));
                    }));
            assertTrue(writing.await(30, java.util.concurrent.TimeUnit.SECONDS));
            Path second = RunPublisher.publish(out, "20260101T000001.000Z-bbbbbbbb", writing("second\n"));
            secondDone.countDown();
            assertEquals("first\n", Files.readString(first.get().resolve("results.json")));
            assertEquals("second\n", Files.readString(second.resolve("results.json")));
        } finally {
            pool.shutdownNow();
        }
        assertEquals("20260101T000001.000Z-bbbbbbbb", RunPublisher.latest(out).orElseThrow(), "latest did not move back");
    }

    @Test
    void sha256MatchesCoreutils() {
        // printf 'inputs' | sha256sum
        assertEquals("32381523e63197c929b67f793a8098bed0ae3a6fa902634fdbcc6fa4567f3346", RunPublisher.sha256("inputs"));
        // printf 'abc' | sha256sum → ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RunPublisher.sha256("abc"));
    }

    @Test
    void publishedRunIsRenamedIntoPlaceAndLatestPointsAtIt() throws Exception {
        Path run = RunPublisher.publish(out, "20260101T000000Z-aaaaaaaa", writing("{}\n"));
        assertEquals(out.resolve("20260101T000000Z-aaaaaaaa"), run);
        assertEquals("{}\n", Files.readString(run.resolve("results.json")));
        assertTrue(Files.isSymbolicLink(out.resolve("latest")));
        assertEquals("{}\n", Files.readString(out.resolve("latest/results.json")));
        assertEquals(List.of("20260101T000000Z-aaaaaaaa", "latest"), entries(), "no temporary folder is left");
    }

    @Test
    void failureMidRunLeavesEarlierRunsAndLatestIntactAndRemovesTheTemporaryFolder() throws Exception {
        RunPublisher.publish(out, "20260101T000000Z-aaaaaaaa", writing("first\n"));
        RuntimeException boom = assertThrows(RuntimeException.class,
                () -> RunPublisher.publish(out, "20260102T000000Z-bbbbbbbb", dir -> {
                    writing("second\n").writeTo(dir);
                    throw new RuntimeException("injected failure after results.json");
                }));
        assertEquals("injected failure after results.json", boom.getMessage());
        assertEquals(List.of("20260101T000000Z-aaaaaaaa", "latest"), entries());
        assertEquals("20260101T000000Z-aaaaaaaa", RunPublisher.latest(out).orElseThrow());
        assertEquals("first\n", Files.readString(out.resolve("latest/results.json")));
    }

    @Test
    void latestOnlyMovesForward() throws Exception {
        RunPublisher.publish(out, "20260105T000000Z-aaaaaaaa", writing("new\n"));
        RunPublisher.publish(out, "20260101T000000Z-bbbbbbbb", writing("old, finished late\n"));
        assertEquals("20260105T000000Z-aaaaaaaa", RunPublisher.latest(out).orElseThrow());
        RunPublisher.publish(out, "20260106T000000Z-cccccccc", writing("newest\n"));
        assertEquals("20260106T000000Z-cccccccc", RunPublisher.latest(out).orElseThrow());
    }

    @Test
    void clashingRunIdGetsASuffix() throws Exception {
        RunPublisher.publish(out, "20260101T000000Z-aaaaaaaa", writing("1\n"));
        Path second = RunPublisher.publish(out, "20260101T000000Z-aaaaaaaa", writing("2\n"));
        assertEquals("20260101T000000Z-aaaaaaaa-2", second.getFileName().toString());
        assertEquals("2\n", Files.readString(out.resolve("latest/results.json")));
        assertFalse(Files.exists(out.resolve(".tmp-20260101T000000Z-aaaaaaaa")));
    }
}
