package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Display of count cells under small-cell suppression. The analyze stage publishes a suppressed count
 * as {@code null} in an object carrying {@code "suppressed": true}; such a cell is shown as
 * {@code <threshold} (e.g. {@code <11}) when the threshold is configured
 * ({@code rwe.report.suppression.min-cell}, as the analyze stage applied it), else "suppressed" — never
 * as 0. A threshold of 0 or 1 means suppression is off.
 */
record Cells(Integer threshold) {

    static Cells of(ReportSettings settings) {
        return new Cells(settings.minCell() > 1 ? settings.minCell() : null);
    }

    /** The text shown for a suppressed count. */
    String suppressedText() {
        return threshold == null ? "suppressed" : "<" + threshold;
    }

    /** A count: the integer; the marker when null in a suppressed object; "—" when absent. */
    String count(Long value, boolean ownerSuppressed) {
        if (value != null) {
            return Long.toString(value);
        }
        return ownerSuppressed ? suppressedText() : "—";
    }

    /** A count given as a results.json node: a number, or the marker when null. */
    String count(JsonNode v) {
        if (v.isNumber()) {
            return Long.toString(v.asLong());
        }
        return v.isNull() ? suppressedText() : "—";
    }
}
