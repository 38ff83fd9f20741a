package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import io.rwe.synth.RegistryProfile;
import io.rwe.synth.RegistrySettings;
import io.rwe.synth.SeriesFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agreement with the generator's own truth: a dirty synthetic registry of three nightly extracts
 * (jobs/generate --dirty 0.1 --extracts 3) is ingested, and every file's rows read, accepted and
 * quarantined per reason equal the counts the generator recorded while injecting the defects
 * ({@code _expected_quarantine.json}); the curated patients equal its merged truth
 * ({@code _expected_merged.json}: patients in the registry, alive, dead). The two sides are written
 * independently from the extract spec. The five child files of each extract are ingested all at once
 * ({@code rwe.ingest.concurrent-files = 5}), so their quarantines are appended from concurrent threads.
 */
class GeneratedRegistryAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void quarantineAndMergeAgreeWithTheGeneratorsTruth() {
        Path out = tmp.resolve("extracts");
        RegistryProfile profile = new RegistryProfile(RegistrySettings.from(Configs.load()), 7, 0.1, 400)
                .withPartitions(2);
        profile.write(TestSpark.session(), out, 3);
        Path wh = tmp.resolve("warehouse");
        IngestSettings settings = IngestSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "rwe.ingest.concurrent-files = 5"));
        assertEquals(5, settings.concurrentFiles());
        IngestResult r = Extracts.ingest(out, wh, settings).result();
        assertEquals(3, r.ingested().size());
        for (ExtractAccounting e : r.accounting().extracts()) {
            JsonNode truth = Json.read(SeriesFolder.quarantineTruth(out, e.extractDate()));
            for (FileAccounting f : e.files()) {
                JsonNode t = truth.path("files").path(f.file());
                String where = e.extractDate() + "/" + f.file();
                assertEquals(t.path("rows_read").asLong(), f.rowsRead(), where + " rows_read");
                assertEquals(t.path("rows_accepted").asLong(), f.rowsAccepted(), where + " rows_accepted");
                Map<String, Long> expected = new LinkedHashMap<>();
                t.path("reasons").fields().forEachRemaining(x -> expected.put(x.getKey(), x.getValue().asLong()));
                assertEquals(expected, f.quarantine(), where + " quarantine per reason");
            }
        }
        JsonNode merged = Json.read(SeriesFolder.mergedTruth(out));
        var patients = Curated.table(TestSpark.session(), wh, ExtractTable.PATIENTS);
        assertEquals(merged.path("in_registry").asLong(), patients.count(), "patients in the curated registry");
        assertEquals(merged.path("dead").asLong(), patients.filter("death_date is not null").count(), "dead");
        assertEquals(merged.path("alive").asLong(), patients.filter("death_date is null").count(), "alive");
    }
}
