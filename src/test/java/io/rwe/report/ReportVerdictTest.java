package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.analyze.ReplicationVerdict;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.results.Results;
import io.rwe.study.ReplicationClaims;
import io.rwe.study.StudyCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report leads with the replication verdict and the provenance, ends with the Methods, embeds its
 * figures, and flags the paper's numbers cell by cell only on the paper's own cohort (docs/report.md).
 */
class ReportVerdictTest {

    @TempDir
    Path tmp;

    static final Config CONFIG = ConfigFactory.parseString("rwe.report.figures.png-scale = 1").withFallback(Configs.load());

    static final Provenance PROVENANCE = new Provenance("generated synthetic registry (jobs/generate --profile registry, "
            + "seed 7, 5000 patients delivered)", "20261204T184152Z-d339a203",
            Map.of("project", "0.1.0-SNAPSHOT", "spark", "4.2.0", "java", "17.0.15"), "ab12",
            Map.of("2018-09-03/patients.csv", Map.of("rows_read", 5000, "rows_accepted", 4990, "rows_quarantined", 10)));

    /**
     * The fixture run with its results.json given {@code included} patients and the verdict of the
     * default study's claims added (as the analyze stage adds it).
     */
    static Path run(Path dir, long included) throws Exception {
        Path run = ReportFixture.copyTo(dir);
        ObjectNode root = (ObjectNode) Json.read(run.resolve("results.json"));
        ((ObjectNode) root.get("cohort_flow")).put("included", included);
        var study = StudyCheck.check(CONFIG);
        Results results = Results.read(root, "results.json", study.resultKinds());
        root.set("replication", Json.read(Json.write(
                ReplicationVerdict.of(ReplicationClaims.from(CONFIG, study), results).toJson())));
        Files.writeString(run.resolve("results.json"), Json.write(root));
        return run;
    }

    @Test
    void onARegistryTheVerdictComesFirstAndNoCountIsFlagged() throws Exception {
        Path run = run(tmp, 3933);
        ReportWriter.write(run, CONFIG, PROVENANCE);
        String html = Files.readString(run.resolve("report.html"));
        int verdict = html.indexOf("<section id=\"verdict\">");
        assertTrue(verdict > 0);
        assertEquals(verdict, html.indexOf("<section"), "the verdict is the first section");
        assertTrue(html.indexOf("id=\"verdict-summary\"") < html.indexOf("<section id=\"provenance\">"));
        assertTrue(html.contains("9 published estimates compared."), "summary line");
        assertTrue(html.contains("id=\"claim-mpfs_hr\""));
        assertTrue(html.contains("mPFS, lung only vs non-lung: paper HR 0.32 (0.14–0.70), registry "));
        // no paper cell flagged on a registry
        assertFalse(html.contains("class=\"paper differs\""), "no raw count flagged as a disagreement");
        assertFalse(html.contains("published numbers compared cell by cell"));
        assertTrue(html.contains("not compared cell by cell"));
        // provenance and methods
        assertTrue(html.contains("seed 7, 5000 patients delivered"));
        assertTrue(html.contains("<th scope=\"row\">Data cut-off</th><td>2018-08-07</td>"));
        assertTrue(html.contains("20261204T184152Z-d339a203"));
        assertTrue(html.contains("project 0.1.0-SNAPSHOT, Spark 4.2.0, Java 17.0.15"));
        assertTrue(html.contains("2018-09-03 (1 files): 5000 rows read, 4990 accepted, 10 quarantined"));
        // the study file: conf/study.conf as a file, study.conf as the classpath resource the tests read
        assertTrue(html.contains("apatinib-hcc-lung-metastasis (study.conf)")
                || html.contains("apatinib-hcc-lung-metastasis (conf/study.conf)"), "the study file is named");
        assertTrue(html.indexOf("<section id=\"methods\">") > html.indexOf("<section id=\"adverse-events\">"));
        assertTrue(html.contains("<code>binom.test(x, n)$conf.int</code>"));
        // figures inline, no image file needed
        assertFalse(html.contains("<img "));
        assertTrue(html.contains("<div class=\"svg\" aria-label=\"Figure 4A\"><svg"));
    }

    @Test
    void onThePapersOwnCohortTheCellsAreComparedAndFlagged() throws Exception {
        Path run = run(tmp, 61);
        ReportWriter.write(run, CONFIG, PROVENANCE);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("published numbers compared cell by cell"));
        assertTrue(html.contains("class=\"paper differs\""), "the fixture differs from the paper in places");
        // "never" turns the flags off even on the paper's cohort
        ReportWriter.write(run, ConfigFactory.parseString("rwe.report.cell-by-cell = never").withFallback(CONFIG), null);
        html = Files.readString(run.resolve("report.html"));
        assertFalse(html.contains("class=\"paper differs\""));
        assertTrue(html.contains("not recorded: this report was written outside a run"));
    }

    @Test
    void aRunWithoutAVerdictSaysSo() throws Exception {
        Path run = ReportFixture.copyTo(tmp);
        ReportWriter.write(run, CONFIG);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("Replication verdict not computed"));
        assertTrue(html.contains("adjusted Cox HR not computed"));
    }
}
