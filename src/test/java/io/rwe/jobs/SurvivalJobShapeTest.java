package io.rwe.jobs;

import static io.rwe.jobs.SurvivalJobLungTest.LUNG;
import static io.rwe.jobs.SurvivalJobLungTest.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON of {@code jobs/survival} has exactly the fields of docs/cli.md ("JSON of jobs/survival"), in
 * its order, and nothing else.
 */
class SurvivalJobShapeTest {

    // Field names and order, copied from the docs/cli.md example.
    static final List<String> TOP = List.of("n", "events", "dropped", "conf_type", "groups", "logrank", "hr", "cox",
            "rmst_diff");
    static final List<String> GROUP = List.of("n", "events", "median", "median_ci", "quartiles", "range", "rmst",
            "at_times", "table", "followup");
    static final List<String> QUARTILES = List.of("q25", "q75");
    static final List<String> RMST = List.of("tau", "estimate", "se");
    static final List<String> AT_TIME = List.of("time", "n_risk", "surv", "std_err", "lower", "upper");
    static final List<String> TABLE_ROW = List.of("time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower",
            "upper");
    static final List<String> LOGRANK = List.of("rho", "chisq", "df", "p", "observed", "expected");
    static final List<String> HR = List.of("method", "reference", "estimate", "ci");
    static final List<String> COX = List.of("ties", "reference", "hr", "ci", "p_wald", "p_lr", "p_score",
            "ph_test");
    static final List<String> PH_TEST = List.of("transform", "terms", "global");
    static final List<String> CHISQ = List.of("chisq", "df", "p");
    static final List<String> RMST_DIFF = List.of("tau", "groups", "estimate", "se", "ci", "p");
    static final List<String> COX_ADJUSTED = List.of("ties", "reference", "n", "events", "dropped", "terms", "hr", "ci",
            "p", "global", "ph_test", "iterations", "converged");
    static final List<String> TERM = List.of("coef", "se", "hr", "ci", "p");

    @Test
    void twoGroupsHaveEveryFieldOfCliMdInOrder() {
        JobRun r = JobRun.of("survival", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--group", "sex", "--times", "100,365");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode j = Json.read(r.stdout());
        assertEquals(TOP, fieldNames(j));
        assertEquals(List.of("1", "2"), fieldNames(j.get("groups")));
        for (JsonNode g : j.get("groups")) {
            assertEquals(GROUP, fieldNames(g));
            assertEquals(2, g.get("median_ci").size());
            assertEquals(QUARTILES, fieldNames(g.get("quartiles")));
            assertEquals(2, g.get("range").size());
            assertEquals(RMST, fieldNames(g.get("rmst")));
            assertEquals(2, g.get("at_times").size());
            g.get("at_times").forEach(a -> assertEquals(AT_TIME, fieldNames(a)));
            assertTrue(g.get("table").size() > 0);
            g.get("table").forEach(t -> assertEquals(TABLE_ROW, fieldNames(t)));
        }
        assertEquals(LOGRANK, fieldNames(j.get("logrank")));
        assertEquals(List.of("1", "2"), fieldNames(j.at("/logrank/observed")));
        assertEquals(List.of("1", "2"), fieldNames(j.at("/logrank/expected")));
        assertEquals(HR, fieldNames(j.get("hr")));
        assertEquals(2, j.at("/hr/ci").size());
        assertEquals(COX, fieldNames(j.get("cox")));
        assertEquals(2, j.at("/cox/ci").size());
        assertEquals(PH_TEST, fieldNames(j.at("/cox/ph_test")));
        assertEquals(List.of("group"), fieldNames(j.at("/cox/ph_test/terms")));
        assertEquals(CHISQ, fieldNames(j.at("/cox/ph_test/global")));
        assertEquals(List.of("median", "median_ci"), fieldNames(j.at("/groups/1/followup")));
        assertEquals(RMST_DIFF, fieldNames(j.get("rmst_diff")));
        assertEquals(List.of("1", "2"), fieldNames(j.at("/rmst_diff/groups")));
    }

    @Test
    void covariatesAddTheAdjustedModelBeforeTheRmstDifference() {
        JobRun r = JobRun.of("survival", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2", "--group", "sex", "--covariates", "age,ph.karno");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode j = Json.read(r.stdout());
        List<String> top = new java.util.ArrayList<>(TOP);
        top.add(top.indexOf("cox") + 1, "cox_adjusted");
        assertEquals(top, fieldNames(j));
        JsonNode a = j.get("cox_adjusted");
        assertEquals(COX_ADJUSTED, fieldNames(a));
        assertEquals(List.of("group=2", "age", "ph.karno"), fieldNames(a.get("terms")));
        a.get("terms").forEach(t -> assertEquals(TERM, fieldNames(t)));
        assertEquals(List.of("lr", "wald", "score"), fieldNames(a.get("global")));
        assertEquals(List.of("group", "age", "ph.karno"), fieldNames(a.at("/ph_test/terms")));
        assertEquals(1, a.get("dropped").asLong(), "ph.karno is NA in one row");
    }

    @Test
    void withoutGroupsOnlyTheCurveOfAll() {
        JobRun r = JobRun.of("survival", "--input", LUNG.toString(), "--time", "time", "--event", "status",
                "--event-value", "2");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode j = Json.read(r.stdout());
        assertEquals(TOP.subList(0, 5), fieldNames(j));
        assertEquals(List.of("all"), fieldNames(j.get("groups")));
        assertEquals(GROUP, fieldNames(j.at("/groups/all")));
        assertEquals(List.of("median", "median_ci"), fieldNames(j.at("/groups/all/followup")));
        assertEquals(0, j.at("/groups/all/at_times").size(), "no --times: an empty at_times");
    }
}
