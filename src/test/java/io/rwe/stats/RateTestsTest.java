package io.rwe.stats;

import static io.rwe.stats.RAssert.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rate tests against R 4.2.2 ({@code stats}); the call is beside each number. */
class RateTestsTest {

    @Test
    void clopperPearsonIsBinomTestsInterval() {
        // binom.test(7, 20)$conf.int: 0.15390920478454115 0.59218853453282816
        ProportionInterval a = ClopperPearson.interval(7, 20);
        close(0.35, a.estimate(), "estimate");
        close(0.15390920478454115, a.lower(), "lower 7/20");
        close(0.59218853453282816, a.upper(), "upper 7/20");
        // binom.test(0, 15)$conf.int: 0 0.21801936091053398
        assertEquals(0, ClopperPearson.interval(0, 15).lower());
        close(0.21801936091053398, ClopperPearson.interval(0, 15).upper(), "upper 0/15");
        // binom.test(15, 15, conf.level=0.9)$conf.int: 0.81896372747791535 1
        close(0.81896372747791535, ClopperPearson.interval(15, 15, 0.9).lower(), "lower 15/15");
        assertEquals(1, ClopperPearson.interval(15, 15, 0.9).upper());
        // binom.test(1, 1000)$conf.int: 2.5317487491294069e-05 0.005558924279826627
        close(2.5317487491294069e-05, ClopperPearson.interval(1, 1000).lower(), "lower 1/1000");
        close(0.005558924279826627, ClopperPearson.interval(1, 1000).upper(), "upper 1/1000");
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(3, 2));
    }

    @Test
    void pearsonChiSquareWithAndWithoutYates() {
        long[][] m = {{12, 7}, {5, 9}};
        // chisq.test(matrix(c(12,5,7,9), 2)): X-squared 1.4559963788146839, p 0.22756821457580992
        ChiSquareResult y = PearsonChiSquareTest.withDefaults().test(m);
        close(1.4559963788146839, y.statistic(), "Yates statistic");
        close(0.22756821457580992, y.p(), "Yates p");
        assertTrue(y.yates());
        assertEquals(1, y.df());
        // chisq.test(matrix(c(12,5,7,9), 2), correct=FALSE): 2.4305755196815575, p 0.1189892055321448
        ChiSquareResult n = PearsonChiSquareTest.withDefaults().withYates(false).test(m);
        close(2.4305755196815575, n.statistic(), "statistic");
        close(0.1189892055321448, n.p(), "p");
        assertFalse(n.yates());
    }

    @Test
    void yatesCorrectionNeverExceedsTheDeviation() {
        // chisq.test(matrix(c(10,10,10,11), 2)): |O - E| = 0.2439 < 0.5, so the correction is 0.2439: X-squared 0, p 1
        ChiSquareResult r = PearsonChiSquareTest.withDefaults().test(new long[][] {{10, 10}, {10, 11}});
        assertEquals(0, r.statistic(), 1e-15);
        assertEquals(1, r.p(), 1e-15);
    }

    @Test
    void pearsonChiSquareOnALargerTable() {
        // chisq.test(matrix(c(12,5,7,9,3,8), 2)): X-squared 5.4050802139037435, df 2, p 0.067035020175978857
        ChiSquareResult r = PearsonChiSquareTest.withDefaults().test(new long[][] {{12, 7, 3}, {5, 9, 8}});
        close(5.4050802139037435, r.statistic(), "statistic");
        close(0.067035020175978857, r.p(), "p");
        assertEquals(2, r.df());
        assertFalse(r.yates());
    }

    @Test
    void fisherExactTwoSided() {
        // fisher.test(matrix(c(12,5,7,9), 2))$p.value 0.16632006577356476
        close(0.16632006577356476, FisherExactTest.twoSided(new long[][] {{12, 7}, {5, 9}}).p(), "2x2");
        // fisher.test(matrix(c(3,1,1,3), 2))$p.value 0.48571428571428582: the mirror table ties in probability
        close(0.48571428571428582, FisherExactTest.twoSided(new long[][] {{3, 1}, {1, 3}}).p(), "symmetric 2x2");
        // fisher.test(matrix(c(120,80,95,130), 2))$p.value 0.00031516166866798557
        close(0.00031516166866798557, FisherExactTest.twoSided(new long[][] {{120, 95}, {80, 130}}).p(), "large 2x2");
        // fisher.test(matrix(c(0,0,3,5), 2))$p.value 1 (a zero margin: one table)
        assertEquals(1, FisherExactTest.twoSided(new long[][] {{0, 3}, {0, 5}}).p());
    }

    @Test
    void fisherExactOnLargerTablesByEnumeration() {
        // fisher.test(matrix(c(12,5,7,9,3,8), 2))$p.value 0.074780497693805709 (FEXACT)
        close(0.074780497693805709, FisherExactTest.twoSided(new long[][] {{12, 7, 3}, {5, 9, 8}}).p(), "2x3");
        // fisher.test(matrix(c(3,1,0,2,4,1,0,2,5), 3))$p.value 0.03550303182656097
        close(0.03550303182656097, FisherExactTest.twoSided(new long[][] {{3, 2, 0}, {1, 4, 2}, {0, 1, 5}}).p(),
                "3x3");
    }
}
