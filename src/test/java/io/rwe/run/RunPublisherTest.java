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
    void runIdIsSortableUtcStampAndInputHash() {
        String id = RunPublisher.runId(Instant.parse("2026-11-27T14:05:09.700Z"), "inputs");
        // printf inputs | sha256sum → 32381523…
        assertEquals("20261127T140509Z-32381523", id);
        assertTrue(id.matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}"));
        assertTrue(RunPublisher.runId(Instant.parse("2026-11-27T14:05:10Z"), "x").compareTo(id) > 0);
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
