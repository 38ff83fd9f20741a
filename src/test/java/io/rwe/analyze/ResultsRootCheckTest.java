package io.rwe.analyze;

import io.rwe.run.RunPublisher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunPublisher#checkResultsRoot}: a results root that cannot take a run is refused before any work. */
class ResultsRootCheckTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderOrAFolderStillToBeMadeIsAccepted() throws IOException {
        assertDoesNotThrow(() -> RunPublisher.checkResultsRoot(tmp));
        assertDoesNotThrow(() -> RunPublisher.checkResultsRoot(tmp.resolve("a/b/c")));
        assertTrue(!Files.exists(tmp.resolve("a")), "the check creates nothing");
    }

    @Test
    void aFileIsRefusedByName() throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        IOException e = assertThrows(IOException.class, () -> RunPublisher.checkResultsRoot(file));
        assertTrue(e.getMessage().equals("--out " + file + ": not a folder"), e.getMessage());
    }

    @Test
    void aFolderUnderAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        IOException e = assertThrows(IOException.class, () -> RunPublisher.checkResultsRoot(file.resolve("run")));
        assertTrue(e.getMessage().contains("cannot write in " + file + " (not a folder)"), e.getMessage());
    }
}
