package io.rwe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Row;

/**
 * Disclosure control of a published run folder: no registry patient id, in the generator's
 * distinctive format {@code R} + 10 digits, occurs in the bytes of any file of the run folder
 * (JSON, CSV, HTML, SVG, PNG — read as raw bytes), and the analysis cohort (in the warehouse, where the
 * run's manifest names it) identifies its patients only by {@code patient_key = hex(HMAC-SHA-256(key, patient_id))}, computed here with
 * {@code javax.crypto} independently of the code under test.
 */
final class DisclosureChecks {
    /** The generator's registry id format (RegistryProfile: "R%010d"). */
    static final Pattern ID = Pattern.compile("R[0-9]{10}");

    private DisclosureChecks() {
    }

    /** Every id of the generator's format in the extracts' files. */
    static Set<String> registryIds(Path extracts) throws IOException {
        Set<String> ids = new HashSet<>();
        try (Stream<Path> s = Files.walk(extracts)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.toString().endsWith(".csv")) {
                    Matcher m = ID.matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
                    while (m.find()) {
                        ids.add(m.group());
                    }
                }
            }
        }
        return ids;
    }

    /** No file of the run folder holds the pseudonym key itself. */
    static void keyAbsent(Path run, String key) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(key),
                            run.relativize(p) + " holds the pseudonym key");
                }
            }
        }
    }

    static void registryIdsAbsent(Path extracts, Path run) throws IOException {
        Set<String> ids = registryIds(extracts);
        assertTrue(ids.size() > 300, "registry ids found in the extracts: " + ids.size());
        List<String> leaks = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                files++;
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                Matcher m = ID.matcher(bytes);
                while (m.find()) {
                    leaks.add(run.relativize(p) + ": " + m.group() + (ids.contains(m.group()) ? " (a registry id)" : ""));
                }
            }
        }
        assertTrue(files >= 10, "files in the run folder: " + files);
        assertEquals(List.of(), leaks, "registry ids in the published run folder");
    }

    /** The cohort's identifier is the keyed pseudonym of a registry id, for every patient. */
    static void cohortIsPseudonymised(Path extracts, Path run, String key) throws Exception {
        Set<String> expected = new HashSet<>();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (String id : registryIds(extracts)) {
            expected.add(HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8))));
        }
        // the run folder holds aggregates only: the cohort is in the warehouse, where the manifest says
        assertFalse(Files.exists(run.resolve("cohort")), "a patient-level dataset in the run folder");
        var restricted = io.rwe.core.Json.read(run.resolve("manifest.json")).path("restricted");
        Path version = Path.of(restricted.path("warehouse").asText()).resolve(restricted.path("cohort").asText());
        var cohort = TestSpark.session().read().parquet(version.resolve("cohort").toString());
        List<String> columns = List.of(cohort.columns());
        assertTrue(columns.contains("patient_key"), "columns: " + columns);
        assertFalse(columns.contains("patient_id"), "columns: " + columns);
        List<Row> keys = cohort.select("patient_key").collectAsList();
        assertTrue(keys.size() > 20, "cohort size " + keys.size());
        for (Row r : keys) {
            assertTrue(expected.contains(r.getString(0)), "not the HMAC of a registry id: " + r.getString(0));
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
