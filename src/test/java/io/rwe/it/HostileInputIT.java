package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/replicate on hostile input and hostile output folders, each run bounded in time:
 * <ul>
 *   <li>formula-injection and markup strings in accepted free-text fields (patient_id, center_id, the
 *       adverse-event term), a 10 MB field and a line of 10^4 columns: the run completes, the bad lines
 *       are quarantined, no CSV cell of the run folder starts a formula (a hostile string is published
 *       only as {@code '<text>}), HTML and SVG carry the hostile strings only escaped, JSON files parse,
 *       and the hostile registry id reaches no file of the run folder (which holds aggregates only: the
 *       pseudonymised analysis cohort, which keeps center_id as written, stays in the warehouse);</li>
 *   <li>an output folder that is a file, one on a read-only file system, one on a full file system:
 *       one line on standard error, a non-zero exit, and nothing published (the last two need root to
 *       mount a tmpfs, and are skipped without it).</li>
 * </ul>
 */
@Tag("hostile")
class HostileInputIT {
    static final Duration RUN = Duration.ofMinutes(8);
    static final String HYPERLINK = "=HYPERLINK(\"http://x.example/?leak\",\"click\")";
    static final String CMD = "+centre|' /C notepad'!A0";
    static final String SUM = "@SUM(1+1)*cmd|' /C calc'!A0";
    static final String MINUS = "-2+3+cmd|' /C calc'!A0";
    static final String MARKUP = "<img src=x onerror=alert(1)>";
    /** What a spreadsheet would run: in CSV published only as {@code '<text>}. */
    static final List<String> FORMULAS = List.of(HYPERLINK, CMD, SUM, MINUS);
    /** Every hostile string: in HTML and SVG published only escaped (each holds one of & < > " '). */
    static final List<String> HOSTILE = List.of(HYPERLINK, CMD, SUM, MINUS, MARKUP);

    @TempDir
    static Path tmp;
    static Path paper;

    @BeforeAll
    static void paperExtract() throws Exception {
        paper = tmp.resolve("paper");
        ok(Scripts.job(RUN, "generate", "--profile", "paper", "--out", paper.toString()), "generate");
    }

    private static Path extractDir(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().findFirst().orElseThrow();
        }
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Test
    void injectionStringsAndOversizedLinesNeitherCrashNorInject() throws Exception {
        Path root = tmp.resolve("hostile");
        DriverKillIT.copyTree(paper, root);
        Path dir = extractDir(root);
        // A clone of P001 whose id and centre are formulas, in every file that names P001.
        for (String file : List.of("patients.csv", "lesions.csv", "treatments.csv", "procedures.csv",
                "assessments.csv", "adverse_events.csv")) {
            Path f = dir.resolve(file);
            StringBuilder add = new StringBuilder();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.startsWith("P001,")) {
                    String clone = csv(HYPERLINK) + line.substring("P001".length());
                    if (file.equals("patients.csv")) {
                        clone = clone.replace(",NFH,", "," + csv(CMD) + ",");
                        assertTrue(clone.contains("notepad"), "the centre of P001 is NFH in the paper profile");
                    }
                    add.append(clone).append('\n');
                }
            }
            Files.writeString(f, add, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        // Terms (free text) that are formulas or markup, for patients of the cohort.
        Files.writeString(dir.resolve("adverse_events.csv"), String.join("\n",
                "P001," + csv(SUM) + ",1,2016-01-25,none",
                "P002," + csv(MINUS) + ",1,2017-03-02,none",
                "P003," + csv(MARKUP) + ",1,2017-03-02,none",
                csv(HYPERLINK) + "," + csv(SUM) + ",2,2016-01-26,none") + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        // A 10 MB field (a lesion's patient_id: longer than 64 characters) and a line of 10^4 columns.
        Files.writeString(dir.resolve("lesions.csv"), "x".repeat(10 * 1024 * 1024) + ",L9,lung,Y,2016-01-01\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("treatments.csv"), "P001" + ",x".repeat(9_999) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Scripts.Result r = ok(Scripts.run(RUN, Map.of(), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                "--extracts", root.toString(), "--out", tmp.resolve("out-hostile").toString())), "replicate (hostile)");
        Path run = Path.of(r.lastLine());
        String manifest = Files.readString(run.resolve("manifest.json"));
        assertTrue(manifest.contains("value_too_long") && manifest.contains("malformed_row"),
                "the long field and the wide line are quarantined: " + manifest);

        // Every published text output: no CSV cell starts a formula, HTML/SVG escaped, JSON well formed.
        List<String> cells = new ArrayList<>();
        int csvFiles = 0;
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String name = run.relativize(p).toString();
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                // The hostile registry id reaches no file of the run folder (which holds aggregates only).
                assertFalse(bytes.contains("x.example/?leak"), name + " holds a registry id");
                boolean textFile = name.matches(".*\\.(csv|html|svg|json)");
                String text = textFile ? Files.readString(p, StandardCharsets.UTF_8) : bytes;
                if (name.endsWith(".csv")) {
                    csvFiles++;
                    for (String cell : cells(text)) {
                        cells.add(cell);
                        assertFalse(startsFormula(cell), name + ": a cell starts a formula: " + cell);
                        for (String h : FORMULAS) {
                            assertTrue(!cell.contains(h) || cell.equals("'" + h),
                                    name + ": a hostile string not neutralised: " + cell);
                        }
                    }
                } else if (name.endsWith(".html") || name.endsWith(".svg")) {
                    // Html.escape and the SVG writer escape & < > " ' — every hostile string has one.
                    for (String h : HOSTILE) {
                        assertFalse(text.contains(h), name + " holds unescaped data: " + h);
                    }
                } else if (name.endsWith(".json")) {
                    assertTrue(io.rwe.core.Json.read(text).isObject(), name + " is a JSON object");
                    assertFalse(text.contains(HYPERLINK), name + " holds an unescaped quote from the data");
                } else {
                    for (String h : HOSTILE) {
                        assertFalse(text.contains(h), name + " holds a hostile string: " + h);
                    }
                }
            }
        }
        assertTrue(csvFiles >= 3, "CSV tables checked: " + csvFiles);
        assertTrue(cells.contains("'" + SUM), "the formula term is published as text: " + SUM);
        assertTrue(cells.contains("'" + MINUS), "the formula term is published as text: " + MINUS);
        // No markup from the data in the report; the term is there, escaped.
        String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
        assertFalse(html.contains(MARKUP), "markup from the data reached report.html");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the escaped term is in the report");
    }

    /** What a spreadsheet would run as a formula: = + @ tab CR, or - not followed by a number. */
    static boolean startsFormula(String cell) {
        return !cell.isEmpty() && "=+@\t\r".indexOf(cell.charAt(0)) >= 0
                || cell.startsWith("-") && !cell.matches("-[0-9.eE+-]+|-Inf");
    }

    /** The cells of an RFC 4180 text. */
    static List<String> cells(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return out;
    }

    @Test
    void outputFolderThatIsAFile() throws Exception {
        Path out = Files.writeString(tmp.resolve("out-is-a-file"), "not a folder");
        Scripts.Result r = Scripts.run(RUN, Map.of(), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                "--extracts", paper.toString(), "--out", out.toString(),
                "--warehouse", tmp.resolve("wh-file").toString()));
        assertOneLineFailure(r, out.toString());
        assertEquals("not a folder", Files.readString(out));
    }

    @Test
    void outputFolderOnAReadOnlyFileSystem() throws Exception {
        Path out = mountTmpfs("out-ro", "ro,size=1m");
        try {
            Scripts.Result r = Scripts.run(RUN, Map.of(), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                    "--extracts", paper.toString(), "--out", out.toString(),
                    "--warehouse", tmp.resolve("wh-ro").toString()));
            assertOneLineFailure(r, out.toString());
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(0, s.count());
            }
        } finally {
            umount(out);
        }
    }

    @Test
    void outputFolderOnAFullFileSystem() throws Exception {
        Path out = mountTmpfs("out-full", "size=256k");
        try {
            // An earlier run's results: they must survive the failed run.
            Files.createDirectories(out.resolve("20200101T000000Z-00000000"));
            Files.writeString(out.resolve("20200101T000000Z-00000000/results.json"), "{}");
            Files.createSymbolicLink(out.resolve("latest"), Path.of("20200101T000000Z-00000000"));
            Scripts.Result r = Scripts.run(RUN, Map.of(), List.of(Scripts.ROOT.resolve("jobs/replicate").toString(),
                    "--extracts", paper.toString(), "--out", out.toString(),
                    "--warehouse", tmp.resolve("wh-full").toString()));
            assertOneLineFailure(r, "No space left on device");
            assertEquals(List.of(), RunFolders.hidden(out), "the failed run removed its staging folder");
            assertEquals(java.util.Set.of("20200101T000000Z-00000000", "latest"), RunFolders.visible(out));
            assertEquals("20200101T000000Z-00000000", RunFolders.latest(out));
        } finally {
            umount(out);
        }
    }

    private static void assertOneLineFailure(Scripts.Result r, String mentions) {
        assertNotEquals(0, r.exitCode(), "exit code; stderr:\n" + r.stderr());
        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("failed:") || l.startsWith("error:")
                || l.startsWith("bad input:")).toList();
        assertEquals(1, errors.size(), "one error line:\n" + r.stderr());
        assertTrue(errors.get(0).contains(mentions), errors.get(0));
        // Spark's own log may show a failed task's trace; the job's error is the one line above,
        // not followed by a trace of its own.
        List<String> lines = r.stderr().lines().toList();
        int at = lines.indexOf(errors.get(0));
        assertTrue(at == lines.size() - 1 || !lines.get(at + 1).startsWith("\tat "), "a stack trace follows:\n" + r.stderr());
        assertEquals("", r.stdout().strip(), "no run folder printed");
    }

    private static Path mountTmpfs(String name, String options) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Scripts.Result m = Scripts.run(Duration.ofSeconds(30), Map.of(),
                List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
        assumeTrue(m.exitCode() == 0, "cannot mount a tmpfs here (needs root): " + m.stderr().strip());
        return dir;
    }

    private static void umount(Path dir) throws Exception {
        Scripts.run(Duration.ofSeconds(30), Map.of(), List.of("umount", dir.toString()));
    }
}
