package io.rwe.derive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shuffle partitions of the derive stage ({@code rwe.spark.derive-mib-per-shuffle-partition},
 * docs/derive.md "How it runs"): at least one per so many MiB of the published curated tables, never
 * fewer than the session's {@code spark.sql.shuffle.partitions}. Derive's per-patient sort-merge joins
 * sort their rows within each partition, and its hash joins hold each partition's share of the index key
 * in a hash table that is not spilled; with a fixed count, a large registry's partitions would outgrow
 * the tasks' memory and the sorts spill to disk.
 */
public final class ShufflePartitions {

    private ShufflePartitions() {
    }

    /** {@code max(configured, ceil(inputBytes / (mibPerPartition MiB)))}. */
    public static int forInput(long inputBytes, int configured, double mibPerPartition) {
        if (!(mibPerPartition > 0)) {
            throw new IllegalArgumentException("MiB per partition must be positive: " + mibPerPartition);
        }
        double perPartition = mibPerPartition * 1024 * 1024;
        long needed = (long) Math.ceil(inputBytes / perPartition);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(configured, needed));
    }

    /** The bytes of the regular files under {@code folder} (a curated version). */
    public static long bytesUnder(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the size of " + p, e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
