package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated 5,000-patient registry through {@code jobs/replicate} under the {@code cdc} and
 * {@code opensafely} disclosure policies (docs/disclosure.md), run in-process ({@link InProcess}; the
 * checker, {@code jobs/check-disclosure}, runs as the script). Each run folder is read here by a scan of
 * its own, written independently of the output checker: every integer of results.json (outside the
 * recorded policy, the degrees of freedom and the replication verdict's counts of claims), every integer
 * cell of the tables, every integer of the figures' texts outside the axes' tick labels, every integer of the report's count cells must be 0 or
 * allowed by the policy. No dataset may be in the folder; the report states the policy; the opensafely
 * curves are the Kaplan–Meier estimates of their own rounded counts; and a count injected by hand into a
 * finished folder is caught by {@code jobs/check-disclosure}.
 */
class DisclosurePolicyIT {

    @TempDir
    static Path tmp;
    static Path cdc;
    static Path opensafely;

    @BeforeAll
    static void runBothPolicies() throws Exception {
        Path extracts = tmp.resolve("extracts");
        // a little dirt: quarantine reasons with a handful of rows each, counts the manifest publishes
        ok(InProcess.job("generate", "--profile", "registry", "--patients", "5000", "--seed", "23",
                "--dirty", "0.001", "--out", extracts.toString()), "generate");
        plantSmallCenter(extracts);
        Path conf = tmp.resolve("center-in-table1.conf");
        Files.writeString(conf, "rwe.study.baseline.variables = ${rwe.study.baseline.variables} "
                + "[{ name = center_id, label = \"Center\", categories = [] }]\n");
        Path warehouse = tmp.resolve("warehouse");
        cdc = Path.of(ok(InProcess.job("replicate", "--extracts", extracts.toString(), "--warehouse",
                warehouse.toString(), "--conf", conf.toString(), "--out", tmp.resolve("cdc").toString(),
                "--disclosure", "cdc"), "replicate cdc").lastLine());
        opensafely = Path.of(ok(InProcess.job("replicate", "--extracts", extracts.toString(), "--warehouse",
                warehouse.toString(), "--conf", conf.toString(), "--out", tmp.resolve("os").toString(),
                "--disclosure", "opensafely"), "replicate opensafely").lastLine());
    }

    /** The planted center: 8 patients of the extract moved to center C999 (a few of them included). */
    static void plantSmallCenter(Path extracts) throws IOException {
        Path patients;
        try (Stream<Path> s = Files.walk(extracts)) {
            patients = s.filter(p -> p.getFileName().toString().equals("patients.csv")).findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(patients, StandardCharsets.UTF_8));
        int width = lines.get(0).split(",", -1).length;
        int moved = 0;
        for (int i = 1; i < lines.size() && moved < 8; i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length == width && f[0].matches("R[0-9]{10}") && f[1].matches("C[0-9]{3}")) {
                f[1] = "C999";
                lines.set(i, String.join(",", f));
                moved++;
            }
        }
        assertEquals(8, moved);
        Files.write(patients, lines, StandardCharsets.UTF_8);
    }

    /** The planted center is in Table 1 under a policy: suppressed (its count 1..8), with a complement. */
    static void plantedCenterSuppressed(Path run) {
        JsonNode center = Json.read(run.resolve("results.json")).path("baseline").path("variables").path("center_id");
        assertTrue(center.has("C999") && center.path("C999").path("n").isNull()
                && center.path("C999").path("suppressed").asBoolean(), "the planted center: " + center.path("C999"));
        long others = 0;
        var it = center.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals("C999") && e.getValue().path("n").isNull()) {
                others++;
            }
        }
        assertTrue(others >= 1, "a complementary center suppressed with it: " + center);
    }

    /** cdc: 0 or at least 16. */
    static boolean cdcAllows(long c) {
        return c == 0 || c >= 16;
    }

    /** opensafely: 0, or more than 7 and a multiple of 5. */
    static boolean opensafelyAllows(long c) {
        return c == 0 || (c > 7 && c % 5 == 0);
    }

    @Test
    void cdcPublishesNoCountFromOneToFifteen() throws Exception {
        assertEquals(List.of(), forbidden(cdc, DisclosurePolicyIT::cdcAllows), "counts of 1 to 15 in the run folder");
        aggregatesOnly(cdc, "cdc");
        plantedCenterSuppressed(cdc);
        assertTrue(Files.readString(cdc.resolve("report.html")).contains("Policy <code>cdc</code>"),
                "the report states the policy");
        ok(Scripts.job(Duration.ofMinutes(2), "check-disclosure", cdc.toString()), "check-disclosure cdc");
    }

    @Test
    void opensafelyPublishesCountsRoundedToFiveAndAboveSeven() throws Exception {
        assertEquals(List.of(), forbidden(opensafely, DisclosurePolicyIT::opensafelyAllows),
                "counts of 1 to 7, or off the grid of 5, in the run folder");
        aggregatesOnly(opensafely, "opensafely");
        plantedCenterSuppressed(opensafely);
        assertTrue(Files.readString(opensafely.resolve("report.html")).contains("Policy <code>opensafely</code>"));
        ok(Scripts.job(Duration.ofMinutes(2), "check-disclosure", opensafely.toString()), "check-disclosure opensafely");
    }

    /**
     * Every step table of the opensafely run is a Kaplan–Meier curve of its own rounded counts: numbers at
     * risk, events and censorings are multiples of m/2 = 10, n(tᵢ₊₁) = n(tᵢ) − d(tᵢ) − c(tᵢ), and
     * S(tᵢ) = Π (1 − d/n), as R's survfit gives for those counts.
     */
    @Test
    void opensafelyCurvesAreRecomputedFromRoundedCounts() throws Exception {
        int rows = 0;
        try (Stream<Path> s = Files.list(opensafely.resolve("tables"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("km_")).sorted().toList()) {
                Map<String, List<String[]>> byGroup = new LinkedHashMap<>();
                List<String> lines = Files.readAllLines(f);
                for (String line : lines.subList(1, lines.size())) {
                    String[] c = line.split(",");
                    byGroup.computeIfAbsent(c[1], g -> new ArrayList<>()).add(c);
                }
                for (Map.Entry<String, List<String[]>> g : byGroup.entrySet()) {
                    double surv = 1;
                    long nextRisk = -1;
                    for (String[] c : g.getValue()) {
                        long n = Long.parseLong(c[3]);
                        long d = Long.parseLong(c[4]);
                        long cens = Long.parseLong(c[5]);
                        String where = f.getFileName() + " " + g.getKey() + " t=" + c[2];
                        assertTrue(n % 10 == 0 && d % 10 == 0 && cens % 10 == 0, where + ": " + String.join(",", c));
                        if (nextRisk >= 0) {
                            assertEquals(nextRisk, n, where + ": the number at risk follows from the row before");
                        }
                        surv *= 1 - (double) d / n;
                        assertEquals(surv, Double.parseDouble(c[6]), 1e-9 * Math.max(surv, 1e-300), where);
                        nextRisk = n - d - cens;
                        rows++;
                    }
                }
            }
        }
        assertTrue(rows > 10, "step-table rows checked: " + rows);
    }

    @Test
    void theCheckerCatchesASmallCountInjectedByHand() throws Exception {
        Path copy = tmp.resolve("injected").resolve(cdc.getFileName());
        DriverKillIT.copyTree(cdc, copy);
        Path flow = copy.resolve("tables/flow.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(flow));
        String[] last = lines.get(lines.size() - 1).split(",");
        lines.set(lines.size() - 1, last[0] + ",7");
        Files.write(flow, lines);
        Scripts.Result r = Scripts.job(Duration.ofMinutes(2), "check-disclosure", copy.toString());
        assertEquals(3, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("tables/flow.csv: line " + lines.size() + ", column n: 7 is a count the policy cdc"),
                r.stdout());
        // and the same folder against opensafely: 16 ≥ 8 but not a multiple of 5 is caught too, if present;
        // in any case the 7 is
        Scripts.Result os = Scripts.job(Duration.ofMinutes(2), "check-disclosure", copy.toString(), "--policy", "opensafely");
        assertEquals(3, os.exitCode(), os.stdout() + os.stderr());
        assertTrue(os.stdout().contains("tables/flow.csv: line " + lines.size() + ", column n: 7 is a count"), os.stdout());
    }

    /**
     * jobs/analyze over the same warehouse: without a policy, a warning naming the flag; with the results'
     * declarations taken away (so that nothing is suppressed), the checker refuses the folder and nothing is
     * published.
     */
    @Test
    void analyzeWarnsWithoutAPolicyAndRefusesAFolderThatFailsTheCheck() throws Exception {
        Path warehouse = tmp.resolve("warehouse");
        Path conf = tmp.resolve("center-in-table1.conf");
        Scripts.Result plain = ok(InProcess.job("analyze", "--warehouse", warehouse.toString(), "--conf",
                conf.toString(), "--out", tmp.resolve("none").toString()), "analyze without a policy");
        assertTrue(plain.stderr().contains("analyze: warning: no disclosure policy (--disclosure none)"), plain.stderr());

        Path undeclared = tmp.resolve("undeclared.conf");
        Files.writeString(undeclared, "include file(\"" + conf + "\")\nrwe.disclosure.results.counts = []\n"
                + "rwe.disclosure.results.relations = []\n");
        Path out = tmp.resolve("refused");
        Scripts.Result r = InProcess.job("analyze", "--warehouse", warehouse.toString(), "--conf",
                undeclared.toString(), "--out", out.toString(), "--disclosure", "cdc");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("disclosure: results.json: baseline.variables.center_id.C999.n: "), r.stderr());
        assertTrue(r.stderr().contains("refused: the run folder ") && r.stderr().contains("nothing published"), r.stderr());
        Files.createDirectories(out);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList(),
                    "nothing published");
        }
    }

    /** No dataset in the folder; the manifest records the policy and names the restricted data. */
    static void aggregatesOnly(Path run, String policy) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            List<String> data = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> run.relativize(p).toString())
                    .filter(n -> !n.matches("(results|manifest)\\.json|report\\.html|tables/[^/]+\\.csv|figures/[^/]+\\.(png|svg)"))
                    .toList();
            assertEquals(List.of(), data, "files that are not aggregates of the results contract");
        }
        JsonNode m = Json.read(run.resolve("manifest.json"));
        assertEquals(policy, m.path("disclosure").path("policy").asText());
        Path warehouse = Path.of(m.path("restricted").path("warehouse").asText());
        assertTrue(Files.isDirectory(warehouse.resolve(m.path("restricted").path("risk_sets").asText())),
                "the run's risk sets in the warehouse: " + m.path("restricted"));
    }

    private static final Pattern INTEGER = Pattern.compile("(?<![\\w.,\\-])\\d+(?![\\w.,%])");
    /** An SVG group's start (1: its attributes), a group's end (2), or a text (3: its content). */
    private static final Pattern SVG_TAG = Pattern.compile("<g\\b([^>]*)>|(</g>)|<text\\b[^>]*>(.*?)</text>", Pattern.DOTALL);
    private static final Pattern COUNT_CELL = Pattern.compile("<td class=\"num\">([^<]*)</td>");

    /** Every count of the run folder the predicate refuses, with its file and place. */
    static List<String> forbidden(Path run, LongPredicate allowed) throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode results = Json.read(run.resolve("results.json"));
        json(results, "", allowed, out);
        assertTrue(results.path("disclosure").path("policy").isTextual(), "results.json records the policy");
        try (Stream<Path> s = Files.list(run.resolve("tables"))) {
            for (Path f : s.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                String[] header = lines.get(0).split(",");
                for (int i = 1; i < lines.size(); i++) {
                    String[] cells = lines.get(i).split(",", -1);
                    for (int c = 0; c < cells.length && c < header.length; c++) {
                        if (!header[c].endsWith("df") && cells[c].matches("\\d+") && !allowed.test(Long.parseLong(cells[c]))) {
                            out.add(f.getFileName() + " line " + (i + 1) + " " + header[c] + ": " + cells[c]);
                        }
                    }
                }
            }
        }
        try (Stream<Path> s = Files.list(run.resolve("figures"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".svg")).sorted().toList()) {
                // the axes (tick labels: months, probabilities, percentages) are drawn inside a group of class
                // rwe-not-counts, with groups nested in it; every other text is read
                Matcher t = SVG_TAG.matcher(Files.readString(f));
                List<Boolean> open = new ArrayList<>();
                int inAxes = 0;
                while (t.find()) {
                    if (t.group(1) != null) {
                        boolean axes = t.group(1).contains("rwe-not-counts");
                        open.add(axes);
                        inAxes += axes ? 1 : 0;
                    } else if (t.group(2) != null) {
                        inAxes -= open.remove(open.size() - 1) ? 1 : 0;
                    } else if (inAxes == 0) {
                        // a figure's own number in its title ("Figure 1  Study flow") is not a count
                        integers(f.getFileName() + " text '" + t.group(3) + "'",
                                t.group(3).replaceFirst("^Figure \\S+", ""), allowed, out);
                    }
                }
            }
        }
        Matcher cell = COUNT_CELL.matcher(Files.readString(run.resolve("report.html")));
        while (cell.find()) {
            integers("report.html cell '" + cell.group(1) + "'", cell.group(1).replaceAll("\\([^)]*\\)", ""), allowed, out);
        }
        return out;
    }

    private static void integers(String where, String text, LongPredicate allowed, List<String> out) {
        Matcher i = INTEGER.matcher(text);
        while (i.find()) {
            if (!allowed.test(Long.parseLong(i.group()))) {
                out.add(where + ": " + i.group());
            }
        }
    }

    private static void json(JsonNode n, String path, LongPredicate allowed, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                // skipped: the policy recorded, degrees of freedom, a model's Newton iterations, and the
                // replication verdict (it counts the paper's claims that agree, not patients; its registry
                // estimates are the published ones)
                boolean notCounts = path.isEmpty() && (e.getKey().equals("disclosure") || e.getKey().equals("replication"));
                if (!notCounts && !e.getKey().equals("df") && !e.getKey().equals("iterations")) {
                    json(e.getValue(), path + "." + e.getKey(), allowed, out);
                }
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                json(n.get(i), path + "[" + i + "]", allowed, out);
            }
        } else if (n.isIntegralNumber() && !allowed.test(n.asLong())) {
            out.add("results.json " + path + ": " + n.asLong());
        }
    }
}
