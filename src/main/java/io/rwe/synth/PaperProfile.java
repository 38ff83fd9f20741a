package io.rwe.synth;

import io.rwe.run.AtomicFiles;

import static io.rwe.registry.ExtractTable.ADVERSE_EVENTS;
import static io.rwe.registry.ExtractTable.ASSESSMENTS;
import static io.rwe.registry.ExtractTable.LESIONS;
import static io.rwe.registry.ExtractTable.PATIENTS;
import static io.rwe.registry.ExtractTable.PROCEDURES;
import static io.rwe.registry.ExtractTable.TREATMENTS;

import io.rwe.synth.PaperPatient.Time;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code paper} profile: the 73 reviewed patients of the paper (plus two patients whose apatinib
 * started outside the enrolment window), expanded from {@link PaperCohort} into one extract dated
 * {@link #EXTRACT_DATE}. Deterministic: the table fixes every value, this class only lays the days
 * out as dates.
 *
 * <p>Expansion rules (docs/generator.md has the full list): imaging every 56 days from the index
 * while at least 28 days remain before the scope's time, then one assessment at the scope's time
 * (PD when the time is an event, otherwise the best response); the responses before it are SD, or PR
 * from the second (from the first when it is the only one) for a PR patient. Apatinib 500 mg qd from
 * the index to 5 days after overall progression (or 10 days after the last overall assessment of a
 * patient censored long before the cut-off; ongoing otherwise). Deaths at {@code index + os}; patients
 * alive at the cut-off have their last contact 14–26 days after it.
 */
public final class PaperProfile {
    /** The paper's data cut-off. */
    public static final LocalDate CUTOFF = LocalDate.parse("2018-08-07");
    /**
     * The date of the one extract: four weeks after the cut-off, so that the records dated after the
     * cut-off which the study must ignore (an assessment, a death, an adverse event) are valid rows.
     */
    public static final LocalDate EXTRACT_DATE = LocalDate.parse("2018-09-03");
    static final int SCHEDULE_DAYS = 56;
    static final int MIN_GAP_DAYS = 28;
    private static final String[] EHN_SITES = {"lymph_node", "bone", "adrenal", "peritoneum"};

    private PaperProfile() {
    }

    /** Writes the extract under {@code out/<EXTRACT_DATE>/}, published atomically; returns that folder. */
    public static Path write(Path out) {
        ExtractRows rows = expand(PaperCohort.load());
        Path target = out.resolve(EXTRACT_DATE.toString());
        Path staging = out.resolve("." + EXTRACT_DATE + ".tmp");
        AtomicFiles.delete(staging);
        ExtractCsv.write(staging, rows);
        ExtractCsv.publish(staging, target);
        return target;
    }

    /** The six files' rows for {@code patients}. */
    public static ExtractRows expand(List<PaperPatient> patients) {
        ExtractRows rows = new ExtractRows();
        int n = 0;
        for (PaperPatient p : patients) {
            expand(p, n++, rows);
        }
        return rows;
    }

    private static String d(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    static void expand(PaperPatient p, int n, ExtractRows rows) {
        String id = p.patientId();
        LocalDate index = p.indexDate();
        Time os = p.os();
        LocalDate death = null;
        LocalDate lastContact;
        if (os.event()) {
            death = index.plusDays(os.days());
            lastContact = death;
        } else if (p.has("death_after_cutoff")) {
            death = CUTOFF.plusDays(12);
            lastContact = death;
        } else {
            lastContact = CUTOFF.plusDays(14 + n % 13);   // after every record dated after the cut-off
        }
        rows.add(PATIENTS, "patient_id", id, "center_id", p.centerId(), "birth_date", d(p.birthDate()),
                "sex", p.sex(), "smoking", p.smoking(), "hcc_diagnosis_date", d(p.hccDiagnosisDate()),
                "diagnosis_basis", p.diagnosisBasis(), "bclc_stage", p.bclcStage(),
                "child_pugh_class", p.childPughClass(), "ecog_ps", p.ecogPs(),
                "portal_vein_invasion", p.portalVeinInvasion(), "hbv_dna_iu_ml", p.hbvDna(),
                "antiviral_treatment", p.antiviral(), "afp_ug_l", p.afp(),
                "last_contact_date", d(lastContact), "death_date", d(death), "withdrawn", "N");

        lesions(p, n, rows);
        LocalDate apatinibStop = treatments(p, n, rows, death);
        procedures(p, n, rows, apatinibStop);
        assessments(p, rows);
        adverseEvents(p, rows);
    }

    private static void lesions(PaperPatient p, int n, ExtractRows rows) {
        String id = p.patientId();
        LocalDate index = p.indexDate();
        LocalDate seen = p.has("lesion_on_index") ? index : index.minusDays(10 + n % 40);
        rows.add(LESIONS, "patient_id", id, "lesion_id", "L1", "site", "liver_primary", "measurable", "Y",
                "detected_date", d(p.hccDiagnosisDate()));
        if (p.has("primary_only")) {
            return;
        }
        if (p.has("nonmeasurable_lung")) {
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "lung", "measurable", "N",
                    "detected_date", d(seen));
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", "lung", "measurable", "N",
                    "detected_date", d(seen));
            return;
        }
        if (p.has("nonmeasurable_bone")) {
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "lung", "measurable", "N",
                    "detected_date", d(seen));
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", "bone", "measurable", "N",
                    "detected_date", d(seen));
            return;
        }
        if (p.has("lung_detected_after_index")) {
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "peritoneum", "measurable", "N",
                    "detected_date", d(seen));
            rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", "lung", "measurable", "Y",
                    "detected_date", d(index.plusDays(21)));
            return;
        }
        switch (p.pattern()) {
            case "lung_only" -> {
                rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "lung", "measurable", "Y",
                        "detected_date", d(seen));
                if (n % 3 == 0) {
                    rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", "lung", "measurable", "N",
                            "detected_date", d(seen));
                }
            }
            case "multi_organ" -> {
                rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "lung", "measurable", "Y",
                        "detected_date", d(seen));
                String site = p.has("resection_adrenal_before_index") ? "adrenal" : EHN_SITES[n % EHN_SITES.length];
                rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", site, "measurable",
                        "bone".equals(site) ? "N" : "Y", "detected_date", d(seen.minusDays(n % 7)));
            }
            case "non_lung" -> {
                rows.add(LESIONS, "patient_id", id, "lesion_id", "L2", "site", "liver_new", "measurable", "Y",
                        "detected_date", d(seen));
                if (n % 4 == 1) {
                    rows.add(LESIONS, "patient_id", id, "lesion_id", "L3", "site", "liver_new", "measurable",
                            "N", "detected_date", d(seen));
                }
            }
            default -> throw new IllegalStateException(id + ": unknown pattern " + p.pattern());
        }
    }

    /** Writes the systemic courses; returns the stop date of the index apatinib course (null: ongoing). */
    private static LocalDate treatments(PaperPatient p, int n, ExtractRows rows, LocalDate death) {
        String id = p.patientId();
        LocalDate index = p.indexDate();
        Time pfs = p.pfs();
        LocalDate stop;
        if (pfs.event()) {
            stop = index.plusDays(pfs.days() + 5);
        } else if (CUTOFF.toEpochDay() - index.plusDays(pfs.days()).toEpochDay() < 70) {
            stop = null;
        } else {
            stop = index.plusDays(pfs.days() + 10);
        }
        if (stop != null && death != null && stop.isAfter(death)) {
            stop = death;
        }
        int line = 1;
        if (p.has("prior_apatinib")) {
            rows.add(TREATMENTS, "patient_id", id, "drug", "apatinib", "start_date", "2015-09-01",
                    "stop_date", "2015-10-15", "dose_mg", "500", "schedule", "qd", "line", "1");
            line = 2;
        } else if (p.secondLine() || p.has("sorafenib_ongoing") || p.has("sorafenib_stopped_13d")) {
            LocalDate sStart = index.minusDays(200 + n % 150);
            LocalDate sStop;
            if (p.has("sorafenib_ongoing")) {
                sStop = null;
            } else if (p.has("sorafenib_stopped_13d")) {
                sStop = index.minusDays(13);
            } else if (p.has("washout14")) {
                sStop = index.minusDays(14);
            } else {
                sStop = index.minusDays(15 + n % 60);
            }
            rows.add(TREATMENTS, "patient_id", id, "drug", "sorafenib", "start_date", d(sStart),
                    "stop_date", d(sStop), "dose_mg", "400", "schedule", "qd", "line", "1");
            line = 2;
        }
        if (p.has("also_concurrent")) {
            rows.add(TREATMENTS, "patient_id", id, "drug", "sorafenib", "start_date", d(index.minusDays(60)),
                    "stop_date", d(index.plusDays(30)), "dose_mg", "400", "schedule", "qd", "line", "1");
        }
        rows.add(TREATMENTS, "patient_id", id, "drug", "apatinib", "start_date", d(index), "stop_date", d(stop),
                "dose_mg", "500", "schedule", "qd", "line", Integer.toString(line));
        if (p.has("subsequent_regorafenib")) {
            rows.add(TREATMENTS, "patient_id", id, "drug", "regorafenib", "start_date", d(stop.plusDays(21)),
                    "dose_mg", "160", "schedule", "qd", "line", Integer.toString(line + 1));
        }
        return stop;
    }

    private static void procedures(PaperPatient p, int n, ExtractRows rows, LocalDate apatinibStop) {
        String id = p.patientId();
        LocalDate index = p.indexDate();
        if (p.locoregionalLiver()) {
            rows.add(PROCEDURES, "patient_id", id, "procedure", "tace", "procedure_date",
                    d(index.minusDays(30 + n % 100)), "target", "primary");
            if (n % 5 == 2) {
                rows.add(PROCEDURES, "patient_id", id, "procedure", "tace", "procedure_date",
                        d(index.minusDays(140 + n % 7)), "target", "primary");
            }
        }
        String[][] metastasis = {
            {"procedure_after_course", "ebrt", null},
            {"ebrt_bone_before_index", "ebrt", "-30"},
            {"rfa_lung_during_course", "rfa", "60"},
            {"tace_liver_new_before_index", "tace", "-45"},
            {"ebrt_lung_on_course_end", "ebrt", null},
            {"resection_adrenal_before_index", "resection", "-100"},
            {"ebrt_metastasis_while_ongoing", "ebrt", "30"},
        };
        for (String[] m : metastasis) {
            if (!p.has(m[0])) {
                continue;
            }
            LocalDate date;
            if ("procedure_after_course".equals(m[0])) {
                date = apatinibStop.plusDays(20);
            } else if ("ebrt_lung_on_course_end".equals(m[0])) {
                date = apatinibStop;
            } else {
                date = index.plusDays(Integer.parseInt(m[2]));
            }
            rows.add(PROCEDURES, "patient_id", id, "procedure", m[1], "procedure_date", d(date),
                    "target", "metastasis");
        }
    }

    private static void assessments(PaperPatient p, ExtractRows rows) {
        String pattern = p.pattern();
        boolean metastatic = !"none".equals(pattern) && !p.has("primary_only");
        scope(p, rows, "overall", p.pfs());
        if (metastatic) {
            scope(p, rows, "metastatic", p.mpfs());
        }
        if (p.lungMpfs() != null) {
            scope(p, rows, "lung", p.lungMpfs());
        }
        if ("multi_organ".equals(pattern)) {
            scope(p, rows, "extrahepatic_nonlung", p.mpfs());
        }
        if ("non_lung".equals(pattern)) {
            scope(p, rows, "intrahepatic_new", p.mpfs());
        }
        if (p.has("post_cutoff_pd")) {
            rows.add(ASSESSMENTS, "patient_id", p.patientId(), "assessment_date", d(CUTOFF.plusDays(10)),
                    "scope", "overall", "response", "PD");
            rows.add(ASSESSMENTS, "patient_id", p.patientId(), "assessment_date", d(CUTOFF.plusDays(10)),
                    "scope", "metastatic", "response", "SD");
        }
    }

    /**
     * One scope's imaging: every {@value #SCHEDULE_DAYS} days while at least {@value #MIN_GAP_DAYS}
     * days remain before {@code time}, then the final assessment at {@code time}.
     */
    static void scope(PaperPatient p, ExtractRows rows, String scope, Time time) {
        String best = p.best().get(scope);
        if (best == null || best.isEmpty()) {
            throw new IllegalStateException(p.patientId() + ": no best response for scope " + scope);
        }
        List<Integer> regular = new ArrayList<>();
        for (int day = SCHEDULE_DAYS; day <= time.days() - MIN_GAP_DAYS; day += SCHEDULE_DAYS) {
            regular.add(day);
        }
        if ("PD".equals(best) && !(time.event() && regular.isEmpty())) {
            throw new IllegalStateException(p.patientId() + ": best PD needs progression at the first assessment");
        }
        for (int k = 0; k < regular.size(); k++) {
            String response = "PR".equals(best) && (k >= 1 || regular.size() == 1) ? "PR" : "SD";
            rows.add(ASSESSMENTS, "patient_id", p.patientId(), "assessment_date",
                    d(p.indexDate().plusDays(regular.get(k))), "scope", scope, "response", response);
        }
        String last = time.event() ? "PD" : best;
        rows.add(ASSESSMENTS, "patient_id", p.patientId(), "assessment_date", d(p.indexDate().plusDays(time.days())),
                "scope", scope, "response", last);
    }

    private static void adverseEvents(PaperPatient p, ExtractRows rows) {
        String id = p.patientId();
        for (String episode : p.adverseEvents()) {
            // term:grade@day[!action]
            String action = "none";
            String e = episode;
            int bang = e.indexOf('!');
            if (bang >= 0) {
                action = e.substring(bang + 1);
                e = e.substring(0, bang);
            }
            int colon = e.indexOf(':');
            int at = e.indexOf('@');
            rows.add(ADVERSE_EVENTS, "patient_id", id, "term", e.substring(0, colon), "grade",
                    e.substring(colon + 1, at), "onset_date", d(p.indexDate().plusDays(Integer.parseInt(e.substring(at + 1)))),
                    "action", action);
        }
        if (p.has("ae_before_index")) {
            rows.add(ADVERSE_EVENTS, "patient_id", id, "term", "hand_foot_skin_reaction", "grade", "2",
                    "onset_date", d(p.indexDate().minusDays(40)), "action", "none");
        }
        if (p.has("ae_after_cutoff")) {
            rows.add(ADVERSE_EVENTS, "patient_id", id, "term", "fatigue", "grade", "1",
                    "onset_date", d(CUTOFF.plusDays(5)), "action", "none");
        }
    }
}
