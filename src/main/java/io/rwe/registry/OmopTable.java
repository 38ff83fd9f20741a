package io.rwe.registry;

import static io.rwe.registry.ColumnSpec.date;
import static io.rwe.registry.ColumnSpec.integer;
import static io.rwe.registry.ColumnSpec.string;

import java.util.List;

/**
 * The tables of the OMOP Common Data Model v5.4 (and of its oncology extension, {@code episode} and
 * {@code episode_event}) that the {@code omop} input model reads (docs/omop.md), with the columns it
 * reads, as the v5.4 DDL names them. Identifiers and concept ids are read as text (compared as
 * written; the CDM's integer and bigint both fit); dates are ISO {@code yyyy-MM-dd}. A column marked
 * required is NOT NULL in the DDL: a record without it is quarantined.
 *
 * <p>The single source of truth for the OMOP reader and for the rendering of generated registries as
 * OMOP tables. Other columns of a delivered table are ignored.
 */
public enum OmopTable {
    PERSON("person", true, List.of(
            string("person_id", true, 0),
            string("gender_concept_id", true, 0),
            integer("year_of_birth", true, 1, 9999),
            integer("month_of_birth", false, 1, 12),
            integer("day_of_birth", false, 1, 31),
            string("birth_datetime", false, 0),
            string("care_site_id", false, 0),
            string("person_source_value", false, 0))),
    CARE_SITE("care_site", false, List.of(
            string("care_site_id", true, 0),
            string("care_site_source_value", false, 0))),
    OBSERVATION_PERIOD("observation_period", true, List.of(
            string("observation_period_id", true, 0),
            string("person_id", true, 0),
            date("observation_period_start_date", true),
            date("observation_period_end_date", true))),
    DEATH("death", false, List.of(
            string("person_id", true, 0),
            date("death_date", true))),
    CONDITION_OCCURRENCE("condition_occurrence", false, List.of(
            string("condition_occurrence_id", true, 0),
            string("person_id", true, 0),
            string("condition_concept_id", true, 0),
            date("condition_start_date", true))),
    DRUG_EXPOSURE("drug_exposure", false, List.of(
            string("drug_exposure_id", true, 0),
            string("person_id", true, 0),
            string("drug_concept_id", true, 0),
            date("drug_exposure_start_date", true),
            date("verbatim_end_date", false),
            string("sig", false, 0))),
    PROCEDURE_OCCURRENCE("procedure_occurrence", false, List.of(
            string("procedure_occurrence_id", true, 0),
            string("person_id", true, 0),
            string("procedure_concept_id", true, 0),
            date("procedure_date", true))),
    MEASUREMENT("measurement", false, List.of(
            string("measurement_id", true, 0),
            string("person_id", true, 0),
            string("measurement_concept_id", true, 0),
            date("measurement_date", true),
            anyNumber("value_as_number"),
            string("value_as_concept_id", false, 0),
            string("measurement_event_id", false, 0),
            string("meas_event_field_concept_id", false, 0))),
    OBSERVATION("observation", false, List.of(
            string("observation_id", true, 0),
            string("person_id", true, 0),
            string("observation_concept_id", true, 0),
            date("observation_date", true),
            anyNumber("value_as_number"),
            string("value_as_concept_id", false, 0),
            string("observation_event_id", false, 0),
            string("obs_event_field_concept_id", false, 0))),
    EPISODE("episode", false, List.of(
            string("episode_id", true, 0),
            string("person_id", true, 0),
            string("episode_concept_id", true, 0),
            date("episode_start_date", true),
            date("episode_end_date", false),
            integer("episode_number", false, 0, Integer.MAX_VALUE),
            string("episode_object_concept_id", true, 0))),
    EPISODE_EVENT("episode_event", false, List.of(
            string("episode_id", true, 0),
            string("event_id", true, 0),
            string("episode_event_field_concept_id", true, 0)));

    private final String name;
    private final boolean required;
    private final List<ColumnSpec> columns;

    OmopTable(String name, boolean required, List<ColumnSpec> columns) {
        this.name = name;
        this.required = required;
        this.columns = columns;
    }

    private static ColumnSpec anyNumber(String name) {
        return new ColumnSpec(name, false, ColumnType.NUMBER, List.of(), Double.NEGATIVE_INFINITY, false,
                Double.POSITIVE_INFINITY, 0);
    }

    /** The table's name in the CDM ({@code person}); its file is {@code <name>.csv} or {@code <name>.parquet}. */
    public String tableName() {
        return name;
    }

    /** Whether every delivery must hold the table ({@code person}, {@code observation_period}). */
    public boolean required() {
        return required;
    }

    /** The columns read, in this order. */
    public List<ColumnSpec> columns() {
        return columns;
    }

    /** The position of column {@code name} in {@link #columns()}. */
    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in " + name);
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }
}
