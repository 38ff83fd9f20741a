package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** ReportWriter on the hand-built fixture (report-fixture/: simulated data, not results). */
class ReportWriterTest {

    @TempDir
    static Path tmp;
    static Path run;
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        run = ReportFixture.copyTo(tmp);
        ReportWriter.write(run, Configs.load());
        html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    }

    /** (name, logical width, logical height); PNGs are rendered at scale 2. */
    static final List<Object[]> FIGURES = List.of(
            new Object[] {"fig1", FlowFigure.WIDTH, FlowFigure.HEIGHT},
            new Object[] {"fig2A", KmFigure.WIDTH, KmFigure.height(1)},
            new Object[] {"fig2B", KmFigure.WIDTH, KmFigure.height(1)},
            new Object[] {"fig3A", KmFigure.WIDTH, KmFigure.height(1)},
            new Object[] {"fig3B", KmFigure.WIDTH, KmFigure.height(1)},
            new Object[] {"fig4A", KmFigure.WIDTH, KmFigure.height(2)},
            new Object[] {"fig4B", KmFigure.WIDTH, KmFigure.height(2)},
            new Object[] {"fig5A", ResponseFigure.WIDTH, ResponseFigure.HEIGHT},
            new Object[] {"fig5B", ResponseFigure.WIDTH, ResponseFigure.HEIGHT},
            new Object[] {"fig5C", ResponseFigure.WIDTH, ResponseFigure.HEIGHT});

    @Test
    void everyFigureIsWrittenAsADecodablePngAndAParsableSvg() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setNamespaceAware(true);
        for (Object[] fig : FIGURES) {
            String name = (String) fig[0];
            BufferedImage img = ImageIO.read(run.resolve("figures/" + name + ".png").toFile());
            assertNotNull(img, name + ".png decodes");
            assertEquals(2 * (int) fig[1], img.getWidth(), name + " width");
            assertEquals(2 * (int) fig[2], img.getHeight(), name + " height");
            assertEquals(0xFFFFFF, img.getRGB(2, 2) & 0xFFFFFF, name + " has a white background");
            Document svg = f.newDocumentBuilder().parse(run.resolve("figures/" + name + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getLocalName(), name + ".svg root");
            // inline in the page (it travels alone), the files linked for papers
            assertTrue(html.contains("<div class=\"svg\" aria-label=\"Figure " + name.substring(3) + "\"><svg"),
                    "report shows " + name + " inline");
            assertTrue(html.contains("href=\"figures/" + name + ".svg\""), "report links " + name + ".svg");
        }
    }

    @Test
    void kmFiguresDrawBothGroupsInDistinctColours() throws Exception {
        // Okabe–Ito blue (0072B2) and vermillion (D55E00) pixels both present in the two-group figure
        BufferedImage img = ImageIO.read(run.resolve("figures/fig4A.png").toFile());
        boolean blue = false;
        boolean red = false;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                blue |= rgb == 0x0072B2;
                red |= rgb == 0xD55E00;
            }
        }
        assertTrue(blue && red);
        String svg = Files.readString(run.resolve("figures/fig4A.svg"));
        assertTrue(svg.contains("Number at risk"));
        assertTrue(svg.contains(">Months</text>"), "x axis label");
        // log-rank p of the fixture: 5.32289171908396e-05 (survdiff in make-fixture.R) -> "< 0.001"
        assertTrue(svg.contains("Log-rank p &lt; 0.001") || svg.contains("Log-rank p < 0.001"), "log-rank p on the plot");
        // HR exp((O-E)/V) 0.206263887793023 (0.0959186771938558-0.443550647821259)
        assertTrue(svg.contains("HR 0.21 (95% CI 0.10–0.44)"), "HR on the plot");
    }

    @Test
    void reportHasEveryTable() {
        for (String id : List.of("flow", "baseline", "survival", "response", "adverse-events", "inconsistencies")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        for (String header : List.of("Median (95% CI)", "RMST (τ) ± SE", "Log-rank χ²", "HR (log-rank) (95% CI)",
                "Cox HR (95% CI)", "Wald p", "LR p", "Score p", "Rate % (95% CI)", "χ² with Yates (p)",
                "Fisher&#39;s exact p", "Grade 1–2", "Grade 3", "Grade ≥4")) {
            assertTrue(html.contains(header), header);
        }
        // a KM row: pfs_all median 4.76386036960986 (3.64681724845996-7.22792607802875), R survfit
        assertTrue(html.contains("4.76 (3.65–7.23)"));
        // not reached upper CI shown as NR: os_all median_ci [12.4845995893224, null]
        assertTrue(html.contains("17.05 (12.48–NR)"));
        // mpfs comparison: chisq 16.3294973256087, p 5.3e-05
        assertTrue(html.contains("16.329"));
        assertFalse(html.contains("<script"), "no script in the report");
    }

    @Test
    void registryNumbersDifferingFromThePaperAreHighlighted() {
        // fixture sex F = 7, paper 6 (9.9): differs; reviewed 73 = 73: agrees
        assertTrue(cell("baseline.variables.sex.F").contains("differs"));
        assertTrue(html.matches("(?s).*Patients reviewed</th><td class=\"num\">73</td><td class=\"paper agrees\"[^>]*>73</td>.*"));
        // pfs_all median fixture 4.76 vs published 3.37: more than 0.05 months -> differs
        assertTrue(html.matches("(?s).*<td class=\"paper differs\"[^>]*><span class=\"flag\"[^>]*>≠</span> 3\\.37</td>.*"));
        // ORR: fixture 8/61 vs paper 7 (11.6%) and 7 (11.5%)
        assertTrue(html.contains("≠</span> 7 (11.6); 7 (11.5)"));
        assertTrue(html.contains("published numbers compared"));
        // the paper's own 6 (9.9) is not 6/61 = 9.8%: a dagger points to the inconsistency section
        assertTrue(html.matches("(?s).*<td>Female</td><td class=\"num\">[^<]*</td><td class=\"paper differs\"[^>]*>"
                + "<span class=\"flag\"[^>]*>≠</span> 6 \\(9\\.9\\) <a class=\"dagger\" href=\"#inconsistencies\".*"));
        assertFalse(html.matches("(?s).*<td>Male</td><td class=\"num\">[^<]*</td><td class=\"paper [a-z]+\"[^>]*>[^<]*<span[^<]*</span> 55 \\(90\\.1\\)</td>.*"));
    }

    private static String cell(String pathPrefix) {
        // the Female row of Table 1
        Matcher m = Pattern.compile("<td>Female</td><td class=\"num\">[^<]*</td><td class=\"paper ([a-z]+)\"").matcher(html);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void inconsistencySectionRecomputesEachFromThePapersOwnCounts() {
        String s = html.substring(html.indexOf("<section id=\"inconsistencies\">"));
        // 6/28 vs 1/20 -- R: fisher.test(matrix(c(6,22,1,19),2))$p.value = 0.2138;
        // chisq.test(..., correct=FALSE): X2 = 2.528, p = 0.1119; correct=TRUE: X2 = 1.381, p = 0.2399
        assertTrue(s.contains("6/28 vs 1/20: Fisher&#39;s exact p = 0.214; χ² = 2.528, p = 0.112; χ² with Yates&#39; correction = 1.381, p = 0.240"));
        // 3/13 vs 0/13 -- R: fisher.test(matrix(c(3,10,0,13),2))$p.value = 0.22; chisq p 0.0655 / Yates 0.2196
        assertTrue(s.contains("3/13 vs 0/13: Fisher&#39;s exact p = 0.220; χ² = 3.391, p = 0.066; χ² with Yates&#39; correction = 1.507, p = 0.220"));
        // McNemar exact: binom.test(3, 3)$p.value = 0.25
        assertTrue(s.contains("McNemar&#39;s exact p = 0.250"));
        // HR 0.316 (0.144-0.696): 2*pnorm(-abs(log(0.316)/((log(0.696)-log(0.144))/(2*qnorm(0.975))))) = 0.00415
        assertTrue(s.contains("z = ln 0.316 / SE = -2.866; p = 0.004"));
        // grade 3: 5/61 = 8.197% ; no k/61 rounds to 8.1% (4/61 = 6.56, 5/61 = 8.20)
        assertTrue(s.contains("5/61 = 8.20%; no count out of 61 gives 8.1%"));
        // 7/61 = 11.475% -> 11.5 (abstract prints 11.6)
        assertTrue(s.contains("7/61 = 11.48% → 11.5%; no count out of 61 gives 11.6%"));
        // new intrahepatic 20/61 = 32.79%; 31.1% is 19/61 = 31.15%
        assertTrue(s.contains("20/61 = 32.79% → 32.8%; printed % corresponds to 19/61"));
        // anorexia 4/61 = 6.557% -> 6.6, printed 6.5; female and AFP missing 6/61 = 9.836% -> 9.8, printed 9.9;
        // male 55/61 = 90.164% -> 90.2, printed 90.1
        assertTrue(s.contains("4/61 = 6.56% → 6.6%; no count out of 61 gives 6.5%"));
        assertTrue(s.contains("6/61 = 9.84% → 9.8%; no count out of 61 gives 9.9%"));
        assertTrue(s.contains("55/61 = 90.16% → 90.2%; no count out of 61 gives 90.1%"));
        // any-grade AE 93.4% printed without a count: 57/61 = 93.44%
        assertTrue(s.contains("printed % corresponds to 57/61"));
        // BCLC 56 + 6 = 62, not 61; OS lung 16.63 vs 17.5; antiviral 11 vs 39; range 21.9 > 16.1
        assertTrue(s.contains("56 + 6 = 62 ≠ 61"));
        assertTrue(s.contains("16.63 (") && s.contains("17.5 ("));
        assertTrue(s.contains("11 (Results ¶2") && s.contains("39 (Table 1"));
        assertTrue(s.contains("21.9 &gt; 16.1"));
        assertTrue(s.contains("13 − 13 = 0 non-lung patients with an extrahepatic non-lung lesion"));
        long inconsistent = Pattern.compile("<tr class=\"inconsistent\"").matcher(s).results().count();
        assertTrue(inconsistent >= 25, "every inconsistency listed: " + inconsistent);
    }

    @Test
    void suppressedCellsAreShownAsSuchNeverAsZero() throws Exception {
        // fixture: hypertension carries "suppressed": true with grade_3 and any null
        assertTrue(html.contains("<th scope=\"row\">Hypertension</th><td class=\"num\">9 (14.8)</td>"));
        assertTrue(html.matches("(?s).*Hypertension</th>.*?<td class=\"num\">suppressed</td>.*"));
        // under a policy the marker is the policy's own (opensafely: "[REDACTED]"), and the report says so
        Path run2 = ReportFixture.copyTo(tmp.resolve("threshold"));
        Config c = ConfigFactory.parseString("rwe.disclosure.policy = opensafely\nrwe.report.figures.png-scale = 1").withFallback(Configs.load());
        ReportWriter.write(run2, c);
        String h2 = Files.readString(run2.resolve("report.html"));
        String row = h2.substring(h2.indexOf("<th scope=\"row\">Hypertension</th>"));
        row = row.substring(0, row.indexOf("</tr>"));
        // grade_3 and any are suppressed (null): two marker cells, and the paper's 1 (1.6) is not compared
        assertEquals(2, Pattern.compile("<td class=\"num\">\\[REDACTED\\]</td>").matcher(row).results().count(), row);
        assertTrue(row.contains("[REDACTED]</td><td class=\"paper suppressed\""), row);
        assertFalse(row.contains("[REDACTED]</td><td class=\"paper differs"), row);
        assertTrue(h2.contains("<section id=\"disclosure\">") && h2.contains("Policy <code>opensafely</code>")
                && h2.contains("rounded to the nearest multiple of 5"), "the report states the policy");
        assertTrue(html.contains("Policy <code>none</code>"), "the report states that no policy was applied");
    }

    @Test
    void aStudyWithoutPaperNumbersStillRenders() throws Exception {
        Path run3 = ReportFixture.copyTo(tmp.resolve("nopaper"));
        Config c = ConfigFactory.parseString("rwe.report.paper = \"\"\nrwe.report.figures.png-scale = 1").withFallback(Configs.load());
        ReportWriter.write(run3, c);
        String h = Files.readString(run3.resolve("report.html"));
        assertTrue(h.contains("No published numbers are configured"));
        assertFalse(h.contains("class=\"paper"));
        assertFalse(h.contains("<section id=\"inconsistencies\">"));
        assertTrue(h.contains("<section id=\"baseline\">") && h.contains("figures/fig4A.svg"));
    }
}
