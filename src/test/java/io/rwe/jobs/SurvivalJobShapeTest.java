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
    static final List<String> TOP = List.of("n", "events", "dropped", "conf_type", "groups", "logrank", "hr", "cox");
    static final List<String> GROUP = List.of("n", "events", "median", "median_ci", "quartiles", "range", "rmst",
            "at_times", "table");
    static final List<String> QUARTILES = List.of("q25", "q75");
    static final List<String> RMST = List.of("tau", "estimate", "se");
    static final List<String> AT_TIME = List.of("time", "n_risk", "surv", "std_err", "lower", "upper");
    static final List<String> TABLE_ROW = List.of("time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower",
            "upper");
    static final List<String> LOGRANK = List.of("rho", "chisq", "df", "p", "observed", "expected");
    static final List<String> HR = List.of("method", "reference", "estimate", "ci");
    static final List<String> COX = List.of("ties", "reference", "hr", "ci", "p_wald", "p_lr", "p_score");

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
        assertEquals(0, j.at("/groups/all/at_times").size(), "no --times: an empty at_times");
    }
}
