package io.rwe.registry;

/** The value types of the registry extract format (docs/registry-extract.md, "Files and columns"). */
public enum ColumnType {
    /** Free text; {@code maxLength} of the column applies when positive. */
    STRING,
    /** One of a fixed list of codes, matched case-insensitively, stored in the spec's spelling. */
    CODE,
    /** ISO-8601 {@code YYYY-MM-DD}, not after the extract date, not before 1900-01-01. */
    DATE,
    /** A plain decimal within [min, max] (bounds inclusive unless {@code minExclusive}). */
    NUMBER,
    /** A whole number within [min, max]. */
    INTEGER
}
