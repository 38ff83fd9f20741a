package io.rwe.ingest;

import java.util.Locale;

/**
 * Why a row was quarantined (docs/registry-extract.md, "What is a bad record"). Each rejected row carries
 * exactly one reason: the first rule it fails, in the spec's order — the row's shape, then the field
 * rules column by column in the spec's column order (each column: required, length, code, parse,
 * range, date bounds), then the cross-field date rules, then the key rules among the rows that passed,
 * then the patient reference against the accepted patients of the same extract. {@link #code()} is
 * the name used in the quarantine table, the accounting and {@code manifest.json}.
 */
public enum QuarantineReason {
    /** The record is not a well-formed CSV row: a stray or unclosed quote, or a field count that differs from the header's. */
    MALFORMED_ROW,
    /** A required ({@code R}) field is empty. */
    MISSING_REQUIRED,
    /** A string is longer than its stated maximum ({@code patient_id} ≤ 64 characters). */
    VALUE_TOO_LONG,
    /** A code is not in its list (compared case-insensitively, after the registry's code mapping). */
    INVALID_CODE,
    /** A date does not parse in the registry's date format, or names no calendar day. */
    INVALID_DATE,
    /** A number is not a plain decimal (or, for integers, not a whole number). */
    INVALID_NUMBER,
    /** A number lies outside its stated range. */
    OUT_OF_RANGE,
    /** A date lies before 1900-01-01. */
    DATE_BEFORE_1900,
    /** A date lies after the extract date. */
    DATE_AFTER_EXTRACT,
    /** {@code death_date} precedes {@code birth_date}. */
    DEATH_BEFORE_BIRTH,
    /** {@code death_date} follows {@code last_contact_date}. */
    DEATH_AFTER_LAST_CONTACT,
    /** The row is identical (decoded values) to an earlier row of the file; the first one is kept. */
    DUPLICATE_ROW,
    /** The row shares its key with another row of the file that differs: all of them are rejected. */
    CONFLICTING_KEY,
    /** The row names a patient who has no row at all in the extract's patients.csv. */
    UNKNOWN_PATIENT,
    /** The row names a patient whose patients.csv row was rejected (a child of a rejected patient). */
    REJECTED_PATIENT,
    /**
     * OMOP input model (docs/omop.md): the record's concept is in none of the study's concept sets
     * (rwe.omop), so it is no fact of the study. Not a defect: a delivery holding only the study's
     * concept sets has none.
     */
    CONCEPT_NOT_IN_STUDY,
    /**
     * OMOP: a record of a baseline fact other than the one in force at the start of the study drug (the
     * latest on or before it): an older or a later one.
     */
    NOT_BASELINE,
    /** OMOP: the record refers to a record (by its id) that the delivery does not hold, or not as the study's fact. */
    UNKNOWN_RECORD,
    /** OMOP: the record modifies or links a record that was quarantined (an adverse event's grade, a lesion's measurability). */
    REJECTED_RECORD;

    /** The reason's name in data and JSON: lower snake case ({@code missing_required}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
