package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import io.rwe.study.Study;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyses beyond the paper (docs/study.md, "Beyond the paper") on the hand-built cohort of
 * {@link AnalyzeFixture}, with the default study's adjustment set: follow-up, the RMST difference, the PH
 * test of the unadjusted Cox model, the adjusted Cox model with its PH test, unstratified and stratified by
 * center, and Table 1 by group with its SMDs. Every expected number comes from R 4.2 / survival 3.5 by
 * {@code Rscript src/test/resources/analyze/expected.R} (its part "Beyond the paper"); the R call is written
 * beside each. {@code x} there is the comparison's rows (group a the first-named, b the reference,
 * {@code t} = days / 30.4375), {@code y} the same with the study's factor levels
 * ({@code droplevels(factor(ifelse(is.na(v), "missing", v), levels = ...))}).
 */
class AnalyzeBeyondThePaperTest {

    static JsonNode results;
    static JsonNode stratified;
    static AnalyzeStage.Output output;

    @BeforeAll
    static void analyze() {
        output = AnalyzeStage.run(AnalyzeFixture.spark(), AnalyzeFixture.config(), AnalyzeFixture.cohort(),
                AnalyzeFixture.adverseEvents(), AnalyzeFixture.flow());
        results = Json.read(Json.write(output.results()));
        stratified = Json.read(Json.write(AnalyzeStage.run(AnalyzeFixture.spark(),
                AnalyzeFixture.config("rwe.study.stratify-by", "center_id"), AnalyzeFixture.cohort(),
                AnalyzeFixture.adverseEvents(), AnalyzeFixture.flow()).results()));
    }

    private static void near(double expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + ": expected a number, got " + actual);
        assertEquals(expected, actual.asDouble(), Math.abs(expected) * 1e-9 + 1e-12, what);
    }

    /** Iterative fits: 1e-6 relative (they agree far better; the brief's bound for Newton–Raphson). */
    private static void close(double expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + ": expected a number, got " + actual);
        assertEquals(expected, actual.asDouble(), Math.abs(expected) * 1e-6 + 1e-12, what);
    }

    @Test
    void followUpIsTheReverseKaplanMeierMedianOfEveryGroup() {
        // summary(survfit(Surv(pfs_days / md, !pfs_event) ~ 1, data = d))$table[c("median", "0.95LCL", "0.95UCL")]
        JsonNode f = results.at("/pfs_all/groups/all/followup");
        near(13.338809034907598, f.path("median"), "pfs_all follow-up");
        near(11.597535934291582, f.path("median_ci").get(0), "lcl");
        assertTrue(f.path("median_ci").get(1).isNull(), "R: NA");
        // summary(survfit(Surv(t, !e) ~ 1, data = x[x$g == k, ]))$table, mpfs lung_only (a) and non_lung (b)
        near(9.330595482546201, results.at("/mpfs_lungonly_vs_nonlung/groups/lung_only/followup/median"), "a");
        near(6.5051334702258723, results.at("/mpfs_lungonly_vs_nonlung/groups/lung_only/followup/median_ci/0"), "a");
        near(17.938398357289529, results.at("/mpfs_lungonly_vs_nonlung/groups/non_lung/followup/median"), "b");
        near(17.182751540041068, results.at("/mpfs_lungonly_vs_nonlung/groups/non_lung/followup/median_ci/0"), "b");
        near(23.655030800821354, results.at("/os_lung_vs_nonlung/groups/lung/followup/median"), "os lung");
        near(14.784394250513348, results.at("/os_lung_vs_nonlung/groups/lung/followup/median_ci/0"), "os lung");
    }

    @Test
    void rmstDifferenceIsTheFirstNamedGroupMinusTheReference() {
        // tau <- min(tapply(x$t, x$g, max)); tb <- summary(survfit(Surv(t, e) ~ g, data = x), rmean = tau)$table
        // d <- tb["g=a", "rmean"] - tb["g=b", "rmean"]; se <- sqrt(sum(tb[, "se(rmean)"]^2))
        // d + c(-1, 1) * qnorm(0.975) * se; 2 * pnorm(-abs(d / se))
        JsonNode r = results.path("mpfs_lungonly_vs_nonlung").path("rmst_diff");
        assertEquals(List.of("lung_only", "non_lung"), fields(r.path("groups")));
        near(18.201232032854211, r.path("tau"), "tau");
        near(12.860013689253936, r.at("/groups/lung_only/estimate"), "rmean a");
        near(2.0167535987740797, r.at("/groups/lung_only/se"), "se a");
        near(12.960681420640354, r.at("/groups/non_lung/estimate"), "rmean b");
        near(1.9106165809115716, r.at("/groups/non_lung/se"), "se b");
        near(-0.10066773138641771, r.path("estimate"), "difference");
        near(2.778084015544243, r.path("se"), "se");
        near(-5.545612347879544, r.path("ci").get(0), "lower");
        near(5.3442768851067086, r.path("ci").get(1), "upper");
        near(0.97109387128716262, r.path("p"), "p");
        JsonNode os = results.path("os_lung_vs_nonlung").path("rmst_diff");
        near(21.683778234086244, os.path("tau"), "os tau");
        near(-1.0380293268725858, os.path("estimate"), "os difference");
        near(0.6490263645888612, os.path("p"), "os p");
    }

    @Test
    void phTestOfTheUnadjustedCoxModel() {
        // cox.zph(coxph(Surv(t, e) ~ g, data = x))$table["g", ]        (and + strata(center_id))
        near(0.0024614284975097026, results.at("/mpfs_lungonly_vs_nonlung/cox/ph_test/terms/group/chisq"), "mpfs");
        near(0.96043095772463372, results.at("/mpfs_lungonly_vs_nonlung/cox/ph_test/global/p"), "mpfs p");
        near(0.1279433520177376, results.at("/os_lung_vs_nonlung/cox/ph_test/terms/group/chisq"), "os");
        near(1.0174734660872764, stratified.at("/mpfs_lungonly_vs_nonlung/cox/ph_test/terms/group/chisq"), "strat");
        near(0.31311906062969519, stratified.at("/mpfs_lungonly_vs_nonlung/cox/ph_test/terms/group/p"), "strat p");
        near(0.26238808171986144, stratified.at("/os_lung_vs_nonlung/cox/ph_test/global/chisq"), "os strat");
    }

    /** R's row name → ours, coef, se, exp(coef), lower .95, upper .95, Pr(>|z|). */
    private static void terms(JsonNode adj, String[][] expected) {
        List<String> names = new ArrayList<>();
        for (String[] e : expected) {
            names.add(e[0]);
            JsonNode t = adj.path("terms").path(e[0]);
            close(Double.parseDouble(e[1]), t.path("coef"), e[0] + " coef");
            close(Double.parseDouble(e[2]), t.path("se"), e[0] + " se");
            close(Double.parseDouble(e[3]), t.path("hr"), e[0] + " hr");
            close(Double.parseDouble(e[4]), t.path("ci").get(0), e[0] + " lower");
            close(Double.parseDouble(e[5]), t.path("ci").get(1), e[0] + " upper");
            close(Double.parseDouble(e[6]), t.path("p"), e[0] + " p");
        }
        assertEquals(names, fields(adj.path("terms")), "the terms, in formula order");
    }

    @Test
    void adjustedCoxModelAsCoxphWithTheStudysFactorLevels() {
        // f <- coxph(Surv(t, e) ~ g + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion + afp +
        //            treatment_setting, data = y, ties = "efron"); s <- summary(f)
        // s$coefficients[, c("coef", "se(coef)", "Pr(>|z|)")], s$conf.int[, c("exp(coef)", "lower .95", "upper .95")]
        JsonNode adj = results.path("mpfs_lungonly_vs_nonlung").path("cox_adjusted");
        assertEquals("efron", adj.path("ties").asText());
        assertEquals("non_lung", adj.path("reference").asText());
        assertEquals(22, adj.path("n").asLong());      // f$n
        assertEquals(13, adj.path("events").asLong()); // f$nevent
        assertEquals(5, adj.path("iterations").asInt()); // f$iter
        assertTrue(adj.path("converged").asBoolean());
        assertFalse(adj.has("dropped"), "the study writes no dropped: a missing category is a level");
        terms(adj, new String[][] {
            {"group=lung_only", "-0.59288373605640154", "0.86511621101554681", "0.55273105381697563",
                "0.10142046820921233", "3.0123270307075334", "0.49314034076009783"},
            {"age", "-0.071676106555922575", "0.046011940488404152", "0.93083233748272576", "0.85056210099238383",
                "1.0186779301507034", "0.11928733664502368"},
            {"sex=F", "-0.44921744274773212", "1.1915236712246744", "0.63812732744743195", "0.061756198677240477",
                "6.5937751150035258", "0.70616548519324207"},
            {"bclc_stage=C", "-0.62738634325234544", "1.045590189748314", "0.53398563386821318",
                "0.068789410864103756", "4.1451242799701289", "0.54848569297607341"},
            {"child_pugh_class=B", "1.7102635115243203", "1.0097300144182608", "5.5304186146686511",
                "0.76431830206187645", "40.016744294836251", "0.090306529694470977"},
            {"portal_vein_invasion=yes", "-1.9312875895579937", "1.2628906329271614", "0.14496142744691667",
                "0.012197701501510869", "1.7227684613240291", "0.12620010748165153"},
            {"afp=>=400", "3.0022452638626818", "1.5592496766970876", "20.130684919018908", "0.94759513060708922",
                "427.6557173201071", "0.054174049557851225"},
            {"afp=missing", "1.7417677581362796", "1.3078813206810036", "5.7074238551207515", "0.43971322476742214",
                "74.081663291412639", "0.18294315499844907"},
            {"treatment_setting=second_line_plus", "0.31507829584269037", "1.0244242254621974", "1.3703666007645705",
                "0.18401163476503718", "10.205358062760128", "0.75841242068683068"}});
        // the group's term repeated at the top
        close(0.55273105381697563, adj.path("hr"), "hr");
        close(0.10142046820921233, adj.path("ci").get(0), "hr lower");
        close(0.49314034076009783, adj.path("p"), "p");
        // s$logtest, f$wald.test (summary rounds it), s$sctest: statistic, df, p
        close(13.992604049017622, adj.at("/global/lr/chisq"), "lr");
        assertEquals(9, adj.at("/global/lr/df").asInt());
        close(0.122588559673976, adj.at("/global/lr/p"), "lr p");
        close(9.7611943515083581, adj.at("/global/wald/chisq"), "wald");
        close(0.3701616761064726, adj.at("/global/wald/p"), "wald p");
        close(15.640229303821718, adj.at("/global/score/chisq"), "score");
        close(0.074785374611783043, adj.at("/global/score/p"), "score p");
        // cox.zph(f)$table: one row per variable (g is the group), GLOBAL
        JsonNode ph = adj.path("ph_test");
        assertEquals(List.of("group", "age", "sex", "bclc_stage", "child_pugh_class", "portal_vein_invasion", "afp",
                "treatment_setting"), fields(ph.path("terms")));
        close(2.2647960784618402, ph.at("/terms/group/chisq"), "zph g");
        close(0.37857221691295034, ph.at("/terms/age/chisq"), "zph age");
        close(1.4162749484363786, ph.at("/terms/sex/chisq"), "zph sex");
        close(0.00084961051514865344, ph.at("/terms/bclc_stage/chisq"), "zph bclc_stage");
        close(0.66330334335763508, ph.at("/terms/child_pugh_class/chisq"), "zph child_pugh_class");
        close(5.7663277488151428, ph.at("/terms/portal_vein_invasion/chisq"), "zph portal_vein_invasion");
        close(0.016336136760904448, ph.at("/terms/portal_vein_invasion/p"), "zph portal_vein_invasion p");
        close(4.3248656593674664, ph.at("/terms/afp/chisq"), "zph afp");
        assertEquals(2, ph.at("/terms/afp/df").asInt());
        close(0.027543594637142784, ph.at("/terms/treatment_setting/chisq"), "zph treatment_setting");
        close(12.970173779937177, ph.at("/global/chisq"), "zph GLOBAL");
        assertEquals(9, ph.at("/global/df").asInt());
        close(0.16396051805176948, ph.at("/global/p"), "zph GLOBAL p");
    }

    @Test
    void adjustedCoxModelStratifiedByCenter() {
        // coxph(Surv(t, e) ~ g + age + ... + treatment_setting + strata(center_id), data = y, ties = "efron"),
        // os: lung versus non_lung (30 patients, 12 deaths, 6 iterations)
        JsonNode adj = stratified.path("os_lung_vs_nonlung").path("cox_adjusted");
        assertEquals(30, adj.path("n").asLong());
        assertEquals(12, adj.path("events").asLong());
        assertEquals(6, adj.path("iterations").asInt());
        terms(adj, new String[][] {
            {"group=lung", "-0.75431836878593828", "1.0428985785138092", "0.47033109784971883",
                "0.060909749778136082", "3.631788710514896", "0.46950158447415208"},
            {"age", "0.051122588762402076", "0.044448957933333713", "1.0524519041518188", "0.96464437590999752",
                "1.1482521830989605", "0.25008561818049813"},
            {"sex=F", "-0.46995977530596006", "1.8576084769108812", "0.62502740931335843", "0.016394563591532189",
                "23.828585629125531", "0.80027452355508744"},
            {"bclc_stage=C", "-0.13172000729427957", "0.82420761163765577", "0.87658639851970266",
                "0.17427212896881833", "4.409217461314368", "0.87302750744947422"},
            {"child_pugh_class=B", "-0.89011890181381015", "1.0087357086042454", "0.41060692794122849",
                "0.056857646736210687", "2.965266045137934", "0.37755490205833492"},
            {"portal_vein_invasion=yes", "-1.2865079369488477", "1.720549363664001", "0.27623372637121746",
                "0.0094785614183108616", "8.050279806967449", "0.45462248453481319"},
            {"afp=>=400", "0.26985536543140615", "1.3369968615043653", "1.3097749982910587", "0.095310973260400486",
                "17.999087486614702", "0.84004419595244029"},
            {"afp=missing", "0.55934871573067879", "1.3975870974297528", "1.7495326860477596", "0.11305603926615258",
                "27.073870970693633", "0.68899110849048817"},
            {"treatment_setting=second_line_plus", "-1.6856610120683619", "1.8248753040467727", "0.18532189145327491",
                "0.0051831055036196689", "6.6261825903090026", "0.35563577031051563"}});
        close(5.8751119459771317, adj.at("/global/lr/chisq"), "lr");
        close(3.6261015086204678, adj.at("/global/wald/chisq"), "wald");
        close(5.2322147662209293, adj.at("/global/score/chisq"), "score");
        close(0.81361383411299137, adj.at("/global/score/p"), "score p");
        close(0.19421428550029915, adj.at("/ph_test/terms/group/chisq"), "zph g");
        close(1.865407976366388, adj.at("/ph_test/terms/afp/chisq"), "zph afp");
        close(3.6059738069049745, adj.at("/ph_test/terms/treatment_setting/chisq"), "zph treatment_setting");
        close(14.231480644302618, adj.at("/ph_test/global/chisq"), "zph GLOBAL");
        close(0.1143259874791379, adj.at("/ph_test/global/p"), "zph GLOBAL p");
    }

    @Test
    void tableOneByGroupWithStandardizedMeanDifferences() {
        JsonNode g = results.path("baseline_by_group").path("mpfs_lungonly_vs_nonlung");
        assertEquals(List.of("lung_only", "non_lung"), fields(g.path("groups")));
        // sum(x$g == "a"), median(x$age[x$g == "a"]); the same for b
        assertEquals(10, g.at("/groups/lung_only/n").asLong());
        near(52, g.at("/groups/lung_only/age/median"), "median age a");
        assertEquals(12, g.at("/groups/non_lung/n").asLong());
        near(48.5, g.at("/groups/non_lung/age/median"), "median age b");
        // the same categories in both groups' tables, pct of the group
        assertEquals(fields(g.at("/groups/lung_only/variables/afp")), fields(g.at("/groups/non_lung/variables/afp")));
        long n = g.at("/groups/lung_only/variables/sex/M/n").asLong();
        near(100.0 * n / 10, g.at("/groups/lung_only/variables/sex/M/pct"), "pct of the group");
        // (mean(age_a) - mean(age_b)) / sqrt((var(age_a) + var(age_b)) / 2)
        near(-0.120209392386008, g.at("/smd/age"), "smd age");
        // tableone's categorical SMD: sqrt(t' ginv(S) t) over the levels after the first, missing a level
        near(0.086226122711845418, g.at("/smd/sex"), "smd sex");
        near(1.1590363467458538, g.at("/smd/afp"), "smd afp");
        near(0.37603980181324526, g.at("/smd/hbv_dna"), "smd hbv_dna");
        near(0.34527141062225436, g.at("/smd/smoking"), "smd smoking");
        // every lung_only patient has lung metastasis and no non_lung patient: S = 0, tableone gives NaN
        assertTrue(g.at("/smd/lung_metastasis").isNull());
        JsonNode os = results.path("baseline_by_group").path("os_lung_vs_nonlung");
        assertEquals(18, os.at("/groups/lung/n").asLong());
        near(51.5, os.at("/groups/lung/age/median"), "os median age a");
        near(-0.030858047523420303, os.at("/smd/age"), "os smd age");
        near(0.2696799449852969, os.at("/smd/sex"), "os smd sex");
        near(1.2460866315250985, os.at("/smd/afp"), "os smd afp");
    }

    @Test
    void theTablesAndTheManifestAccountOfTheAdjustedModels() {
        assertTrue(output.tables().get("cox_adjusted.csv").text().contains(
                "mpfs_lungonly_vs_nonlung,non_lung,22,13,group=lung_only,"));
        assertTrue(output.tables().get("ph_tests.csv").text().contains("mpfs_lungonly_vs_nonlung,cox_adjusted,GLOBAL,"));
        assertTrue(output.tables().get("rmst_diff.csv").text().contains("os_lung_vs_nonlung,lung,non_lung,"));
        assertTrue(output.tables().get("smd.csv").text().contains("mpfs_lungonly_vs_nonlung,lung_metastasis,NA"));
        assertTrue(output.tables().get("table1_by_group.csv").text().contains("os_lung_vs_nonlung,lung,all,n,18,"));
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) output.coxAdjusted().get("mpfs_lungonly_vs_nonlung");
        assertEquals(5, cost.get("iterations"));
        assertTrue(((Number) cost.get("aggregations")).intValue() >= 6, "β = 0 and one per iteration: " + cost);
        assertTrue(((Number) cost.get("bytes_per_iteration")).longValue() > 0, cost.toString());
    }

    @Test
    void theTypedResultsReadAndWriteTheNewKeys() {
        var published = AnalyzeStage.published(output.results(), Study.from(AnalyzeFixture.config()));
        // the replication verdict is written after the typed results are read (not one of them)
        Map<String, Object> written = new java.util.LinkedHashMap<>(output.results());
        written.remove("replication");
        assertEquals(Json.write(written), Json.write(published.toJson()));
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
