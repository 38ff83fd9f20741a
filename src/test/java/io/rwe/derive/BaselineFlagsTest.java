package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baseline flags (docs/study.md "Cohort"; docs/derive.md): a flag is its configured expression over the
 * site-group flags for a patient with a metastatic lesion detected on or before the index, and false for
 * a patient without one, whatever the expression ({@code NOT <group>} included). A site group may share
 * its name with a patient column ({@code sex} here) without changing that column. The study below drops
 * the flow step "no measurable metastasis", so that patients without a lesion at the index reach the
 * cohort. Index 2017-01-10 for everyone.
 */
class BaselineFlagsTest {

    static final Pseudonym KEY = Pseudonym.withKey("flags-key");
    static final CuratedFixture F = new CuratedFixture();
    static final Map<String, Row> cohort = new HashMap<>();

    @TempDir
    static Path tmp;

    static CuratedFixture.Patient patient(String id, String sex) {
        Map<String, Object> v = new HashMap<>();
        v.put("center_id", "c1");
        v.put("birth_date", "1960-06-15");
        v.put("sex", sex);
        v.put("bclc_stage", "C");
        v.put("child_pugh_class", "A");
        v.put("last_contact_date", "2017-06-30");
        return F.patient(id, v).treatment("apatinib", "2017-01-10", "2017-06-01");
    }

    @BeforeAll
    static void derive() throws Exception {
        Path conf = tmp.resolve("flags.conf");
        Files.writeString(conf, """
                rwe.study {
                  flow-steps = [not_eligible, concurrent_systemic, locoregional_metastasis]
                  site-groups { sex = [bone] }
                  baseline-flags = [
                    { name = lung_metastasis,      when = "lung" }
                    { name = extrahepatic_nonlung, when = "extrahepatic_nonlung" }
                    { name = new_intrahepatic,     when = "intrahepatic_new" }
                    { name = no_bone_lesion,       when = "NOT sex" }
                  ]
                }
                """);
        patient("lung_at_index", "F").lesion("lung", "Y", "2017-01-02");
        patient("bone_at_index", "M").lesion("bone", "N", "2017-01-10");
        patient("lung_after_index", "F").lesion("lung", "Y", "2017-01-11");
        patient("liver_primary_only", "M").lesion("liver_primary", "Y", "2017-01-02");
        patient("no_lesion", "M");
        try (DerivedCohort d = Derive.run(StudyDefinition.from(Configs.load(Optional.of(conf))), KEY,
                F.tables(TestSpark.session()), s -> { })) {
            Map<String, String> idByKey = new HashMap<>();
            for (String id : List.of("lung_at_index", "bone_at_index", "lung_after_index", "liver_primary_only",
                    "no_lesion")) {
                idByKey.put(KEY.of(id), id);
            }
            for (Row r : d.cohort().collectAsList()) {
                cohort.put(idByKey.get(r.<String>getAs("patient_key")), r);
            }
        }
    }

    static boolean flag(String id, String name) {
        Row r = cohort.get(id);
        assertNotNull(r, id + " should be in the cohort");
        return r.<Boolean>getAs(name);
    }

    @Test
    void aNegatedGroupHoldsOnlyForPatientsWithAMetastaticLesionAtTheIndex() {
        assertEquals(5, cohort.size(), cohort.keySet().toString());
        assertTrue(flag("lung_at_index", "no_bone_lesion"));
        assertFalse(flag("bone_at_index", "no_bone_lesion"));       // detected on the index date: counts
        assertFalse(flag("lung_after_index", "no_bone_lesion"));    // no lesion at the index
        assertFalse(flag("liver_primary_only", "no_bone_lesion"));  // liver_primary is not a metastatic site
        assertFalse(flag("no_lesion", "no_bone_lesion"));
    }

    @Test
    void groupFlagsAndTheMeasurableLesion() {
        assertTrue(flag("lung_at_index", "lung_metastasis"));
        assertFalse(flag("lung_after_index", "lung_metastasis"));
        assertFalse(flag("bone_at_index", "lung_metastasis"));
        assertTrue(flag("bone_at_index", "extrahepatic_nonlung"));
        assertEquals("lung_only", cohort.get("lung_at_index").getAs("pattern"));
        assertEquals("non_lung", cohort.get("lung_after_index").getAs("pattern"));
        assertEquals("non_lung", cohort.get("no_lesion").getAs("pattern"));
    }

    @Test
    void aSiteGroupNamedLikeAPatientColumnLeavesTheColumn() {
        assertEquals("F", cohort.get("lung_at_index").getAs("sex"));
        assertEquals("M", cohort.get("bone_at_index").getAs("sex"));
        assertEquals("M", cohort.get("no_lesion").getAs("sex"));
    }
}
