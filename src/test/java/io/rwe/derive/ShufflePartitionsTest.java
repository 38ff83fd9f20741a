package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The derive stage's shuffle partitions (docs/derive.md, "How it runs"); every figure by hand. */
class ShufflePartitionsTest {

    static final long MIB = 1_048_576;

    @Test
    void onePartitionPerStartedShareOfTheInput() {
        // 48 MiB = 50,331,648 bytes. The 10^7-patient warehouse's curated tables, 1,529,690,568 bytes:
        // 1,529,690,568 / 50,331,648 = 30.39, so 31 partitions.
        assertEquals(31, ShufflePartitions.forInput(1_529_690_568L, 8, 48));
        // exactly 2 × 48 MiB: 2; one byte more: 3 (when the session has fewer)
        assertEquals(2, ShufflePartitions.forInput(96 * MIB, 1, 48));
        assertEquals(3, ShufflePartitions.forInput(96 * MIB + 1, 1, 48));
        // fractional MiB: 0.5 MiB per partition, 10 MiB → 20
        assertEquals(20, ShufflePartitions.forInput(10 * MIB, 2, 0.5));
    }

    @Test
    void neverFewerThanTheSession() {
        // the 10^6-patient warehouse, 155,938,458 bytes: ceil(3.10) = 4 < 8
        assertEquals(8, ShufflePartitions.forInput(155_938_458L, 8, 48));
        assertEquals(4, ShufflePartitions.forInput(155_938_458L, 2, 48));
        assertEquals(2, ShufflePartitions.forInput(0, 2, 48));
        assertEquals(400, ShufflePartitions.forInput(1_529_690_568L, 400, 48));
    }

    @Test
    void aNonPositiveShareIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShufflePartitions.forInput(1, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> ShufflePartitions.forInput(1, 8, -1));
    }
}
