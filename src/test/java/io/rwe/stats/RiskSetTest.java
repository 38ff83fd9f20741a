package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RiskSetTest {

    @Test
    void atRiskIsTheReverseCumulativeSumOfEventsAndCensorings() {
        // Hand derivation: 2+1 at t=1, 1+0 at t=2, 0+2 at t=5 -> 6 subjects; at risk 6, 3, 2.
        RiskSet rs = RiskSet.fromCounts("all", null, new double[] {1, 2, 5}, new long[] {2, 1, 0},
                new long[] {1, 0, 2});
        assertEquals(6, rs.n());
        assertEquals(3, rs.events());
        assertEquals(6, rs.rows().get(0).atRisk());
        assertEquals(3, rs.rows().get(1).atRisk());
        assertEquals(2, rs.rows().get(2).atRisk());
    }

    @Test
    void timesMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> RiskSet.fromCounts("all", null,
                new double[] {2, 1}, new long[] {1, 1}, new long[] {0, 0}));
    }
}
