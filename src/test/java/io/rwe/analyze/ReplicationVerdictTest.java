package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.results.Replication;
import io.rwe.results.Results;
import io.rwe.study.ReplicationClaims;
import io.rwe.study.Study;
import io.rwe.study.StudyCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replication verdict (docs/study.md, "The replication verdict") of the default study's claims on the
 * registry estimates of the paper's cohort and of a 5,000-patient generated registry (the published
 * results.json numbers of those runs). Expected values are hand-derived or from R, the call beside each.
 */
class ReplicationVerdictTest {

    private static final double TOL = 1e-9;

    /** The paper's cohort: the estimates results.json holds for jobs/replicate without --extracts. */
    private static final String PAPER_COHORT = """
            {"mpfs_lungonly_vs_nonlung": {"groups": {
               "lung_only": {"n": 28, "events": 20, "median": 6.308008213552362, "median_ci": [5.519507186858316, 9.19917864476386]},
               "non_lung": {"n": 20, "events": 20, "median": 2.4969199178644765, "median_ci": [1.839835728952772, 3.2197125256673513]}},
              "logrank": {"chisq": 14.245568747128829, "df": 1, "p": 0.00016043811639471998},
              "hr": {"estimate": 0.23046540599827497, "ci": [0.10755104319138731, 0.4938520518804519], "method": "logrank", "reference": "non_lung"}},
             "os_lung_vs_nonlung": {"groups": {
               "lung": {"n": 41, "events": 25, "median": 16.62422997946612, "median_ci": [13.470225872689939, 19.71252566735113]},
               "non_lung": {"n": 20, "events": 16, "median": 8.31211498973306, "median_ci": [6.570841889117043, null]}},
              "logrank": {"chisq": 1.2295065919511465, "df": 1, "p": 0.26750301564502377},
              "hr": {"estimate": 0.6394866225258059, "ci": [0.2901484217277439, 1.409427416335174], "method": "logrank", "reference": "non_lung"}},
             "orr_all": {"groups": {"all": {"n": 61, "responders": 7, "rate": 0.11475409836065574, "ci": [0.047402257146417576, 0.22224920853649738]}}, "tests": null},
             "morr_lungonly_vs_nonlung": {"groups": {
               "lung_only": {"n": 28, "responders": 6, "rate": 0.21428571428571427, "ci": [0.0829606123876385, 0.4095310265058282]},
               "non_lung": {"n": 20, "responders": 1, "rate": 0.05, "ci": [0.0012650894979498043, 0.24873276277202766]}},
              "tests": {"chisq": {"statistic": 2.5278247884519667, "p": 0.11185431477329477}, "chisq_yates": {"statistic": 1.38, "p": 0.23993334110860343}, "fisher": {"statistic": null, "p": 0.21380348240705782}}},
             "morr_multiorgan_sites": {"groups": {
               "lung": {"n": 13, "responders": 3, "rate": 0.23076923076923078, "ci": [0.05038107349115156, 0.5381315392340409]},
               "extrahepatic_nonlung": {"n": 13, "responders": 0, "rate": 0.0, "ci": [0.0, 0.24705263800047078]}},
              "tests": {"chisq": {"statistic": 3.391304347826087, "p": 0.06554108215307121}, "chisq_yates": {"statistic": 1.507246376811594, "p": 0.21955974611211726}, "fisher": {"statistic": null, "p": 0.22000000000000003}},
              "paired": {"n": 13, "b": 3, "c": 0, "difference": 0.2307692307692308, "ci": [0.0017385363219374894, 0.4597999252165240747], "mcnemar_exact": {"statistic": null, "p": 0.25000000000000006}}},
             "pfs_all": {"groups": {"all": {"n": 61, "events": 56, "median": 3.383983572895277, "median_ci": [2.891170431211499, 5.749486652977413]}}},
             "os_all": {"groups": {"all": {"n": 61, "events": 41, "median": 16.098562628336754, "median_ci": [10.841889117043122, 18.39835728952772]}}}
            }""";

    private static Replication verdict(String json) {
        Config config = Configs.load();
        Study study = StudyCheck.check(config);
        Results results = Results.read(Json.read(json), "results.json", study.resultKinds());
        return ReplicationVerdict.of(ReplicationClaims.from(config, study), results);
    }

    private static Replication.Claim claim(Replication r, String id) {
        return r.claims().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyClaimOfTheContractIsThere() {
        Replication r = verdict(PAPER_COHORT);
        assertEquals(java.util.List.of("mpfs_hr", "os_hr", "morr_diff", "morr_sites_diff", "orr", "pfs_median",
                "os_median", "mpfs_medians.lung_only", "mpfs_medians.non_lung"),
                r.claims().stream().map(Replication.Claim::id).toList());
        assertEquals(9, r.summary().claims());
    }

    @Test
    void mpfsHazardRatioAgreesOnAllFourMetricsOnThePapersCohort() {
        Replication.Claim c = claim(verdict(PAPER_COHORT), "mpfs_hr");
        assertEquals(0.316, c.paper().estimate(), TOL);
        assertEquals(0.001, c.paper().p(), TOL); // printed "<0.001"
        assertEquals("<0.001", c.paper().pPrinted());
        assertEquals(0.23046540599827497, c.registry().estimate(), TOL);
        assertEquals(0.00016043811639471998, c.registry().p(), TOL);
        assertTrue(c.directionAgrees());
        assertTrue(c.significanceAgrees());
        assertTrue(c.estimateAgrees()); // 0.144 <= 0.2305 <= 0.696
        // R: z <- 1.959964; se <- function(l, u) (log(u) - log(l)) / (2 * z)
        //    (log(0.23046540599827497) - log(0.316)) /
        //      sqrt(se(0.10755104319138731, 0.4938520518804519)^2 + se(0.144, 0.696)^2)  # -0.56440792064258505
        assertEquals(-0.56440792064258505, c.stdDiff(), 1e-12);
        assertTrue(c.stdDiffAgrees());
    }

    @Test
    void osHazardRatioWithoutAPrintedEstimateTakesItsDirectionFromTheConfiguration() {
        Replication.Claim c = claim(verdict(PAPER_COHORT), "os_hr");
        assertNull(c.paper().estimate());
        assertNull(c.paper().ci());
        assertTrue(c.directionAgrees());     // registry 0.639 < 1, the paper's medians put lung below 1
        assertTrue(c.significanceAgrees());  // 0.346 and 0.2675 both >= 0.05
        assertNull(c.estimateAgrees());
        assertNull(c.stdDiff());
        assertNull(c.stdDiffAgrees());
    }

    @Test
    void rateDifferenceGetsTheWaldIntervalFromThePrintedCounts() {
        Replication.Claim c = claim(verdict(PAPER_COHORT), "morr_diff");
        // R: p1 <- 6/28; p2 <- 1/20; p1 - p2 + c(-1, 1) * 1.959964 * sqrt(p1*(1-p1)/28 + p2*(1-p2)/20)
        //    -0.015220876900911617  0.343792305472340132
        assertEquals(6.0 / 28 - 1.0 / 20, c.paper().estimate(), TOL);
        assertEquals(-0.015220876900911617, c.paper().ci().lower(), 1e-12);
        assertEquals(0.343792305472340132, c.paper().ci().upper(), 1e-12);
        // the same counts in the registry: the same estimate and CI, so d = 0 and inside the CI
        assertEquals(c.paper().estimate(), c.registry().estimate(), TOL);
        assertEquals(0.0, c.stdDiff(), TOL);
        assertTrue(c.estimateAgrees());
        // but the printed p = 0.019 is significant and χ² (R: chisq.test(..., correct = FALSE)) gives 0.1119
        assertEquals(0.11185431477329477, c.registry().p(), TOL);
        assertFalse(c.significanceAgrees());
        assertTrue(c.directionAgrees());
    }

    @Test
    void aRateGetsTheClopperPearsonIntervalFromThePrintedCounts() {
        Replication.Claim c = claim(verdict(PAPER_COHORT), "orr");
        // R: binom.test(7, 61)$conf.int  # 0.047402257146417576 0.222249208536497433
        assertEquals(7.0 / 61, c.paper().estimate(), TOL);
        assertEquals(0.047402257146417576, c.paper().ci().lower(), 1e-9);
        assertEquals(0.222249208536497433, c.paper().ci().upper(), 1e-9);
        assertNull(c.directionAgrees());     // a single rate has no null
        assertNull(c.significanceAgrees());
        assertTrue(c.estimateAgrees());
        assertEquals(0.0, c.stdDiff(), 1e-9);
    }

    @Test
    void aMedianWithoutPrintedCiIsJudgedByThePapersMedianInsideTheRegistrysCi() {
        Replication r = verdict(PAPER_COHORT);
        Replication.Claim pfs = claim(r, "pfs_median");
        assertTrue(pfs.estimateAgrees());    // 3.37 in [2.891, 5.749]
        assertNull(pfs.stdDiff());            // no se for the paper's median
        assertNull(pfs.directionAgrees());
        Replication.Claim nonLung = claim(r, "mpfs_medians.non_lung");
        assertTrue(nonLung.estimateAgrees()); // 2.5 in [1.840, 3.220]
    }

    @Test
    void anOpenUpperBoundIsNotReachedAndCountsAsInfinite() {
        String json = PAPER_COHORT.replace("\"median_ci\": [10.841889117043122, 18.39835728952772]",
                "\"median_ci\": [16.5, null]");
        assertFalse(claim(verdict(json), "os_median").estimateAgrees()); // 16.10 < 16.5
        json = PAPER_COHORT.replace("\"median_ci\": [10.841889117043122, 18.39835728952772]",
                "\"median_ci\": [12.0, null]");
        assertTrue(claim(verdict(json), "os_median").estimateAgrees());
    }

    @Test
    void aRegistryOfFiveThousandPatients() {
        // the 5,000-patient generated registry (seed 7): mORR 357/1816 vs 62/1281
        String json = PAPER_COHORT
                .replace("\"n\": 28, \"responders\": 6, \"rate\": 0.21428571428571427", "\"n\": 1816, \"responders\": 357, \"rate\": 0.19658590308370044")
                .replace("\"n\": 20, \"responders\": 1, \"rate\": 0.05", "\"n\": 1281, \"responders\": 62, \"rate\": 0.04839968774395004")
                .replace("\"p\": 0.11185431477329477", "\"p\": 1.6147232202583599e-32");
        Replication.Claim c = claim(verdict(json), "morr_diff");
        // R: q1 <- 357/1816; q2 <- 62/1281; z <- 1.959964
        //    q1 - q2 + c(-1, 1) * z * sqrt(q1*(1-q1)/1816 + q2*(1-q2)/1281)  # 0.12645575865353609 0.16991667202596472
        assertEquals(0.12645575865353609, c.registry().ci().lower(), 1e-12);
        assertEquals(0.16991667202596472, c.registry().ci().upper(), 1e-12);
        // ((q1 - q2) - (6/28 - 1/20)) / sqrt(sr^2 + sp^2)  # -0.17451024133476081
        assertEquals(-0.17451024133476081, c.stdDiff(), 1e-12);
        assertTrue(c.significanceAgrees()); // 0.019 and 1.6e-32, same direction
        assertTrue(c.estimateAgrees());
    }

    @Test
    void aPairedComparisonIsJudgedOnItsPairedDifferenceAndMcNemarP() {
        // the paper's cohort: 3 of the 13 multi-organ patients respond in the lung, none elsewhere: b = 3, c = 0
        Replication.Claim c = claim(verdict(PAPER_COHORT), "morr_sites_diff");
        // d <- (3 - 0)/13; se <- sqrt((3 + 0) - (3 - 0)^2/13)/13; d + c(-1, 1) * qnorm(0.975) * se
        assertEquals(0.2307692307692308, c.registry().estimate(), 1e-15);
        assertEquals(0.0017385363219374894, c.registry().ci().lower(), 1e-15);
        assertEquals(0.4597999252165240747, c.registry().ci().upper(), 1e-15);
        // binom.test(3, 3)$p.value = 0.25 (the unpaired chisq.test p 0.0655 is not used)
        assertEquals(0.25000000000000006, c.registry().p(), 1e-15);
        assertTrue(c.significanceAgrees()); // 0.096 and 0.25: both >= 0.05
        assertTrue(c.estimateAgrees());
        // a paired difference with discordance the other way: b = 1, c = 4 of 13; the claim's groups order
        // the difference lung minus extrahepatic: (1 - 4)/13 = -0.2307692307692308
        String other = PAPER_COHORT.replace("\"b\": 3, \"c\": 0, \"difference\": 0.2307692307692308",
                "\"b\": 1, \"c\": 4, \"difference\": -0.2307692307692308");
        assertEquals(-0.2307692307692308, claim(verdict(other), "morr_sites_diff").registry().estimate(), 1e-15);
        assertFalse(claim(verdict(other), "morr_sites_diff").directionAgrees());
    }

    @Test
    void theSummaryCountsAgreeingAndApplicableClaims() {
        Replication r = verdict(PAPER_COHORT);
        Map<String, Integer> agree = r.summary().agree();
        Map<String, Integer> applicable = r.summary().applicable();
        // direction: mpfs_hr, os_hr, morr_diff, morr_sites_diff apply, all agree
        assertEquals(4, applicable.get("direction"));
        assertEquals(4, agree.get("direction"));
        // significance: mpfs_hr yes, os_hr yes, morr_diff no (0.019 vs 0.112), morr_sites_diff yes (0.096 vs
        // McNemar's exact 0.25)
        assertEquals(4, applicable.get("significance"));
        assertEquals(3, agree.get("significance"));
        // estimate: every claim but os_hr (no paper CI, not a median)
        assertEquals(8, applicable.get("estimate"));
        // std_diff: mpfs_hr, morr_diff, morr_sites_diff, orr
        assertEquals(4, applicable.get("std_diff"));
        assertEquals(4, agree.get("std_diff"));
        Map<String, Object> json = r.toJson();
        assertTrue(((Map<?, ?>) json.get("summary")).containsKey("applicable"));
    }

    @Test
    void aClaimNamingAnUnknownAnalysisIsRefusedInOneLine() {
        Config config = ConfigFactory.parseString("rwe.study.replication.claims = [{ id = x, analysis = nope, "
                + "measure = hazard-ratio }]").withFallback(Configs.load());
        UsageException e = assertThrows(UsageException.class, () -> StudyCheck.check(config));
        assertTrue(e.getMessage().contains("rwe.study.replication.claims[0].analysis: unknown analysis 'nope'"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Config badMeasure = ConfigFactory.parseString("rwe.study.replication.claims = [{ id = x, analysis = orr_all, "
                + "measure = hazard-ratio }]").withFallback(Configs.load());
        assertThrows(UsageException.class, () -> StudyCheck.check(badMeasure));
    }
}
