package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How a file is cut into read tasks ({@link ExtractReader#splitSize}): never more than the configured
 * split size, and a file of at least 4 MiB per core in a multiple of the cores' number of equal parts.
 * Every expected value is worked out by hand beside it (MiB = 2^20 bytes).
 */
class SplitSizeTest {
    private static final long MIB = 1L << 20;

    @Test
    void aFileOfTwoCoresWorthIsCutInTwoEvenIfItFitsOneSplit() {
        // 30 MiB, 64 MiB splits, 2 cores: one split would leave a core idle; 2 parts of 15 MiB.
        assertEquals(15 * MIB, ExtractReader.splitSize(30 * MIB, 64 * MIB, 2));
    }

    @Test
    void theNumberOfPartsIsRoundedUpToAMultipleOfTheCores() {
        // 300 MiB, 64 MiB splits: ceil(300/64) = 5 parts, rounded up to 6 for 2 cores: 50 MiB each.
        assertEquals(50 * MIB, ExtractReader.splitSize(300 * MIB, 64 * MIB, 2));
        // 4 cores: 5 rounded up to 8 parts: 37.5 MiB each.
        assertEquals(300 * MIB / 8, ExtractReader.splitSize(300 * MIB, 64 * MIB, 4));
    }

    @Test
    void aSmallFileIsOneTask() {
        // 6 MiB on 2 cores: 6 / 4 = 1 part of at least 4 MiB, so one task of the whole file.
        assertEquals(6 * MIB, ExtractReader.splitSize(6 * MIB, 64 * MIB, 2));
        assertEquals(500, ExtractReader.splitSize(500, 64 * MIB, 2));
    }

    @Test
    void aSmallConfiguredSplitIsKeptForSmallFiles() {
        // 500 bytes in splits of 100 (as the split-reading tests configure): 5 parts of 100, not rounded.
        assertEquals(100, ExtractReader.splitSize(500, 100, 2));
        // 1001 bytes in splits of 100: 11 parts, ceil(1001/11) = 91 bytes each.
        assertEquals(91, ExtractReader.splitSize(1001, 100, 2));
    }

    @Test
    void anEmptyFileIsOneTask() {
        assertEquals(64 * MIB, ExtractReader.splitSize(0, 64 * MIB, 2));
    }
}
