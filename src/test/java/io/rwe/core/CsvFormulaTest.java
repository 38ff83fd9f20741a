package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP, "CSV
 * Injection"); numbers, NA and suppression markers are written as they are.
 */
class CsvFormulaTest {

    @Test
    void formulaTextIsNeutralisedNumbersAreNot() {
        CsvTable t = new CsvTable("term", "n", "x")
                .row("=HYPERLINK(\"http://x\",\"c\")", 1L, -2.5)
                .row("+cmd|' /C calc'!A0", 2L, "-3")
                .row("@SUM(1+1)", 3L, "-1.5e-3")
                .row("-2+3+cmd", 4L, null)
                .row("\tx", 5L, new CsvTable.Suppressed("suppressed"))
                .row("hypertension", 6L, "1e5");
        assertEquals("term,n,x\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"c\"\")\",1,-2.5\n"
                + "'+cmd|' /C calc'!A0,2,-3\n"
                + "'@SUM(1+1),3,-1.5e-3\n"
                + "'-2+3+cmd,4,NA\n"
                + "'\tx,5,suppressed\n"
                + "hypertension,6,1e5\n", t.text());
    }
}
