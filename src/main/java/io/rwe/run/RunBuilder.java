package io.rwe.run;

import com.typesafe.config.Config;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Heartbeat;
import io.rwe.core.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the stages of a job in order, timing each one and counting the bytes of data it collected to
 * the driver and the task results it received ({@link CollectedBytes}), printing one progress line per
 * stage to standard error ({@code <stage>: <counts> (<seconds> s, <bytes> collected)}), and finally
 * publishes the run folder atomically ({@link RunPublisher}).
 */
public final class RunBuilder {
    private final SparkSession spark;
    private final Config config;
    private final CollectedBytes bytes;
    private final PrintStream progress;
    private final Instant start = Instant.now();
    private final long t0 = System.nanoTime();
    private final Map<String, Double> timings = new java.util.LinkedHashMap<>();
    private final Map<String, Long> collected = new java.util.LinkedHashMap<>();
    private final Map<String, long[]> taskResults = new java.util.LinkedHashMap<>();
    private final Map<String, Object> sections = new java.util.LinkedHashMap<>();
    private String runId;
    private String configSha256;

    public RunBuilder(SparkSession spark, Config config, PrintStream progress) {
        this.spark = spark;
        this.config = config;
        this.bytes = CollectedBytes.attach(spark);
        this.progress = progress;
    }

    /** Runs one stage; {@code summary} turns its result into the counts of the progress line. */
    public <T> T stage(String name, Callable<T> body, Function<T, String> summary) throws Exception {
        CollectedBytes.settle(spark);
        long before = bytes.dataBytes();
        long taskBytes0 = bytes.bytes();
        long tasks0 = bytes.tasks();
        long t = System.nanoTime();
        Heartbeat.stage(spark, name);
        T result;
        try {
            result = body.call();
        } finally {
            Heartbeat.stage(spark, null);
        }
        FaultPoint.at(name);
        double seconds = (System.nanoTime() - t) / 1e9;
        CollectedBytes.settle(spark);
        long got = bytes.dataBytes() - before;
        timings.put(name, round3(seconds));
        collected.put(name, got);
        taskResults.put(name, new long[] {bytes.bytes() - taskBytes0, bytes.tasks() - tasks0});
        progress.printf(Locale.ROOT, "%s: %s (%.1f s, %s collected)%n", name, summary.apply(result), seconds,
                humanBytes(got));
        progress.flush();
        Heartbeat.linePrinted(spark);
        return result;
    }

    private static double round3(double s) {
        return Math.round(s * 1000.0) / 1000.0;
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024.0));
    }

    /** Adds a section to the manifest, after {@code counts} (e.g. the disclosure policy applied). */
    public void manifestSection(String key, Object value) {
        sections.put(key, value);
    }

    /** A last check of the complete run folder (manifest included), before it is published. */
    @FunctionalInterface
    public interface Gate {
        /** Throws when {@code dir} must not be published. */
        void check(Path dir) throws Exception;
    }

    /** What a run folder holds besides its manifest: written into {@code dir} by the job's stages. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the run's files into {@code dir} (running the job's stages through {@link #stage});
         * returns the manifest's {@code counts} object.
         */
        Map<String, Object> write(Path dir) throws Exception;
    }

    /**
     * Publishes a run: in a temporary folder under {@code out}, the content (the job's stages), then
     * manifest.json; then the folder is renamed into place and {@code latest} updated
     * ({@link RunPublisher}). Returns the published folder.
     *
     * @param inputs     manifest {@code inputs} ("&lt;extract-date&gt;/&lt;file&gt;.csv" → rows_read,
     *                   rows_accepted, rows_quarantined, sha256)
     * @param quarantine manifest {@code quarantine} (reason → count)
     * @param inputsKey  text identifying the inputs (for the run id's hash), e.g. the checksums
     */
    public Path publish(Path out, Map<String, Object> inputs, Map<String, Object> quarantine, String inputsKey,
                        Content content) throws Exception {
        return publish(out, inputs, quarantine, inputsKey, content, dir -> { });
    }

    /**
     * As {@link #publish(Path, Map, Map, String, Content)}, with {@code gate} run on the complete folder
     * (manifest written) before it is published: a gate that throws publishes nothing. {@code inputs} and
     * {@code quarantine} are read when the manifest is written, after the content: a stage may change them
     * in place (the disclosure policy does).
     */
    public Path publish(Path out, Map<String, Object> inputs, Map<String, Object> quarantine, String inputsKey,
                        Content content, Gate gate) throws Exception {
        Object conf = RunManifest.configInForce(config);
        String runId = RunPublisher.runId(start, inputsKey + "\n" + Json.writeCompact(conf));
        this.runId = runId;
        this.configSha256 = sha256(Json.writeCompact(conf));
        return RunPublisher.publish(out, runId, dir -> {
            Map<String, Object> counts = content.write(dir);
            double total = round3((System.nanoTime() - t0) / 1e9);
            Map<String, Double> t = new java.util.LinkedHashMap<>();
            for (String s : STAGES) {
                t.put(s, timings.getOrDefault(s, 0.0));
            }
            t.put("total", total);
            Map<String, Long> b = new java.util.LinkedHashMap<>();
            long sum = 0;
            for (String s : STAGES) {
                long v = collected.getOrDefault(s, 0L);
                b.put(s, v);
                sum += v;
            }
            b.put("total", sum);
            Map<String, Object> tr = Json.object();
            long trBytes = 0;
            long trTasks = 0;
            for (String s : STAGES) {
                long[] v = taskResults.getOrDefault(s, new long[2]);
                Map<String, Object> one = Json.object();
                one.put("bytes", v[0]);
                one.put("tasks", v[1]);
                tr.put(s, one);
                trBytes += v[0];
                trTasks += v[1];
            }
            Map<String, Object> all = Json.object();
            all.put("bytes", trBytes);
            all.put("tasks", trTasks);
            tr.put("total", all);
            RunFolder.writeManifest(dir, RunManifest.build(runId,
                    inputs, new TreeMap<>(quarantine), t, b, tr, counts, sections, config, spark.version(),
                    RunManifest.sparkSettings(spark)));
            gate.check(dir);
        });
    }

    /**
     * What the report states about the run being published (valid inside {@link #publish}): its id, the
     * SHA-256 of the configuration in force (as manifest.json records it), and the versions of the
     * project, Spark and Java.
     */
    public Map<String, String> facts() {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("run_id", runId);
        f.put("config_sha256", configSha256);
        f.put("project", RunManifest.projectVersion());
        f.put("spark", spark.version());
        f.put("java", System.getProperty("java.version"));
        return f;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stages a manifest reports timings and bytes for, in order. */
    private static final String[] STAGES = {"ingest", "derive", "analyze", "report"};
}
