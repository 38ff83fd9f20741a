package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in real headless Chromium (Debian package {@code chromium}) with no network, the page
 * copied alone into another folder (no figures/ beside it): a probe copy marks each inline figure
 * {@code data-drawn="yes"} when its drawing has a non-empty bounding box after the load event, and each
 * {@code <img>} (none is expected) {@code data-loaded}; the DOM is dumped. A sentinel image with a missing
 * file proves the probe sees a failure. A second run takes a screenshot of the top of a registry's report
 * (target/report-screenshot.png) and checks the verdict is the first thing drawn: non-white pixels in
 * the verdict's green or orange. Without Chromium the test fails when the environment variable CI is
 * set, and is skipped otherwise.
 */
class ReportChromiumTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    static final String PROBE = """
            <img id="probe-sentinel" src="figures/no-such-figure.svg" alt="">
            <script>
            addEventListener('load', function () {
              for (const img of document.images) {
                img.setAttribute('data-loaded', img.complete && img.naturalWidth > 0 ? 'yes' : 'no');
              }
              for (const svg of document.querySelectorAll('div.svg > svg')) {
                const r = svg.getBoundingClientRect();
                const box = svg.getBBox();
                svg.setAttribute('data-drawn', r.width > 100 && box.width > 100 && box.height > 100 ? 'yes' : 'no');
              }
              document.body.setAttribute('data-probe', 'done');
            });
            </script>
            """;

    @TempDir
    Path tmp;

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                fail("Chromium not found at " + CHROMIUM + " (install the Debian package chromium)");
            }
            Assumptions.abort("Chromium not installed at " + CHROMIUM);
        }
    }

    @Test
    void everyFigureOfTheReportOpenedAloneFromAnotherFolderIsDrawn() throws Exception {
        requireChromium();
        Path run = ReportFixture.copyTo(tmp);
        ReportWriter.write(run, ConfigFactory.parseString("rwe.report.figures.png-scale = 1").withFallback(Configs.load()));
        String html = Files.readString(run.resolve("report.html"));
        int figures = (int) Pattern.compile("<div class=\"svg\"").matcher(html).results().count();
        assertTrue(figures >= 10, "figures in the report: " + figures);
        Path elsewhere = Files.createDirectories(tmp.resolve("sent-by-mail"));
        Path probe = elsewhere.resolve("report.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));

        String dom = dumpDom(probe, tmp.resolve("chromium-profile"));

        assertTrue(dom.contains("data-probe=\"done\""), "probe ran after load");
        List<String> failed = new ArrayList<>();
        var m = Pattern.compile("<img[^>]*src=\"([^\"]+)\"[^>]*data-loaded=\"no\"|<img[^>]*data-loaded=\"no\"[^>]*src=\"([^\"]+)\"").matcher(dom);
        while (m.find()) {
            failed.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertEquals(List.of("figures/no-such-figure.svg"), failed, "only the sentinel image failed");
        int drawn = (int) Pattern.compile("data-drawn=\"yes\"").matcher(dom).results().count();
        assertEquals(figures, drawn, "every inline figure drawn");
    }

    @Test
    void aScreenshotOfARegistrysReportShowsTheVerdictFirst() throws Exception {
        requireChromium();
        Path run = ReportVerdictTest.run(tmp, 3933);
        ReportWriter.write(run, ReportVerdictTest.CONFIG, ReportVerdictTest.PROVENANCE);
        Path shot = Path.of(System.getProperty("project.basedir", "."), "target", "report-screenshot.png");
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        screenshot(run.resolve("report.html"), shot, tmp.resolve("chromium-profile-2"));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        // the verdict lines are drawn in green (agrees) or orange (differs) near the top of the page
        int coloured = 0;
        for (int y = 0; y < Math.min(500, img.getHeight()); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if ((g > r + 40 && g > b + 20) || (r > g + 60 && r > b + 80)) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 200, "verdict lines drawn in the first 500 px: " + coloured + " coloured pixels; see " + shot);
    }

    /** Chromium's screenshot of the top of {@code page} (1280 × 900) into {@code png}. */
    static void screenshot(Path page, Path png, Path profile) throws Exception {
        Files.createDirectories(profile);
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1280,900", "--user-data-dir=" + profile,
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 600 && !(Files.isRegularFile(png) && Files.size(png) > 0); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(300);
        } finally {
            stop(p);
        }
        assertTrue(Files.isRegularFile(png), "Chromium wrote the screenshot " + png);
    }

    /** Runs Chromium headless on {@code page} and returns the DOM after load; stops it when dumped. */
    static String dumpDom(Path page, Path profile) throws Exception {
        Files.createDirectories(profile);
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readUntilHtmlEnd(p.getInputStream()));
        try {
            return out.get(60, TimeUnit.SECONDS);
        } finally {
            stop(p);
        }
    }

    /** Chromium lingers on D-Bus time-outs after its work; stops the processes this test started. */
    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String readUntilHtmlEnd(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.toString(StandardCharsets.UTF_8).contains("</html>")) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
