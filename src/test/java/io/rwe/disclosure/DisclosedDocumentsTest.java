package io.rwe.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy applied to a results.json document as conf/disclosure.conf declares it, and the output checker
 * on a folder holding the outcome: a planted Table 1 category of 3 patients goes with its complement, counts
 * are rounded and percentages recomputed from the rounded counts, and a small count put back by hand into
 * the finished folder is found. Every expected number is worked out by hand in the comments.
 */
class DisclosedDocumentsTest {

    @TempDir
    Path tmp;

    static final Config CONFIG = Configs.load();
    static final Study STUDY = Study.from(CONFIG);

    /**
     * 100 included patients of 120 reviewed; three centers A 62, B 35 and the planted C of 3 patients.
     */
    static Map<String, Object> document() {
        String text = """
                {"cohort_flow": {"reviewed": 120, "excluded": {"not_eligible": 20, "no_measurable_metastasis": 0},
                                 "included": 100, "patterns": {"lung_only": 40, "multi_organ": 25, "non_lung": 35}},
                 "baseline": {"n": 100, "age": {"median": 60, "min": 31, "max": 88},
                              "variables": {"center": {"A": {"n": 62, "pct": 62.0},
                                                       "B": {"n": 35, "pct": 35.0},
                                                       "C": {"n": 3, "pct": 3.0}}}}}
                """;
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().convertValue(Json.read(text), LinkedHashMap.class);
        return m;
    }

    static JsonNode apply(Map<String, Object> doc, String policy) {
        DisclosedDocuments.apply(List.of(new DisclosedDocuments.Document("results.json", doc,
                Declarations.results(CONFIG))), DisclosurePolicy.named(CONFIG, policy), Populations.of(STUDY));
        return Json.read(Json.write(doc));
    }

    static List<OutputCheck.Finding> check(Path run, String policy) {
        return OutputCheck.check(run, OutputCheck.settings(CONFIG, DisclosurePolicy.named(CONFIG, policy), STUDY));
    }

    @Test
    void aCategoryOfThreeGoesWithItsComplementUnderCms() {
        JsonNode r = apply(document(), "cms");
        JsonNode center = r.path("baseline").path("variables").path("center");
        // C = 3 < 11: suppressed. n = A + B + C with n, A, B shown gives C = 100 − 62 − 35 = 3 back, so the
        // smallest other category, B (35), goes with it; A (62) and n (100) stay: B + C = 38 is all one knows.
        assertTrue(center.path("C").path("n").isNull() && center.path("C").path("suppressed").asBoolean(), center.toString());
        assertTrue(center.path("B").path("n").isNull() && center.path("B").path("suppressed").asBoolean(), center.toString());
        assertTrue(center.path("C").path("pct").isNull() && center.path("B").path("pct").isNull(), center.toString());
        assertEquals(62, center.path("A").path("n").asLong());
        assertEquals(62.0, center.path("A").path("pct").asDouble(), 0);
        assertEquals(100, r.path("baseline").path("n").asLong());
        // nothing else small: the flow is left as it is (a zero is not a patient)
        assertEquals(120, r.path("cohort_flow").path("reviewed").asLong());
        assertEquals(0, r.path("cohort_flow").path("excluded").path("no_measurable_metastasis").asLong());
        // the youngest and the oldest are single patients
        assertTrue(r.path("baseline").path("age").path("min").isNull() && r.path("baseline").path("age").path("max").isNull());
        assertEquals(60, r.path("baseline").path("age").path("median").asLong());
    }

    @Test
    void opensafelyRoundsToFiveAndRecomputesPercentagesFromTheRoundedCounts() {
        JsonNode r = apply(document(), "opensafely");
        JsonNode center = r.path("baseline").path("variables").path("center");
        // C = 3 ≤ 7 redacted, B with it (as above); A 62 → 60 (nearest 5), pct 100·60/100 = 60.0
        assertTrue(center.path("C").path("n").isNull() && center.path("B").path("n").isNull(), center.toString());
        assertEquals(60, center.path("A").path("n").asLong());
        assertEquals(60.0, center.path("A").path("pct").asDouble(), 1e-12);
        // 120, 20, 0, 100, 40, 25, 35 are multiples of 5 already
        assertEquals(25, r.path("cohort_flow").path("patterns").path("multi_organ").asLong());
    }

    @Test
    void theCheckerPassesThePublishedFolderAndFindsACountPutBackByHand() throws Exception {
        for (String policy : List.of("cms", "opensafely")) {
            Path run = Files.createDirectories(tmp.resolve(policy));
            Json.write(run.resolve("results.json"), apply(document(), policy));
            Files.createDirectories(run.resolve("tables"));
            Files.writeString(run.resolve("tables/flow.csv"), "step,n\nreviewed,120\nincluded,100\n");
            assertEquals(List.of(), check(run, policy), policy + ": the published folder");

            // by hand: B's 35 back in results.json (C = 100 − A − 35 follows), and a 4 in a table
            String results = Files.readString(run.resolve("results.json"));
            JsonNode doc = Json.read(results);
            @SuppressWarnings("unchecked")
            Map<String, Object> edited = new ObjectMapper().convertValue(doc, LinkedHashMap.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    edited.get("baseline")).get("variables")).get("center")).get("B");
            b.put("n", 35);
            Json.write(run.resolve("results.json"), edited);
            Files.writeString(run.resolve("tables/flow.csv"), "step,n\nreviewed,120\nexcluded_not_eligible,4\nincluded,100\n");

            List<OutputCheck.Finding> findings = check(run, policy);
            String all = findings.toString();
            assertTrue(findings.stream().anyMatch(f -> f.file().equals("results.json")
                    && f.where().equals("baseline.variables.center.C.n")
                    && f.message().contains("can be derived")), policy + ": C derivable: " + all);
            assertTrue(findings.stream().anyMatch(f -> f.file().equals("tables/flow.csv")
                    && f.where().equals("line 3, column n") && f.message().startsWith("4 is a count")),
                    policy + ": the 4 in the table: " + all);
        }
    }

    @Test
    void countsPrintedWithThousandsSeparatorsAreReadWhole() throws Exception {
        // under cms (0 or at least 11): "3,910" is 3910, allowed (not a 3 and a 910); "1,003/12,000" two counts,
        // allowed; a bare number at risk "35,713" allowed; "n = 3" and a bare "4" are findings
        Path run = Files.createDirectories(tmp.resolve("grouped"));
        Json.write(run.resolve("results.json"), apply(document(), "cms"));
        Files.createDirectories(run.resolve("figures"));
        Files.writeString(run.resolve("figures/fig.svg"), "<svg><text>All patients (n = 3,910)</text>"
                + "<text>ORR 1,003/12,000 (8.4%)</text><text>35,713</text><text>Few (n = 3)</text><text>4</text></svg>");
        List<OutputCheck.Finding> findings = check(run, "cms");
        assertEquals(List.of("text 'Few (n = 3)'", "text '4'"),
                findings.stream().map(OutputCheck.Finding::where).toList(), findings.toString());
    }

    @Test
    void aReportCellIsFoundOnItsOwnLine() throws Exception {
        // under cms (0 or at least 11): the report's count cells on lines 3 (12, allowed), 5 (4 and 2 in one
        // cell, both findings; the "stat" cell's 3 beside it is not a count) and 8 (7 after a non-Latin-1
        // "≥" line, a finding); counted by hand from the text below
        Path run = Files.createDirectories(tmp.resolve("report"));
        Json.write(run.resolve("results.json"), apply(document(), "cms"));
        Files.writeString(run.resolve("report.html"), String.join("\n",
                "<html><body><table>",                                  // 1
                "<tr><th>Group</th></tr>",                               // 2
                "<tr><td class=\"num\">12</td></tr>",                    // 3
                "<tr><td>text 5</td></tr>",                              // 4
                "<tr><td class=\"num\">4 of 2</td><td class=\"num stat\">3</td></tr>", // 5
                "<tr><td>≥ 11 – per cell</td></tr>",                     // 6
                "",                                                      // 7
                "<tr><td class=\"num\">7</td></tr>",                     // 8
                "</table></body></html>"));
        List<OutputCheck.Finding> findings = check(run, "cms");
        assertEquals(List.of("line 5, cell '4 of 2'", "line 5, cell '4 of 2'", "line 8, cell '7'"),
                findings.stream().map(OutputCheck.Finding::where).toList(), findings.toString());
    }

    @Test
    void lineNumbersAreCountedOnceAndRefuseGoingBack() {
        TextCounts.Lines lines = new TextCounts.Lines("a\nb\n\nc");
        // offsets: a=0 \n=1 b=2 \n=3 \n=4 c=5
        assertEquals(1, lines.at(0));
        assertEquals(1, lines.at(1));
        assertEquals(2, lines.at(2));
        assertEquals(3, lines.at(4));
        assertEquals(4, lines.at(5));
        assertEquals(4, lines.at(5));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> lines.at(2));
    }

    @Test
    void aPatientLevelDatasetInTheFolderIsAFindingByItself() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("with-cohort/cohort"));
        Files.writeString(run.resolve("part-0.parquet"), "PAR1");
        List<OutputCheck.Finding> findings = check(tmp.resolve("with-cohort"), "none");
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("cohort/", findings.get(0).file());
        assertFalse(findings.get(0).message().isEmpty());
    }
}
