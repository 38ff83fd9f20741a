package io.rwe.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.disclosure.CountCells.Cell;
import io.rwe.disclosure.CountCells.Relation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small-cell suppression with complementary suppression: every count 1..k-1 hidden, and none derivable —
 * by one subtraction, nor by a chain of them through several relations.
 */
class CountCellsTest {

    /**
     * The property that matters, checked independently of the engine's own derivation: starting from the
     * visible cells, solving every relation that has a single unknown, again and again, never reaches a
     * suppressed cell or a small unseen one.
     */
    static void assertNoCellRecoverable(CountCells s, int k) {
        java.util.Map<Cell, Long> known = new java.util.IdentityHashMap<>();
        for (Cell c : s.cells()) {
            if (c.published() && c.count() > 0 && c.count() < k) {
                assertTrue(c.hidden(), c.label() + " (" + c.count() + ") must be hidden");
            }
            if (!c.hidden()) {
                known.put(c, c.count());
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Relation r : s.relations()) {
                List<Cell> members = new java.util.ArrayList<>(r.parts());
                members.add(0, r.total());
                List<Cell> unknown = members.stream().filter(m -> !known.containsKey(m)).toList();
                if (unknown.size() != 1) {
                    continue;
                }
                Cell u = unknown.get(0);
                long partsKnown = r.parts().stream().filter(known::containsKey).mapToLong(known::get).sum();
                long value = u == r.total() ? partsKnown : known.get(r.total()) - partsKnown;
                assertEquals(u.count(), value, "derivation of " + u.label());
                boolean protectedCell = u.suppressed() || (u.count() > 0 && u.count() < k);
                assertFalse(protectedCell, u.label() + " = " + value + " can be derived from the published cells");
                known.put(u, value);
                changed = true;
            }
        }
    }

    private static CountCells cells() {
        return new CountCells();
    }

    @Test
    void offLeavesEverythingPublished() {
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell a = s.published("a", 3);
        Cell b = s.published("b", 58);
        s.relation(n, List.of(a, b));
        s.apply(0, true);
        assertFalse(a.suppressed());
        assertFalse(n.suppressed());
    }

    @Test
    void aSingleSmallCellTakesTheNextSmallestWithIt() {
        // Table 1 BCLC: B 6, C 55, n 61; threshold 11 → B suppressed, and C (55 = 61 - 6) too.
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell b = s.published("B", 6);
        Cell c = s.published("C", 55);
        s.relation(n, List.of(b, c));
        s.apply(11, true);
        assertTrue(b.suppressed());
        assertTrue(c.suppressed(), "complement: otherwise B = 61 - 55");
        assertFalse(n.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void complementIsTheSmallestOtherCell() {
        // HBV-DNA: <1000 28, >=1000 11, not examined 22 → none below 11: nothing hidden.
        // AFP: >=400 30, <400 25, missing 6 → missing hidden, then <400 (25) as complement.
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell hi = s.published(">=400", 30);
        Cell lo = s.published("<400", 25);
        Cell missing = s.published("missing", 6);
        s.relation(n, List.of(hi, lo, missing));
        s.apply(11, true);
        assertTrue(missing.suppressed());
        assertTrue(lo.suppressed());
        assertFalse(hi.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void twoSmallCellsProtectEachOther() {
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell a = s.published("a", 3);
        Cell b = s.published("b", 5);
        Cell c = s.published("c", 53);
        s.relation(n, List.of(a, b, c));
        s.apply(11, true);
        assertTrue(a.suppressed());
        assertTrue(b.suppressed());
        assertFalse(c.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void smallImplicitCellHidesThePublishedOne() {
        // 56 responders of 61: the 5 non-responders (never printed) are 61 - 56, so 56 must go.
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell r = s.published("responders", 56);
        s.relation(n, List.of(r, s.unseen("non-responders", 5)));
        s.apply(11, true);
        assertTrue(r.suppressed());
        assertFalse(n.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void largeImplicitCellAloneNeedsNoComplement() {
        // 7 responders of 61: hidden; the 54 non-responders stay unknown too, so n stays.
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell r = s.published("responders", 7);
        s.relation(n, List.of(r, s.unseen("non-responders", 54)));
        s.apply(11, true);
        assertTrue(r.suppressed());
        assertFalse(n.suppressed());
        // 20 responders of 61: nothing small, nothing hidden but the (harmless) implicit cell.
        CountCells t = cells();
        Cell n2 = t.published("n", 61);
        Cell r2 = t.published("responders", 20);
        t.relation(n2, List.of(r2, t.unseen("non-responders", 41)));
        t.apply(11, true);
        assertFalse(r2.suppressed());
        assertFalse(n2.suppressed());
    }

    @Test
    void suppressionPropagatesThroughSharedCells() {
        // Flow: reviewed 73 = 4 + 2 + 6 + 0 + included 61; included 61 = 28 + 13 + 20.
        CountCells s = cells();
        Cell reviewed = s.published("reviewed", 73);
        Cell e1 = s.published("not_eligible", 0);
        Cell e2 = s.published("no_measurable", 4);
        Cell e3 = s.published("concurrent", 2);
        Cell e4 = s.published("locoregional", 6);
        Cell included = s.published("included", 61);
        s.relation(reviewed, List.of(e1, e2, e3, e4, included));
        Cell lungOnly = s.published("lung_only", 28);
        Cell multi = s.published("multi_organ", 13);
        Cell non = s.published("non_lung", 20);
        s.relation(included, List.of(lungOnly, multi, non));
        s.apply(11, true);
        assertTrue(e2.suppressed() && e3.suppressed() && e4.suppressed());
        assertFalse(included.suppressed());
        assertFalse(lungOnly.suppressed() || multi.suppressed() || non.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void smallTotalHidesItsCells() {
        CountCells s = cells();
        Cell n = s.published("n", 9);
        Cell a = s.published("a", 0);
        Cell b = s.published("b", 9);
        s.relation(n, List.of(a, b));
        s.apply(11, true);
        assertTrue(n.suppressed());
        assertTrue(b.suppressed());
        assertNoCellRecoverable(s, 11);
    }

    @Test
    void aDerivationThroughTwoRelationsIsFoundAndCut() {
        // Rows quarantined: by file a 7 + b 40 = 47 (never published), by reason x 3 + y 44 = 47. With x
        // hidden, y is the only other unknown of its relation ... but the total is known from the files:
        // x = (7 + 40) − 44. One subtraction on one relation would not see it; the chain does.
        CountCells s = cells();
        Cell a = s.published("file a", 7);
        Cell b = s.published("file b", 40);
        Cell total = s.unseen("quarantined", 47);
        s.relation(total, List.of(a, b));
        Cell x = s.published("reason x", 3);
        Cell y = s.published("reason y", 44);
        s.relation(total, List.of(x, y));
        s.apply(5, true);
        assertTrue(x.suppressed());
        assertTrue(y.suppressed() || a.suppressed() || b.suppressed(), "a complement cuts the chain");
        assertNoCellRecoverable(s, 5);
    }

    @Test
    void withoutComplementaryOnlyThePrimaryCellsGo() {
        CountCells s = cells();
        Cell n = s.published("n", 61);
        Cell b = s.published("B", 6);
        Cell c = s.published("C", 55);
        s.relation(n, List.of(b, c));
        s.apply(11, false);
        assertTrue(b.suppressed());
        assertFalse(c.suppressed());
    }
}
