package io.rwe.registry;

import java.util.List;

/**
 * One column of an extract file as {@code docs/registry-extract.md} defines it.
 *
 * @param name         the spec's column name (lower case); also the curated Parquet column name
 * @param required     {@code R} in the spec: the column must be present and a row with it empty is rejected
 * @param type         value type
 * @param codes        for {@link ColumnType#CODE}: the valid codes in their canonical spelling
 * @param min          for numbers: lower bound
 * @param minExclusive for numbers: the lower bound itself is not allowed ({@code dose_mg > 0})
 * @param max          for numbers: upper bound ({@code Double.POSITIVE_INFINITY} when none)
 * @param maxLength    for strings: maximum length, 0 when unbounded
 */
public record ColumnSpec(String name, boolean required, ColumnType type, List<String> codes,
                         double min, boolean minExclusive, double max, int maxLength) implements java.io.Serializable {

    public ColumnSpec {
        codes = List.copyOf(codes);
    }

    static ColumnSpec string(String name, boolean required, int maxLength) {
        return new ColumnSpec(name, required, ColumnType.STRING, List.of(), 0, false, 0, maxLength);
    }

    static ColumnSpec code(String name, boolean required, String... codes) {
        return new ColumnSpec(name, required, ColumnType.CODE, List.of(codes), 0, false, 0, 0);
    }

    static ColumnSpec date(String name, boolean required) {
        return new ColumnSpec(name, required, ColumnType.DATE, List.of(), 0, false, 0, 0);
    }

    static ColumnSpec number(String name, boolean required, double min, boolean minExclusive) {
        return new ColumnSpec(name, required, ColumnType.NUMBER, List.of(), min, minExclusive,
                Double.POSITIVE_INFINITY, 0);
    }

    static ColumnSpec integer(String name, boolean required, long min, long max) {
        return new ColumnSpec(name, required, ColumnType.INTEGER, List.of(), min, false, max, 0);
    }

    /** The canonical spelling of {@code raw} among {@link #codes()}, compared case-insensitively, or null. */
    public String canonicalCode(String raw) {
        for (String c : codes) {
            if (c.equalsIgnoreCase(raw)) {
                return c;
            }
        }
        return null;
    }
}
