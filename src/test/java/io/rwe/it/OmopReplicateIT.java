package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both input paths on one registry (docs/omop.md, "Generated registries"): {@code jobs/generate
 * --profile registry} with one seed, written once in the extract format and once as OMOP CDM tables
 * ({@code --format omop}), two nightly deliveries each; {@code jobs/replicate} on the extracts and
 * {@code jobs/replicate --format omop} on the OMOP tables publish byte-identical results.json. The size
 * is what CI affords; the 10^4-patient run is recorded in docs/omop.md. The generator and the extracts'
 * run are in-process ({@link InProcess}); the OMOP run is the script's.
 */
class OmopReplicateIT {

    @TempDir
    Path tmp;

    @Test
    void theSameRegistryAsOmopTablesGivesTheSameResults() throws Exception {
        String[] registry = {"--profile", "registry", "--patients", "2000", "--seed", "23", "--extracts", "2"};
        Path extracts = tmp.resolve("extracts");
        Path omop = tmp.resolve("omop");
        ok(InProcess.job("generate", concat(registry, "--out", extracts.toString())), "generate");
        ok(InProcess.job("generate", concat(registry, "--format", "omop", "--out", omop.toString())),
                "generate --format omop");
        assertTrue(Files.isRegularFile(omop.resolve("2018-09-04").resolve("person.csv")), "OMOP deliveries written");

        // The extracts run in-process, on the test JVM's session: interpreted and without adaptive execution, as
        // jobs/_launch runs a tiny input. The OMOP tables (4.6 MB, 75,000 rows: tiny too, by rows) go through the
        // script, compiled and adaptive, with 2 partitions, as a larger input is, so that the two evaluation
        // modes are compared on every build, and the script's standard error is checked for Spark's warnings.
        Path a = Path.of(ok(InProcess.job("replicate", "--extracts", extracts.toString(),
                "--out", tmp.resolve("runs-extract").toString()), "replicate").lastLine());
        Scripts.Result omopRun = ok(Scripts.job(Duration.ofMinutes(10), "replicate", "--format", "omop", "--extracts",
                omop.toString(), "--out", tmp.resolve("runs-omop").toString(), "-Dspark.sql.codegen.wholeStage=true",
                "-Dspark.sql.codegen.factoryMode=FALLBACK", "-Dspark.sql.adaptive.enabled=true",
                "-Dspark.sql.shuffle.partitions=2"), "replicate --format omop");
        // Spark warns of the OMOP path's large task binaries unless conf/log4j2.properties filters them
        Scripts.noLogWarnings(omopRun, "replicate --format omop");
        Path b = Path.of(omopRun.lastLine());
        assertEquals("false", Json.read(Files.readString(a.resolve("manifest.json"))).path("spark_settings")
                .path("spark.sql.codegen.wholeStage").asText(), "the extracts' run interpreted");
        assertEquals("true", Json.read(Files.readString(b.resolve("manifest.json"))).path("spark_settings")
                .path("spark.sql.codegen.wholeStage").asText(), "the OMOP run compiled");
        String fromExtract = Files.readString(a.resolve("results.json"));
        assertTrue(fromExtract.contains("\"included\""), "results.json has a cohort flow");
        assertEquals(fromExtract, Files.readString(b.resolve("results.json")),
                "results.json from the OMOP tables differs from the extract format's");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
