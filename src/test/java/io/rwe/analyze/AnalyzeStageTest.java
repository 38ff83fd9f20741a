package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.study.Study;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyze stage on the hand-built cohort of {@link AnalyzeFixture}. Every expected number comes
 * from R 4.2 / survival 3.5 by {@code Rscript src/test/resources/analyze/expected.R}; the R call that
 * gives each is written beside it ({@code md} = 30.4375, {@code d} the cohort, {@code lung} its lung
 * metastasis patients).
 */
class AnalyzeStageTest {

    static JsonNode results;
    static JsonNode stratified;
    static AnalyzeStage.Output output;

    @BeforeAll
    static void analyze() {
        output = AnalyzeStage.run(AnalyzeFixture.spark(), AnalyzeFixture.config(), AnalyzeFixture.cohort(),
                AnalyzeFixture.adverseEvents(), AnalyzeFixture.flow());
        results = Json.read(Json.write(output.results()));
        AnalyzeStage.Output s = AnalyzeStage.run(AnalyzeFixture.spark(),
                AnalyzeFixture.config("rwe.study.stratify-by", "center_id"), AnalyzeFixture.cohort(),
                AnalyzeFixture.adverseEvents(), AnalyzeFixture.flow());
        stratified = Json.read(Json.write(s.results()));
    }

    static void near(double expected, JsonNode actual) {
        assertTrue(actual.isNumber(), "expected a number, got " + actual);
        double a = actual.asDouble();
        assertEquals(expected, a, Math.abs(expected) * 1e-9 + 1e-12, "R gives " + expected + ", got " + a);
    }

    /** The results.json object without its replication verdict (not part of io.rwe.results.Results). */
    static java.util.Map<String, Object> withoutVerdict(java.util.Map<String, Object> results) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(results);
        m.remove("replication");
        return m;
    }

    @Test
    void resultsHaveEveryKeyOfTheContract() {
        ResultsContract.assertShape(results);
        ResultsContract.assertShape(stratified);
        assertTrue(!Json.write(output.results()).contains("suppressed"), "no suppression marker when it is off");
    }

    @Test
    void theTypedResultsWriteWhatResultsJsonHolds() {
        // the published results, read back into io.rwe.results and written again: the same bytes (the
        // replication verdict, a key of its own read by io.rwe.results.Replication, aside)
        assertEquals(Json.write(withoutVerdict(output.results())), Json.write(output.published().toJson()));
    }

    @Test
    void smallCellsAreSuppressedAndNotRecoverable() {
        // the same results under the cms policy (counts 1..10 suppressed, complementary suppression)
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> copy = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(results, java.util.LinkedHashMap.class);
        var config = AnalyzeFixture.config();
        var policy = DisclosurePolicy.named(config, "cms");
        Study study = Study.from(config);
        AnalyzeStage.disclosed(copy, policy, config, study);
        JsonNode shown = Json.read(Json.write(copy));
        SmallCells.check(results, shown, 11);
        ResultsContract.assertShape(shown);
        // hand-checked consequences: lung_only 10 < 11 hidden in the flow and in every analysis of it
        assertTrue(shown.path("cohort_flow").path("patterns").path("lung_only").isNull());
        assertTrue(shown.path("mpfs_lungonly_vs_nonlung").path("groups").path("lung_only").path("n").isNull());
        // multi_organ 8 hidden too; non_lung 12 stays (two unknowns among 30 = 10 + 8 + 12)
        assertEquals(12, shown.path("cohort_flow").path("patterns").path("non_lung").asLong());
        // sex: M 23, F 7 → F hidden, M with it (30 - 23 = 7)
        assertTrue(shown.path("baseline").path("variables").path("sex").path("M").path("n").isNull());
        assertTrue(shown.path("baseline").path("variables").path("sex").path("F").path("pct").isNull());
        assertTrue(shown.path("baseline").path("variables").path("sex").path("F").path("suppressed").asBoolean());
        // the comparison of a suppressed group is withheld, its reason said; so is its median
        JsonNode cmp = shown.path("mpfs_lungonly_vs_nonlung");
        assertTrue(cmp.path("logrank").isMissingNode() && cmp.path("hr").isMissingNode(), cmp.toString());
        assertTrue(cmp.path("not_estimable").path("logrank").asText().startsWith("withheld by the disclosure policy"));
        assertTrue(cmp.path("groups").path("lung_only").path("median").isNull());
        // single patients' values are withheld
        assertTrue(shown.path("baseline").path("age").path("min").isNull());
        assertTrue(shown.path("pfs_all").path("groups").path("all").path("range").get(0).isNull());
        var published = AnalyzeStage.published(copy, study);
        // suppressed counts, their markers and their blanked dependents survive the typed round trip
        assertEquals(Json.write(withoutVerdict(copy)), Json.write(published.toJson()));
        var tables = ResultTables.of(published, policy.suppressedAs());
        String table1 = tables.get("table1.csv").text();
        assertTrue(table1.contains("sex,F,suppressed,suppressed,NA"), table1);
        assertTrue(tables.get("flow.csv").text().contains("pattern_lung_only,suppressed"));
    }

    @Test
    void kaplanMeierOfAllPatients() {
        // f <- survfit(Surv(pfs_days / md, pfs_event) ~ 1, data = d); summary(f, rmean = "common")$table
        JsonNode g = results.path("pfs_all").path("groups").path("all");
        assertEquals(30, g.path("n").asLong());
        assertEquals(20, g.path("events").asLong());
        near(12.2217659137577, g.path("median"));
        near(8.7392197125256672, g.path("median_ci").get(0));
        near(14.193018480492814, g.path("median_ci").get(1));
        // range(f$time)
        near(0.82135523613963035, g.path("range").get(0));
        near(15.638603696098563, g.path("range").get(1));
        near(15.638603696098563, g.path("rmst").path("tau"));
        near(9.7825304059390294, g.path("rmst").path("estimate"));
        near(0.8994570252461267, g.path("rmst").path("se"));
    }

    @Test
    void kaplanMeierOfASubgroupWithAnOpenUpperBound() {
        // lung <- d[d$lung_metastasis, ]; survfit(Surv(pfs_days / md, pfs_event) ~ 1, data = lung): 0.95UCL NA
        JsonNode g = results.path("pfs_lung").path("groups").path("lung");
        assertEquals(18, g.path("n").asLong());
        assertEquals(10, g.path("events").asLong());
        near(12.2217659137577, g.path("median"));
        near(8.7392197125256672, g.path("median_ci").get(0));
        assertTrue(g.path("median_ci").get(1).isNull());
        near(10.182087357720487, g.path("rmst").path("estimate"));
        near(1.1265474928655568, g.path("rmst").path("se"));
        // survfit(Surv(lung_mpfs_days / md, lung_mpfs_event) ~ 1, data = lung)
        JsonNode m = results.path("lung_mpfs_lung").path("groups").path("lung");
        assertEquals(18, m.path("n").asLong());
        assertEquals(12, m.path("events").asLong());
        near(20.238193018480494, m.path("median"));
        near(5.7166324435318279, m.path("median_ci").get(0));
        near(14.27762421242914, m.path("rmst").path("estimate"));
        near(2.0889403647895026, m.path("rmst").path("se"));
        // survfit(Surv(os_days / md, os_event) ~ 1, data = d)
        JsonNode o = results.path("os_all").path("groups").path("all");
        assertEquals(12, o.path("events").asLong());
        near(27.400410677618069, o.path("median"));
        near(19.745379876796715, o.path("median_ci").get(0));
        near(21.006469550889125, o.path("rmst").path("estimate"));
    }

    @Test
    void comparisonOfLungOnlyWithNonLung() {
        // x: lung_only (g = "a") and non_lung (g = "b"), t = mpfs_days / md, g <- factor(g, levels = c("b", "a"))
        // s <- survdiff(Surv(t, e) ~ g, data = x); s$chisq
        JsonNode a = results.path("mpfs_lungonly_vs_nonlung");
        near(0.0011020912905705042, a.path("logrank").path("chisq"));
        assertEquals(1, a.path("logrank").path("df").asInt());
        near(0.97351688414163828, a.path("logrank").path("p"));
        // exp((s$obs[2] - s$exp[2]) / s$var[2, 2]), CI exp(ln HR ± qnorm(0.975) / sqrt(V))
        near(1.0199055174656162, a.path("hr").path("estimate"));
        near(0.31855850662918839, a.path("hr").path("ci").get(0));
        near(3.2653570471675981, a.path("hr").path("ci").get(1));
        assertEquals("logrank", a.path("hr").path("method").asText());
        assertEquals("non_lung", a.path("hr").path("reference").asText());
        // summary(coxph(Surv(t, e) ~ g, data = x, ties = "efron"))
        JsonNode cox = a.path("cox");
        near(1.0198737842108154, cox.path("hr"));
        near(0.31912869264245097, cox.path("ci").get(0));
        near(3.2593200163479374, cox.path("ci").get(1));
        near(0.97351728416332051, cox.path("p_wald"));
        near(0.97353089038330909, cox.path("p_lr"));
        near(0.97351688414163828, cox.path("p_score"));
        assertEquals("non_lung", cox.path("reference").asText());
        // summary(survfit(Surv(t, e) ~ g, data = x), rmean = "common")$table
        JsonNode lo = a.path("groups").path("lung_only");
        assertEquals(10, lo.path("n").asLong());
        assertEquals(6, lo.path("events").asLong());
        near(15.24435318275154, lo.path("median"));
        near(13.056262833675564, lo.path("rmst").path("estimate"));
        near(2.0973438604625794, lo.path("rmst").path("se"));
        JsonNode nl = a.path("groups").path("non_lung");
        assertEquals(12, nl.path("n").asLong());
        near(16.492813141683779, nl.path("median"));
        near(6.4394250513347027, nl.path("median_ci").get(0));
        near(19.121149897330596, nl.path("rmst").path("tau"));
        near(12.960681420640354, nl.path("rmst").path("estimate"));
    }

    @Test
    void overlappingDefinitionsAndNotReachedMedian() {
        // os, lung (lung_metastasis) vs non_lung: summary(survfit(...), rmean = "common")$table, median NA
        JsonNode a = results.path("os_lung_vs_nonlung");
        near(0.016543989837446975, a.path("logrank").path("chisq"));
        near(0.89765561633512458, a.path("logrank").path("p"));
        near(1.0943162537361157, a.path("hr").path("estimate"));
        near(1.0956731259049231, a.path("cox").path("hr"));
        near(0.89769009479790318, a.path("cox").path("p_wald"));
        near(0.89719761718913804, a.path("cox").path("p_lr"));
        JsonNode nl = a.path("groups").path("non_lung");
        assertTrue(nl.path("median").isNull(), "not reached is null");
        near(19.745379876796715, nl.path("median_ci").get(0));
        assertTrue(nl.path("median_ci").get(1).isNull());
        near(27.597535934291582, nl.path("rmst").path("tau"));
        near(21.672624027175704, nl.path("rmst").path("estimate"));
        near(2.759875622263273, nl.path("rmst").path("se"));
        assertEquals(18, a.path("groups").path("lung").path("n").asLong());
        assertEquals(9, a.path("groups").path("lung").path("events").asLong());
    }

    @Test
    void logRankAndCoxStratifiedByCenter() {
        // survdiff(Surv(t, e) ~ g + strata(c), data = x); O, E summed over strata; V = s$var[2, 2]
        JsonNode a = stratified.path("mpfs_lungonly_vs_nonlung");
        near(0.021323023375230381, a.path("logrank").path("chisq"));
        near(0.88390240223650074, a.path("logrank").path("p"));
        near(1.1003321989793837, a.path("hr").path("estimate"));
        near(0.30491780714157229, a.path("hr").path("ci").get(0));
        near(3.9706797036903385, a.path("hr").path("ci").get(1));
        // summary(coxph(Surv(t, e) ~ g + strata(c), data = x, ties = "efron"))
        near(1.1002267773248964, a.path("cox").path("hr"));
        near(0.30515930075294606, a.path("cox").path("ci").get(0));
        near(3.9667772162144757, a.path("cox").path("ci").get(1));
        near(0.88393822532804311, a.path("cox").path("p_wald"));
        near(0.88394689494859868, a.path("cox").path("p_lr"));
        near(0.88390240223650074, a.path("cox").path("p_score"));
        JsonNode b = stratified.path("os_lung_vs_nonlung");
        near(0.03125415532469971, b.path("logrank").path("chisq"));
        near(0.8713660452087687, b.path("hr").path("estimate"));
        near(0.87283716178750992, b.path("cox").path("hr"));
        // the KM curves ignore the strata: same medians as unstratified
        near(15.24435318275154, a.path("groups").path("lung_only").path("median"));
        assertEquals(results.path("pfs_all"), stratified.path("pfs_all"));
    }

    @Test
    void responseRates() {
        // binom.test(10, 30)$conf.int
        JsonNode all = results.path("orr_all").path("groups").path("all");
        assertEquals(30, all.path("n").asLong());
        assertEquals(10, all.path("responders").asLong());
        near(1.0 / 3, all.path("rate"));
        near(0.17287422152603923, all.path("ci").get(0));
        near(0.52812004478988039, all.path("ci").get(1));
        assertTrue(results.path("orr_all").path("tests").isNull());
        // lung scope, lung patients: binom.test(6, 18)
        JsonNode lung = results.path("morr_lung").path("groups").path("lung");
        assertEquals(6, lung.path("responders").asLong());
        near(0.13342740250612356, lung.path("ci").get(0));
        near(0.59007476182792562, lung.path("ci").get(1));
        // metastatic scope: 5/10 vs 2/12; m <- matrix(c(5, 5, 2, 10), 2, byrow = TRUE)
        JsonNode cmp = results.path("morr_lungonly_vs_nonlung");
        assertEquals(5, cmp.path("groups").path("lung_only").path("responders").asLong());
        assertEquals(12, cmp.path("groups").path("non_lung").path("n").asLong());
        near(0.020862525460092388, cmp.path("groups").path("non_lung").path("ci").get(0));
        // chisq.test(m, correct = FALSE); chisq.test(m); fisher.test(m)
        near(2.7936507936507939, cmp.path("tests").path("chisq").path("statistic"));
        near(0.094638395287095681, cmp.path("tests").path("chisq").path("p"));
        near(1.4684126984126986, cmp.path("tests").path("chisq_yates").path("statistic"));
        near(0.22559630119685142, cmp.path("tests").path("chisq_yates").path("p"));
        near(0.17182662538699692, cmp.path("tests").path("fisher").path("p"));
        assertTrue(cmp.path("tests").path("fisher").has("statistic"));
        assertTrue(cmp.path("tests").path("fisher").path("statistic").isNull());
        // within multi_organ, lung vs extrahepatic_nonlung scope: 3/8 and 3/8
        JsonNode sites = results.path("morr_multiorgan_sites");
        assertEquals(3, sites.path("groups").path("lung").path("responders").asLong());
        assertEquals(8, sites.path("groups").path("extrahepatic_nonlung").path("n").asLong());
        near(0.085233414137253563, sites.path("groups").path("extrahepatic_nonlung").path("ci").get(0));
        // fisher.test(matrix(c(3, 5, 3, 5), 2, byrow = TRUE))$p.value = 1
        near(1.0, sites.path("tests").path("fisher").path("p"));
    }

    @Test
    void bestResponsesAndDiseaseControlPerGroup() {
        // lv <- c("CR", "PR", "SD", "PD", "NE"); f <- function(x) { x[is.na(x)] <- "none"
        //   table(factor(x, levels = c(lv, "none"))) }
        // f(d$best_overall): CR 0, PR 10, SD 7, PD 4, NE 1, none 8
        JsonNode all = results.path("orr_all").path("groups").path("all");
        assertEquals(java.util.List.of("CR", "PR", "SD", "PD", "NE", "none"), fieldNames(all.path("best_response")));
        assertEquals(java.util.List.of(0L, 10L, 7L, 4L, 1L, 8L), counts(all.path("best_response")));
        // disease control = CR + PR + SD = 17; binom.test(17, 30)$conf.int
        JsonNode dc = all.path("disease_control");
        assertEquals(17, dc.path("n").asLong());
        near(17.0 / 30, dc.path("rate"));
        near(0.37427345060922085, dc.path("ci").get(0));
        near(0.74539245009673694, dc.path("ci").get(1));
        // f(d$best_metastatic[d$pattern == "lung_only"]): 0 5 1 2 1 1; non_lung: 1 1 7 1 1 1
        JsonNode cmp = results.path("morr_lungonly_vs_nonlung").path("groups");
        assertEquals(java.util.List.of(0L, 5L, 1L, 2L, 1L, 1L), counts(cmp.path("lung_only").path("best_response")));
        assertEquals(java.util.List.of(1L, 1L, 7L, 1L, 1L, 1L), counts(cmp.path("non_lung").path("best_response")));
        // binom.test(9, 12)$conf.int
        near(0.42814153812181088, cmp.path("non_lung").path("disease_control").path("ci").get(0));
        near(0.94513935547200723, cmp.path("non_lung").path("disease_control").path("ci").get(1));
        // lung scope of lung patients: f(d$best_lung[d$lung_metastasis == "true"]): 2 4 7 2 0 3 (responders 6)
        assertEquals(java.util.List.of(2L, 4L, 7L, 2L, 0L, 3L),
                counts(results.path("morr_lung").path("groups").path("lung").path("best_response")));
        // the table of Figure 5: per group and category, then disease control
        String table = output.tables().get("best_response.csv").text();
        assertTrue(table.startsWith("analysis,group,best_response,n,pct\n"), table);
        assertTrue(table.contains("\norr_all,all,PR,10,33.33"), table);
        assertTrue(table.contains("\norr_all,all,none,8,26.66"), table);
        assertTrue(table.contains("\norr_all,all,disease_control,17,56.66"), table);
        assertTrue(output.tables().get("paired.csv").text().contains("\nmorr_multiorgan_sites,8,1,1,0.0,"),
                output.tables().get("paired.csv").text());
        assertTrue(output.tables().get("table2.csv").text().contains("\nany_term,17,56.66"),
                output.tables().get("table2.csv").text());
        assertTrue(output.tables().get("ae_summary.csv").text().contains("\ngrade_3_plus,8,26.66"),
                output.tables().get("ae_summary.csv").text());
    }

    @Test
    void pairedSitesComparisonHasItsDiscordantPairsAndExactMcNemar() {
        // m <- d[d$pattern == "multi_organ", ]; r1 <- m$best_lung %in% c("CR", "PR")
        // r2 <- m$best_extrahepatic_nonlung %in% c("CR", "PR"); sum(r1 & !r2) = 1 (k017), sum(!r1 & r2) = 1 (k011)
        JsonNode p = results.path("morr_multiorgan_sites").path("paired");
        assertEquals(8, p.path("n").asLong());
        assertEquals(1, p.path("b").asLong());
        assertEquals(1, p.path("c").asLong());
        // d <- (b - c)/n; se <- sqrt((b + c) - (b - c)^2/n)/n; d + c(-1, 1) * qnorm(0.975) * se
        near(0.0, p.path("difference"));
        near(-0.34647595608741938, p.path("ci").get(0));
        near(0.34647595608741938, p.path("ci").get(1));
        // binom.test(1, 2)$p.value = 1
        near(1.0, p.path("mcnemar_exact").path("p"));
        assertTrue(p.path("mcnemar_exact").path("statistic").isNull());
        // only the two-scope analysis is paired
        assertTrue(results.path("morr_lungonly_vs_nonlung").path("paired").isMissingNode());
        // the verdict's claim on it takes the paired difference, CI and p
        JsonNode claim = null;
        for (JsonNode c : results.path("replication").path("claims")) {
            if (c.path("id").asText().equals("morr_sites_diff")) {
                claim = c;
            }
        }
        assertTrue(claim != null, "morr_sites_diff claim");
        near(-0.34647595608741938, claim.path("registry").path("ci").get(0));
        near(1.0, claim.path("registry").path("p"));
    }

    private static java.util.List<Long> counts(JsonNode o) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        o.fields().forEachRemaining(e -> out.add(e.getValue().asLong()));
        return out;
    }

    @Test
    void tableOne() {
        // nrow(d); median(d$age); range(d$age)
        JsonNode b = results.path("baseline");
        assertEquals(30, b.path("n").asLong());
        near(50, b.path("age").path("median"));
        assertEquals(28, b.path("age").path("min").asInt());
        assertEquals(77, b.path("age").path("max").asInt());
        // table(d$sex): F 7, M 23 (contract order M, F)
        JsonNode sex = b.path("variables").path("sex");
        assertEquals(java.util.List.of("M", "F"), fieldNames(sex));
        assertEquals(23, sex.path("M").path("n").asLong());
        near(100.0 * 23 / 30, sex.path("M").path("pct"));
        // table(d$smoking, useNA = "ifany"): ever 6, never 13, NA 11
        JsonNode smoking = b.path("variables").path("smoking");
        assertEquals(java.util.List.of("ever", "never", "missing"), fieldNames(smoking));
        assertEquals(11, smoking.path("missing").path("n").asLong());
        near(100.0 * 11 / 30, smoking.path("missing").path("pct"));
        // table(d$afp, useNA = "ifany"): <400 7, >=400 11, NA 12
        assertEquals(11, b.path("variables").path("afp").path(">=400").path("n").asLong());
        assertEquals(12, b.path("variables").path("afp").path("missing").path("n").asLong());
        // table(d$hbv_dna): <1000 10, >=1000 13, not_examined 7
        assertEquals(7, b.path("variables").path("hbv_dna").path("not_examined").path("n").asLong());
        // table(d$lung_metastasis): FALSE 12, TRUE 18
        assertEquals(18, b.path("variables").path("lung_metastasis").path("yes").path("n").asLong());
        assertEquals(12, b.path("variables").path("lung_metastasis").path("no").path("n").asLong());
        assertEquals(12, b.path("variables").path("bclc_stage").path("B").path("n").asLong());
    }

    @Test
    void tableTwo() {
        // a <- ae[ae$patient_key %in% d$patient_key, ]; per term: sum(g <= 2), sum(g == 3), sum(g >= 4), length(g)
        JsonNode ae = results.path("adverse_events");
        assertEquals(30, ae.path("n").asLong());
        assertEquals(25, ae.path("any_grade").path("n").asLong());
        near(100.0 * 25 / 30, ae.path("any_grade").path("pct"));
        assertEquals(1, ae.path("dose_reduced").path("n").asLong());
        assertEquals(8, ae.path("interrupted").path("n").asLong());
        JsonNode terms = ae.path("terms");
        // ordered by patients with any grade: diarrhea 12, hand_foot 11, fatigue 10 (k999 not in the cohort), hypertension 9
        assertEquals(java.util.List.of("diarrhea", "hand_foot_skin_reaction", "fatigue", "hypertension"), fieldNames(terms));
        assertEquals(10, terms.path("diarrhea").path("grade_1_2").asLong());
        assertEquals(1, terms.path("diarrhea").path("grade_3").asLong());
        assertEquals(1, terms.path("diarrhea").path("grade_4_plus").asLong());
        assertEquals(12, terms.path("diarrhea").path("any").asLong());
        assertEquals(7, terms.path("fatigue").path("grade_1_2").asLong());
        assertEquals(3, terms.path("fatigue").path("grade_3").asLong());
        assertEquals(10, terms.path("fatigue").path("any").asLong());
        // the total row, each patient once by the worst grade of all its terms:
        // w <- tapply(a$worst_grade, a$patient_key, max); sum(w <= 2), sum(w == 3), sum(w >= 4), length(w)
        JsonNode total = ae.path("total");
        assertEquals(17, total.path("grade_1_2").asLong());
        assertEquals(6, total.path("grade_3").asLong());
        assertEquals(2, total.path("grade_4_plus").asLong());
        assertEquals(25, total.path("any").asLong());
        // grade >= 3: sum(w >= 3) = 8 patients
        assertEquals(8, ae.path("grade_3_plus").path("n").asLong());
        near(100.0 * 8 / 30, ae.path("grade_3_plus").path("pct"));
    }

    @Test
    void aPatientWithSeveralGradeThreeTermsCountsOnceInTheTotal() {
        // by hand: p1 grade 3 in two terms, p2 grade 4 and grade 1, p3 grade 2, p4 (not in the cohort) grade 3,
        // p5 in the cohort without events. Terms: rash (p1 3, p3 2, p4 3), diarrhea (p1 3, p2 1), fatigue (p2 4).
        var spark = AnalyzeFixture.spark();
        var cohortSchema = new org.apache.spark.sql.types.StructType().add("patient_key", "string")
                .add("any_ae", "boolean").add("dose_reduced", "boolean").add("interrupted", "boolean");
        var cohort = spark.createDataFrame(java.util.List.of(
                org.apache.spark.sql.RowFactory.create("p1", true, false, false),
                org.apache.spark.sql.RowFactory.create("p2", true, true, false),
                org.apache.spark.sql.RowFactory.create("p3", true, false, true),
                org.apache.spark.sql.RowFactory.create("p5", false, false, false)), cohortSchema);
        var ae = spark.createDataFrame(java.util.List.of(
                org.apache.spark.sql.RowFactory.create("p1", "rash", 3),
                org.apache.spark.sql.RowFactory.create("p1", "diarrhea", 3),
                org.apache.spark.sql.RowFactory.create("p2", "diarrhea", 1),
                org.apache.spark.sql.RowFactory.create("p2", "fatigue", 4),
                org.apache.spark.sql.RowFactory.create("p3", "rash", 2),
                org.apache.spark.sql.RowFactory.create("p4", "rash", 3)), AnalyzeFixture.ADVERSE_EVENTS);
        CohortCounts.AdverseEvents counts = CohortCounts.adverseEvents(cohort, ae);
        // term rows of grade >= 3: rash 1 (p1; p4 is outside), diarrhea 1 (p1), fatigue 1 (p2) = 3
        long termRows = counts.terms().stream().mapToLong(t -> t.grade3() + t.grade4Plus()).sum();
        assertEquals(3, termRows);
        // patients: p1 (worst 3), p2 (worst 4), p3 (worst 2): grade >= 3 = 2, not 3
        assertEquals(2, counts.grade3Plus());
        assertEquals(new CohortCounts.TermCount(null, 1, 1, 1, 3), counts.total());
    }

    @Test
    void stepTableMatchesSummarySurvfit() {
        // s <- summary(survfit(Surv(pfs_days / md, pfs_event) ~ 1, data = d), censored = TRUE): 30 rows
        String[] lines = output.tables().get("km_pfs_all.csv").text().split("\n");
        assertEquals("analysis,group,time,n_risk,n_event,n_censor,surv,std_err,lower,upper", lines[0]);
        assertEquals(31, lines.length);
        String[] r10 = lines[10].split(",");
        assertEquals("pfs_all", r10[0]);
        assertEquals("all", r10[1]);
        assertEquals(4.59958932238193, Double.parseDouble(r10[2]), 1e-12);
        assertEquals("21", r10[3]);
        assertEquals("1", r10[4]);
        assertEquals("0", r10[5]);
        assertEquals(0.76923076923076916, Double.parseDouble(r10[6]), 1e-12);
        assertEquals(0.08262863931224225, Double.parseDouble(r10[7]), 1e-12);
        assertEquals(0.62319352852007892, Double.parseDouble(r10[8]), 1e-12);
        assertEquals(0.94948992448065206, Double.parseDouble(r10[9]), 1e-12);
        // last row: surv 0, std.err NaN, bounds NA
        assertTrue(lines[30].endsWith(",1,1,0,0.0,NA,NA,NA"), lines[30]);
    }

    @Test
    void flowAndRiskSetRows() {
        JsonNode f = results.path("cohort_flow");
        assertEquals(40, f.path("reviewed").asLong());
        assertEquals(3, f.path("excluded").path("concurrent_systemic").asLong());
        assertEquals(30, f.path("included").asLong());
        assertEquals(12, f.path("patterns").path("non_lung").asLong());
        // pfs_all has 30 distinct times (no ties), at risk 30 at the first
        long pfsRows = output.riskSetRows().stream().filter(r -> r.getString(0).equals("pfs_all")).count();
        assertEquals(30, pfsRows);
        assertEquals(30L, output.riskSetRows().stream().filter(r -> r.getString(0).equals("pfs_all")).findFirst()
                .orElseThrow().getLong(4));
    }

    static java.util.List<String> fieldNames(JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
