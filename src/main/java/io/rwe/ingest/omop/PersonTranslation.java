package io.rwe.ingest.omop;

import io.rwe.ingest.KeyRules;
import io.rwe.ingest.QuarantineReason;
import io.rwe.ingest.omop.OmopRecord.Problem;
import io.rwe.registry.ExtractTable;
import io.rwe.registry.OmopMapping;
import io.rwe.registry.OmopMapping.Modifier;
import io.rwe.registry.OmopTable;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OMOP records of one person made into rows of the extract format's six tables (docs/omop.md,
 * "From records to the curated tables"), plus the fate of every record that makes no row of its own.
 * A pure function of the person's records and the concept sets: the field, key and patient reference
 * rules of the extract format are applied to the rows afterwards, as for an extract.
 *
 * <ul>
 *   <li>person → the patients row: birth date from year, month and day of birth (else the date of
 *       birth_datetime), sex from gender_concept_id, center from the care site; the last contact is the
 *       latest observation_period_end_date, the death the death record, the HCC diagnosis the earliest
 *       diagnosis episode, withdrawn a withdrawal record.</li>
 *   <li>Baseline facts (measurement, observation): the value of the latest record on or before the
 *       first exposure to the study drug (all records when there is none); older and later records are
 *       {@code not_baseline}; two differing records on that latest date are both {@code conflicting_key}
 *       (and the value is missing), identical ones keep the first ({@code duplicate_row}).</li>
 *   <li>condition_occurrence → a lesion (site concepts) or an adverse event (term concepts);
 *       drug_exposure → a treatment; procedure_occurrence → a procedure; a response measurement or a
 *       progression episode → an assessment.</li>
 *   <li>Modifiers (a lesion's measurability, an event's grade and action) name the condition they modify
 *       by measurement_event_id; a treatment's line is the episode_number of the regimen episode that
 *       links it through episode_event. A modifier or link of a record that is not there is
 *       {@code unknown_record}; two that differ are {@code conflicting_key}.</li>
 *   <li>A record whose concept is in no concept set is {@code concept_not_in_study}; one that fails its
 *       own field rules keeps that reason. A quarantined death record rejects the patient (a death
 *       silently dropped would make the patient alive).</li>
 * </ul>
 */
final class PersonTranslation implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SIG_DOSE = Pattern.compile("(?i)(?:^|\\s)(\\d+(?:\\.\\d+)?)\\s*mg\\b");
    private static final Pattern SIG_SCHEDULE = Pattern.compile("(?i)\\b(qod|qd)\\b");

    /** What a measurement or observation record is. */
    private record FactRole(String name, Modifier source, String column) implements Serializable {
    }

    private final OmopMapping m;
    private final String studyDrug;
    private final KeyRules.LineNames names;
    private final Map<String, String> sex;
    private final Map<String, String> sites;
    private final Map<String, String> terms;
    private final Map<String, String> drugs;
    private final Map<String, String> procedures;
    private final Map<String, String> scopes;
    private final Map<String, String> responses;
    private final Map<String, String> progressionObjects;
    private final Map<OmopTable, Map<String, FactRole>> facts = new HashMap<>();

    /**
     * @param studyDrug the study drug's code (rwe.study.drug): its first exposure dates the baseline
     * @param names     how messages name a record
     */
    PersonTranslation(OmopMapping m, String studyDrug, KeyRules.LineNames names) {
        this.m = m;
        this.studyDrug = studyDrug;
        this.names = names;
        this.sex = m.sex().byConcept();
        this.sites = m.lesionSites().byConcept();
        this.terms = m.adverseEventTerms().byConcept();
        this.drugs = m.drugs().byConcept();
        this.procedures = m.procedures().byConcept();
        this.scopes = m.scopes().byConcept();
        this.responses = m.responses().byConcept();
        this.progressionObjects = m.progressionObjects().byConcept();
        for (OmopMapping.BaselineFact b : m.baseline()) {
            role(new FactRole("baseline", b.source(), b.column()));
        }
        role(new FactRole("withdrawal", m.withdrawal(), "withdrawn"));
        role(new FactRole("measurable", m.measurable(), "measurable"));
        role(new FactRole("grade", m.grade(), "grade"));
        role(new FactRole("action", m.action(), "action"));
        for (String id : scopes.keySet()) {
            facts.computeIfAbsent(OmopTable.MEASUREMENT, k -> new HashMap<>())
                    .put(id, new FactRole("response", null, "response"));
        }
    }

    private void role(FactRole r) {
        for (String id : r.source().concepts()) {
            facts.computeIfAbsent(r.source().table(), k -> new HashMap<>()).put(id, r);
        }
    }

    /** A record with the value it gives to a column. */
    private record Candidate(OmopRecord record, String value) {
    }

    /** The rows and fates of the records of one person (all sharing {@code person_id}). */
    List<Translated> translate(List<OmopRecord> records) {
        List<Translated> out = new ArrayList<>();
        List<OmopRecord> persons = new ArrayList<>();
        List<OmopRecord> periods = new ArrayList<>();
        List<OmopRecord> deaths = new ArrayList<>();
        Problem deathProblem = null;
        List<OmopRecord> diagnoses = new ArrayList<>();
        List<OmopRecord> withdrawals = new ArrayList<>();
        List<OmopRecord> regimens = new ArrayList<>();
        List<OmopRecord> lesions = new ArrayList<>();
        List<OmopRecord> events = new ArrayList<>();
        List<OmopRecord> treatments = new ArrayList<>();
        Map<String, List<Candidate>> baseline = new LinkedHashMap<>();
        Map<String, List<Candidate>> modifiers = new LinkedHashMap<>();
        List<OmopRecord> links = new ArrayList<>();
        List<OmopRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(OmopRecord::line));
        for (OmopRecord r : sorted) {
            if (r.table() == OmopTable.PERSON) {
                persons.add(r);
                continue;
            }
            if (r.error() != null) {
                out.add(Translated.fate(r, r.error()));
                if (r.table() == OmopTable.DEATH && deathProblem == null) {
                    deathProblem = new Problem(r.error().reason(), "death_date", "death: " + names.of(r.line()) + " is "
                            + "quarantined (" + r.error().message() + ")");
                }
                continue;
            }
            switch (r.table()) {
                case OBSERVATION_PERIOD -> periods.add(r);
                case DEATH -> deaths.add(r);
                case CONDITION_OCCURRENCE -> {
                    if (sites.containsKey(r.concept())) {
                        lesions.add(r);
                    } else if (terms.containsKey(r.concept())) {
                        events.add(r);
                    } else {
                        out.add(Translated.fate(r, notInStudy("condition_concept_id", r.concept())));
                    }
                }
                case DRUG_EXPOSURE -> {
                    if (drugs.containsKey(r.concept())) {
                        treatments.add(r);
                    } else {
                        out.add(Translated.fate(r, notInStudy("drug_concept_id", r.concept())));
                    }
                }
                case PROCEDURE_OCCURRENCE -> {
                    String code = procedures.get(r.concept());
                    if (code == null) {
                        out.add(Translated.fate(r, notInStudy("procedure_concept_id", r.concept())));
                    } else {
                        String[] pt = code.split("/");
                        out.add(Translated.row(ExtractTable.PROCEDURES, r, null, row(ExtractTable.PROCEDURES,
                                "patient_id", r.personId(), "procedure", pt[0], "procedure_date", text(r.date()), "target", pt[1])));
                    }
                }
                case MEASUREMENT, OBSERVATION -> {
                    FactRole role = facts.getOrDefault(r.table(), Map.of()).get(r.concept());
                    String conceptColumn = r.table().tableName() + "_concept_id";
                    if (role == null) {
                        out.add(Translated.fate(r, notInStudy(conceptColumn, r.concept())));
                    } else if (role.name().equals("response")) {
                        String response = responses.get(r.value());
                        if (r.value() == null || response == null) {
                            out.add(Translated.fate(r, badValue(r, "response", m.responses().byCode().keySet().toString())));
                        } else {
                            out.add(Translated.row(ExtractTable.ASSESSMENTS, r, null, row(ExtractTable.ASSESSMENTS,
                                    "patient_id", r.personId(), "assessment_date", text(r.date()), "scope", scopes.get(r.concept()),
                                    "response", response)));
                        }
                    } else if (role.name().equals("withdrawal")) {
                        withdrawals.add(r);
                    } else {
                        Object v = value(r, role);
                        if (v instanceof Problem p) {
                            out.add(Translated.fate(r, p));
                        } else if (role.name().equals("baseline")) {
                            baseline.computeIfAbsent(role.column(), k -> new ArrayList<>()).add(new Candidate(r, (String) v));
                        } else {
                            modifiers.computeIfAbsent(role.name(), k -> new ArrayList<>()).add(new Candidate(r, (String) v));
                        }
                    }
                }
                case EPISODE -> {
                    String object = r.value();
                    if (m.diagnosisEpisodes().contains(r.concept()) && m.diagnosisObjects().contains(object)) {
                        diagnoses.add(r);
                    } else if (m.progressionEpisodes().contains(r.concept()) && progressionObjects.containsKey(object)) {
                        out.add(Translated.row(ExtractTable.ASSESSMENTS, r, null, row(ExtractTable.ASSESSMENTS,
                                "patient_id", r.personId(), "assessment_date", text(r.date()),
                                "scope", progressionObjects.get(object), "response", "PD")));
                    } else if (m.regimenEpisodes().contains(r.concept())) {
                        regimens.add(r);
                    } else {
                        out.add(Translated.fate(r, new Problem(QuarantineReason.CONCEPT_NOT_IN_STUDY.code(), "episode_concept_id",
                                "episode_concept_id, episode_object_concept_id: (" + r.concept() + ", " + object
                                        + ") is no episode of the study's concept sets (rwe.omop)")));
                    }
                }
                case EPISODE_EVENT -> {
                    if (m.regimenEpisodes().contains(r.concept())) {
                        links.add(r);
                    } else {
                        out.add(Translated.fate(r, new Problem(QuarantineReason.CONCEPT_NOT_IN_STUDY.code(), "episode_id",
                                "episode_id: episode " + r.id() + " (concept " + r.concept() + ") is no treatment regimen "
                                        + "of the study (rwe.omop.treatments.regimen-episodes)")));
                    }
                }
                default -> throw new IllegalStateException("unexpected table " + r.table());
            }
        }

        long patient = persons.isEmpty() ? -1 : persons.get(0).line();
        LocalDate anchor = null;
        for (OmopRecord t : treatments) {
            if (drugs.get(t.concept()).equals(studyDrug) && (anchor == null || t.date().isBefore(anchor))) {
                anchor = t.date();
            }
        }

        // The patients row's facts.
        Map<String, String> patientValues = new HashMap<>();
        for (Map.Entry<String, List<Candidate>> e : baseline.entrySet()) {
            patientValues.put(e.getKey(), resolve(e.getValue(), e.getKey(), anchor, true, patient, true, persons.isEmpty(), out));
        }
        LocalDate lastContact = null;
        for (OmopRecord p : periods) {
            lastContact = lastContact == null || p.endDate().isAfter(lastContact) ? p.endDate() : lastContact;
            out.add(belongs(p, patient));
        }
        List<Candidate> deathCandidates = deaths.stream().map(d -> new Candidate(d, text(d.date()))).toList();
        String death = resolve(deathCandidates, "death_date", null, false, patient, true, persons.isEmpty(), out);
        if (deathProblem == null && death == null && !deathCandidates.isEmpty()) {
            deathProblem = new Problem(QuarantineReason.CONFLICTING_KEY.code(), "death_date", "death_date: "
                    + deathCandidates.size() + " death records differ");
        }
        LocalDate diagnosis = null;
        for (OmopRecord d : diagnoses) {
            diagnosis = diagnosis == null || d.date().isBefore(diagnosis) ? d.date() : diagnosis;
            out.add(belongs(d, patient));
        }
        for (OmopRecord w : withdrawals) {
            out.add(belongs(w, patient));
        }
        for (OmopRecord g : regimens) {
            out.add(belongs(g, patient));
        }
        for (OmopRecord p : persons) {
            String center = p.value();
            out.add(Translated.row(ExtractTable.PATIENTS, p, p.error(), row(ExtractTable.PATIENTS,
                    "patient_id", p.personId(), "center_id", center, "birth_date", birthDate(p),
                    "sex", p.concept() == null ? null : sex.getOrDefault(p.concept(), p.concept()),
                    "smoking", patientValues.get("smoking"), "hcc_diagnosis_date", text(diagnosis),
                    "diagnosis_basis", patientValues.get("diagnosis_basis"), "bclc_stage", patientValues.get("bclc_stage"),
                    "child_pugh_class", patientValues.get("child_pugh_class"), "ecog_ps", patientValues.get("ecog_ps"),
                    "portal_vein_invasion", patientValues.get("portal_vein_invasion"),
                    "hbv_dna_iu_ml", patientValues.get("hbv_dna_iu_ml"),
                    "antiviral_treatment", patientValues.get("antiviral_treatment"), "afp_ug_l", patientValues.get("afp_ug_l"),
                    "last_contact_date", text(lastContact), "death_date", death,
                    "withdrawn", withdrawals.isEmpty() ? "N" : "Y")));
            if (p.error() == null && deathProblem != null) {
                Translated last = out.remove(out.size() - 1);
                out.add(new Translated(last.table(), last.line(), last.at(), last.length(), deathProblem, -1, false, last.values()));
            }
        }

        // Lesions and adverse events with their modifiers; treatments with their lines.
        Map<String, Long> lesionLines = firstLines(lesions);
        Map<String, Long> eventLines = firstLines(events);
        Map<String, Long> treatmentLines = firstLines(treatments);
        Map<String, String> measurable = modified(modifiers.getOrDefault("measurable", List.of()), lesionLines,
                "measurable", "lesion", out);
        Map<String, String> grade = modified(modifiers.getOrDefault("grade", List.of()), eventLines, "grade",
                "adverse event", out);
        Map<String, String> action = modified(modifiers.getOrDefault("action", List.of()), eventLines, "action",
                "adverse event", out);
        Map<String, String> line = lines(links, treatmentLines, out);
        for (OmopRecord l : lesions) {
            out.add(Translated.row(ExtractTable.LESIONS, l, null, row(ExtractTable.LESIONS, "patient_id", l.personId(),
                    "lesion_id", l.id(), "site", sites.get(l.concept()), "measurable", measurable.get(l.id()),
                    "detected_date", text(l.date()))));
        }
        for (OmopRecord e : events) {
            out.add(Translated.row(ExtractTable.ADVERSE_EVENTS, e, null, row(ExtractTable.ADVERSE_EVENTS,
                    "patient_id", e.personId(), "term", terms.get(e.concept()), "grade", grade.get(e.id()),
                    "onset_date", text(e.date()), "action", action.get(e.id()))));
        }
        for (OmopRecord t : treatments) {
            String sig = t.text() == null ? "" : t.text();
            Matcher dose = SIG_DOSE.matcher(sig);
            Matcher schedule = SIG_SCHEDULE.matcher(sig);
            out.add(Translated.row(ExtractTable.TREATMENTS, t, null, row(ExtractTable.TREATMENTS,
                    "patient_id", t.personId(), "drug", drugs.get(t.concept()), "start_date", text(t.date()),
                    "stop_date", text(t.endDate()), "dose_mg", dose.find() ? dose.group(1) : null,
                    "schedule", schedule.find() ? schedule.group(1).toLowerCase(java.util.Locale.ROOT) : null,
                    "line", line.get(t.id()))));
        }
        return out;
    }

    /** The record of a patient-level fact: accepted with its patient, or unknown_patient without one. */
    private Translated belongs(OmopRecord r, long patient) {
        return patient >= 0 ? Translated.dependent(r, patient, true) : Translated.fate(r, unknownPatient(r));
    }

    private static Problem unknownPatient(OmopRecord r) {
        return new Problem(QuarantineReason.UNKNOWN_PATIENT.code(), "person_id", "person_id: person '" + r.personId()
                + "' has no row in the person table of this delivery");
    }

    private static Problem notInStudy(String column, String concept) {
        return new Problem(QuarantineReason.CONCEPT_NOT_IN_STUDY.code(), column, column + ": concept " + concept
                + " is in none of the study's concept sets (rwe.omop)");
    }

    /** The value a fact record gives (text), or the problem that keeps it from giving one. */
    private Object value(OmopRecord r, FactRole role) {
        Modifier s = role.source();
        if (s.numeric()) {
            if (r.number() == null) {
                return new Problem(QuarantineReason.MISSING_REQUIRED.code(), "value_as_number", "value_as_number: required "
                        + "value is empty (the " + role.column() + " of the record)");
            }
            return number(r.number());
        }
        String code = s.values().byConcept().get(r.value());
        return r.value() == null || code == null ? badValue(r, role.column(), s.values().byCode().keySet().toString()) : code;
    }

    private static Problem badValue(OmopRecord r, String column, String codes) {
        if (r.value() == null) {
            return new Problem(QuarantineReason.MISSING_REQUIRED.code(), "value_as_concept_id", "value_as_concept_id: "
                    + "required value is empty (the " + column + " of the record)");
        }
        return new Problem(QuarantineReason.INVALID_CODE.code(), "value_as_concept_id", "value_as_concept_id: concept "
                + r.value() + " is none of the value concepts of " + column + " " + codes + " (rwe.omop)");
    }

    /**
     * One value out of several records of one fact (docs/omop.md): with {@code latest}, the records dated
     * after {@code anchor} and those older than the latest remaining date are {@code not_baseline};
     * otherwise every record competes. Among the competing ones, differing values are all
     * {@code conflicting_key} (no value), identical ones keep the first ({@code duplicate_row}). The
     * accepted records depend on the row at {@code target}. Returns the value, or null.
     */
    private String resolve(List<Candidate> cs, String field, LocalDate anchor, boolean latest, long target,
                           boolean patient, boolean noPatient, List<Translated> out) {
        if (cs.isEmpty()) {
            return null;
        }
        LocalDate top = null;
        if (latest) {
            for (Candidate c : cs) {
                LocalDate d = c.record().date();
                if ((anchor == null || !d.isAfter(anchor)) && (top == null || d.isAfter(top))) {
                    top = d;
                }
            }
        }
        List<Candidate> competing = new ArrayList<>();
        for (Candidate c : cs) {
            LocalDate d = c.record().date();
            if (!latest || (top != null && d.equals(top))) {
                competing.add(c);
            } else {
                String why = top == null
                        ? "dated after the first exposure to the study drug (" + anchor + ")"
                        : "the record dated " + top + (anchor == null ? "" : ", on or before the first exposure to the study "
                        + "drug (" + anchor + "),") + " is the baseline value";
                out.add(Translated.fate(c.record(), new Problem(QuarantineReason.NOT_BASELINE.code(), field,
                        field + ": not the baseline record: " + why)));
            }
        }
        if (competing.isEmpty()) {
            return null;
        }
        Set<String> values = new TreeSet<>();
        competing.forEach(c -> values.add(c.value()));
        Candidate first = competing.get(0);
        for (Candidate c : competing) {
            Problem p = null;
            if (values.size() > 1) {
                p = new Problem(QuarantineReason.CONFLICTING_KEY.code(), field, field + ": " + competing.size()
                        + " records" + (latest ? " dated " + top : "") + " differ " + values + "; none is taken");
            } else if (c != first) {
                p = new Problem(QuarantineReason.DUPLICATE_ROW.code(), field, field + ": identical to the record at "
                        + names.of(first.record().line()) + ", which is kept");
            }
            if (p != null) {
                out.add(Translated.fate(c.record(), p));
            } else if (noPatient && patient) {
                out.add(Translated.fate(c.record(), unknownPatient(c.record())));
            } else {
                out.add(Translated.dependent(c.record(), target, patient));
            }
        }
        return values.size() > 1 ? null : first.value();
    }

    /** Per record id, the line of its first record. */
    private static Map<String, Long> firstLines(List<OmopRecord> rs) {
        Map<String, Long> out = new HashMap<>();
        for (OmopRecord r : rs) {
            out.merge(r.id(), r.line(), Math::min);
        }
        return out;
    }

    /**
     * The values that modifiers give to the records they name (measurement_event_id, a
     * condition_occurrence_id): per modified record id, one value ({@link #resolve}).
     */
    private Map<String, String> modified(List<Candidate> cs, Map<String, Long> targets, String field, String what,
                                         List<Translated> out) {
        Map<String, List<Candidate>> byEvent = new LinkedHashMap<>();
        for (Candidate c : cs) {
            OmopRecord r = c.record();
            String eventColumn = r.table() == OmopTable.MEASUREMENT ? "measurement_event_id" : "observation_event_id";
            String fieldColumn = r.table() == OmopTable.MEASUREMENT ? "meas_event_field_concept_id" : "obs_event_field_concept_id";
            if (r.event() == null) {
                out.add(Translated.fate(r, new Problem(QuarantineReason.MISSING_REQUIRED.code(), eventColumn, eventColumn
                        + ": required value is empty (the " + field + " of a " + what + " names its condition_occurrence_id)")));
            } else if (!m.conditionFields().isEmpty() && !m.conditionFields().contains(r.eventField())) {
                out.add(Translated.fate(r, new Problem(QuarantineReason.UNKNOWN_RECORD.code(), fieldColumn, fieldColumn
                        + ": '" + r.eventField() + "' is not condition_occurrence_id " + m.conditionFields()
                        + " (rwe.omop.event-fields.condition-occurrence)")));
            } else if (!targets.containsKey(r.event())) {
                out.add(Translated.fate(r, new Problem(QuarantineReason.UNKNOWN_RECORD.code(), eventColumn, eventColumn
                        + ": no " + what + " condition_occurrence " + r.event() + " of person " + r.personId()
                        + " in this delivery")));
            } else {
                byEvent.computeIfAbsent(r.event(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, List<Candidate>> e : byEvent.entrySet()) {
            String v = resolve(e.getValue(), field, null, false, targets.get(e.getKey()), false, false, out);
            if (v != null) {
                values.put(e.getKey(), v);
            }
        }
        return values;
    }

    /** Per drug exposure id, its line: the episode_number of the regimen episode linked to it (episode_event). */
    private Map<String, String> lines(List<OmopRecord> links, Map<String, Long> treatments, List<Translated> out) {
        List<Candidate> valid = new ArrayList<>();
        for (OmopRecord r : links) {
            if (!m.drugExposureFields().isEmpty() && !m.drugExposureFields().contains(r.eventField())) {
                out.add(Translated.fate(r, new Problem(QuarantineReason.UNKNOWN_RECORD.code(), "episode_event_field_concept_id",
                        "episode_event_field_concept_id: '" + r.eventField() + "' is not drug_exposure_id "
                                + m.drugExposureFields() + " (rwe.omop.event-fields.drug-exposure)")));
            } else if (!treatments.containsKey(r.event())) {
                out.add(Translated.fate(r, new Problem(QuarantineReason.UNKNOWN_RECORD.code(), "event_id", "event_id: no "
                        + "drug_exposure " + r.event() + " of a study drug of person " + r.personId() + " in this delivery")));
            } else if (r.count() == null) {
                out.add(Translated.dependent(r, treatments.get(r.event()), false));
            } else {
                valid.add(new Candidate(r, Integer.toString(r.count())));
            }
        }
        Map<String, List<Candidate>> byExposure = new LinkedHashMap<>();
        valid.forEach(c -> byExposure.computeIfAbsent(c.record().event(), k -> new ArrayList<>()).add(c));
        Map<String, String> out2 = new HashMap<>();
        for (Map.Entry<String, List<Candidate>> e : byExposure.entrySet()) {
            String v = resolve(e.getValue(), "line", null, false, treatments.get(e.getKey()), false, false, out);
            if (v != null) {
                out2.put(e.getKey(), v);
            }
        }
        return out2;
    }

    /** {@code year-month-day} of birth when all three are given, else the date of birth_datetime, else null. */
    static String birthDate(OmopRecord p) {
        if (p.count() != null && p.month() != null && p.day() != null) {
            try {
                return LocalDate.of(p.count(), p.month(), p.day()).toString();
            } catch (DateTimeException e) {
                return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", p.count(), p.month(), p.day());
            }
        }
        String t = p.text();
        return t != null && t.length() >= 10 ? t.substring(0, 10) : null;
    }

    /** A number as plain decimal text ({@code 2400}, {@code 3.2}, {@code 100000000}). */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String text(LocalDate d) {
        return d == null ? null : d.toString();
    }

    /** The values of a row of {@code t}, in its column order, from alternating names and values. */
    static String[] row(ExtractTable t, String... namesAndValues) {
        String[] r = new String[t.columns().size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            int at = -1;
            for (int c = 0; c < t.columns().size(); c++) {
                if (t.columns().get(c).name().equals(namesAndValues[i])) {
                    at = c;
                }
            }
            if (at < 0 || !seen.add(namesAndValues[i])) {
                throw new IllegalArgumentException("no column " + namesAndValues[i] + " in " + t.tableName());
            }
            r[at] = namesAndValues[i + 1];
        }
        return r;
    }
}
