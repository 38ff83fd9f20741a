package io.rwe.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pointer files (curated/CURRENT, cohort/CURRENT) written atomically get the mode every other file gets. */
class AtomicFilesTest {

    @Test
    void anAtomicallyWrittenFileHasTheUmasksModeLikeAnyOther(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.json"), "{}\n");
        Path pointer = dir.resolve("CURRENT");
        AtomicFiles.writeAtomically(pointer, "v-1\n");
        AtomicFiles.writeAtomically(pointer, "v-2\n");
        assertEquals("v-2\n", Files.readString(pointer));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(pointer));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("CURRENT", "plain.json"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }
}
