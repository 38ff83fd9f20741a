package io.rwe.ingest.omop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A hand-made OMOP delivery folder for the tests: per table a header and rows, written as CSV. */
final class OmopFolder {
    static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("person", "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,race_concept_id,"
                    + "ethnicity_concept_id,care_site_id,person_source_value"),
            Map.entry("care_site", "care_site_id,care_site_name,care_site_source_value"),
            Map.entry("observation_period", "observation_period_id,person_id,observation_period_start_date,"
                    + "observation_period_end_date,period_type_concept_id"),
            Map.entry("death", "person_id,death_date,death_type_concept_id"),
            Map.entry("condition_occurrence", "condition_occurrence_id,person_id,condition_concept_id,condition_start_date,"
                    + "condition_type_concept_id"),
            Map.entry("drug_exposure", "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,"
                    + "drug_exposure_end_date,verbatim_end_date,drug_type_concept_id,sig"),
            Map.entry("procedure_occurrence", "procedure_occurrence_id,person_id,procedure_concept_id,procedure_date,"
                    + "procedure_type_concept_id"),
            Map.entry("measurement", "measurement_id,person_id,measurement_concept_id,measurement_date,"
                    + "measurement_type_concept_id,value_as_number,value_as_concept_id,measurement_event_id,"
                    + "meas_event_field_concept_id"),
            Map.entry("observation", "observation_id,person_id,observation_concept_id,observation_date,"
                    + "observation_type_concept_id,value_as_number,value_as_concept_id,observation_event_id,"
                    + "obs_event_field_concept_id"),
            Map.entry("episode", "episode_id,person_id,episode_concept_id,episode_start_date,episode_end_date,episode_number,"
                    + "episode_object_concept_id,episode_type_concept_id"),
            Map.entry("episode_event", "episode_id,event_id,episode_event_field_concept_id"));

    private final Map<String, StringBuilder> tables = new LinkedHashMap<>();

    /** Rows of {@code table} (after its header). */
    OmopFolder rows(String table, String... lines) {
        StringBuilder b = tables.computeIfAbsent(table, t -> new StringBuilder(HEADERS.get(t)).append('\n'));
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return this;
    }

    /** Writes {@code <root>/<date>/<table>.csv} for every table given. */
    Path write(Path root, String date) {
        Path dir = root.resolve(date);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, StringBuilder> e : tables.entrySet()) {
                Files.writeString(dir.resolve(e.getKey() + ".csv"), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
