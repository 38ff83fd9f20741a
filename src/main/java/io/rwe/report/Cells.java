package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.disclosure.DisclosurePolicy;

/**
 * Display of count cells under the disclosure policy (docs/disclosure.md). The analyze stage publishes a
 * suppressed count as {@code null} in an object carrying {@code "suppressed": true}; such a cell is shown
 * as the policy's marker ({@code suppressed-as}, e.g. {@code suppressed}) — never as 0.
 *
 * @param marker the text of a suppressed count
 */
record Cells(String marker) {

    static Cells of(DisclosurePolicy policy) {
        return new Cells(policy.suppressedAs());
    }

    /** The text shown for a suppressed count. */
    String suppressedText() {
        return marker;
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
