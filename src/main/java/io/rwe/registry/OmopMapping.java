package io.rwe.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.rwe.core.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The study's facts as concept sets of the OHDSI vocabularies (conf/omop.conf, {@code rwe.omop};
 * docs/omop.md): which OMOP records are which fact of the extract format's six tables, and with which
 * code. A concept set is a list of concept ids matched exactly (no descendants are expanded: list every
 * concept a site records, e.g. the clinical drugs of an ingredient). The first id of a set is the one
 * written when a generated registry is rendered as OMOP tables.
 *
 * @param sex                 {@code person.gender_concept_id} per sex code
 * @param baseline            patients.csv columns taken from measurement or observation records
 * @param withdrawal          a record of these concepts marks the person as withdrawn
 * @param diagnosisEpisodes   {@code episode_concept_id} of the episode dating the HCC diagnosis
 * @param diagnosisObjects    its {@code episode_object_concept_id}: the HCC concepts
 * @param lesionSites         {@code condition_concept_id} per lesion site
 * @param measurable          the modifier giving a lesion's RECIST measurability
 * @param drugs               {@code drug_concept_id} per drug code
 * @param regimenEpisodes     {@code episode_concept_id} of treatment regimens (their number is the line)
 * @param procedures          {@code procedure_concept_id} per {@code procedure/target}
 * @param scopes              {@code measurement_concept_id} of a response assessment, per scope
 * @param responses           its {@code value_as_concept_id} per response
 * @param progressionEpisodes {@code episode_concept_id} of a disease progression (a PD)
 * @param progressionObjects  its {@code episode_object_concept_id} per scope
 * @param adverseEventTerms   {@code condition_concept_id} per adverse-event term
 * @param grade               the modifier giving an adverse event's CTCAE grade
 * @param action              the modifier giving the action taken with the study drug
 * @param conditionFields     the {@code *_event_field_concept_id} values naming condition_occurrence_id
 * @param drugExposureFields  the {@code episode_event_field_concept_id} values naming drug_exposure_id
 *                            (empty: not checked)
 */
public record OmopMapping(ConceptCodes sex, List<BaselineFact> baseline, Modifier withdrawal,
                          List<String> diagnosisEpisodes, List<String> diagnosisObjects,
                          ConceptCodes lesionSites, Modifier measurable, ConceptCodes drugs, List<String> regimenEpisodes,
                          ConceptCodes procedures, ConceptCodes scopes, ConceptCodes responses,
                          List<String> progressionEpisodes, ConceptCodes progressionObjects,
                          ConceptCodes adverseEventTerms, Modifier grade, Modifier action,
                          List<String> conditionFields, List<String> drugExposureFields) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Concept ids of local concepts start above this (CDM FAQ: site-specific concepts are > 2,000,000,000). */
    public static final long LOCAL_CONCEPTS = 2_000_000_000L;

    /**
     * Codes each meaning a set of concept ids, in order.
     *
     * @param byCode code → its concept ids (the first is the one written when rendering)
     */
    public record ConceptCodes(Map<String, List<String>> byCode) implements Serializable {
        private static final long serialVersionUID = 1L;

        public ConceptCodes {
            Map<String, List<String>> m = new LinkedHashMap<>();
            byCode.forEach((k, v) -> m.put(k, List.copyOf(v)));
            byCode = Collections.unmodifiableMap(m);
        }

        /** Concept id → code. */
        public Map<String, String> byConcept() {
            Map<String, String> m = new LinkedHashMap<>();
            byCode.forEach((code, ids) -> ids.forEach(id -> m.put(id, code)));
            return m;
        }

        /** The concept written for {@code code}; a usage error naming {@code where} when it has none. */
        public String first(String code, String where) {
            List<String> ids = byCode.get(code);
            if (ids == null || ids.isEmpty()) {
                throw new UsageException("configuration: " + where + " has no concept for '" + code + "'");
            }
            return ids.get(0);
        }

        public boolean isEmpty() {
            return byCode.values().stream().allMatch(List::isEmpty);
        }
    }

    /**
     * Records of one table that give one value: a patients.csv column (a baseline fact), or a column of a
     * lesion or adverse event they modify.
     *
     * @param table    measurement or observation
     * @param concepts the record's concept ids
     * @param values   per code, the {@code value_as_concept_id}s; null when the value is {@code value_as_number}
     */
    public record Modifier(OmopTable table, List<String> concepts, ConceptCodes values) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Modifier {
            concepts = List.copyOf(concepts);
        }

        public boolean numeric() {
            return values == null;
        }
    }

    /** A patients.csv column from measurement or observation records (the value at the start of the study drug). */
    public record BaselineFact(String column, Modifier source) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The patients.csv columns that come from person, observation_period, death and the diagnosis episode. */
    static final Set<String> FROM_OTHER_RECORDS = Set.of("patient_id", "center_id", "birth_date", "sex",
            "hcc_diagnosis_date", "last_contact_date", "death_date", "withdrawn");

    /** Reads {@code rwe.omop}; a configuration error (exit 2) names the key at fault. */
    public static OmopMapping fromConfig(Config config) {
        if (!config.hasPath("rwe.omop")) {
            throw new UsageException("configuration: rwe.omop (the OMOP concept sets, conf/omop.conf) is missing");
        }
        Config c = config.getConfig("rwe.omop");
        try {
            ConceptCodes sex = codes(c, "sex", ExtractTable.PATIENTS.column("sex").orElseThrow().codes());
            List<BaselineFact> baseline = new ArrayList<>();
            for (Map.Entry<String, ConfigValue> e : c.getConfig("baseline").root().entrySet()) {
                String col = e.getKey();
                ColumnSpec spec = ExtractTable.PATIENTS.column(col).filter(s -> !FROM_OTHER_RECORDS.contains(s.name()))
                        .orElseThrow(() -> new UsageException("configuration: rwe.omop.baseline." + col
                                + ": not a patients.csv column taken from measurement or observation records"));
                baseline.add(new BaselineFact(spec.name(), modifier(c, "baseline." + col, spec)));
            }
            Modifier withdrawal = modifier(c, "withdrawal", null);
            ConceptCodes sites = codes(c, "lesions.sites", ExtractTable.LESIONS.column("site").orElseThrow().codes());
            Modifier measurable = modifier(c, "lesions.measurable", ExtractTable.LESIONS.column("measurable").orElseThrow());
            ConceptCodes drugs = codes(c, "treatments.drugs", ExtractTable.TREATMENTS.column("drug").orElseThrow().codes());
            ConceptCodes procedures = procedures(c);
            ConceptCodes scopes = codes(c, "assessments.scopes", ExtractTable.ASSESSMENTS.column("scope").orElseThrow().codes());
            ConceptCodes responses = codes(c, "assessments.responses",
                    ExtractTable.ASSESSMENTS.column("response").orElseThrow().codes());
            ConceptCodes progressionObjects = codes(c, "assessments.progression-objects",
                    ExtractTable.ASSESSMENTS.column("scope").orElseThrow().codes());
            ConceptCodes terms = codes(c, "adverse-events.terms", null);
            Modifier grade = modifier(c, "adverse-events.grade", ExtractTable.ADVERSE_EVENTS.column("grade").orElseThrow());
            Modifier action = modifier(c, "adverse-events.action", ExtractTable.ADVERSE_EVENTS.column("action").orElseThrow());
            OmopMapping m = new OmopMapping(sex, List.copyOf(baseline), withdrawal, ids(c, "diagnosis.episodes"),
                    ids(c, "diagnosis.objects"), sites, measurable, drugs, ids(c, "treatments.regimen-episodes"), procedures,
                    scopes, responses, ids(c, "assessments.progression-episodes"), progressionObjects, terms, grade, action,
                    ids(c, "event-fields.condition-occurrence"), ids(c, "event-fields.drug-exposure"));
            m.checkDisjoint();
            return m;
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    /** The study's facts this mapping can provide (docs/omop.md; {@code InputModel#facts}). */
    public Set<String> facts() {
        Set<String> f = new LinkedHashSet<>();
        if (!lesionSites.isEmpty()) {
            f.add("metastatic_sites_at_diagnosis");
            if (!measurable.concepts().isEmpty()) {
                f.add("measurable_lesions");
            }
        }
        if (!responses.isEmpty() && !scopes.isEmpty()) {
            f.add("responses");
        }
        if (!progressionEpisodes.isEmpty() || !responses.isEmpty()) {
            f.add("progression_dates");
        }
        if (!drugs.isEmpty()) {
            f.add("drug_courses");
        }
        if (!procedures.isEmpty()) {
            f.add("procedures");
        }
        if (!adverseEventTerms.isEmpty()) {
            f.add("adverse_events");
        }
        f.add("death");
        f.add("last_contact");
        if (!baseline.isEmpty()) {
            f.add("baseline_clinical");
        }
        return f;
    }

    private static List<String> ids(Config c, String path) {
        if (!c.hasPath(path)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object v : c.getList(path).unwrapped()) {
            out.add(conceptId(v, "rwe.omop." + path));
        }
        return List.copyOf(out);
    }

    /** A concept id as written in the CDM: a whole number, rendered without sign or leading zeros. */
    static String conceptId(Object v, String where) {
        try {
            long id = Long.parseLong(String.valueOf(v).trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return Long.toString(id);
        } catch (NumberFormatException e) {
            throw new UsageException("configuration: " + where + ": '" + v + "' is not a concept id (a whole number)");
        }
    }

    /** {@code code = [ids]} pairs; {@code allowed} the valid codes (null: any lower-case code). */
    private static ConceptCodes codes(Config c, String path, List<String> allowed) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (c.hasPath(path)) {
            for (Map.Entry<String, ConfigValue> e : c.getConfig(path).root().entrySet()) {
                String code = e.getKey();
                if (allowed != null && !allowed.contains(code)) {
                    throw new UsageException("configuration: rwe.omop." + path + "." + code + ": not a code of the extract "
                            + "format " + allowed);
                }
                if (allowed == null && !code.matches("[a-z0-9_]+")) {
                    throw new UsageException("configuration: rwe.omop." + path + "." + code
                            + ": a term is lower case with '_' for spaces");
                }
                m.put(code, ids(c, path + ".\"" + code + "\""));
            }
        }
        return new ConceptCodes(m);
    }

    /** {@code procedure { target = [ids] }}, as codes {@code procedure/target}. */
    private static ConceptCodes procedures(Config c) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> procedures = ExtractTable.PROCEDURES.column("procedure").orElseThrow().codes();
        List<String> targets = ExtractTable.PROCEDURES.column("target").orElseThrow().codes();
        if (c.hasPath("procedures")) {
            for (Map.Entry<String, ConfigValue> e : c.getConfig("procedures").root().entrySet()) {
                if (!procedures.contains(e.getKey())) {
                    throw new UsageException("configuration: rwe.omop.procedures." + e.getKey() + ": not a procedure of the "
                            + "extract format " + procedures);
                }
                ConceptCodes byTarget = codes(c, "procedures." + e.getKey(), targets);
                byTarget.byCode().forEach((target, ids) -> m.put(e.getKey() + "/" + target, ids));
            }
        }
        return new ConceptCodes(m);
    }

    /**
     * {@code { table = measurement|observation, concepts = [...], values { code = [...] } }}; the values
     * are required for a code column and absent for a number ({@code column} null: no value, presence only).
     */
    private static Modifier modifier(Config c, String path, ColumnSpec column) {
        String where = "rwe.omop." + path;
        if (!c.hasPath(path)) {
            return new Modifier(OmopTable.MEASUREMENT, List.of(), column == null || column.type() != ColumnType.CODE
                    ? null : new ConceptCodes(Map.of()));
        }
        String t = c.getString(path + ".table");
        OmopTable table = switch (t) {
            case "measurement" -> OmopTable.MEASUREMENT;
            case "observation" -> OmopTable.OBSERVATION;
            default -> throw new UsageException("configuration: " + where + ".table: measurement or observation, got '" + t + "'");
        };
        ConceptCodes values = null;
        if (column != null && column.type() == ColumnType.CODE) {
            if (!c.hasPath(path + ".values")) {
                throw new UsageException("configuration: " + where + ".values: the value concepts of each code of "
                        + column.name() + " " + column.codes() + " are missing");
            }
            values = codes(c, path + ".values", column.codes());
        } else if (c.hasPath(path + ".values")) {
            throw new UsageException("configuration: " + where + ".values: " + (column == null ? "this fact has no value"
                    : column.name() + " is a number, read from value_as_number"));
        }
        return new Modifier(table, ids(c, path + ".concepts"), values);
    }

    /**
     * Every concept means one thing per table and field: a concept in two sets of condition_occurrence
     * (a lesion site and an adverse event), of drug_exposure, of procedure_occurrence, of one
     * measurement or observation table, or twice among the values of one fact, is a configuration error.
     */
    private void checkDisjoint() {
        Map<String, String> condition = new HashMap<>();
        claim(condition, lesionSites, "lesions.sites");
        claim(condition, adverseEventTerms, "adverse-events.terms");
        claim(new HashMap<>(), drugs, "treatments.drugs");
        claim(new HashMap<>(), procedures, "procedures");
        claim(new HashMap<>(), sex, "sex");
        claim(new HashMap<>(), responses, "assessments.responses");
        claim(new HashMap<>(), progressionObjects, "assessments.progression-objects");
        Map<OmopTable, Map<String, String>> facts = new HashMap<>();
        facts.computeIfAbsent(OmopTable.MEASUREMENT, k -> new HashMap<>());
        claim(facts.get(OmopTable.MEASUREMENT), scopes, "assessments.scopes");
        List<Map.Entry<String, Modifier>> all = new ArrayList<>();
        baseline.forEach(b -> all.add(Map.entry("baseline." + b.column(), b.source())));
        all.add(Map.entry("withdrawal", withdrawal));
        all.add(Map.entry("lesions.measurable", measurable));
        all.add(Map.entry("adverse-events.grade", grade));
        all.add(Map.entry("adverse-events.action", action));
        for (Map.Entry<String, Modifier> e : all) {
            Map<String, String> seen = facts.computeIfAbsent(e.getValue().table(), k -> new HashMap<>());
            claim(seen, new ConceptCodes(Map.of(e.getKey(), e.getValue().concepts())), e.getKey());
            if (e.getValue().values() != null) {
                claim(new HashMap<>(), e.getValue().values(), e.getKey() + ".values");
            }
        }
    }

    private static void claim(Map<String, String> seen, ConceptCodes set, String where) {
        set.byCode().forEach((code, ids) -> {
            for (String id : ids) {
                String here = "rwe.omop." + where + (where.endsWith(code) ? "" : "." + code);
                String before = seen.putIfAbsent(id, here);
                if (before != null && !before.equals(here)) {
                    throw new UsageException("configuration: concept " + id + " is in both " + before + " and " + here
                            + " (a concept means one fact)");
                }
            }
        });
    }
}
