package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.results.Counts;
import io.rwe.results.Interval;
import io.rwe.results.Proportion;
import io.rwe.results.RateGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figure 5 as the paper draws it (best response per group, stacked, with ORR and DCR), its table, the
 * paired sites comparison with McNemar's exact p, and Table 2's total rows: the report fixture with the
 * keys the analyze stage now writes (counts invented for the layout, consistent with the fixture's n and
 * responders; the counting itself is checked against R in the analyze tests).
 */
class ReportFigureFiveAndTableTwoTest {

    @TempDir
    static Path tmp;
    static Path run;
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        run = ReportFixture.copyTo(tmp);
        ObjectNode results = (ObjectNode) Json.read(run.resolve("results.json"));
        ObjectNode groups = (ObjectNode) results.at("/morr_lungonly_vs_nonlung/groups");
        // lung_only: 7 responders of 28 (CR 1 + PR 6), SD 15, PD 5, NE 1, none 1 → DCR 22
        ((ObjectNode) groups.get("lung_only")).set("best_response",
                Json.read("{\"CR\": 1, \"PR\": 6, \"SD\": 15, \"PD\": 5, \"NE\": 1, \"none\": 1}"));
        ((ObjectNode) groups.get("lung_only")).set("disease_control",
                Json.read("{\"n\": 22, \"rate\": 0.7857142857142857, \"ci\": [0.59, 0.917]}"));
        // non_lung: 1 responder of 20 (PR 1), SD 8, PD 11 → DCR 9
        ((ObjectNode) groups.get("non_lung")).set("best_response",
                Json.read("{\"CR\": 0, \"PR\": 1, \"SD\": 8, \"PD\": 11, \"NE\": 0, \"none\": 0}"));
        ((ObjectNode) groups.get("non_lung")).set("disease_control",
                Json.read("{\"n\": 9, \"rate\": 0.45, \"ci\": [0.231, 0.685]}"));
        ((ObjectNode) results.get("morr_multiorgan_sites")).set("paired", Json.read("{\"n\": 13, \"b\": 3, \"c\": 0, "
                + "\"difference\": 0.23076923076923078, \"ci\": [0.001738536321937434, 0.45979992521652413], "
                + "\"mcnemar_exact\": {\"statistic\": null, \"p\": 0.25000000000000006}}"));
        ObjectNode ae = (ObjectNode) results.get("adverse_events");
        ae.set("grade_3_plus", Json.read("{\"n\": 5, \"pct\": 8.19672131147541}"));
        ae.set("total", Json.read("{\"grade_1_2\": 52, \"grade_3\": 5, \"grade_4_plus\": 0, \"any\": 57}"));
        Files.writeString(run.resolve("results.json"), Json.write(results), StandardCharsets.UTF_8);
        ReportWriter.write(run, Configs.load());
        html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    }

    @Test
    void figureFiveStacksEveryBestResponseWithOrrAndDcr() throws Exception {
        String svg = Files.readString(run.resolve("figures/fig5B.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("height='" + BestResponseFigure.HEIGHT + ".0'"), "drawn as the stacked figure");
        assertTrue(svg.contains("ORR 7/28 (25.0%)"), "ORR = CR + PR of 28");
        assertTrue(svg.contains("DCR 22/28 (78.6%)"), "DCR = CR + PR + SD of 28");
        assertTrue(svg.contains("DCR 9/20 (45.0%)"));
        assertTrue(svg.contains("not assessed"), "the legend names every category");
        // PD of non_lung: 11/20 = 55.0% written in its segment
        assertTrue(svg.contains("55.0%"));
        // a panel whose groups carry no best responses keeps the objective-response bars
        String svgA = Files.readString(run.resolve("figures/fig5A.svg"), StandardCharsets.UTF_8);
        assertTrue(svgA.contains("height='" + ResponseFigure.HEIGHT + ".0'"));
    }

    @Test
    void thePairedPanelNamesMcNemarsExactTest() throws Exception {
        String svg = Files.readString(run.resolve("figures/fig5C.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.replace("&apos;", "'").replace("&#39;", "'").contains("McNemar's exact p = 0.250, discordant pairs 3 vs 0"),
                "binom.test(3, 3)$p.value");
        int from = html.indexOf("Paired comparison");
        assertTrue(from >= 0, "the paired table is written");
        String t = html.substring(from, html.indexOf("</table>", from));
        assertTrue(t.contains("<td class=\"num\">23.1 (0.2 to 46.0)</td><td class=\"num\">0.250</td>"), t);
    }

    @Test
    void theBestResponseTableHasEveryCategoryAndDiseaseControl() {
        int from = html.indexOf("Best response (Figure 5)");
        assertTrue(from >= 0);
        String t = html.substring(from, html.indexOf("</table>", from));
        // CR 1 (3.6), PR 6 (21.4), SD 15 (53.6), PD 5 (17.9), NE 1 (3.6), none 1 (3.6); DCR 22 · 78.6 (59.0–91.7)
        assertTrue(t.contains("<td class=\"num\">1 (3.6)</td><td class=\"num\">6 (21.4)</td><td class=\"num\">15 (53.6)"
                + "</td><td class=\"num\">5 (17.9)</td><td class=\"num\">1 (3.6)</td><td class=\"num\">1 (3.6)</td>"
                + "<td class=\"num\">22 · 78.6 (59.0–91.7)</td>"), t);
    }

    @Test
    void tableTwoHasTheGradeThreeTotalAndTheTotalRow() {
        int from = html.indexOf("<section id=\"adverse-events\">");
        String s = html.substring(from, html.indexOf("</section>", from));
        assertTrue(s.contains("Any adverse event of grade ≥ 3 (each patient once)</th><td class=\"num\">5 (8.2)</td>"), s);
        assertTrue(s.contains("Total (any term, each patient once)</th><td class=\"num\">52 (85.2)</td>"), s);
        assertTrue(s.contains("<td class=\"num\">57 (93.4)</td>"), s);
    }

    @Test
    void noInternalIdUnderALabel() {
        assertFalse(html.contains("<br><code>morr_lungonly_vs_nonlung</code>"), "ids only on hover");
        assertTrue(html.contains("title=\"results.json: morr_lungonly_vs_nonlung\""));
        assertFalse(html.contains("(analysis mpfs_lungonly_vs_nonlung)"), "no id in a figure caption");
    }

    @Test
    void aSuppressedCategoryIsNeverStacked() {
        Map<String, Long> best = new LinkedHashMap<>();
        best.put("CR", null);
        best.put("PR", 6L);
        RateGroup g = new RateGroup(28L, 7L, 0.25, new Interval(0.1, 0.4), false, new Counts(best, true),
                new Proportion(null, null, null, true));
        assertNull(Figures.stackedBar(g, "x"));
        RateGroup whole = new RateGroup(20L, 1L, 0.05, new Interval(0.0, 0.2), false,
                new Counts(Map.of("PR", 1L, "SD", 8L, "PD", 11L), false), new Proportion(9L, 0.45, null, false));
        assertEquals("DCR 9/20 (45.0%)", Figures.stackedBar(whole, "x").dcrText());
    }
}
