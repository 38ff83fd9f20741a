package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real {@code jobs/survival} script, as a user runs it (a new JVM through {@code jobs/_launch}), on
 * the acceptance call of issue 2. Every field is compared with R in-process by SurvivalJobLungTest;
 * here the headline numbers show that the script, the launcher and the jar give the same.
 */
class SurvivalScriptIT {

    @Test
    void lungBySexThroughTheScript() throws Exception {
        Scripts.Result r = ok(Scripts.job(Duration.ofMinutes(5), "survival", "--input",
                "src/test/resources/r-data/lung.csv", "--time", "time", "--event", "status", "--event-value", "2",
                "--group", "sex", "--times", "100,365"), "jobs/survival");
        JsonNode j = Json.read(r.stdout());
        // survfit(Surv(time, status == 2) ~ sex, data = lung): medians 270 (212, 310) and 426 (348, 550)
        assertEquals(270.0, j.at("/groups/1/median").asDouble());
        assertEquals(212.0, j.at("/groups/1/median_ci/0").asDouble());
        assertEquals(310.0, j.at("/groups/1/median_ci/1").asDouble());
        assertEquals(426.0, j.at("/groups/2/median").asDouble());
        assertEquals(348.0, j.at("/groups/2/median_ci/0").asDouble());
        assertEquals(550.0, j.at("/groups/2/median_ci/1").asDouble());
        // summary(survfit(...), times = c(100, 365))$surv for sex = 1
        assertEquals(0.826086956521739, j.at("/groups/1/at_times/0/surv").asDouble(), 1e-14);
        assertEquals(0.336087834639379, j.at("/groups/1/at_times/1/surv").asDouble(), 1e-14);
        // survdiff(Surv(time, status == 2) ~ sex, data = lung): chisq 10.3267419548856
        assertEquals(10.3267419548856, j.at("/logrank/chisq").asDouble(), 1e-12);
        assertEquals(0.00131116452035549, j.at("/logrank/p").asDouble(), 1e-16);
        // coxph(Surv(time, status == 2) ~ factor(sex), data = lung): HR 0.588002818563589 (0.423717830353915,
        // 0.815984813171386)
        assertEquals(0.588002818563589, j.at("/cox/hr").asDouble(), 1e-14);
        assertEquals(0.423717830353915, j.at("/cox/ci/0").asDouble(), 1e-14);
        assertEquals(0.815984813171386, j.at("/cox/ci/1").asDouble(), 1e-14);
        // A bad call through the script: one line, exit 2.
        Scripts.Result bad = Scripts.job(Duration.ofMinutes(2), "survival", "--input",
                "src/test/resources/r-data/lung.csv", "--time", "time");
        assertEquals(2, bad.exitCode());
        assertEquals("error: missing required option --event (see --help)", bad.stderr().strip());
    }
}
