package io.rwe.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.results.KmResult;
import io.rwe.results.RateResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyze stage on the second study, conf/study-bone.conf, with no code of its own: the fixture
 * cohort of {@link AnalyzeFixture} given the bone study's columns as the generated registry has them
 * (bone metastasis only in multi-organ patients: bone_metastasis = lung and extrahepatic non-lung,
 * extrahepatic_nonbone = lung), so that bone_only has no patient. Expected numbers from R 4.2 /
 * survival 3.5 (md = 30.4375; {@code bone <- d$lung_metastasis & d$extrahepatic_nonlung}).
 */
class BoneStudyAnalyzeTest {

    static Config config;
    static AnalyzeStage.Output output;
    static JsonNode results;

    static Dataset<Row> boneCohort() {
        return AnalyzeFixture.cohort()
                .withColumn("bone_metastasis", col("lung_metastasis").and(col("extrahepatic_nonlung")))
                .withColumn("extrahepatic_nonbone", col("lung_metastasis"))
                .withColumn("pattern", expr("CASE WHEN bone_metastasis AND NOT extrahepatic_nonbone THEN 'bone_only'"
                        + " WHEN bone_metastasis THEN 'multi_organ' ELSE 'non_bone' END"));
    }

    @BeforeAll
    static void analyze() {
        config = Configs.load(Optional.of(Path.of(System.getProperty("project.basedir", "."), "conf/study-bone.conf")));
        // the derive stage's flow, its patterns in another order than the study's
        JsonNode flow = Json.read("{\"reviewed\": 40, \"excluded\": {\"concurrent_systemic\": 3, \"not_eligible\": 4,"
                + " \"no_measurable_metastasis\": 2, \"locoregional_metastasis\": 1}, \"included\": 30,"
                + " \"patterns\": {\"non_bone\": 22, \"bone_only\": 0, \"multi_organ\": 8}}");
        output = AnalyzeStage.run(AnalyzeFixture.spark(), config, boneCohort(), AnalyzeFixture.adverseEvents(), flow);
        results = Json.read(Json.write(output.results()));
    }

    static void near(double expected, JsonNode actual) {
        AnalyzeStageTest.near(expected, actual);
    }

    @Test
    void theFlowFollowsTheStudysStepsAndPatterns() {
        JsonNode f = results.path("cohort_flow");
        assertEquals(List.of("not_eligible", "no_measurable_metastasis", "concurrent_systemic", "locoregional_metastasis"),
                AnalyzeStageTest.fieldNames(f.path("excluded")));
        assertEquals(List.of("bone_only", "multi_organ", "non_bone"), AnalyzeStageTest.fieldNames(f.path("patterns")));
        long sum = 0;
        for (JsonNode n : f.path("patterns")) {
            sum += n.asLong();
        }
        assertEquals(f.path("included").asLong(), sum);
    }

    @Test
    void tableOneHasTheBoneStudysOwnFlags() {
        JsonNode v = results.path("baseline").path("variables");
        assertTrue(v.has("bone_metastasis") && v.has("extrahepatic_nonbone"));
        assertFalse(v.has("lung_metastasis") || v.has("extrahepatic_nonlung"));
        // sum(d$lung_metastasis & d$extrahepatic_nonlung) = 8
        assertEquals(8, v.path("bone_metastasis").path("yes").path("n").asLong());
        assertEquals(18, v.path("extrahepatic_nonbone").path("yes").path("n").asLong());
    }

    @Test
    void everyAnalysisOfTheBoneFileAndNoOther() {
        assertEquals(List.of("cohort_flow", "baseline", "baseline_by_group", "mpfs_boneonly_vs_nonbone", "os_all", "os_bone",
                "os_bone_vs_nonbone", "pfs_all", "pfs_bone", "morr_boneonly_vs_nonbone", "orr_all", "adverse_events"),
                AnalyzeStageTest.fieldNames(results));
    }

    @Test
    void comparisonOfBoneWithNonBone() {
        // x: os by g = bone (8) / non_bone (22), levels c("non_bone", "bone"); s <- survdiff(Surv(t, e) ~ g, data = x)
        JsonNode a = results.path("os_bone_vs_nonbone");
        assertEquals(8, a.path("groups").path("bone").path("n").asLong());
        assertEquals(22, a.path("groups").path("non_bone").path("n").asLong());
        near(0.46200206847950209, a.path("logrank").path("chisq"));
        near(0.49668978730528679, a.path("logrank").path("p"));
        // exp((O - E) / V) of bone, CI exp(ln HR -/+ qnorm(0.975) / sqrt(V))
        near(1.55617298677336513, a.path("hr").path("estimate"));
        near(0.43476154464254257, a.path("hr").path("ci").get(0));
        near(5.57012089639670638, a.path("hr").path("ci").get(1));
        assertEquals("non_bone", a.path("hr").path("reference").asText());
        // summary(coxph(Surv(t, e) ~ g, data = x))$conf.int
        near(1.5248466220740315, a.path("cox").path("hr"));
        near(0.44832305520973909, a.path("cox").path("ci").get(0));
        near(5.1863431822902912, a.path("cox").path("ci").get(1));
        // summary(survfit(Surv(t, e) ~ g, data = x), rmean = "common")$table
        near(24.739219712525667, a.path("groups").path("bone").path("median"));
        near(13.798767967145791, a.path("groups").path("bone").path("median_ci").get(0));
        near(20.402464065708418, a.path("groups").path("bone").path("rmst").path("estimate"));
        near(27.597535934291582, a.path("groups").path("non_bone").path("median"));
        assertFalse(a.has("not_estimable"));
        // survfit(Surv(pfs_days / md, pfs_event) ~ 1, data = d[bone, ])
        JsonNode p = results.path("pfs_bone").path("groups").path("bone");
        assertEquals(8, p.path("n").asLong());
        assertEquals(4, p.path("events").asLong());
        near(12.648870636550308, p.path("median"));
    }

    @Test
    void aComparisonWithAnEmptyGroupIsNotEstimableAndTheRunCompletes() {
        JsonNode m = results.path("mpfs_boneonly_vs_nonbone");
        assertEquals(0, m.path("groups").path("bone_only").path("n").asLong());
        assertEquals(22, m.path("groups").path("non_bone").path("n").asLong());
        assertFalse(m.has("logrank") || m.has("hr") || m.has("cox") || m.has("cox_adjusted") || m.has("rmst_diff"));
        JsonNode ne = m.path("not_estimable");
        assertEquals("no patients", ne.path("groups.bone_only").asText());
        for (String part : List.of("logrank", "hr", "cox", "cox_adjusted", "rmst_diff")) {
            assertEquals("fewer than two groups with patients (none in bone_only)", ne.path(part).asText(), part);
        }
        // the rate over 0 patients, and its tests
        JsonNode r = results.path("morr_boneonly_vs_nonbone");
        assertTrue(r.path("groups").path("bone_only").path("rate").isNull());
        assertTrue(r.path("tests").isNull());
        assertEquals("no patients in bone_only", r.path("not_estimable").path("tests").asText());
        // the typed results carry the same
        KmResult typed = (KmResult) output.published().analysis("mpfs_boneonly_vs_nonbone");
        assertNull(typed.comparison().logrank());
        assertEquals("no patients", typed.notEstimable().reason("groups.bone_only"));
        RateResult rate = (RateResult) output.published().analysis("morr_boneonly_vs_nonbone");
        assertNull(rate.tests());
        // the tables say NA where nothing was estimated
        assertTrue(output.tables().get("comparisons.csv").text().contains("mpfs_boneonly_vs_nonbone,NA,NA,NA"));
    }
}
