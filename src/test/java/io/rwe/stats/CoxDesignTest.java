package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The design's rules (docs/statistics-cox.md, "Design"): names, level order, R's centring and scaling. */
class CoxDesignTest {

    @Test
    void levelsSortAsNumbersWhenAllAreNumbersElseByCodePoint() {
        assertEquals(List.of("2", "10", "100"), CoxDesign.orderLevels(Set.of("10", "2", "100"), List.of(), null));
        assertEquals(List.of("10", "2", "B", "a"), CoxDesign.orderLevels(Set.of("a", "B", "2", "10"), List.of(), null));
    }

    @Test
    void configuredOrderFirstThenTheRestThenTheReferenceMovedFirst() {
        // configured (<400, >=400, missing) with ">=400" absent from the data: dropped, as R's empty levels
        assertEquals(List.of("<400", "missing"),
                CoxDesign.orderLevels(Set.of("missing", "<400"), List.of("<400", ">=400", "missing"), null));
        assertEquals(List.of("non_lung", "lung_only", "multi"),
                CoxDesign.orderLevels(Set.of("lung_only", "multi", "non_lung"), List.of("lung_only"), "non_lung"));
        assertThrows(IllegalArgumentException.class, () -> CoxDesign.orderLevels(Set.of("a"), List.of(), "b"));
    }

    @Test
    void termsAreNamedAfterVariableAndLevel() {
        CoxDesign d = new CoxDesign(List.of(CoxDesign.categorical("group", List.of("non_lung", "lung_only")),
                CoxDesign.numeric("age", 4, 60, 20, false),
                CoxDesign.categorical("afp", List.of("<400", ">=400", "missing")),
                CoxDesign.categorical("sex", List.of("F"))));
        assertEquals(List.of("group=lung_only", "age", "afp=>=400", "afp=missing"),
                d.columns().stream().map(CoxDesign.Column::term).toList());
        assertTrue(d.variable("sex").columns().isEmpty(), "one level present: no column");
        assertEquals("non_lung", d.variable("group").reference());
    }

    @Test
    void numericColumnsAreCentredAndScaledAsCoxfit6UnlessInMinusOneToOne() {
        // ages 50, 60, 70, 80: mean 65, Σ|x − 65| = 40, scale = n/Σ|x − mean| = 4/40
        CoxDesign.Column age = CoxDesign.numeric("age", 4, 65, 40, false).columns().get(0);
        assertEquals(65, age.center());
        assertEquals(0.1, age.scale(), 1e-15);
        assertEquals(1.5, age.encode(80), 1e-15);
        CoxDesign.Column bin = CoxDesign.numeric("bin", 4, 0.5, 2, true).columns().get(0);
        assertEquals(0, bin.center());
        assertEquals(1, bin.scale());
        CoxDesign.Column constant = CoxDesign.numeric("c", 4, 7, 0, false).columns().get(0);
        assertEquals(1, constant.scale(), "a constant column is not scaled (R's rare case)");
    }

    @Test
    void aVariableTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CoxDesign(List.of(
                CoxDesign.numeric("age", 2, 1, 1, false), CoxDesign.numeric("age", 2, 1, 1, false))));
    }
}
