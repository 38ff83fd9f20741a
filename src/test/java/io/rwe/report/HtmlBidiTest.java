package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A right-to-left override in an adverse-event term reaches report.html removed, the term escaped. */
class HtmlBidiTest {

    @Test
    void escapedTextHasNoBidiControls() {
        assertEquals("&lt;b&gt;noisnetrepyh", Html.escape("<b>\u202Enoisnetrepyh\u2069"));
    }
}
