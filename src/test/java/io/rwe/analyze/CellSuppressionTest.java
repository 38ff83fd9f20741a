package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.analyze.CellSuppression.Cell;
import io.rwe.analyze.CellSuppression.Partition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small-cell suppression: every count 1..k-1 hidden, and none recoverable by subtraction. */
class CellSuppressionTest {

    /** The property that matters: no partition leaves a protected cell as its only unknown. */
    static void assertNoCellRecoverable(CellSuppression s, int k) {
        for (Partition p : s.partitions()) {
            List<Cell> members = new java.util.ArrayList<>(p.cells());
            members.add(p.total());
            long hidden = members.stream().filter(Cell::hidden).count();
            for (Cell c : members) {
                boolean protectedCell = c.suppressed() || (c.count() > 0 && c.count() < k);
                if (protectedCell) {
                    assertTrue(c.hidden(), c.label() + " (" + c.count() + ") must be hidden");
                    assertTrue(hidden >= 2, c.label() + " is the only unknown of " + p.total().label()
                            + " = sum of its cells: recoverable by subtraction");
                }
            }
        }
    }

    @Test
    void offLeavesEverythingPublished() {
        CellSuppression s = new CellSuppression(0);
        Cell n = s.published("n", 61);
        Cell a = s.published("a", 3);
        Cell b = s.published("b", 58);
        s.partition(n, List.of(a, b));
        s.apply();
        assertFalse(a.suppressed());
        assertFalse(n.suppressed());
    }

    @Test
    void aSingleSmallCellTakesTheNextSmallestWithIt() {
        // Table 1 BCLC: B 6, C 55, n 61; threshold 11 → B suppressed, and C (55 = 61 - 6) too.
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 61);
        Cell b = s.published("B", 6);
        Cell c = s.published("C", 55);
        s.partition(n, List.of(b, c));
        s.apply();
        assertTrue(b.suppressed());
        assertTrue(c.suppressed(), "complement: otherwise B = 61 - 55");
        assertFalse(n.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void complementIsTheSmallestOtherCell() {
        // HBV-DNA: <1000 28, >=1000 11, not examined 22 → none below 11: nothing hidden.
        // AFP: >=400 30, <400 25, missing 6 → missing hidden, then <400 (25) as complement.
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 61);
        Cell hi = s.published(">=400", 30);
        Cell lo = s.published("<400", 25);
        Cell missing = s.published("missing", 6);
        s.partition(n, List.of(hi, lo, missing));
        s.apply();
        assertTrue(missing.suppressed());
        assertTrue(lo.suppressed());
        assertFalse(hi.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void twoSmallCellsProtectEachOther() {
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 61);
        Cell a = s.published("a", 3);
        Cell b = s.published("b", 5);
        Cell c = s.published("c", 53);
        s.partition(n, List.of(a, b, c));
        s.apply();
        assertTrue(a.suppressed());
        assertTrue(b.suppressed());
        assertFalse(c.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void smallImplicitCellHidesThePublishedOne() {
        // 56 responders of 61: the 5 non-responders (never printed) are 61 - 56, so 56 must go.
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 61);
        Cell r = s.published("responders", 56);
        s.partition(n, List.of(r, s.implicit("non-responders", 5)));
        s.apply();
        assertTrue(r.suppressed());
        assertFalse(n.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void largeImplicitCellAloneNeedsNoComplement() {
        // 7 responders of 61: hidden; the 54 non-responders stay unknown too, so n stays.
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 61);
        Cell r = s.published("responders", 7);
        s.partition(n, List.of(r, s.implicit("non-responders", 54)));
        s.apply();
        assertTrue(r.suppressed());
        assertFalse(n.suppressed());
        // 20 responders of 61: nothing small, nothing hidden but the (harmless) implicit cell.
        CellSuppression t = new CellSuppression(11);
        Cell n2 = t.published("n", 61);
        Cell r2 = t.published("responders", 20);
        t.partition(n2, List.of(r2, t.implicit("non-responders", 41)));
        t.apply();
        assertFalse(r2.suppressed());
        assertFalse(n2.suppressed());
    }

    @Test
    void suppressionPropagatesThroughSharedCells() {
        // Flow: reviewed 73 = 4 + 2 + 6 + 0 + included 61; included 61 = 28 + 13 + 20.
        CellSuppression s = new CellSuppression(11);
        Cell reviewed = s.published("reviewed", 73);
        Cell e1 = s.published("not_eligible", 0);
        Cell e2 = s.published("no_measurable", 4);
        Cell e3 = s.published("concurrent", 2);
        Cell e4 = s.published("locoregional", 6);
        Cell included = s.published("included", 61);
        s.partition(reviewed, List.of(e1, e2, e3, e4, included));
        Cell lungOnly = s.published("lung_only", 28);
        Cell multi = s.published("multi_organ", 13);
        Cell non = s.published("non_lung", 20);
        s.partition(included, List.of(lungOnly, multi, non));
        s.apply();
        assertTrue(e2.suppressed() && e3.suppressed() && e4.suppressed());
        assertFalse(included.suppressed());
        assertFalse(lungOnly.suppressed() || multi.suppressed() || non.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void smallTotalHidesItsCells() {
        CellSuppression s = new CellSuppression(11);
        Cell n = s.published("n", 9);
        Cell a = s.published("a", 0);
        Cell b = s.published("b", 9);
        s.partition(n, List.of(a, b));
        s.apply();
        assertTrue(n.suppressed());
        assertTrue(b.suppressed());
        assertNoCellRecoverable(s, 11);
    }
}
