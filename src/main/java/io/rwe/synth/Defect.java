package io.rwe.synth;

import io.rwe.ingest.QuarantineReason;

/**
 * The ways a row can be bad (docs/registry-extract.md, "What is a bad record"), named as the quarantine
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

    /** The ingest reason this defect must be quarantined under (same name). */
    public QuarantineReason reason() {
        return QuarantineReason.valueOf(name());
    }

    /** The quarantine reason code ({@code missing_required}, ...): ingest's own code, so the two never drift. */
    public String code() {
        return reason().code();
    }
}
