package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The shape of results.json, key by key, as docs/study.md's "Results contract" states it. */
final class ResultsContract {

    private ResultsContract() {
    }

    static final List<String> ANALYSES = List.of("cohort_flow", "baseline", "baseline_by_group", "pfs_all", "pfs_lung", "lung_mpfs_lung",
            "os_all", "os_lung", "mpfs_lungonly_vs_nonlung", "os_lung_vs_nonlung", "orr_all", "morr_lung",
            "morr_lungonly_vs_nonlung", "morr_multiorgan_sites", "adverse_events");

    static void has(JsonNode o, String where, String... keys) {
        assertTrue(o.isObject(), where + " is not an object: " + o);
        for (String k : keys) {
            assertTrue(o.has(k), where + " lacks \"" + k + "\"");
        }
    }

    /** A number, or null (not reached / no bound / suppressed). */
    static void numberOrNull(JsonNode v, String where) {
        assertTrue(v.isNumber() || v.isNull(), where + " is neither a number nor null: " + v);
    }

    static void pair(JsonNode v, String where) {
        assertTrue(v.isArray() && v.size() == 2, where + " is not [lo, hi]: " + v);
        numberOrNull(v.get(0), where + "[0]");
        numberOrNull(v.get(1), where + "[1]");
    }

    /** {@code ph_test}: {"transform": "km", "terms": {"group": {chisq, df, p}, …}, "global": {chisq, df, p}}. */
    static void phTest(JsonNode ph, String where) {
        has(ph, where, "transform", "terms", "global");
        assertEquals("km", ph.path("transform").asText());
        has(ph.path("terms"), where + ".terms", "group");
        ph.path("terms").fields().forEachRemaining(t -> has(t.getValue(), where + ".terms." + t.getKey(), "chisq",
                "df", "p"));
        has(ph.path("global"), where + ".global", "chisq", "df", "p");
    }

    /** Fails unless every key of the contract is present, for every analysis, with the right kind of value. */
    static void assertShape(JsonNode r) {
        for (String a : ANALYSES) {
            assertTrue(r.has(a), "results.json lacks the analysis " + a);
        }
        // the paper's study also carries the replication verdict (docs/study.md, "The replication verdict")
        assertTrue(r.has("replication") && r.get("replication").path("claims").isArray(), "results.json lacks replication");
        List<String> keys = new java.util.ArrayList<>();
        r.fieldNames().forEachRemaining(keys::add);
        assertEquals(ANALYSES.size() + 1, r.size(), "results.json has keys beyond the analyses: " + keys);
        JsonNode flow = r.path("cohort_flow");
        has(flow, "cohort_flow", "reviewed", "excluded", "included", "patterns");
        has(flow.path("excluded"), "cohort_flow.excluded", "not_eligible", "no_measurable_metastasis",
                "concurrent_systemic", "locoregional_metastasis");
        has(flow.path("patterns"), "cohort_flow.patterns", "lung_only", "multi_organ", "non_lung");
        JsonNode b = r.path("baseline");
        has(b, "baseline", "n", "age", "variables");
        has(b.path("age"), "baseline.age", "median", "min", "max");
        List<String> vars = List.of("age_group", "sex", "smoking", "lung_metastasis", "extrahepatic_nonlung",
                "new_intrahepatic", "portal_vein_invasion", "locoregional_liver", "antiviral_treatment", "bclc_stage",
                "child_pugh_class", "treatment_setting", "hbv_dna", "afp");
        for (String v : vars) {
            has(b.path("variables"), "baseline.variables", v);
            b.path("variables").path(v).fields().forEachRemaining(
                    c -> has(c.getValue(), "baseline.variables." + v + "." + c.getKey(), "n", "pct"));
        }
        has(b.path("variables").path("sex"), "baseline.variables.sex", "M", "F");
        has(b.path("variables").path("hbv_dna"), "baseline.variables.hbv_dna", "<1000", ">=1000", "not_examined");
        has(b.path("variables").path("afp"), "baseline.variables.afp", ">=400", "<400");
        has(b.path("variables").path("treatment_setting"), "treatment_setting", "first_line", "second_line_plus");
        for (String a : List.of("pfs_all", "pfs_lung", "lung_mpfs_lung", "os_all", "os_lung",
                "mpfs_lungonly_vs_nonlung", "os_lung_vs_nonlung")) {
            JsonNode groups = r.path(a).path("groups");
            assertTrue(groups.size() >= 1, a + " has no groups");
            groups.fields().forEachRemaining(g -> {
                String w = a + ".groups." + g.getKey();
                has(g.getValue(), w, "n", "events", "median", "median_ci", "range", "rmst");
                numberOrNull(g.getValue().path("median"), w + ".median");
                pair(g.getValue().path("median_ci"), w + ".median_ci");
                pair(g.getValue().path("range"), w + ".range");
                has(g.getValue().path("rmst"), w + ".rmst", "tau", "estimate", "se");
                has(g.getValue().path("followup"), w + ".followup", "median", "median_ci");
                numberOrNull(g.getValue().path("followup").path("median"), w + ".followup.median");
                pair(g.getValue().path("followup").path("median_ci"), w + ".followup.median_ci");
            });
        }
        has(r.path("pfs_all").path("groups"), "pfs_all.groups", "all");
        has(r.path("pfs_lung").path("groups"), "pfs_lung.groups", "lung");
        has(r.path("mpfs_lungonly_vs_nonlung").path("groups"), "mpfs groups", "lung_only", "non_lung");
        has(r.path("os_lung_vs_nonlung").path("groups"), "os groups", "lung", "non_lung");
        for (String a : List.of("mpfs_lungonly_vs_nonlung", "os_lung_vs_nonlung")) {
            JsonNode c = r.path(a);
            has(c, a, "groups");
            // a part that is not estimable (or withheld by a disclosure policy) is left out, its reason given
            JsonNode ne = c.path("not_estimable");
            if (!ne.has("logrank")) {
                has(c.path("logrank"), a + ".logrank", "chisq", "df", "p");
            }
            if (!ne.has("hr")) {
                has(c.path("hr"), a + ".hr", "estimate", "ci", "method", "reference");
                pair(c.path("hr").path("ci"), a + ".hr.ci");
                assertEquals("non_lung", c.path("hr").path("reference").asText());
            }
            if (!ne.has("cox")) {
                has(c.path("cox"), a + ".cox", "hr", "ci", "p_wald", "p_lr", "p_score", "reference");
                pair(c.path("cox").path("ci"), a + ".cox.ci");
                assertEquals("non_lung", c.path("cox").path("reference").asText());
                phTest(c.path("cox").path("ph_test"), a + ".cox.ph_test");
            }
            if (!ne.has("cox_adjusted")) {
                JsonNode adj = c.path("cox_adjusted");
                has(adj, a + ".cox_adjusted", "ties", "reference", "n", "events", "terms", "hr", "ci", "p", "global",
                        "ph_test", "iterations", "converged");
                assertEquals("efron", adj.path("ties").asText());
                assertEquals("non_lung", adj.path("reference").asText());
                String first = a.startsWith("mpfs") ? "lung_only" : "lung";
                has(adj.path("terms"), a + ".cox_adjusted.terms", "group=" + first, "age");
                adj.path("terms").fields().forEachRemaining(t -> {
                    has(t.getValue(), a + ".cox_adjusted.terms." + t.getKey(), "coef", "se", "hr", "ci", "p");
                    pair(t.getValue().path("ci"), a + ".cox_adjusted.terms." + t.getKey() + ".ci");
                });
                pair(adj.path("ci"), a + ".cox_adjusted.ci");
                for (String test : List.of("lr", "wald", "score")) {
                    has(adj.path("global").path(test), a + ".cox_adjusted.global." + test, "chisq", "df", "p");
                }
                phTest(adj.path("ph_test"), a + ".cox_adjusted.ph_test");
                JsonNode rd = c.path("rmst_diff");
                has(rd, a + ".rmst_diff", "tau", "groups", "estimate", "se", "ci", "p");
                has(rd.path("groups"), a + ".rmst_diff.groups", first, "non_lung");
                pair(rd.path("ci"), a + ".rmst_diff.ci");
                JsonNode bg = r.path("baseline_by_group").path(a);
                has(bg, "baseline_by_group." + a, "groups", "smd");
                has(bg.path("groups"), "baseline_by_group." + a + ".groups", first, "non_lung");
                bg.path("groups").fields().forEachRemaining(g -> has(g.getValue(), "baseline_by_group." + a + ".groups."
                        + g.getKey(), "n", "age", "variables"));
                has(bg.path("smd"), "baseline_by_group." + a + ".smd", "age", "sex", "afp");
            }
        }
        for (String a : List.of("orr_all", "morr_lung", "morr_lungonly_vs_nonlung", "morr_multiorgan_sites")) {
            has(r.path(a), a, "groups", "tests");
            r.path(a).path("groups").fields().forEachRemaining(g -> {
                has(g.getValue(), a + ".groups." + g.getKey(), "n", "responders", "rate", "ci", "best_response",
                        "disease_control");
                has(g.getValue().path("best_response"), a + ".groups." + g.getKey() + ".best_response", "CR", "PR",
                        "SD", "PD", "NE", "none");
                has(g.getValue().path("disease_control"), a + ".groups." + g.getKey() + ".disease_control", "n",
                        "rate", "ci");
                numberOrNull(g.getValue().path("rate"), a + ".rate");
                JsonNode ci = g.getValue().path("ci");
                if (!ci.isNull()) {
                    pair(ci, a + ".ci");
                }
            });
        }
        for (String a : List.of("morr_lungonly_vs_nonlung", "morr_multiorgan_sites")) {
            JsonNode t = r.path(a).path("tests");
            if (t.isNull() && r.path(a).path("not_estimable").path("tests").isTextual()) {
                continue; // withheld (a count of its table suppressed) or not estimable, the reason given
            }
            has(t, a + ".tests", "chisq", "chisq_yates", "fisher");
            for (String k : List.of("chisq", "chisq_yates", "fisher")) {
                has(t.path(k), a + ".tests." + k, "statistic", "p");
            }
            assertTrue(t.path("fisher").path("statistic").isNull(), "fisher.statistic must be null");
        }
        has(r.path("morr_multiorgan_sites").path("groups"), "morr_multiorgan_sites.groups", "lung",
                "extrahepatic_nonlung");
        has(r.path("morr_multiorgan_sites").path("paired"), "morr_multiorgan_sites.paired", "n", "b", "c",
                "difference", "ci", "mcnemar_exact");
        JsonNode ae = r.path("adverse_events");
        has(ae, "adverse_events", "n", "any_grade", "dose_reduced", "interrupted", "grade_3_plus", "terms", "total");
        has(ae.path("total"), "adverse_events.total", "grade_1_2", "grade_3", "grade_4_plus", "any");
        for (String k : List.of("any_grade", "dose_reduced", "interrupted", "grade_3_plus")) {
            has(ae.path(k), "adverse_events." + k, "n", "pct");
        }
        if (ae.path("terms").size() == 0) {
            fail("adverse_events.terms is empty");
        }
        ae.path("terms").fields().forEachRemaining(t -> has(t.getValue(), "adverse_events.terms." + t.getKey(),
                "grade_1_2", "grade_3", "grade_4_plus", "any"));
    }
}
