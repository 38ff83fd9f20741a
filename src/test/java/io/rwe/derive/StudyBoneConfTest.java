package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second study file, conf/study-bone.conf, layered over the defaults: lenvatinib, window
 * 2018-09-01..2020-12-31, cut-off 2021-06-30, wash-out 28 days, bone versus non-bone patterns. Same
 * code, another configuration. Standard patient: lenvatinib 2019-03-01..2019-09-01 (index 2019-03-01),
 * a measurable bone lesion detected 2019-02-01, last contact 2019-10-01.
 */
class StudyBoneConfTest {
    static final Pseudonym KEY = Pseudonym.withKey("bone-key");
    static Config config;
    static DerivedCohort derived;
    static final Map<String, Row> cohort = new HashMap<>();
    static final CuratedFixture F = new CuratedFixture();

    static CuratedFixture.Patient base(String id) {
        Map<String, Object> v = new HashMap<>();
        v.put("center_id", "c2");
        v.put("birth_date", "1955-01-01");
        v.put("sex", "F");
        v.put("bclc_stage", "C");
        v.put("child_pugh_class", "A");
        v.put("last_contact_date", "2019-10-01");
        return F.patient(id, v);
    }

    static CuratedFixture.Patient std(String id) {
        return base(id).treatment("lenvatinib", "2019-03-01", "2019-09-01").lesion("bone", "Y", "2019-02-01");
    }

    static Path confFile() {
        return Path.of(System.getProperty("project.basedir", ".")).resolve("conf/study-bone.conf");
    }

    @BeforeAll
    static void derive() {
        config = Configs.load(Optional.of(confFile()));
        std("bone_only");
        std("bone_and_lung").lesion("lung", "N", "2019-02-15");
        base("lung_is_non_bone").treatment("lenvatinib", "2019-03-01", "2019-09-01").lesion("lung", "Y", "2019-02-01");
        base("apatinib_patient").treatment("apatinib", "2019-03-01", null).lesion("bone", "Y", "2019-02-01");
        std("washout_27_days").treatment("sorafenib", "2018-06-01", "2019-02-02");  // 02-02 → 03-01: 27 days
        std("washout_28_days").treatment("sorafenib", "2018-06-01", "2019-02-01");  // 02-01 → 03-01: 28 days
        std("death_before_new_cutoff").set("death_date", "2019-06-01").set("last_contact_date", "2019-06-01");
        std("alive_past_cutoff").set("last_contact_date", "2021-08-01");
        derived = Derive.run(StudyDefinition.from(config), KEY, F.tables(TestSpark.session()), s -> { });
        Map<String, String> idByKey = new HashMap<>();
        for (String id : List.of("bone_only", "bone_and_lung", "lung_is_non_bone", "apatinib_patient",
                "washout_27_days", "washout_28_days", "death_before_new_cutoff", "alive_past_cutoff")) {
            idByKey.put(KEY.of(id), id);
        }
        for (Row r : derived.cohort().collectAsList()) {
            cohort.put(idByKey.get(r.<String>getAs("patient_key")), r);
        }
        derived.close();
    }

    @Test
    void theBoneStudyFileChangesDrugWindowCutoffAndWashout() {
        StudyDefinition s = StudyDefinition.from(config);
        assertEquals("lenvatinib", s.drug());
        assertEquals(LocalDate.parse("2018-09-01"), s.enrolFrom());
        assertEquals(LocalDate.parse("2021-06-30"), s.cutoff());
        assertEquals(28, s.washoutDays());
        // The analyses of the default study that do not apply are removed, the bone ones added.
        assertFalse(config.hasPath("rwe.study.analyses.mpfs_lungonly_vs_nonlung"));
        assertTrue(config.hasPath("rwe.study.analyses.mpfs_boneonly_vs_nonbone"));
        assertTrue(config.hasPath("rwe.study.analyses.pfs_all"));
    }

    @Test
    void flowAndBonePatterns() {
        // Reviewed: 7 lenvatinib patients (apatinib_patient is not on the study drug). Excluded:
        // washout_27_days (27 < 28) at concurrent_systemic. Included 6: bone_only, washout_28_days,
        // death_before_new_cutoff, alive_past_cutoff → bone_only (4); bone_and_lung → multi_organ (1);
        // lung_is_non_bone → non_bone (1).
        CohortFlow f = derived.flow();
        assertEquals(7, f.reviewed());
        Map<String, Long> ex = new LinkedHashMap<>();
        ex.put("not_eligible", 0L);
        ex.put("no_measurable_metastasis", 0L);
        ex.put("concurrent_systemic", 1L);
        ex.put("locoregional_metastasis", 0L);
        assertEquals(ex, f.excluded());
        assertEquals(6, f.included());
        assertEquals(List.of("bone_only", "multi_organ", "non_bone"), List.copyOf(f.patterns().keySet()));
        assertEquals(Map.of("bone_only", 4L, "multi_organ", 1L, "non_bone", 1L), f.patterns());
        assertEquals(6, cohort.size());
    }

    @Test
    void patternsFollowTheBoneRules() {
        assertEquals("bone_only", cohort.get("bone_only").getAs("pattern"));
        assertTrue(cohort.get("bone_only").<Boolean>getAs("bone_metastasis"));
        assertEquals("multi_organ", cohort.get("bone_and_lung").getAs("pattern"));
        assertTrue(cohort.get("bone_and_lung").<Boolean>getAs("extrahepatic_nonbone"));
        assertEquals("non_bone", cohort.get("lung_is_non_bone").getAs("pattern"));
        assertTrue(cohort.get("lung_is_non_bone").<Boolean>getAs("lung_metastasis"));
        assertFalse(cohort.get("lung_is_non_bone").<Boolean>getAs("bone_metastasis"));
    }

    @Test
    void washoutOfTwentyEightDays() {
        assertFalse(cohort.containsKey("washout_27_days"));
        assertTrue(cohort.containsKey("washout_28_days"));
        assertEquals("second_line_plus", cohort.get("washout_28_days").getAs("treatment_setting"));
    }

    @Test
    void theNewCutoffGovernsOverallSurvival() {
        // Death 2019-06-01 (before the 2021-06-30 cut-off): event at 31 + 30 + 31 = 92 days.
        Row d = cohort.get("death_before_new_cutoff");
        assertEquals(92, d.<Integer>getAs("os_days"));
        assertTrue(d.<Boolean>getAs("os_event"));
        // Last contact 2021-08-01 is after the cut-off: censored at 2021-06-30, i.e. 366 (2019-03-01 →
        // 2020-03-01 spans 2020-02-29) + 365 (→ 2021-03-01) + 31 + 30 + 31 + 29 = 852.
        Row a = cohort.get("alive_past_cutoff");
        assertEquals(852, a.<Integer>getAs("os_days"));
        assertFalse(a.<Boolean>getAs("os_event"));
    }
}
