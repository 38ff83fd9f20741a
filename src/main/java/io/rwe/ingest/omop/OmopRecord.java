package io.rwe.ingest.omop;

import io.rwe.registry.OmopTable;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * One record of an OMOP delivery as the translation reads it: the columns of its table (as typed by the
 * field rules) placed in slots shared by every table, so that all the records of a person travel
 * together ({@link OmopRows} says which column goes where).
 *
 * @param table        the record's table
 * @param line         its {@link Lines} number
 * @param at           byte offset of its raw CSV line (0 for Parquet)
 * @param length       byte length of its raw CSV line (0 for Parquet)
 * @param error        the first field rule it fails (null when none)
 * @param personId     {@code person_id}
 * @param id           the record's own id (person_id, condition_occurrence_id, …; episode_event: its episode_id)
 * @param concept      the record's concept (gender, condition, drug, procedure, measurement, observation,
 *                     episode concept; episode_event: its episode's concept)
 * @param date         its date (start, measurement, death, observation period start; person: none)
 * @param endDate      observation period end, verbatim_end_date, episode end
 * @param number       value_as_number
 * @param count        year_of_birth; episode_number (episode_event: its episode's number)
 * @param month        month_of_birth
 * @param day          day_of_birth
 * @param value        value_as_concept_id; episode_object_concept_id; person: the center (care site)
 * @param event        measurement_event_id / observation_event_id; episode_event.event_id
 * @param eventField   the matching *_event_field_concept_id
 * @param text         drug_exposure.sig; person.birth_datetime
 */
record OmopRecord(OmopTable table, long line, long at, int length, Problem error, String personId, String id,
                  String concept, LocalDate date, LocalDate endDate, Double number, Integer count, Integer month,
                  Integer day, String value, String event, String eventField, String text) implements Serializable {

    /** Why a record is quarantined: a reason code of {@link io.rwe.ingest.QuarantineReason}, the field, a message. */
    record Problem(String reason, String field, String message) implements Serializable {
    }
}
