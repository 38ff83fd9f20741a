package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.BadInputException;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict mode: a file whose quarantined fraction exceeds the threshold fails the run, ingesting nothing. */
class StrictModeTest {
    @TempDir
    Path tmp;

    @Test
    void strictModeRefusesAFileAboveTheThreshold() {
        Path root = tmp.resolve("extracts");
        // 1 of 4 patients quarantined: 25% > 20%.
        Extracts.folder().rows(ExtractTable.PATIENTS,
                "A,C1,1950-01-01,M,C,A,,,,2024-01-01,,",
                "B,C1,1950-01-01,M,C,A,,,,2024-01-01,,",
                "C,C1,1950-01-01,M,C,A,,,,2024-01-01,,",
                "D,C1,1950-01-01,X,C,A,,,,2024-01-01,,").write(root, "2024-01-31");
        Path wh = tmp.resolve("warehouse");
        IngestSettings strict = IngestSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "rwe.ingest { strict = true, max-quarantined-fraction = 0.2 }"));
        BadInputException e = assertThrows(BadInputException.class, () -> Extracts.ingest(root, wh, strict));
        assertTrue(e.getMessage().startsWith(root.resolve("2024-01-31").resolve("patients.csv") + ": 1 of 4 rows quarantined (25.00%)"),
                e.getMessage());
        assertFalse(Files.exists(wh.resolve("accounting").resolve("2024-01-31.json")));
        assertFalse(Files.exists(wh.resolve("extracts").resolve("2024-01-31")));
        assertFalse(Files.exists(wh.resolve("curated").resolve("CURRENT")));
        // Without strict mode (or with a threshold of 25%) the same extract is ingested.
        IngestSettings lenient = IngestSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "rwe.ingest { strict = true, max-quarantined-fraction = 0.25 }"));
        Extracts.Run r = Extracts.ingest(root, wh, lenient);
        assertEquals(3, r.result().accounting().rowsAccepted());
    }
}
