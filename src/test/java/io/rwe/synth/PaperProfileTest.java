package io.rwe.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper profile, read back through an independent plain implementation of docs/study.md's rules
 * ({@link StudyOracle}), gives every published count; its survival times give the published medians,
 * checked against R.
 *
 * <p>R reference (survival 3.5.3), on the endpoint times this test derives (days; months = days /
 * 30.4375), written to a CSV {@code times.csv} with columns pattern, lung, pfs, pfs_e, mpfs, mpfs_e,
 * lmpfs, lmpfs_e, os, os_e:
 * <pre>
 * library(survival); d &lt;- read.csv("times.csv")
 * summary(survfit(Surv(pfs, pfs_e) ~ 1, d))$table["median"]                       # 103
 * summary(survfit(Surv(pfs, pfs_e) ~ 1, d[d$lung == 1, ]))$table["median"]        # 152
 * summary(survfit(Surv(lmpfs, lmpfs_e) ~ 1, d[d$lung == 1, ]))$table["median"]    # 152
 * summary(survfit(Surv(os, os_e) ~ 1, d))$table["median"]                         # 490
 * summary(survfit(Surv(os, os_e) ~ 1, d[d$lung == 1, ]))$table["median"]          # 506
 * summary(survfit(Surv(os, os_e) ~ 1, d[d$pattern == "lung_only", ]))$table["median"]  # 533
 * summary(survfit(Surv(os, os_e) ~ 1, d[d$lung == 0, ]))$table["median"]          # 253
 * summary(survfit(Surv(mpfs, mpfs_e) ~ pattern, d[d$pattern != "multi_organ", ]))$table[, "median"]  # 192, 76
 * x &lt;- d[d$pattern != "multi_organ", ]; x$g &lt;- factor(x$pattern, levels = c("non_lung", "lung_only"))
 * sd &lt;- survdiff(Surv(mpfs, mpfs_e) ~ g, x)   # chisq 14.24557, p 0.0001604381
 * exp((sd$obs[2] - sd$exp[2]) / sd$var[2, 2])   # HR lung_only vs non_lung 0.2304654
 * d$lg &lt;- factor(ifelse(d$lung == 1, "lung", "non_lung"), levels = c("non_lung", "lung"))
 * survdiff(Surv(os, os_e) ~ lg, d)               # chisq 1.229507, p 0.267503
 * </pre>
 */
class PaperProfileTest {
    static final double MONTH = 30.4375;
    static StudyOracle oracle;
    static Path extract;

    @BeforeAll
    static void generate(@TempDir Path out) {
        extract = PaperProfile.write(out);
        oracle = new StudyOracle(extract);
    }

    private static List<StudyOracle.Subject> where(Predicate<StudyOracle.Subject> p) {
        return oracle.cohort.stream().filter(p).toList();
    }

    private static long count(Predicate<StudyOracle.Subject> p) {
        return oracle.cohort.stream().filter(p).count();
    }

    @Test
    void extractIsDatedFourWeeksAfterTheCutoffAndHoldsTheSixFiles() {
        assertEquals("2018-09-03", extract.getFileName().toString());
        for (String f : List.of("patients", "lesions", "treatments", "procedures", "assessments", "adverse_events")) {
            assertTrue(Files.isRegularFile(extract.resolve(f + ".csv")), f);
        }
    }

    @Test
    void figureOneFlowAndPatterns() {
        // Figure 1: 73 reviewed; 4 without measurable metastatic lesion, 2 concurrent systemic therapy,
        // 6 locoregional treatment of metastases; 61 included (28 lung only, 13 multi-organ, 20 non-lung).
        assertEquals(Map.of("reviewed", 73, "not_eligible", 0, "no_measurable_metastasis", 4,
                "concurrent_systemic", 2, "locoregional_metastasis", 6, "included", 61), oracle.flow);
        assertEquals(28, count(s -> s.pattern().equals("lung_only")));
        assertEquals(13, count(s -> s.pattern().equals("multi_organ")));
        assertEquals(20, count(s -> s.pattern().equals("non_lung")));
    }

    @Test
    void tableOne() {
        List<Integer> ages = oracle.cohort.stream().map(StudyOracle.Subject::age).sorted().toList();
        assertEquals(49, ages.get(30));   // median of 61: the 31st
        assertEquals(20, ages.get(0));
        assertEquals(72, ages.get(60));
        Map<String, Map<String, Long>> t = new TreeMap<>();
        for (StudyOracle.Subject s : oracle.cohort) {
            s.table1().forEach((k, v) -> t.computeIfAbsent(k, x -> new TreeMap<>()).merge(v, 1L, Long::sum));
        }
        // Table 1 (BCLC B = 5 as in the table, not 6 as in the text; new intrahepatic = 20: see
        // docs/paper-contradictions.md).
        assertEquals(Map.of("<65", 58L, ">=65", 3L), t.get("age_group"));
        assertEquals(Map.of("M", 55L, "F", 6L), t.get("sex"));
        assertEquals(Map.of("ever", 17L, "never", 44L), t.get("smoking"));
        assertEquals(Map.of("yes", 41L, "no", 20L), t.get("lung_metastasis"));
        assertEquals(Map.of("yes", 13L, "no", 48L), t.get("extrahepatic_nonlung"));
        assertEquals(Map.of("yes", 20L, "no", 41L), t.get("new_intrahepatic"));
        assertEquals(Map.of("yes", 18L, "no", 43L), t.get("portal_vein_invasion"));
        assertEquals(Map.of("B", 5L, "C", 56L), t.get("bclc_stage"));
        assertEquals(Map.of("A", 49L, "B", 12L), t.get("child_pugh_class"));
        assertEquals(Map.of("first_line", 47L, "second_line_plus", 14L), t.get("treatment_setting"));
        assertEquals(Map.of("yes", 37L, "no", 24L), t.get("locoregional_liver"));
        assertEquals(Map.of("<1000", 28L, ">=1000", 11L, "not_examined", 22L), t.get("hbv_dna"));
        assertEquals(Map.of("yes", 39L, "no", 22L), t.get("antiviral_treatment"));
        assertEquals(Map.of(">=400", 31L, "<400", 24L, "missing", 6L), t.get("afp"));
    }

    @Test
    void objectiveResponses() {
        Function<String, Predicate<StudyOracle.Subject>> pr = scope -> s -> "PR".equals(s.best().get(scope))
                || "CR".equals(s.best().get(scope));
        assertEquals(7, count(pr.apply("overall")));                                     // 7/61
        assertEquals(9, where(StudyOracle.Subject::lung).stream().filter(pr.apply("lung")).count());   // 9/41
        assertEquals(6, where(s -> s.pattern().equals("lung_only")).stream().filter(pr.apply("metastatic")).count());
        assertEquals(1, where(s -> s.pattern().equals("non_lung")).stream().filter(pr.apply("metastatic")).count());
        List<StudyOracle.Subject> multi = where(s -> s.pattern().equals("multi_organ"));
        assertEquals(3, multi.stream().filter(pr.apply("lung")).count());                 // 3/13
        assertEquals(0, multi.stream().filter(pr.apply("extrahepatic_nonlung")).count()); // 0/13
    }

    @Test
    void tableTwoAndDoseModifications() {
        Map<String, int[]> terms = new TreeMap<>();
        for (StudyOracle.Subject s : oracle.cohort) {
            s.worstGrade().forEach((term, g) -> terms.computeIfAbsent(term, x -> new int[3])[g <= 2 ? 0 : g == 3 ? 1 : 2]++);
        }
        assertArrayEquals(new int[] {9, 1, 0}, terms.get("hypertension"));
        assertArrayEquals(new int[] {14, 3, 0}, terms.get("hand_foot_skin_reaction"));
        assertArrayEquals(new int[] {7, 1, 0}, terms.get("diarrhea"));
        assertArrayEquals(new int[] {8, 0, 0}, terms.get("vomiting"));
        assertArrayEquals(new int[] {6, 0, 0}, terms.get("fatigue"));
        assertArrayEquals(new int[] {1, 0, 0}, terms.get("epistaxis"));
        assertArrayEquals(new int[] {3, 0, 0}, terms.get("headache"));
        assertArrayEquals(new int[] {4, 0, 0}, terms.get("anorexia"));
        assertEquals(8, terms.size());
        assertEquals(57, count(s -> !s.worstGrade().isEmpty()));   // 93.4 %
        assertEquals(5, count(StudyOracle.Subject::doseReduced));
        assertEquals(8, count(StudyOracle.Subject::interrupted));
    }

    private static List<StudyOracle.Time> times(Predicate<StudyOracle.Subject> who,
                                                 Function<StudyOracle.Subject, StudyOracle.Time> endpoint) {
        return where(who).stream().map(endpoint).toList();
    }

    @Test
    void mediansAsRComputesThemAndWithinFiveHundredthsOfAMonthOfThePaper() {
        Predicate<StudyOracle.Subject> all = s -> true;
        Predicate<StudyOracle.Subject> lung = StudyOracle.Subject::lung;
        Predicate<StudyOracle.Subject> lungOnly = s -> s.pattern().equals("lung_only");
        Predicate<StudyOracle.Subject> nonLung = s -> s.pattern().equals("non_lung");
        Object[][] cases = {
            // who, endpoint, R's median (days), paper (months)
            {all, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::pfs, 103, 3.37},
            {lung, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::pfs, 152, 5.0},
            {lung, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::lungMpfs, 152, 5.0},
            {all, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::os, 490, 16.10},
            {lung, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::os, 506, 16.63},
            {lungOnly, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::os, 533, 17.5},
            {nonLung, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::os, 253, 8.3},
            {lungOnly, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::mpfs, 192, 6.3},
            {nonLung, (Function<StudyOracle.Subject, StudyOracle.Time>) StudyOracle.Subject::mpfs, 76, 2.5},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            double median = PlainSurvival.median(times((Predicate<StudyOracle.Subject>) c[0],
                    (Function<StudyOracle.Subject, StudyOracle.Time>) c[1]));
            assertEquals(((Integer) c[2]).doubleValue(), median, 1e-9);
            assertEquals((Double) c[3], median / MONTH, 0.05);
        }
    }

    @Test
    void rangesOfPfsAndLungMpfs() {
        var pfs = times(s -> true, StudyOracle.Subject::pfs).stream().mapToInt(StudyOracle.Time::days).summaryStatistics();
        assertEquals(0.6, Math.round(pfs.getMin() / MONTH * 10) / 10.0, 1e-9);    // 18 days
        assertEquals(16.1, Math.round(pfs.getMax() / MONTH * 10) / 10.0, 1e-9);   // 490 days
        var lm = times(StudyOracle.Subject::lung, StudyOracle.Subject::lungMpfs).stream()
                .mapToInt(StudyOracle.Time::days).summaryStatistics();
        assertEquals(0.9, Math.round(lm.getMin() / MONTH * 10) / 10.0, 1e-9);     // 27 days
        assertEquals(21.9, Math.round(lm.getMax() / MONTH * 10) / 10.0, 1e-9);    // 667 days
    }

    @Test
    void logRankTestsAsR() {
        double[] mpfs = PlainSurvival.logRank(times(s -> s.pattern().equals("lung_only"), StudyOracle.Subject::mpfs),
                times(s -> s.pattern().equals("non_lung"), StudyOracle.Subject::mpfs));
        assertEquals(14.24557, mpfs[3], 1e-5);          // survdiff chisq
        assertEquals(0.0001604381, mpfs[4], 1e-9);
        assertEquals(0.2304654, mpfs[5], 1e-7);          // inside the paper's 0.144–0.696
        assertTrue(mpfs[5] > 0.144 && mpfs[5] < 0.696 && mpfs[4] < 0.01);
        double[] os = PlainSurvival.logRank(times(StudyOracle.Subject::lung, StudyOracle.Subject::os),
                times(s -> s.pattern().equals("non_lung"), StudyOracle.Subject::os));
        assertEquals(1.229507, os[3], 1e-6);
        assertEquals(0.267503, os[4], 1e-6);
        assertTrue(os[4] > 0.2 && os[4] < 0.5);
    }

    @Test
    void sameFilesEveryTime(@TempDir Path again) throws IOException {
        Path second = PaperProfile.write(again);
        for (String f : List.of("patients", "lesions", "treatments", "procedures", "assessments", "adverse_events")) {
            assertArrayEquals(Files.readAllBytes(extract.resolve(f + ".csv")), Files.readAllBytes(second.resolve(f + ".csv")), f);
        }
    }

    /** Writes the endpoint times for the R reference above (run by hand: see the class comment). */
    static String timesCsv() {
        return oracle.cohort.stream().map(s -> String.join(",", s.pattern(), s.lung() ? "1" : "0",
                "" + s.pfs().days(), s.pfs().event() ? "1" : "0", "" + s.mpfs().days(), s.mpfs().event() ? "1" : "0",
                s.lungMpfs() == null ? "" : "" + s.lungMpfs().days(),
                s.lungMpfs() == null ? "" : s.lungMpfs().event() ? "1" : "0", "" + s.os().days(), s.os().event() ? "1" : "0"))
                .collect(Collectors.joining("\n", "pattern,lung,pfs,pfs_e,mpfs,mpfs_e,lmpfs,lmpfs_e,os,os_e\n", "\n"));
    }
}
