package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's plain rows for the analyses beyond the paper (docs/study.md, "Beyond the paper"): the
 * report fixture with the new keys added to one comparison (numbers invented for the layout; the numbers
 * themselves are checked against R in the analyze tests), and a second comparison whose adjusted model is
 * not estimable.
 */
class ReportBeyondThePaperTest {

    @TempDir
    static Path tmp;
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        Path run = ReportFixture.copyTo(tmp);
        ObjectNode results = (ObjectNode) Json.read(run.resolve("results.json"));
        ObjectNode mpfs = (ObjectNode) results.get("mpfs_lungonly_vs_nonlung");
        ((ObjectNode) mpfs.at("/groups/lung_only")).set("followup",
                Json.read("{\"median\": 13.25, \"median_ci\": [11.5, null]}"));
        ((ObjectNode) mpfs.get("cox")).set("ph_test", Json.read("{\"transform\": \"km\", \"terms\": {\"group\": "
                + "{\"chisq\": 4.4, \"df\": 1, \"p\": 0.0358}}, \"global\": {\"chisq\": 4.4, \"df\": 1, \"p\": 0.0358}}"));
        mpfs.set("cox_adjusted", Json.read("{\"ties\": \"efron\", \"reference\": \"non_lung\", \"n\": 48, \"events\": 35,"
                + " \"terms\": {\"group=lung_only\": {\"coef\": -1.78, \"se\": 0.82, \"hr\": 0.1679, \"ci\": [0.0334, 0.8448],"
                + " \"p\": 0.0304}, \"afp=>=400\": {\"coef\": 0.5, \"se\": 0.4, \"hr\": 1.6487, \"ci\": [0.75, 3.6], \"p\": 0.21}},"
                + " \"hr\": 0.1679, \"ci\": [0.0334, 0.8448], \"p\": 0.0304, \"global\": {\"lr\": {\"chisq\": 20.1, \"df\": 2,"
                + " \"p\": 0.00004}, \"wald\": {\"chisq\": 18.0, \"df\": 2, \"p\": 0.0001}, \"score\": {\"chisq\": 21.0,"
                + " \"df\": 2, \"p\": 0.00003}}, \"ph_test\": {\"transform\": \"km\", \"terms\": {\"group\": {\"chisq\": 2.68,"
                + " \"df\": 1, \"p\": 0.1015}, \"afp\": {\"chisq\": 0.2, \"df\": 1, \"p\": 0.65}}, \"global\": {\"chisq\": 3.0,"
                + " \"df\": 2, \"p\": 0.2231}}, \"iterations\": 5, \"converged\": true}"));
        mpfs.set("rmst_diff", Json.read("{\"tau\": 15.93, \"groups\": {\"lung_only\": {\"estimate\": 10.5, \"se\": 1.2},"
                + " \"non_lung\": {\"estimate\": 4.1, \"se\": 0.8}}, \"estimate\": 6.4, \"se\": 1.44, \"ci\": [3.58, 9.22],"
                + " \"p\": 0.0000088}"));
        ObjectNode os = (ObjectNode) results.get("os_lung_vs_nonlung");
        os.set("not_estimable", Json.read("{\"cox_adjusted\": \"no covariate with two or more values\"}"));
        results.set("baseline_by_group", Json.read("{\"mpfs_lungonly_vs_nonlung\": {\"groups\": {}, \"smd\": "
                + "{\"age\": -0.1202, \"afp\": 1.159, \"lung_metastasis\": null}}}"));
        Files.writeString(run.resolve("results.json"), Json.write(results), StandardCharsets.UTF_8);
        ReportWriter.write(run, Configs.load());
        html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    }

    private static String section() {
        int from = html.indexOf("<section id=\"beyond-the-paper\">");
        assertTrue(from >= 0, "the section is written");
        return html.substring(from, html.indexOf("</section>", from));
    }

    @Test
    void theVerdictSaysWhenTheAdjustedHazardRatioDiffersMaterially() {
        int from = html.indexOf("<h3>Adjusted hazard ratios</h3>");
        String v = html.substring(from, html.indexOf("</ul>", from));
        // Cox 0.254 → adjusted 0.168: 0.1679 / 0.253877668612416 − 1 = −34%
        assertTrue(v.contains("adjusted Cox HR 0.17 (0.03–0.84). <strong class=\"material\">The adjusted HR differs "
                + "materially from the unadjusted one (by -34%)"), v);
        assertTrue(v.contains("adjusted Cox HR not estimable: no covariate with two or more values"), v);
    }

    @Test
    void followUpOfEveryGroupWithItsInterval() {
        assertTrue(section().contains("13.25 (11.50–NR)"), section());
    }

    @Test
    void hazardRatiosWithTheirProportionalHazardsTestsAndTheRmstDifference() {
        String s = section();
        assertTrue(s.contains("<td class=\"num material\">⚠ 0.036</td>"), "the unadjusted model's PH p, marked: it rejects");
        assertTrue(s.contains("0.168 (0.033–0.845)"), "the adjusted HR");
        assertTrue(s.contains("<td class=\"num\">0.223</td>"), "the adjusted model's global PH p");
        assertTrue(s.contains("6.40 (3.58–9.22)</td><td class=\"num\">15.93</td>"), "the RMST difference and its τ");
        // τ = 15.93 lies beyond the 13.25 months of median follow-up of lung_only: said so
        assertTrue(s.contains("τ = 15.93 months lies beyond the median follow-up of"), s);
        assertTrue(s.contains("not estimable: no covariate with two or more values"), "the reason, in place");
    }

    @Test
    void theAdjustedModelsTermsWithTheirVariablesPhTest() {
        String s = section();
        assertTrue(s.contains("<code>afp=&gt;=400</code></td><td class=\"num\">1.649 (0.750–3.600)</td>"
                + "<td class=\"num\">0.210</td><td class=\"num\">0.650</td>"), s);
    }

    @Test
    void standardizedMeanDifferences() {
        String s = section();
        // |d| > 0.1 marked as imbalance; a variable without a d shows a dash
        assertTrue(s.contains("<td class=\"num material\" rowspan=\"1\">⚠ 1.159</td>"), s);
        assertTrue(s.contains("<td class=\"num\" rowspan=\"1\">—</td>"), s);
        assertTrue(s.contains("<td class=\"num material\" rowspan=\"1\">⚠ -0.120</td>"), s);
        assertFalse(s.contains("NaN"), s);
    }
}
