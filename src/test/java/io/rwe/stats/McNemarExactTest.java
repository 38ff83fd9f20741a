package io.rwe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** McNemar's exact test and the paired difference's Wald CI, against R 4.2. */
class McNemarExactTest {

    private static void close(double expected, double actual) {
        assertEquals(expected, actual, 1e-9 * Math.max(1e-300, Math.abs(expected)));
    }

    @Test
    void exactPIsTheBinomialTestOfBOutOfBPlusC() {
        close(0.25000000000000006, McNemarExact.p(3, 0));        // binom.test(3, 3)$p.value
        close(0.25000000000000006, McNemarExact.p(0, 3));        // binom.test(0, 3)$p.value
        close(0.35928344726562517, McNemarExact.p(7, 12));       // binom.test(7, 19)$p.value
        close(0.02360883929254718, McNemarExact.p(500, 430));    // binom.test(500, 930)$p.value
        close(1.0, McNemarExact.p(0, 1));                        // binom.test(0, 1)$p.value
        close(1.0, McNemarExact.p(0, 0));                        // no discordant pair: nothing against H0
        assertThrows(IllegalArgumentException.class, () -> McNemarExact.p(-1, 2));
    }

    @Test
    void pairedDifferenceWaldInterval() {
        // pd <- function(b, c, n) { d <- (b - c)/n; se <- sqrt((b + c) - (b - c)^2/n)/n
        //                           c(d, d + c(-1, 1) * qnorm(0.975) * se) }
        double[] paper = McNemarExact.pairedDifference(3, 0, 13, 0.95);   // pd(3, 0, 13)
        close(0.2307692307692307820, paper[0]);
        close(0.0017385363219374894, paper[1]);
        close(0.4597999252165240747, paper[2]);
        double[] neg = McNemarExact.pairedDifference(7, 12, 40, 0.95);    // pd(7, 12, 40)
        close(-0.125, neg[0]);
        close(-0.335039885840544782, neg[1]);
        close(0.085039885840544782, neg[2]);
        double[] big = McNemarExact.pairedDifference(500, 430, 10000, 0.95); // pd(500, 430, 10000)
        close(0.0070000000000000001, big[0]);
        close(0.0010244879814166590, big[1]);
        close(0.0129755120185833413, big[2]);
        assertTrue(Double.isNaN(McNemarExact.pairedDifference(0, 0, 0, 0.95)[1]));
    }
}
