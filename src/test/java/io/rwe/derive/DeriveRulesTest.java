package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.sql.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One hand-built patient per rule of docs/study.md ("Cohort", "Endpoints", "Best response", "Adverse
 * events"), all derived together with the default study (conf/study.conf: apatinib, window
 * 2015-11-07..2018-05-08, cut-off 2018-08-07, wash-out 14 days). Every expected value is derived by
 * hand beside it.
 *
 * <p>The standard patient ({@link #std}): born 1960-06-15, apatinib 2017-01-10 to 2017-06-01 (index
 * 2017-01-10, course end 2017-06-01), a measurable lung lesion detected 2017-01-02, last contact
 * 2017-06-30, alive; age 56 at the index (2017 − 1960 = 57, birthday 15 June not reached).
 * Days from 2017-01-10: 02-10 = 31; 02-20 = 41; 03-10 = 31+28 = 59; 03-12 = 61; 04-10 = 59+31 = 90;
 * 05-10 = 90+30 = 120; 06-10 = 120+31 = 151; 06-30 = 171; 2018-01-10 = 365; 2018-07-01 = 365 + (21
 * rest of Jan + 28 + 31 + 30 + 31 + 30 + 1) = 537; 2018-08-07 = 365 + (21+28+31+30+31+30+31+7) = 574.
 */
class DeriveRulesTest {

    static final Pseudonym KEY = Pseudonym.withKey("fixture-key");
    static DerivedCohort derived;
    static Map<String, Row> cohort;
    static Map<String, Map<String, Integer>> worstGrades;
    static final CuratedFixture F = new CuratedFixture();

    static CuratedFixture.Patient base(String id) {
        Map<String, Object> v = new HashMap<>();
        v.put("center_id", "c1");
        v.put("birth_date", "1960-06-15");
        v.put("sex", "M");
        v.put("smoking", "never");
        v.put("bclc_stage", "C");
        v.put("child_pugh_class", "A");
        v.put("ecog_ps", 1);
        v.put("portal_vein_invasion", "N");
        v.put("hbv_dna_iu_ml", 500.0);
        v.put("antiviral_treatment", "Y");
        v.put("afp_ug_l", 100.0);
        v.put("last_contact_date", "2017-06-30");
        v.put("withdrawn", "N");
        return F.patient(id, v);
    }

    static CuratedFixture.Patient std(String id) {
        return base(id).treatment("apatinib", "2017-01-10", "2017-06-01").lesion("lung", "Y", "2017-01-02");
    }

    @BeforeAll
    static void derive() {
        // --- endpoints ---
        std("pd_and_death_same_day").set("death_date", "2017-03-12").set("last_contact_date", "2017-03-12")
                .assessment("2017-02-10", "overall", "SD").assessment("2017-03-12", "overall", "PD");
        std("death_after_cutoff").set("death_date", "2018-09-01").set("last_contact_date", "2018-09-01")
                .assessment("2017-04-10", "overall", "SD");
        std("assessment_after_cutoff").set("last_contact_date", "2018-09-30")
                .assessment("2018-07-01", "overall", "SD").assessment("2018-08-20", "overall", "PD");
        std("assessment_on_index_date")
                .assessment("2017-01-10", "overall", "PD").assessment("2017-02-20", "overall", "PR");
        std("no_assessments");
        std("no_assessments_death").set("death_date", "2017-05-10").set("last_contact_date", "2017-05-10");
        std("ne_only").assessment("2017-03-10", "overall", "NE").assessment("2017-05-10", "overall", "NE");
        std("pd_in_other_scope").lesion("bone", "Y", "2017-01-02")
                .assessment("2017-03-10", "lung", "SD")
                .assessment("2017-04-10", "extrahepatic_nonlung", "PD")
                .assessment("2017-04-10", "metastatic", "PD")
                .assessment("2017-04-10", "overall", "PD")
                .assessment("2017-06-10", "lung", "PR")
                .assessment("2017-06-10", "overall", "PR");
        std("best_response_up_to_first_pd")
                .assessment("2017-02-10", "overall", "SD").assessment("2017-03-10", "overall", "PD")
                .assessment("2017-04-10", "overall", "CR")
                .assessment("2017-02-10", "metastatic", "NE").assessment("2017-03-10", "metastatic", "PR")
                .assessment("2017-02-10", "lung", "SD").assessment("2017-03-10", "lung", "PD")
                .assessment("2017-03-10", "lung", "PR").assessment("2017-04-10", "lung", "CR")
                .assessment("2017-02-10", "extrahepatic_nonlung", "NE")
                .assessment("2017-03-10", "extrahepatic_nonlung", "PD")
                .assessment("2017-04-10", "extrahepatic_nonlung", "CR");
        // --- wash-out and concurrent therapy (index 2017-01-10) ---
        std("washout_13_days").treatment("sorafenib", "2016-06-01", "2016-12-28");   // 12-28 → 01-10: 3 + 10 = 13
        std("washout_14_days").treatment("sorafenib", "2016-06-01", "2016-12-27");   // 12-27 → 01-10: 14
        std("ongoing_concurrent_drug").treatment("sorafenib", "2016-06-01", null);
        std("other_drug_during_course").treatment("lenvatinib", "2017-03-01", "2017-04-01");
        std("other_drug_after_course_end").treatment("lenvatinib", "2017-07-01", "2017-09-01");
        std("concurrent_and_locoregional").treatment("sorafenib", "2016-06-01", null)
                .procedure("rfa", "2016-10-01", "metastasis");
        // --- locoregional treatment ---
        std("locoregional_primary").procedure("tace", "2016-10-01", "primary");
        std("locoregional_primary_on_index").procedure("tace", "2017-01-10", "primary");
        std("locoregional_metastasis_before_index").procedure("rfa", "2016-10-01", "metastasis");
        std("locoregional_metastasis_on_course_end").procedure("rfa", "2017-06-01", "metastasis");
        std("locoregional_metastasis_after_course_end").procedure("ebrt", "2017-06-02", "metastasis");
        // --- study-drug starts ---
        base("several_study_drug_starts").lesion("lung", "Y", "2016-01-15")
                .treatment("apatinib", "2015-06-01", "2015-09-01")
                .treatment("apatinib", "2016-02-01", "2016-05-01")
                .treatment("apatinib", "2016-08-01", null)
                .assessment("2016-06-01", "overall", "PD");
        base("ongoing_study_drug").lesion("lung", "Y", "2017-01-02").treatment("apatinib", "2017-01-10", null)
                .procedure("rfa", "2018-08-08", "metastasis");
        base("window_first_day").lesion("lung", "Y", "2015-11-01").treatment("apatinib", "2015-11-07", "2016-01-01");
        // (last contact after its index: the standard 2017-06-30 would precede it, follow_up_before_index)
        base("window_last_day").lesion("lung", "Y", "2018-05-01").treatment("apatinib", "2018-05-08", null)
                .set("last_contact_date", "2018-07-31");
        base("start_after_window").lesion("lung", "Y", "2018-05-01").treatment("apatinib", "2018-05-09", null);
        base("start_before_window_only").lesion("lung", "Y", "2015-11-01").treatment("apatinib", "2015-11-06", null);
        base("other_drug_only").lesion("lung", "Y", "2017-01-01").treatment("sorafenib", "2017-01-10", null);
        std("withdrawn").set("withdrawn", "Y");
        // --- eligibility ---
        std("ecog_missing").set("ecog_ps", null);
        std("ecog_3").set("ecog_ps", 3).adverseEvent("fatigue", 2, "2017-02-01", "interrupted");
        std("age_17").set("birth_date", "1999-06-15");
        std("age_18_on_birthday").set("birth_date", "1999-01-10");
        std("bclc_a").set("bclc_stage", "A");
        std("child_pugh_c").set("child_pugh_class", "C");
        base("not_eligible_and_no_lesion").set("ecog_ps", 3).treatment("apatinib", "2017-01-10", "2017-06-01");
        // --- measurable metastasis ---
        base("no_measurable_metastasis").treatment("apatinib", "2017-01-10", "2017-06-01")
                .lesion("lung", "N", "2017-01-02").lesion("liver_primary", "Y", "2017-01-02");
        base("lesion_after_index").treatment("apatinib", "2017-01-10", "2017-06-01")
                .lesion("lung", "Y", "2017-01-11");
        // --- patterns ---
        std("lung_only_with_new_intrahepatic").lesion("liver_new", "Y", "2016-12-01");
        std("pattern_multi_organ").lesion("lymph_node", "N", "2016-12-01");
        base("pattern_non_lung").treatment("apatinib", "2017-01-10", "2017-06-01")
                .lesion("bone", "Y", "2017-01-02").lesion("lung", "Y", "2017-02-01");
        // --- Table 1 ---
        std("table1_high").set("birth_date", "1950-01-01").set("sex", "F").set("smoking", "ever")
                .set("portal_vein_invasion", "Y").set("antiviral_treatment", "N").set("bclc_stage", "B")
                .set("child_pugh_class", "B").set("hbv_dna_iu_ml", 1000.0).set("afp_ug_l", 400.0);
        std("table1_missing").set("smoking", null).set("portal_vein_invasion", null)
                .set("antiviral_treatment", null).set("hbv_dna_iu_ml", null).set("afp_ug_l", null)
                .set("ecog_ps", null);
        std("table1_just_below").set("birth_date", "1952-01-11").set("hbv_dna_iu_ml", 999.9)
                .set("afp_ug_l", 399.9);
        // --- adverse events ---
        std("ae_window")
                .adverseEvent("hypertension", 2, "2017-01-09", "interrupted")   // day before the index: out
                .adverseEvent("hypertension", 3, "2017-01-10", "none")          // on the index: in
                .adverseEvent("hypertension", 1, "2017-03-01", null)
                .adverseEvent("hand_foot_skin_reaction", 2, "2018-08-07", "dose_reduced")  // on the cut-off: in
                .adverseEvent("diarrhea", 4, "2018-08-08", "interrupted")        // after the cut-off: out
                .adverseEvent("fatigue", 1, "2017-02-01", "discontinued");
        std("ae_before_index_only").adverseEvent("vomiting", 3, "2016-12-01", "interrupted");
        std("ae_dose_reduced_on_index_only")
                .adverseEvent("fatigue", 1, "2017-01-10", "dose_reduced")    // on the index: in
                .adverseEvent("rash", 2, "2017-01-09", "interrupted")        // the day before: out
                .adverseEvent("nausea", 1, "2018-08-08", "interrupted");     // the day after the cut-off: out

        derived = Derive.run(StudyDefinition.from(Configs.load()), KEY, F.tables(TestSpark.session()), s -> { });
        cohort = new HashMap<>();
        Map<String, String> idByKey = new HashMap<>();
        for (Map<String, Object> p : patientIds()) {
            idByKey.put(KEY.of((String) p.get("patient_id")), (String) p.get("patient_id"));
        }
        for (Row r : derived.cohort().collectAsList()) {
            cohort.put(idByKey.get(r.<String>getAs("patient_key")), r);
        }
        worstGrades = new HashMap<>();
        for (Row r : derived.adverseEvents().collectAsList()) {
            worstGrades.computeIfAbsent(idByKey.get(r.<String>getAs("patient_key")), k -> new HashMap<>())
                    .put(r.getAs("term"), r.<Integer>getAs("worst_grade"));
        }
    }

    private static List<Map<String, Object>> patientIds() {
        return F.table(TestSpark.session(), io.rwe.registry.ExtractTable.PATIENTS).select("patient_id")
                .collectAsList().stream().map(r -> Map.<String, Object>of("patient_id", r.getString(0))).toList();
    }

    @AfterAll
    static void release() {
        derived.close();
    }

    static Row p(String id) {
        Row r = cohort.get(id);
        assertNotNull(r, id + " should be in the analysis cohort");
        return r;
    }

    static int days(String id, String endpoint) {
        return p(id).<Integer>getAs(endpoint + "_days");
    }

    static boolean event(String id, String endpoint) {
        return p(id).<Boolean>getAs(endpoint + "_event");
    }

    static String str(String id, String column) {
        return p(id).getAs(column);
    }

    // ---------------------------------------------------------------- flow

    @Test
    void flowCountsEachPatientAtTheFirstExcludingStep() {
        // Reviewed: every patient with an apatinib start in the window, i.e. all but start_after_window,
        // start_before_window_only, other_drug_only and withdrawn: 46 patients − 4 = 42.
        // not_eligible: ecog_3, age_17, bclc_a, child_pugh_c, not_eligible_and_no_lesion = 5
        // no_measurable_metastasis: no_measurable_metastasis, lesion_after_index = 2
        // concurrent_systemic: washout_13_days, ongoing_concurrent_drug, other_drug_during_course,
        //   concurrent_and_locoregional (step 3 comes before step 4) = 4
        // locoregional_metastasis: before_index, on_course_end = 2
        // included = 42 − 13 = 29; multi_organ: pd_in_other_scope, pattern_multi_organ = 2;
        // non_lung: pattern_non_lung = 1; lung_only: 29 − 3 = 26.
        CohortFlow f = derived.flow();
        assertEquals(42, f.reviewed());
        Map<String, Long> ex = new LinkedHashMap<>();
        ex.put("not_eligible", 5L);
        ex.put("no_measurable_metastasis", 2L);
        ex.put("concurrent_systemic", 4L);
        ex.put("locoregional_metastasis", 2L);
        assertEquals(ex, f.excluded());
        assertEquals(List.of("not_eligible", "no_measurable_metastasis", "concurrent_systemic",
                "locoregional_metastasis"), List.copyOf(f.excluded().keySet()));
        assertEquals(29, f.included());
        assertEquals(Map.of("lung_only", 26L, "multi_organ", 2L, "non_lung", 1L), f.patterns());
        assertEquals(List.of("lung_only", "multi_organ", "non_lung"), List.copyOf(f.patterns().keySet()));
    }

    @Test
    void cohortRowCountEqualsFlowIncluded() {
        assertEquals(derived.flow().included(), cohort.size());
        assertEquals(29, derived.cohort().count());
    }

    // ---------------------------------------------------------------- endpoints

    @Test
    void pdAndDeathOnTheSameDayAreOneEvent() {
        // PD and death both 2017-03-12: event at day 61 for pfs and os.
        assertEquals(61, days("pd_and_death_same_day", "pfs"));
        assertTrue(event("pd_and_death_same_day", "pfs"));
        assertEquals(61, days("pd_and_death_same_day", "os"));
        assertTrue(event("pd_and_death_same_day", "os"));
        // mpfs: no metastatic assessment, death on 03-12 is the event (day 61).
        assertEquals(61, days("pd_and_death_same_day", "mpfs"));
        assertTrue(event("pd_and_death_same_day", "mpfs"));
        // Best of {SD 02-10, PD 03-12} = SD.
        assertEquals("SD", str("pd_and_death_same_day", "best_overall"));
    }

    @Test
    void deathAfterTheCutoffIsNoEvent() {
        // Death 2018-09-01 > cut-off: pfs censored at the last assessment 2017-04-10 (day 90);
        // os censored at min(last contact 2018-09-01, cut-off 2018-08-07) = day 574.
        assertEquals(90, days("death_after_cutoff", "pfs"));
        assertFalse(event("death_after_cutoff", "pfs"));
        assertEquals(574, days("death_after_cutoff", "os"));
        assertFalse(event("death_after_cutoff", "os"));
    }

    @Test
    void assessmentsAfterTheCutoffDoNotCount() {
        // SD 2018-07-01 counts, PD 2018-08-20 does not: censored at day 537; best SD; os censored at the
        // cut-off (last contact 2018-09-30 is later): day 574.
        assertEquals(537, days("assessment_after_cutoff", "pfs"));
        assertFalse(event("assessment_after_cutoff", "pfs"));
        assertEquals("SD", str("assessment_after_cutoff", "best_overall"));
        assertEquals(574, days("assessment_after_cutoff", "os"));
    }

    @Test
    void assessmentOnTheIndexDateDoesNotCount() {
        // PD on 2017-01-10 (the index) ignored; PR 2017-02-20 counts: censored at day 41, best PR.
        assertEquals(41, days("assessment_on_index_date", "pfs"));
        assertFalse(event("assessment_on_index_date", "pfs"));
        assertEquals("PR", str("assessment_on_index_date", "best_overall"));
    }

    @Test
    void noAssessmentsCensorsAtTimeZero() {
        // No assessment, alive: pfs, mpfs, lung_mpfs censored at 0; os censored at last contact 2017-06-30
        // (day 171); no best response in any scope.
        for (String e : List.of("pfs", "mpfs", "lung_mpfs")) {
            assertEquals(0, days("no_assessments", e), e);
            assertFalse(event("no_assessments", e), e);
        }
        assertEquals(171, days("no_assessments", "os"));
        assertFalse(event("no_assessments", "os"));
        for (String s : List.of("overall", "metastatic", "lung", "extrahepatic_nonlung", "intrahepatic_new")) {
            assertNull(str("no_assessments", "best_" + s), s);
        }
    }

    @Test
    void noAssessmentsButDeathIsAnEvent() {
        // Death 2017-05-10 (day 120) is the pfs event even without assessments.
        assertEquals(120, days("no_assessments_death", "pfs"));
        assertTrue(event("no_assessments_death", "pfs"));
        assertEquals(120, days("no_assessments_death", "os"));
        assertTrue(event("no_assessments_death", "os"));
    }

    @Test
    void neOnlyGivesBestResponseNeAndCensorsAtTheLastNe() {
        // NE 2017-03-10 and NE 2017-05-10: best NE; censored at the last (NE) assessment, day 120.
        assertEquals("NE", str("ne_only", "best_overall"));
        assertEquals(120, days("ne_only", "pfs"));
        assertFalse(event("ne_only", "pfs"));
        assertNull(str("ne_only", "best_metastatic"));
    }

    @Test
    void pdInAnotherScopeDoesNotEndLungMpfs() {
        // lung: SD 03-10, PR 06-10, no lung PD → lung_mpfs censored at day 151; best_lung PR.
        // metastatic, overall and extrahepatic PD on 04-10 → mpfs and pfs events at day 90.
        assertEquals(151, days("pd_in_other_scope", "lung_mpfs"));
        assertFalse(event("pd_in_other_scope", "lung_mpfs"));
        assertEquals("PR", str("pd_in_other_scope", "best_lung"));
        assertEquals(90, days("pd_in_other_scope", "mpfs"));
        assertTrue(event("pd_in_other_scope", "mpfs"));
        assertEquals(90, days("pd_in_other_scope", "pfs"));
        assertTrue(event("pd_in_other_scope", "pfs"));
        // overall: PD 04-10 then PR 06-10: only assessments up to the first PD count → best PD.
        assertEquals("PD", str("pd_in_other_scope", "best_overall"));
        assertEquals("PD", str("pd_in_other_scope", "best_extrahepatic_nonlung"));
        assertNull(str("pd_in_other_scope", "best_intrahepatic_new"));
    }

    @Test
    void bestResponseStopsAtTheFirstPd() {
        // overall: SD 02-10, PD 03-10, CR 04-10 → best over {SD, PD} = SD; pfs event day 59.
        assertEquals("SD", str("best_response_up_to_first_pd", "best_overall"));
        assertEquals(59, days("best_response_up_to_first_pd", "pfs"));
        assertTrue(event("best_response_up_to_first_pd", "pfs"));
        // metastatic: NE then PR, no PD → best PR (NE ranks below every response); censored day 59.
        assertEquals("PR", str("best_response_up_to_first_pd", "best_metastatic"));
        assertEquals(59, days("best_response_up_to_first_pd", "mpfs"));
        assertFalse(event("best_response_up_to_first_pd", "mpfs"));
    }

    @Test
    void aResponseOnTheDayOfTheFirstPdCountsAndALaterOneDoesNot() {
        // lung: SD 02-10, PD and PR both 03-10, CR 04-10 → best over {SD, PD, PR} = PR; lung_mpfs event day 59.
        assertEquals("PR", str("best_response_up_to_first_pd", "best_lung"));
        assertEquals(59, days("best_response_up_to_first_pd", "lung_mpfs"));
        assertTrue(event("best_response_up_to_first_pd", "lung_mpfs"));
        // extrahepatic_nonlung: NE 02-10, PD 03-10, CR 04-10 → best over {NE, PD} = PD (NE ranks below PD).
        assertEquals("PD", str("best_response_up_to_first_pd", "best_extrahepatic_nonlung"));
    }

    @Test
    void lungMpfsIsNullOutsideLungMetastasis() {
        // non_lung has no baseline lung lesion: lung_mpfs does not apply.
        assertNull(p("pattern_non_lung").getAs("lung_mpfs_days"));
        assertNull(p("pattern_non_lung").getAs("lung_mpfs_event"));
        assertNotNull(p("pattern_non_lung").getAs("pfs_days"));
    }

    // ---------------------------------------------------------------- concurrent therapy, wash-out

    @Test
    void washoutThirteenDaysExcludes() {
        // sorafenib stopped 2016-12-28, 13 days before the index 2017-01-10: 13 < 14 → excluded.
        assertFalse(cohort.containsKey("washout_13_days"));
    }

    @Test
    void washoutFourteenDaysDoesNotExclude() {
        // stopped 2016-12-27, 14 days before: not < 14 → included; sorafenib started before the index
        // → second line.
        assertEquals("second_line_plus", str("washout_14_days", "treatment_setting"));
    }

    @Test
    void ongoingConcurrentDrugExcludes() {
        // sorafenib ongoing (no stop): its course runs to the cut-off and overlaps → excluded.
        assertFalse(cohort.containsKey("ongoing_concurrent_drug"));
        // lenvatinib 2017-03-01..04-01 inside the course 2017-01-10..06-01 → excluded.
        assertFalse(cohort.containsKey("other_drug_during_course"));
    }

    @Test
    void otherDrugAfterTheStudyDrugCourseDoesNotExclude() {
        // lenvatinib from 2017-07-01, after the course ended 2017-06-01: included, and first line
        // (nothing started before the index).
        assertEquals("first_line", str("other_drug_after_course_end", "treatment_setting"));
    }

    // ---------------------------------------------------------------- locoregional treatment

    @Test
    void locoregionalTreatmentOfThePrimaryDoesNotExclude() {
        // TACE of the primary 2016-10-01, before the index: included, locoregional_liver yes.
        assertEquals("yes", str("locoregional_primary", "locoregional_liver"));
        // On the index date is not before it: no.
        assertEquals("no", str("locoregional_primary_on_index", "locoregional_liver"));
        assertEquals("no", str("no_assessments", "locoregional_liver"));
    }

    @Test
    void locoregionalTreatmentOfAMetastasisExcludes() {
        // RFA of a metastasis before the index, or on the course end 2017-06-01: excluded.
        assertFalse(cohort.containsKey("locoregional_metastasis_before_index"));
        assertFalse(cohort.containsKey("locoregional_metastasis_on_course_end"));
        // EBRT of a metastasis 2017-06-02, the day after the course end: included.
        assertTrue(cohort.containsKey("locoregional_metastasis_after_course_end"));
    }

    // ---------------------------------------------------------------- index date

    @Test
    void severalStudyDrugStartsOneBeforeTheWindow() {
        // apatinib 2015-06-01 (before the window), 2016-02-01, 2016-08-01: index 2016-02-01, course end
        // its stop 2016-05-01; the 2015 course makes it second line. Age: 2016 − 1960 − 1 = 55.
        // PD 2016-06-01: days 29 (Feb 2016, leap) + 31 + 30 + 31 = 121.
        assertEquals(Date.valueOf("2016-02-01"), p("several_study_drug_starts").getAs("index_date"));
        assertEquals(Date.valueOf("2016-05-01"), p("several_study_drug_starts").getAs("course_end"));
        assertEquals("second_line_plus", str("several_study_drug_starts", "treatment_setting"));
        assertEquals(55, p("several_study_drug_starts").<Integer>getAs("age"));
        assertEquals(121, days("several_study_drug_starts", "pfs"));
        assertTrue(event("several_study_drug_starts", "pfs"));
    }

    @Test
    void ongoingStudyDrugCourseEndsAtTheCutoff() {
        // No stop date: the course ends at the cut-off 2018-08-07; the metastasis RFA of 2018-08-08 is
        // after the cut-off and ignored → included.
        assertEquals(Date.valueOf("2018-08-07"), p("ongoing_study_drug").getAs("course_end"));
    }

    @Test
    void enrolmentWindowIncludesBothEnds() {
        assertEquals(Date.valueOf("2015-11-07"), p("window_first_day").getAs("index_date"));
        assertEquals(Date.valueOf("2018-05-08"), p("window_last_day").getAs("index_date"));
        assertFalse(cohort.containsKey("start_after_window"));
        assertFalse(cohort.containsKey("start_before_window_only"));
        assertFalse(cohort.containsKey("other_drug_only"));
        assertFalse(cohort.containsKey("withdrawn"));
    }

    // ---------------------------------------------------------------- eligibility

    @Test
    void ecogMissingIsEligible() {
        assertTrue(cohort.containsKey("ecog_missing"));
    }

    @Test
    void ecogThreeIsNotEligible() {
        assertFalse(cohort.containsKey("ecog_3"));
    }

    @Test
    void ageIsCompletedYearsAtTheIndex() {
        // Born 1999-06-15, index 2017-01-10: 17 → not eligible. Born 1999-01-10: 18 on the index → eligible.
        assertFalse(cohort.containsKey("age_17"));
        assertEquals(18, p("age_18_on_birthday").<Integer>getAs("age"));
        assertEquals(56, p("no_assessments").<Integer>getAs("age"));
        assertFalse(cohort.containsKey("bclc_a"));
        assertFalse(cohort.containsKey("child_pugh_c"));
    }

    // ---------------------------------------------------------------- patterns

    @Test
    void patternLungOnly() {
        assertEquals("lung_only", str("no_assessments", "pattern"));
        // A new intrahepatic lesion is allowed in lung_only.
        Row r = p("lung_only_with_new_intrahepatic");
        assertEquals("lung_only", r.getAs("pattern"));
        assertTrue(r.<Boolean>getAs("lung_metastasis"));
        assertTrue(r.<Boolean>getAs("new_intrahepatic"));
        assertFalse(r.<Boolean>getAs("extrahepatic_nonlung"));
    }

    @Test
    void patternMultiOrgan() {
        // lung (measurable) + lymph node (not measurable: still a baseline lesion).
        Row r = p("pattern_multi_organ");
        assertEquals("multi_organ", r.getAs("pattern"));
        assertTrue(r.<Boolean>getAs("lung_metastasis"));
        assertTrue(r.<Boolean>getAs("extrahepatic_nonlung"));
        assertFalse(r.<Boolean>getAs("new_intrahepatic"));
    }

    @Test
    void patternNonLung() {
        // bone at baseline; the lung lesion detected 2017-02-01 is after the index and does not count.
        Row r = p("pattern_non_lung");
        assertEquals("non_lung", r.getAs("pattern"));
        assertFalse(r.<Boolean>getAs("lung_metastasis"));
        assertTrue(r.<Boolean>getAs("extrahepatic_nonlung"));
    }

    // ---------------------------------------------------------------- Table 1

    @Test
    void table1StandardCategories() {
        Row r = p("no_assessments");
        assertEquals("<65", r.getAs("age_group"));
        assertEquals("M", r.getAs("sex"));
        assertEquals("never", r.getAs("smoking"));
        assertEquals("no", r.getAs("portal_vein_invasion"));
        assertEquals("no", r.getAs("locoregional_liver"));
        assertEquals("yes", r.getAs("antiviral_treatment"));
        assertEquals("C", r.getAs("bclc_stage"));
        assertEquals("A", r.getAs("child_pugh_class"));
        assertEquals("first_line", r.getAs("treatment_setting"));
        assertEquals("<1000", r.getAs("hbv_dna"));
        assertEquals("<400", r.getAs("afp"));
        assertEquals("c1", r.getAs("center_id"));
    }

    @Test
    void table1OtherCategoriesAtTheirCutPoints() {
        // Born 1950-01-01: 67 at 2017-01-10 → >=65; HBV-DNA exactly 1000 → >=1000; AFP exactly 400 → >=400.
        Row r = p("table1_high");
        assertEquals(67, r.<Integer>getAs("age"));
        assertEquals(">=65", r.getAs("age_group"));
        assertEquals("F", r.getAs("sex"));
        assertEquals("ever", r.getAs("smoking"));
        assertEquals("yes", r.getAs("portal_vein_invasion"));
        assertEquals("no", r.getAs("antiviral_treatment"));
        assertEquals("B", r.getAs("bclc_stage"));
        assertEquals("B", r.getAs("child_pugh_class"));
        assertEquals(">=1000", r.getAs("hbv_dna"));
        assertEquals(">=400", r.getAs("afp"));
    }

    @Test
    void table1JustBelowTheCutPoints() {
        // Born 1952-01-11, index 2017-01-10: 65 − 1 = 64 → <65; HBV 999.9 → <1000; AFP 399.9 → <400.
        Row r = p("table1_just_below");
        assertEquals(64, r.<Integer>getAs("age"));
        assertEquals("<65", r.getAs("age_group"));
        assertEquals("<1000", r.getAs("hbv_dna"));
        assertEquals("<400", r.getAs("afp"));
    }

    @Test
    void table1MissingValuesAreKept() {
        Row r = p("table1_missing");
        assertNull(r.getAs("smoking"));
        assertNull(r.getAs("portal_vein_invasion"));
        assertNull(r.getAs("antiviral_treatment"));
        assertEquals("not_examined", r.getAs("hbv_dna"));
        assertNull(r.getAs("afp"));
    }

    // ---------------------------------------------------------------- adverse events

    @Test
    void adverseEventsFromTheIndexToTheCutoff() {
        // In the window: hypertension 3 (on the index) and 1, hand-foot skin reaction 2 (on the cut-off,
        // dose reduced), fatigue 1 (discontinued). Out: hypertension 2 the day before the index,
        // diarrhea 4 after the cut-off (the only 'interrupted' in reach but out of the window).
        assertEquals(Map.of("hypertension", 3, "hand_foot_skin_reaction", 2, "fatigue", 1), worstGrades.get("ae_window"));
        Row r = p("ae_window");
        assertTrue(r.<Boolean>getAs("any_ae"));
        assertTrue(r.<Boolean>getAs("dose_reduced"));
        assertFalse(r.<Boolean>getAs("interrupted"));
    }

    @Test
    void eachFlagCountsOnlyItsOwnEventsInTheWindow() {
        // dose reduced on the index date; the interrupting events lie just outside the window on both sides
        Row r = p("ae_dose_reduced_on_index_only");
        assertTrue(r.<Boolean>getAs("any_ae"));
        assertTrue(r.<Boolean>getAs("dose_reduced"));
        assertFalse(r.<Boolean>getAs("interrupted"));
        assertEquals(Map.of("fatigue", 1), worstGrades.get("ae_dose_reduced_on_index_only"));
    }

    @Test
    void adverseEventsBeforeTheIndexDoNotCount() {
        Row r = p("ae_before_index_only");
        assertFalse(r.<Boolean>getAs("any_ae"));
        assertFalse(r.<Boolean>getAs("interrupted"));
        assertFalse(worstGrades.containsKey("ae_before_index_only"));
    }

    @Test
    void adverseEventsOfExcludedPatientsAreNotOutput() {
        // Only ae_window and ae_dose_reduced_on_index_only have events in the window among the included:
        // 3 + 1 (patient, term) rows.
        assertEquals(Set.of("ae_window", "ae_dose_reduced_on_index_only"), worstGrades.keySet());
        assertEquals(4, derived.adverseEvents().count());
    }

    // ---------------------------------------------------------------- privacy

    @Test
    void registryIdsDoNotAppearInTheOutputs() {
        Set<String> ids = patientIds().stream().map(m -> (String) m.get("patient_id")).collect(Collectors.toSet());
        for (Row r : derived.cohort().collectAsList()) {
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                assertFalse(v instanceof String s && ids.contains(s), "registry id in column " + r.schema().fields()[i].name());
            }
        }
        assertFalse(List.of(derived.cohort().columns()).contains("patient_id"));
        assertFalse(List.of(derived.adverseEvents().columns()).contains("patient_id"));
        assertEquals(KEY.of("no_assessments"), p("no_assessments").getAs("patient_key"));
    }
}
