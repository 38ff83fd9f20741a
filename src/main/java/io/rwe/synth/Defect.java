package io.rwe.synth;

import java.util.Locale;

/**
 * The ways a row can be bad (registry-extract.md, "What is a bad record"), named as the quarantine
 * reasons of ingest ({@code io.rwe.ingest.QuarantineReason}: the same lower-snake-case codes). Every
 * reason but {@link #REJECTED_PATIENT} is injected directly; that one follows from a rejected
 * patient row (its children).
 */
public enum Defect {
    MISSING_REQUIRED,
    VALUE_TOO_LONG,
    INVALID_CODE,
    INVALID_DATE,
    INVALID_NUMBER,
    OUT_OF_RANGE,
    DATE_BEFORE_1900,
    DATE_AFTER_EXTRACT,
    DEATH_BEFORE_BIRTH,
    DEATH_AFTER_LAST_CONTACT,
    DUPLICATE_ROW,
    CONFLICTING_KEY,
    UNKNOWN_PATIENT,
    REJECTED_PATIENT;

    /** The quarantine reason code ({@code missing_required}, ...). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
