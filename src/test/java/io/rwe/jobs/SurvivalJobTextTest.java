package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jobs/survival --format text} against what R prints for the same model
 * ({@code src/test/resources/r-data/survival-cli/lung-sex-adjusted.txt}, written by
 * {@code Rscript src/test/r/survival-cli-text.R}: {@code print(survfit(Surv(time, ev) ~ sex))},
 * {@code print(survdiff(...))}, {@code print(summary(coxph(Surv(time, ev) ~ sex + age + ph.ecog + wt.loss)))}
 * and {@code print(cox.zph(fit))} on R's lung with sex and ph.ecog as factors).
 *
 * <p>Each table is found in both texts by its column names; every number R prints must equal ours to the
 * precision of the two printed values (one unit of the last digit of each); the row names are R's, renamed
 * as docs/cli.md names the terms ({@code sex2} is {@code group=2}, {@code ph.ecog1} is {@code ph.ecog=1}).
 */
class SurvivalJobTextTest {

    static String ours;
    static String r;

    @BeforeAll
    static void run() throws Exception {
        JobRun run = JobRun.of("survival", "--input", SurvivalJobLungTest.LUNG.toString(), "--time", "time",
                "--event", "status", "--event-value", "2", "--group", "sex", "--covariates", "age,ph.ecog,wt.loss",
                "--factors", "ph.ecog", "--format", "text");
        assertEquals(0, run.exitCode(), run.stderr());
        ours = run.stdout();
        r = Files.readString(Path.of("src/test/resources/r-data/survival-cli/lung-sex-adjusted.txt"),
                StandardCharsets.UTF_8);
    }

    private static final Map<String, String> NAMES = Map.of("sex2", "group=2", "ph.ecog1", "ph.ecog=1",
            "ph.ecog2", "ph.ecog=2", "ph.ecog3", "ph.ecog=3", "sex", "group");

    @Test
    void survfitTable() {
        same("n events median 0.95LCL 0.95UCL", 5);
    }

    @Test
    void survdiffTable() {
        same("N Observed Expected (O-E)^2/E (O-E)^2/V", 4);
        Matcher m = Pattern.compile("Chisq= (\\S+)\\s+on (\\d+) degrees of freedom, p= (\\S+)").matcher(ours);
        Matcher n = Pattern.compile("Chisq= (\\S+)\\s+on (\\d+) degrees of freedom, p= (\\S+)").matcher(r);
        assertTrue(m.find() && n.find(), ours);
        for (int g = 1; g <= 3; g++) {
            near(n.group(g), m.group(g), "log-rank line");
        }
    }

    @Test
    void coxCoefficientsAndConfidenceIntervals() {
        same("coef exp(coef) se(coef) z Pr(>|z|)", 5);
        same("exp(coef) exp(-coef) lower .95 upper .95", 4);
        assertTrue(ours.contains("(15 observations deleted due to missingness)"), ours);
        assertTrue(ours.contains("n= 213, number of events= 151"), ours);
        assertTrue(ours.contains("Hazard ratio of sex=2 against sex=1 (the reference)"), ours);
    }

    @Test
    void globalTests() {
        for (String test : List.of("Likelihood ratio test", "Wald test            ", "Score (logrank) test ")) {
            Pattern p = Pattern.compile(Pattern.quote(test) + "= (\\S+)\\s+on (\\d+) df,\\s+p=(\\S+)");
            Matcher m = p.matcher(ours);
            Matcher n = p.matcher(r);
            assertTrue(m.find() && n.find(), test + " in " + ours);
            for (int g = 1; g <= 3; g++) {
                near(n.group(g), m.group(g), test);
            }
        }
    }

    @Test
    void coxZphTable() {
        same("chisq df p", 3);
    }

    /** The table headed by {@code header} in both texts: every row of R's, its first {@code columns} numbers. */
    private static void same(String header, int columns) {
        Map<String, List<String>> expected = table(r, header);
        List<String> ourHeader = new ArrayList<>(Arrays.asList(header.split(" (?=[^. ])")));
        Map<String, List<String>> actual = table(ours, String.join(" ", ourHeader.subList(0, columns)));
        assertTrue(!expected.isEmpty(), "R prints " + header);
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String name = NAMES.getOrDefault(e.getKey(), e.getKey());
            List<String> a = actual.get(name);
            assertNotNull(a, "row " + name + " of '" + header + "' in\n" + ours);
            for (int i = 0; i < columns; i++) {
                near(e.getValue().get(i), a.get(i), header + " / " + name + " / column " + (i + 1));
            }
        }
    }

    /**
     * The rows after the line whose words are exactly {@code header}, to the next blank line (or R's next
     * {@code Call:}, which follows a table without one): name → cells.
     */
    private static Map<String, List<String>> table(String text, String header) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        String want = header.replaceAll("\\s+", " ").trim();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].replaceAll("\\s+", " ").trim().equals(want)) {
                continue;
            }
            for (int j = i + 1; j < lines.length && !lines[j].isBlank() && !lines[j].startsWith("---")
                    && !lines[j].startsWith("Call"); j++) {
                String[] w = lines[j].trim().split("\\s+");
                rows.put(w[0], new ArrayList<>(Arrays.asList(w).subList(1, w.length)));
            }
            return rows;
        }
        return rows;
    }

    /** Equal to the precision of both printed values (R's {@code <2e-16} equals anything below it). */
    private static void near(String rValue, String ourValue, String what) {
        if (rValue.startsWith("<")) {
            assertTrue(ourValue.startsWith("<") || Double.parseDouble(ourValue) < Double.parseDouble(rValue.substring(1)),
                    what + ": R " + rValue + ", ours " + ourValue);
            return;
        }
        double x = Double.parseDouble(rValue);
        double y = Double.parseDouble(ourValue);
        double tol = unit(rValue) + unit(ourValue);
        assertTrue(Math.abs(x - y) <= tol * (1 + 1e-9), what + ": R " + rValue + ", ours " + ourValue);
    }

    /** One unit of the last printed digit. */
    private static double unit(String printed) {
        return BigDecimal.ONE.scaleByPowerOfTen(-new BigDecimal(printed).scale()).doubleValue();
    }
}
