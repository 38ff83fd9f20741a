package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void pValuesAsJournalsPrintThem() {
        assertEquals("0.214", Formats.p(0.213803482407058, null));
        assertEquals("0.019", Formats.p(0.0190, null));
        assertEquals("0.001", Formats.p(0.001, null));
        assertEquals("< 0.001", Formats.p(0.000999, null));
        assertEquals("< 0.001", Formats.p(1e-200, null));
        assertEquals("< 1e-300", Formats.p(0.0, null));
        // ln p = -1000: log10 p = -1000 / ln 10 = -434.294..., so p = 10^0.7058 · 10^-435 = 5.08e-435
        assertEquals("< 0.001 (p ≈ 5e-435)", Formats.p(0.0, -1000.0));
        assertEquals("—", Formats.p(Double.NaN, null));
    }

    @Test
    void mediansWithTwoDecimalsAndNotReached() {
        assertEquals("16.10", Formats.fixed(16.1, 2));
        assertEquals("3.37", Formats.fixed(3.3675, 2));
        assertEquals(Formats.NOT_REACHED, Formats.fixed(Double.NaN, 2));
        assertEquals("12.48–NR", Formats.interval(new io.rwe.results.Interval(12.4845995893224, null), 2));
    }

    @Test
    void agreementRules() {
        // counts: any difference
        assertTrue(Agreement.differs(Agreement.Kind.COUNT, 7, "6", 0.05));
        assertFalse(Agreement.differs(Agreement.Kind.COUNT, 6, "6", 0.05));
        // medians: more than 0.05 months apart
        assertFalse(Agreement.differs(Agreement.Kind.MEDIAN, 3.41, "3.37", 0.05));
        assertTrue(Agreement.differs(Agreement.Kind.MEDIAN, 3.43, "3.37", 0.05));
        // percentages and HRs at the printed precision (half-up)
        assertFalse(Agreement.pctDiffers(100.0 * 7 / 61, "11.5"));
        assertTrue(Agreement.pctDiffers(100.0 * 7 / 61, "11.6"));
        assertFalse(Agreement.pctDiffers(100.0 * 9 / 41, "22.0"));
        assertFalse(Agreement.pctDiffers(100.0 * 9 / 41, "22"));
        // p-values: "<0.001" is matched by any p below it
        assertFalse(Agreement.differs(Agreement.Kind.P, 0.0004, "<0.001", 0));
        assertTrue(Agreement.differs(Agreement.Kind.P, 0.0042, "<0.001", 0));
        assertTrue(Agreement.differs(Agreement.Kind.P, 0.2138, "0.019", 0));
        assertEquals(Agreement.Kind.MEDIAN, Agreement.kind("os_all.groups.all.median", "16.10"));
        assertEquals(Agreement.Kind.P, Agreement.kind("x.tests.*.p", "0.019"));
        assertEquals(Agreement.Kind.COUNT, Agreement.kind("cohort_flow.reviewed", "73"));
    }

    @Test
    void htmlEscapesEveryMetaCharacter() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;", Html.escape("<script>alert(\"x\")</script> & '"));
        assertEquals("", Html.escape(null));
    }
}
