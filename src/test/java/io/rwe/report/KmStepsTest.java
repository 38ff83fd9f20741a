package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmStepsTest {

    @TempDir
    Path dir;

    private static final String HEADER = "analysis,group,time,n_risk,n_event,n_censor,surv,std_err,lower,upper\n";

    @Test
    void numberAtRiskIsTheRiskSetOfTheFirstRowAtOrAfterT() throws Exception {
        // 5 patients: event at 1, censored at 2, events at 3 (two), censored at 3 -> n_risk 5, 4, 3
        Path f = dir.resolve("km_x.csv");
        Files.writeString(f, HEADER
                + "x,all,1,5,1,0,0.8,0.1788854,0.5569,1\n"
                + "x,all,2,4,0,1,0.8,0.1788854,0.5569,1\n"
                + "x,all,3,3,2,1,0.2666667,0.2,0.06,1\n");
        KmSteps s = KmSteps.read(f, "x");
        var st = s.groups().get("all");
        assertEquals(3, st.size());
        // by hand: everyone at risk until the first time; between rows the risk set of the next row
        assertEquals("5", KmSteps.atRiskText(st, 0));
        assertEquals("5", KmSteps.atRiskText(st, 1));
        assertEquals("4", KmSteps.atRiskText(st, 1.5));
        assertEquals("3", KmSteps.atRiskText(st, 2.5));
        assertEquals("3", KmSteps.atRiskText(st, 3));
        assertEquals("0", KmSteps.atRiskText(st, 3.01));
    }

    @Test
    void suppressedCountsOfTheAnalyzeStageAreKeptAsTheirMarker() throws Exception {
        // a step table whose counts were blanked by hand (the analyze stage rounds curves instead) still reads
        Path f = dir.resolve("km_s.csv");
        Files.writeString(f, HEADER
                + "s,all,1,40,1,0,0.975,0.02,0.9,1\n"
                + "s,all,5,<11,<11,<11,0.5,0.1,0.3,0.8\n");
        var st = KmSteps.read(f, "s").groups().get("all");
        assertEquals(KmSteps.SUPPRESSED, st.get(1).nRisk());
        assertEquals(KmSteps.SUPPRESSED, st.get(1).nCensor());
        assertEquals("40", KmSteps.atRiskText(st, 0));
        assertEquals("<11", KmSteps.atRiskText(st, 2));
        assertEquals("0", KmSteps.atRiskText(st, 6));
    }

    @Test
    void aBadFieldIsRefusedNamingFileLineAndField() throws Exception {
        Path f = dir.resolve("km_y.csv");
        Files.writeString(f, HEADER + "y,all,1,5,1,0,0.8,0.1,0.5,1\ny,all,two,4,0,1,0.8,0.1,0.5,1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> KmSteps.read(f, "y"));
        assertTrue(e.getMessage().contains("km_y.csv: line 3: field time"), e.getMessage());
        Files.writeString(f, "analysis,group,time\n");
        e = assertThrows(BadInputException.class, () -> KmSteps.read(f, "y"));
        assertTrue(e.getMessage().contains("line 1: missing column 'n_risk'"), e.getMessage());
    }
}
