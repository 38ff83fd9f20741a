package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Display of count cells under small-cell suppression. The analyze stage publishes a suppressed count
 * as {@code null} in an object carrying {@code "suppressed": true}; such a cell is shown as
 * {@code <threshold} (e.g. {@code <11}) when the threshold is known, else "suppressed" — never as 0.
 * The threshold k is read from results.json ({@code suppression.min_cell}) when present, else from
 * the configuration ({@code rwe.report.suppression.min-cell}, as the analyze stage applies it); a
 * threshold of 0 or 1 means suppression is off.
 */
record Cells(Integer threshold) {

    static Cells of(ResultsView results, StudyView study) {
        for (String p : new String[] {"suppression.min_cell", "suppression.threshold", "suppression.min_count"}) {
            if (results.number(p).isPresent() && results.number(p).getAsDouble() > 1) {
                return new Cells((int) results.number(p).getAsDouble());
            }
        }
        double t = study.reportDouble("suppression.min-cell", Double.NaN);
        if (!(t > 1)) {
            t = study.reportDouble("suppression.threshold", Double.NaN);
        }
        return new Cells(t > 1 ? (int) t : null);
    }

    /** The text shown for a suppressed count. */
    String suppressedText() {
        return threshold == null ? "suppressed" : "<" + threshold;
    }

    /** True when {@code obj.field} is a suppressed count. */
    static boolean suppressed(JsonNode obj, String field) {
        JsonNode v = obj.path(field);
        return (v.isNull() || v.isMissingNode()) && isSuppressedObject(obj)
                || v.isObject() && isSuppressedObject(v) && !v.path("n").isNumber();
    }

    static boolean isSuppressedObject(JsonNode obj) {
        return obj.path("suppressed").asBoolean(false);
    }

    /** A count cell: the integer, the suppression marker, or "—" when absent. */
    String count(JsonNode obj, String field) {
        JsonNode v = obj.path(field);
        if (v.isNumber()) {
            return Long.toString(v.asLong());
        }
        if (v.isObject() && v.path("n").isNumber()) {
            return Long.toString(v.path("n").asLong());
        }
        if (suppressed(obj, field) || v.isObject() && isSuppressedObject(v)) {
            return suppressedText();
        }
        return "—";
    }

    /** A count given as the node itself (flow counts): a number, or the marker when null. */
    String count(JsonNode v) {
        if (v.isNumber()) {
            return Long.toString(v.asLong());
        }
        if (v.isObject()) {
            return count(v, "n");
        }
        return v.isNull() ? suppressedText() : "—";
    }
}
