package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.TestSpark;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import io.rwe.synth.SeriesFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dirty registry ({@code jobs/generate --profile registry --dirty 0.05}) through {@code jobs/ingest},
 * accounted exactly against the generator's truth ({@code .truth/<extract>/_expected_quarantine.json},
 * docs/generator.md): for every file, rows read, accepted and quarantined, and the quarantined rows per
 * reason, equal the truth, and rows read = accepted + quarantined. The counts are taken three ways: the
 * warehouse's accounting ({@code accounting/<date>.json}), and the rows actually stored — accepted rows
 * in {@code extracts/<date>/<table>/}, quarantined rows per file and reason in
 * {@code quarantine/<date>/} (Parquet, counted by Spark here). The in-process, 2 000-patient version of
 * the same agreement is {@code synth/PipelineAgreesWithGeneratorTest}; this one runs the scripts as a
 * user would, at 10^5 patients (1.6 million rows, about 158,000 of them quarantined; about 2 minutes on
 * 2 cores, see docs/reliability.md).
 */
@Tag("faults")
class DirtyAccountingIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void dirty5PercentAt10To5PatientsIsAccountedExactly() throws Exception {
        accountedExactly(100_000, Duration.ofMinutes(15));
    }

    private void accountedExactly(int patients, Duration bound) throws Exception {
        Path extracts = tmp.resolve("extracts");
        Path warehouse = tmp.resolve("warehouse");
        long t0 = System.nanoTime();
        ok(Scripts.job(bound, "generate", "--profile", "registry", "--patients", Integer.toString(patients),
                "--dirty", "0.05", "--out", extracts.toString()), "generate");
        long t1 = System.nanoTime();
        ok(Scripts.job(bound, "ingest", "--extracts", extracts.toString(), "--warehouse", warehouse.toString()),
                "ingest");
        long t2 = System.nanoTime();
        System.err.printf("DirtyAccountingIT %d patients: generate %.1f s, ingest %.1f s%n", patients,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        List<Path> dates;
        try (Stream<Path> s = Files.list(extracts)) {
            dates = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        assertEquals(1, dates.size(), "one extract: " + dates);
        String date = dates.get(0).getFileName().toString();
        JsonNode truth = Json.read(SeriesFolder.quarantineTruth(extracts, LocalDate.parse(date)));
        assertEquals(patients, truth.path("patients_delivered").asLong(), "patients delivered");
        JsonNode accounting = Json.read(warehouse.resolve("accounting").resolve(date + ".json"));

        // The rows stored: accepted per table, quarantined per file and reason.
        var spark = TestSpark.session();
        Map<String, Map<String, Long>> stored = new TreeMap<>();
        for (Row r : spark.read().parquet(warehouse.resolve("quarantine").resolve(date).toString())
                .groupBy("file", "reason").count().collectAsList()) {
            String file = Path.of(r.getString(0)).getFileName().toString();
            stored.computeIfAbsent(file, f -> new TreeMap<>()).merge(r.getString(1), r.getLong(2), Long::sum);
        }

        long quarantined = 0;
        for (ExtractTable t : ExtractTable.values()) {
            String file = t.fileName();
            JsonNode want = truth.path("files").path(file);
            JsonNode got = accounting.path("files").path(file);
            assertTrue(want.isObject() && got.isObject(), file + ": truth " + want + ", accounting " + got);
            long read = got.path("rows_read").asLong();
            long accepted = got.path("rows_accepted").asLong();
            long rejected = got.path("rows_quarantined").asLong();
            assertEquals(want.path("rows_read").asLong(), read, file + ": rows read");
            assertEquals(want.path("rows_accepted").asLong(), accepted, file + ": rows accepted");
            assertEquals(want.path("rows_quarantined").asLong(), rejected, file + ": rows quarantined");
            assertEquals(read, accepted + rejected, file + ": read = accepted + quarantined");
            Map<String, Long> reasons = nonZero(want.path("reasons"));
            assertEquals(reasons, nonZero(got.path("quarantine")), file + ": accounting per reason");
            assertEquals(reasons, stored.getOrDefault(file, Map.of()), file + ": stored quarantine rows per reason");
            assertEquals(accepted, spark.read().parquet(warehouse.resolve("extracts").resolve(date)
                    .resolve(t.tableName()).toString()).count(), file + ": stored accepted rows");
            quarantined += rejected;
        }
        // 5 % of the rows of every file, and the children of rejected patients on top.
        long read = 0;
        for (ExtractTable t : ExtractTable.values()) {
            read += truth.path("files").path(t.fileName()).path("rows_read").asLong();
        }
        assertTrue(quarantined > 0.04 * read, "quarantined " + quarantined + " of " + read + " rows");
    }

    private static Map<String, Long> nonZero(JsonNode counts) {
        Map<String, Long> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asLong() != 0) {
                m.put(e.getKey(), e.getValue().asLong());
            }
        }
        return m;
    }
}
