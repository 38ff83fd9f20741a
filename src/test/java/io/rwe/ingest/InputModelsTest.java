package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of the input model of a run: by --format, or by recognising the layout. */
class InputModelsTest {

    @Test
    void theExtractFormatIsFoundByItsName(@TempDir Path root) {
        assertEquals("registry", InputModels.choose(Optional.of("registry"), root).name());
    }

    @Test
    void anUnknownFormatIsAUsageErrorNamingTheKnownOnes(@TempDir Path root) {
        UsageException e = assertThrows(UsageException.class, () -> InputModels.choose(Optional.of("hl7"), root));
        assertTrue(e.getMessage().contains("--format hl7") && e.getMessage().contains("registry"), e.getMessage());
    }

    @Test
    void aDatedFolderWithPatientsCsvIsRecognisedAsTheExtractFormat(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("2018-09-03"));
        Files.writeString(root.resolve("2018-09-03/patients.csv"), "patient_id\n");
        assertEquals("registry", InputModels.choose(Optional.empty(), root).name());
    }

    @Test
    void aLayoutNoModelRecognisesAsksForTheFormat(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("2018-09-03"));
        Files.writeString(root.resolve("2018-09-03/notes.txt"), "x");
        UsageException e = assertThrows(UsageException.class, () -> InputModels.choose(Optional.empty(), root));
        assertTrue(e.getMessage().contains("give --format"), e.getMessage());
    }
}
