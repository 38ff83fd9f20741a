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
 * Opens report.html in real headless Chromium (Debian package {@code chromium}) with no network and
 * checks that every figure loaded: a probe copy of the page (same folder, so the same relative figure
 * paths) marks each {@code <img>} with {@code data-loaded="yes"} when {@code naturalWidth > 0} after
 * the load event, and the DOM is dumped. A sentinel image with a missing file proves the probe can
 * see a failure. Without Chromium the test fails when the environment variable CI is set, and is
 * skipped otherwise.
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
              document.body.setAttribute('data-probe', 'done');
            });
            </script>
            """;

    @TempDir
    Path tmp;

    @Test
    void everyFigureOfTheReportLoadsInHeadlessChromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                fail("Chromium not found at " + CHROMIUM + " (install the Debian package chromium)");
            }
            Assumptions.abort("Chromium not installed at " + CHROMIUM);
        }
        Path run = ReportFixture.copyTo(tmp);
        ReportWriter.write(run, ConfigFactory.parseString("rwe.report.figures.png-scale = 1").withFallback(Configs.load()));
        String html = Files.readString(run.resolve("report.html"));
        int images = (int) Pattern.compile("<img ").matcher(html).results().count();
        assertTrue(images >= 10, "figures in the report: " + images);
        Path probe = run.resolve("probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));

        String dom = dumpDom(probe, tmp.resolve("chromium-profile"));

        assertTrue(dom.contains("data-probe=\"done\""), "probe ran after load");
        int loaded = (int) Pattern.compile("data-loaded=\"yes\"").matcher(dom).results().count();
        List<String> failed = new ArrayList<>();
        var m = Pattern.compile("<img[^>]*src=\"([^\"]+)\"[^>]*data-loaded=\"no\"|<img[^>]*data-loaded=\"no\"[^>]*src=\"([^\"]+)\"").matcher(dom);
        while (m.find()) {
            failed.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertEquals(List.of("figures/no-such-figure.svg"), failed, "images that did not load");
        assertEquals(images, loaded, "every figure of the report loaded");
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
            // Chromium lingers on D-Bus time-outs after dumping; stop the processes this test started.
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
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
