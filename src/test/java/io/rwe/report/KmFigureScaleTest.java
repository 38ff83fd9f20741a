package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.results.ChiSquare;
import io.rwe.results.Comparison;
import io.rwe.results.Interval;
import io.rwe.results.PhTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kaplan–Meier figure at registry scale, and the notes the report adds beside hazard ratios. */
class KmFigureScaleTest {

    private static KmSteps.Step censoring(double time, long n) {
        return new KmSteps.Step(time, 1000, 0, n, 0.5, "1000");
    }

    @Test
    void censorMarksAreThinnedToOnePerColumn() {
        // 100,000 censorings at distinct times 0.0001 apart over 0–10 months; columns of 0.05 months:
        // one mark per column, the first time of each: 200 marks (10 / 0.05)
        List<KmSteps.Step> steps = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            steps.add(censoring(i * 0.0001, 1));
        }
        List<double[]> marks = KmFigure.censorMarks(steps, 0.05);
        assertEquals(200, marks.size());
        assertEquals(0.0, marks.get(0)[0], 0.0);
        assertEquals(0.05, marks.get(1)[0], 1e-9);
        // by hand: times 0.1, 0.12, 0.3 with columns of 0.25 → columns 0, 0, 1: marks at 0.1 and 0.3; an
        // event-only step (no censoring) draws no mark
        List<double[]> few = KmFigure.censorMarks(List.of(censoring(0.1, 2), censoring(0.12, 1),
                new KmSteps.Step(0.2, 10, 1, 0, 0.9, "10"), censoring(0.3, 1)), 0.25);
        assertEquals(2, few.size());
        assertEquals(0.3, few.get(1)[0], 0.0);
        // a suppressed censoring count still draws its mark
        assertEquals(1, KmFigure.censorMarks(List.of(new KmSteps.Step(1, 10, 0, KmSteps.SUPPRESSED, 1, "10")), 0.25).size());
    }

    @Test
    void numbersAtRiskCarryThousandsSeparators() {
        List<KmSteps.Step> steps = List.of(new KmSteps.Step(0.5, 123456, 3, 0, 0.99, "123456"),
                new KmSteps.Step(2, 999, 1, 0, 0.9, "999"), new KmSteps.Step(3, 5, 1, 0, 0.8, "<11"));
        assertEquals("123,456", KmFigure.atRiskText(steps, 0));
        assertEquals("999", KmFigure.atRiskText(steps, 1.5));
        assertEquals("<11", KmFigure.atRiskText(steps, 2.5), "a suppressed number stays as published");
        assertEquals("1,000,000", Formats.count(1_000_000));
    }

    @Test
    void theProportionalHazardsTestIsNamedAndMarkedWhenItRejects() {
        Comparison.Cox noTest = new Comparison.Cox(0.3, new Interval(0.1, 0.7), 0.01, 0.01, 0.01, "non_lung");
        assertEquals("PH test: not computed", KmFigure.phLine(noTest));
        Comparison.Cox holds = new Comparison.Cox(0.3, new Interval(0.1, 0.7), 0.01, 0.01, 0.01, "non_lung",
                new PhTest("km", Map.of(), new ChiSquare(0.5, 1, 0.48)));
        assertEquals("PH test (cox.zph) p = 0.480", KmFigure.phLine(holds));
        Comparison.Cox rejects = new Comparison.Cox(0.3, new Interval(0.1, 0.7), 0.01, 0.01, 0.01, "non_lung",
                new PhTest("km", Map.of(), new ChiSquare(4.4, 1, 0.0358)));
        assertEquals("⚠ PH test (cox.zph) p = 0.036: rejects proportional hazards", KmFigure.phLine(rejects));
    }

    @Test
    void anAdjustedHazardRatioDiffersMateriallyBeyondTheConfiguredChange() {
        // |ln(0.1679 / 0.2539)| = 0.4136 > ln(1.1) = 0.0953
        assertTrue(ReportPage.materiallyDifferent(0.2539, 0.1679, 0.10));
        // 0.27 / 0.2539 = 1.0634: 6% < 10%
        assertFalse(ReportPage.materiallyDifferent(0.2539, 0.27, 0.10));
        // symmetric on the log scale: 1.2 vs 1.0 (+20%) and 1.0 vs 1.2 (−16.7%, |ln| equal) both exceed 10%
        assertTrue(ReportPage.materiallyDifferent(1.0, 1.2, 0.10));
        assertTrue(ReportPage.materiallyDifferent(1.2, 1.0, 0.10));
        assertFalse(ReportPage.materiallyDifferent(null, 1.0, 0.10));
    }

    @Test
    void panelsOfOneFigureShareTheirNumber() {
        assertEquals("2", Figures.figureNumber("2A"));
        assertEquals("4", Figures.figureNumber("4B"));
        assertEquals("12", Figures.figureNumber("12"));
    }
}
