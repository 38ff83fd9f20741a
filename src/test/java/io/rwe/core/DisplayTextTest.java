package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Bidirectional formatting characters never reach a reader: a term shows as what it is. */
class DisplayTextTest {

    @Test
    void bidiControlsAreRemovedAndOtherTextKept() {
        // "hypertension" written with a right-to-left override so that it would display reversed.
        assertEquals("noisnetrepyh", DisplayText.withoutBidiControls("\u202Enoisnetrepyh\u202C"));
        assertEquals("ab", DisplayText.withoutBidiControls("a\u2066\u2067\u2068\u2069b"));
        assertEquals("ab", DisplayText.withoutBidiControls("\u200Ea\u200F\u061Cb\u202A\u202B\u202D"));
        String arabic = "\u0627\u0644\u0643\u0628\u062F";   // right-to-left text itself is kept
        assertSame(arabic, DisplayText.withoutBidiControls(arabic));
        assertEquals("ÿ≥65 µg/L", DisplayText.withoutBidiControls("ÿ≥65 µg/L"));
        assertNull(DisplayText.withoutBidiControls(null));
    }

    @Test
    void csvCellsLoseThemToo() {
        assertEquals("term\nfatigue\n'=1+1\n", new CsvTable("term").row("fati\u202Egue").row("\u202E=1+1").text());
    }
}
