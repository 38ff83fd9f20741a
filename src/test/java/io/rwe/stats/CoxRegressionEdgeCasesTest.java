package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the data cannot support is reported as such (R's answers beside). */
class CoxRegressionEdgeCasesTest {

    private static CoxRows allCensored() {
        return new CoxRows(new double[] {1, 2, 3, 4}, new boolean[4], null)
                .numeric("x", new double[] {1, 5, 2, 7})
                .categorical("g", new String[] {"a", "b", "a", "b"}, List.of(), null);
    }

    @Test
    void noEventsGivesNaCoefficientsAndNullTestsAsR() {
        // d <- data.frame(t = 1:4, e = 0, x = c(1, 5, 2, 7), g = factor(c("a", "b", "a", "b")))
        // f <- coxph(Surv(t, e) ~ x + g, d): coef NA NA, loglik 0 0, iter 0, var 0, wald.test 0,
        // logtest and sctest 0 on 0 df, p 1
        CoxRegressionResult r = CoxRegression.withDefaults().fit(allCensored().design(), allCensored().source());
        assertTrue(r.coefficients().stream().allMatch(c -> Double.isNaN(c.coef())));
        assertEquals(0, r.loglikNull());
        assertEquals(0, r.loglik());
        assertEquals(0, r.iterations());
        assertEquals(0, r.variance(1, 1));
        assertEquals(0, r.likelihoodRatio().chisq());
        assertEquals(0, r.likelihoodRatio().df());
        assertEquals(1, r.likelihoodRatio().p());
        assertEquals(1, r.score().p());
        assertEquals(4, r.n());
        assertEquals(0, r.events());
        assertNull(r.phTest(), "no PH test without events");
    }

    @Test
    void aDesignWithoutColumnsIsRefused() {
        CoxDesign none = new CoxDesign(List.of(CoxDesign.categorical("sex", List.of("F"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoxRegression.withDefaults().fit(none, beta -> List.of()));
        assertTrue(e.getMessage().contains("at least one column"), e.getMessage());
    }

    @Test
    void sumsOfTheWrongWidthAreRefused() {
        CoxRows rows = allCensored();
        CoxDesign one = new CoxDesign(List.of(CoxDesign.numeric("x", 4, 3.75, 9, false)));
        // the rows have two columns (x, g=b): their sums do not fit a design of one
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoxRegression.withDefaults().fit(one, beta -> rows.sums(new double[] {beta[0], 0})));
        assertTrue(e.getMessage().contains("sums of 2 columns for a design of 1"), e.getMessage());
    }
}
