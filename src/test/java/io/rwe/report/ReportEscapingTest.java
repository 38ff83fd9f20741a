package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile strings in results.json, the step tables and the configuration reach the page escaped. */
class ReportEscapingTest {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";
    static final String IMG = "<img src=x onerror=alert(2)>";
    static final String SVG_GROUP = "<svg onload=alert(3)>";
    static final String BREAKOUT = "\"><b>x</b>";

    @TempDir
    Path tmp;

    @Test
    void everyStringFromDataIsEscaped() throws Exception {
        Path run = ReportFixture.copyTo(tmp.resolve("runs"));
        Path hostileRun = run.resolveSibling("run<b>name&x");
        Files.move(run, hostileRun);
        run = hostileRun;
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(run.resolve("results.json").toFile());
        // a rate group, AE terms, a Table 1 category and a KM group (also in its step table)
        rename((ObjectNode) root.path("morr_lungonly_vs_nonlung").path("groups"), "lung_only", SCRIPT);
        rename((ObjectNode) root.path("adverse_events").path("terms"), "diarrhea", FORMULA);
        rename((ObjectNode) root.path("adverse_events").path("terms"), "fatigue", IMG);
        rename((ObjectNode) root.path("baseline").path("variables").path("sex"), "F", BREAKOUT);
        rename((ObjectNode) root.path("pfs_all").path("groups"), "all", SVG_GROUP);
        m.writeValue(run.resolve("results.json").toFile(), root);
        Path csv = run.resolve("tables/km_pfs_all.csv");
        Files.writeString(csv, Files.readString(csv).replace("pfs_all,all,", "pfs_all," + SVG_GROUP + ","));

        Config c = ConfigFactory.parseMap(Map.of(
                        "rwe.study.title", "<title>Study</title>" + SCRIPT,
                        "rwe.study.labels.groups.lung", "<i>lung</i>",
                        "rwe.report.figures.png-scale", 1))
                .withFallback(Configs.load());
        ReportWriter.write(run, c);
        String html = Files.readString(run.resolve("report.html"));

        for (String raw : List.of(SCRIPT, FORMULA, IMG, SVG_GROUP, BREAKOUT, "<i>lung</i>", "<b>name", "<title>Study")) {
            assertFalse(html.contains(raw), "raw in page: " + raw);
        }
        assertFalse(html.toLowerCase().contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;b&gt;x&lt;/b&gt;"));
        assertTrue(html.contains("&lt;i&gt;lung&lt;/i&gt;"));
        assertTrue(html.contains("run&lt;b&gt;name&amp;x"));

        // the figures carry the hostile labels as text: each SVG is still well-formed XML
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        List<Path> svgs = new ArrayList<>();
        try (var s = Files.list(run.resolve("figures"))) {
            s.filter(p -> p.toString().endsWith(".svg")).forEach(svgs::add);
        }
        assertTrue(svgs.size() >= 10);
        for (Path p : svgs) {
            f.newDocumentBuilder().parse(p.toFile());
            String svg = Files.readString(p);
            assertFalse(svg.contains(SCRIPT) || svg.contains(SVG_GROUP) || svg.contains("<i>lung</i>"), p.toString());
        }
    }

    private static void rename(ObjectNode obj, String from, String to) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        it.forEachRemaining(fields::add);
        obj.removeAll();
        for (Map.Entry<String, JsonNode> e : fields) {
            obj.set(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
        }
    }
}
