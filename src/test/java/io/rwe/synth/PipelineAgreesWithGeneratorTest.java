package io.rwe.synth;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import io.rwe.derive.CohortFlow;
import io.rwe.derive.CuratedTables;
import io.rwe.derive.Derive;
import io.rwe.derive.DerivedCohort;
import io.rwe.core.Configs;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.core.Json;
import io.rwe.registry.ExtractTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's truths hold through the project's own stages: ingest quarantines exactly the
 * expected rows of dirty nightly extracts, its merge gives the expected registry and it finds nothing
 * in the folder that is not an extract; the paper extract, ingested and derived, gives the paper's
 * flow, counts and medians; a study of another site (conf/study-bone.conf) finds all its groups.
 */
class PipelineAgreesWithGeneratorTest {
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
    }

    private static IngestResult ingest(Path extracts, Path warehouse) {
        return ingest(extracts, warehouse, new ByteArrayOutputStream());
    }

    private static IngestResult ingest(Path extracts, Path warehouse, ByteArrayOutputStream log) {
        return Ingest.run(spark, IngestSettings.fromConfig(Configs.load()), extracts, warehouse,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void ingestQuarantinesExactlyTheExpectedRows(@TempDir Path out, @TempDir Path warehouse) {
        RegistrySettings settings = RegistrySettings.from(Configs.load());
        new RegistryProfile(settings, 99, 0.06, 2000).withPartitions(3).write(spark, out, 3);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        IngestResult result = ingest(out, warehouse, log);
        assertEquals(3, result.accounting().extracts().size());
        // The truth files sit in .truth/, which ingest skips without a word.
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("not an extract folder"), log.toString());
        for (ExtractAccounting ea : result.accounting().extracts()) {
            JsonNode truth = Json.read(SeriesFolder.quarantineTruth(out, ea.extractDate()));
            for (ExtractTable t : ExtractTable.values()) {
                FileAccounting fa = ea.file(t.fileName());
                JsonNode f = truth.get("files").get(t.fileName());
                String where = ea.extractDate() + "/" + t.fileName();
                assertEquals(f.get("rows_read").asLong(), fa.rowsRead(), where);
                assertEquals(f.get("rows_accepted").asLong(), fa.rowsAccepted(), where);
                Map<String, Long> expected = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.get("reasons").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> r = it.next();
                    expected.put(r.getKey(), r.getValue().asLong());
                }
                assertEquals(expected, new LinkedHashMap<>(fa.quarantine()), where);
            }
        }
        JsonNode merged = Json.read(SeriesFolder.mergedTruth(out));
        Dataset<Row> patients = CuratedTables.read(spark, warehouse).patients();
        assertEquals(merged.get("in_registry").asLong(), patients.count());
        assertEquals(merged.get("alive").asLong(), patients.where(col("death_date").isNull()).count());
    }

    private static List<StudyOracle.Time> times(Dataset<Row> cohort, String where, String endpoint) {
        List<StudyOracle.Time> t = new ArrayList<>();
        for (Row r : cohort.where(where).groupBy(endpoint + "_days", endpoint + "_event").count().collectAsList()) {
            for (long i = 0; i < r.getLong(2); i++) {
                t.add(new StudyOracle.Time(((Number) r.get(0)).intValue(), r.getBoolean(1)));
            }
        }
        return t;
    }

    @Test
    void paperExtractThroughIngestAndDerive(@TempDir Path out, @TempDir Path warehouse) {
        PaperProfile.write(out);
        ingest(out, warehouse);
        try (DerivedCohort d = Derive.run(Configs.load(), CuratedTables.read(spark, warehouse))) {
            CohortFlow flow = d.flow();
            assertEquals(73, flow.reviewed());
            assertEquals(Map.of("not_eligible", 0L, "no_measurable_metastasis", 4L, "concurrent_systemic", 2L,
                    "locoregional_metastasis", 6L), Map.copyOf(flow.excluded()));
            assertEquals(61, flow.included());
            assertEquals(Map.of("lung_only", 28L, "multi_organ", 13L, "non_lung", 20L), Map.copyOf(flow.patterns()));
            Dataset<Row> c = d.cohort();
            assertEquals(7, c.where("best_overall in ('PR', 'CR')").count());
            assertEquals(9, c.where("lung_metastasis and best_lung in ('PR', 'CR')").count());
            assertEquals(6, c.where("pattern = 'lung_only' and best_metastatic in ('PR', 'CR')").count());
            assertEquals(1, c.where("pattern = 'non_lung' and best_metastatic in ('PR', 'CR')").count());
            assertEquals(3, c.where("pattern = 'multi_organ' and best_lung in ('PR', 'CR')").count());
            assertEquals(0, c.where("pattern = 'multi_organ' and best_extrahepatic_nonlung in ('PR', 'CR')").count());
            assertEquals(57, c.where("any_ae").count());
            assertEquals(5, c.where("dose_reduced").count());
            assertEquals(8, c.where("interrupted").count());
            assertEquals(41, c.where("lung_metastasis").count());
            assertEquals(5, c.where("bclc_stage = 'B'").count());
            assertEquals(47, c.where("treatment_setting = 'first_line'").count());
            assertEquals(20, c.where("new_intrahepatic").count());
            // Medians in days, as R's survfit gives them for this cohort (PaperProfileTest has the R calls).
            assertEquals(103, PlainSurvival.median(times(c, "true", "pfs")), 1e-9);
            assertEquals(152, PlainSurvival.median(times(c, "lung_metastasis", "pfs")), 1e-9);
            assertEquals(152, PlainSurvival.median(times(c, "lung_metastasis", "lung_mpfs")), 1e-9);
            assertEquals(490, PlainSurvival.median(times(c, "true", "os")), 1e-9);
            assertEquals(506, PlainSurvival.median(times(c, "lung_metastasis", "os")), 1e-9);
            assertEquals(253, PlainSurvival.median(times(c, "pattern = 'non_lung'", "os")), 1e-9);
            assertEquals(192, PlainSurvival.median(times(c, "pattern = 'lung_only'", "mpfs")), 1e-9);
            assertEquals(76, PlainSurvival.median(times(c, "pattern = 'non_lung'", "mpfs")), 1e-9);
            Map<String, long[]> terms = new LinkedHashMap<>();
            for (Row r : d.adverseEvents().groupBy("term", "worst_grade").count().collectAsList()) {
                int g = ((Number) r.get(1)).intValue();
                terms.computeIfAbsent(r.getString(0), x -> new long[3])[g <= 2 ? 0 : g == 3 ? 1 : 2] += r.getLong(2);
            }
            assertEquals(List.of(14L, 3L, 0L), List.of(terms.get("hand_foot_skin_reaction")[0],
                    terms.get("hand_foot_skin_reaction")[1], terms.get("hand_foot_skin_reaction")[2]));
            assertEquals(List.of(9L, 1L, 0L), List.of(terms.get("hypertension")[0], terms.get("hypertension")[1],
                    terms.get("hypertension")[2]));
        }
    }

    /**
     * A study of bone metastasis (conf/study-bone.conf, given the generated registry's drug, window and
     * cut-off) on a 3,000-patient registry of the default seed finds patients in each of its groups
     * (bone only, bone and another extrahepatic site, no bone), and the lung study's patterns come in
     * the paper's proportions 28 : 13 : 20 (each within four binomial standard errors).
     */
    @Test
    void aStudyOfAnotherSiteFindsAllItsGroups(@TempDir Path out, @TempDir Path warehouse) {
        RegistrySettings settings = RegistrySettings.from(Configs.load());
        new RegistryProfile(settings, settings.seed(), 0, 3000).write(spark, out, 1);
        ingest(out, warehouse);
        RegistrySettings.Dates dates = settings.dates();
        Config bone = ConfigFactory.parseString("rwe.study { drug = " + settings.treatment().drug()
                        + ", enrolment { from = \"" + dates.enrolFrom() + "\", to = \"" + dates.enrolTo() + "\" }"
                        + ", cutoff = \"" + dates.cutoff() + "\" }")
                .withFallback(Configs.load(Optional.of(Path.of(System.getProperty("project.basedir", "."))
                        .resolve("conf/study-bone.conf"))));
        try (DerivedCohort d = Derive.run(bone, CuratedTables.read(spark, warehouse))) {
            Map<String, Long> patterns = d.flow().patterns();
            for (String group : List.of("bone_only", "multi_organ", "non_bone")) {
                assertTrue(patterns.getOrDefault(group, 0L) > 0, group + " is empty: " + patterns);
            }
        }
        try (DerivedCohort d = Derive.run(Configs.load(), CuratedTables.read(spark, warehouse))) {
            Map<String, Long> patterns = d.flow().patterns();
            long n = patterns.values().stream().mapToLong(Long::longValue).sum();
            double[] paper = {28 / 61.0, 13 / 61.0, 20 / 61.0};
            String[] names = {"lung_only", "multi_organ", "non_lung"};
            for (int i = 0; i < 3; i++) {
                double p = patterns.get(names[i]) / (double) n;
                assertTrue(Math.abs(p - paper[i]) < 4 * Math.sqrt(paper[i] * (1 - paper[i]) / n),
                        names[i] + ": " + patterns + " of " + n);
            }
        }
    }
}
