package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record that contradicts itself — death or last contact dated before the index date — is excluded by
 * the data-quality step {@code follow_up_before_index}, before the study's own steps (docs/derive.md,
 * "Flow"), instead of giving 0-day endpoints with responses and adverse events after death. The step is
 * listed in the flow only when it excludes someone, so a registry without such a patient (the paper's)
 * keeps the flow's keys of the results contract (DeriveRulesTest checks those four keys exactly).
 */
class FollowUpBeforeIndexTest {

    @Test
    void deathOrLastContactBeforeTheIndexExcludesFirst() {
        CuratedFixture f = new CuratedFixture();
        // Index 2017-01-10 for all (apatinib 2017-01-10 to 2017-06-01), a measurable lung lesion.
        patient(f, "ok").set("last_contact_date", "2017-06-30");
        patient(f, "died_before_index").set("death_date", "2017-01-05").set("last_contact_date", "2017-01-05")
                .assessment("2017-02-10", "overall", "PR").adverseEvent("hypertension", 3, "2017-02-01", "none");
        patient(f, "lost_before_index").set("last_contact_date", "2017-01-01");
        // ECOG 3 (not eligible) and dead before the index: counted at the first step that applies.
        patient(f, "ineligible_and_died_before").set("ecog_ps", 3).set("death_date", "2016-12-01")
                .set("last_contact_date", "2016-12-01");
        // On the index date itself: not before it.
        patient(f, "died_on_index").set("death_date", "2017-01-10").set("last_contact_date", "2017-01-10");
        StudyDefinition study = StudyDefinition.from(Configs.load());
        try (DerivedCohort d = Derive.run(study, Pseudonym.withKey("k"), f.tables(TestSpark.session()), s -> { })) {
            // reviewed 5; follow_up_before_index: died_before_index, lost_before_index,
            // ineligible_and_died_before = 3; included: ok, died_on_index = 2 (both lung_only).
            Map<String, Long> ex = new LinkedHashMap<>();
            ex.put(CohortFlow.FOLLOW_UP_BEFORE_INDEX, 3L);
            ex.put("not_eligible", 0L);
            ex.put("no_measurable_metastasis", 0L);
            ex.put("concurrent_systemic", 0L);
            ex.put("locoregional_metastasis", 0L);
            assertEquals(5, d.flow().reviewed());
            assertEquals(ex, d.flow().excluded());
            assertEquals(List.copyOf(ex.keySet()), List.copyOf(d.flow().excluded().keySet()), "the data-quality step first");
            assertEquals(2, d.flow().included());
            assertEquals(2, d.cohort().count());
            assertEquals(Derive.columnNames(study), Arrays.asList(d.cohort().columns()));
        }
    }

    private static CuratedFixture.Patient patient(CuratedFixture f, String id) {
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("center_id", "c1");
        v.put("birth_date", "1960-06-15");
        v.put("sex", "M");
        v.put("bclc_stage", "C");
        v.put("child_pugh_class", "A");
        v.put("ecog_ps", 1);
        v.put("withdrawn", "N");
        return f.patient(id, v).treatment("apatinib", "2017-01-10", "2017-06-01").lesion("lung", "Y", "2017-01-02");
    }
}
