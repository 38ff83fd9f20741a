package io.rwe.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.rwe.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * {@code manifest.json} of a run (docs/study.md, "Results contract"): what went in (per extract file:
 * rows read, accepted, quarantined, SHA-256; quarantine counts per reason), how long each stage
 * took, how many bytes of data each stage collected to the driver ({@code collected_bytes}) and
 * what its tasks sent back in all, Spark's per-task bookkeeping included ({@code task_results}: bytes
 * and tasks per stage; see {@link io.rwe.core.CollectedBytes}), the configuration in force (the
 * {@code rwe} tree, secrets redacted), the versions of the project, Spark and Java, and the Spark
 * settings the run executed with ({@link #sparkSettings}). The only
 * place of a run where timings and other run-dependent values live ({@code results.json} has none).
 */
public final class RunManifest {

    private RunManifest() {
    }

    /** The manifest object, keys in a fixed order; {@code sections} follow {@code counts}. */
    public static Map<String, Object> build(String runId, Map<String, Object> inputs, Map<String, Object> quarantine,
                                            Map<String, Double> timings, Map<String, Long> collectedBytes,
                                            Map<String, Object> taskResults, Map<String, Object> counts,
                                            Map<String, Object> sections, Config config, String sparkVersion,
                                            Map<String, String> sparkSettings) {
        Map<String, Object> m = Json.object();
        m.put("run_id", runId);
        m.put("inputs", inputs);
        m.put("quarantine", quarantine);
        m.put("timings_s", timings);
        m.put("collected_bytes", collectedBytes);
        m.put("task_results", taskResults);
        m.put("counts", counts);
        m.putAll(sections);
        m.put("config", configInForce(config));
        Map<String, Object> v = Json.object();
        v.put("project", projectVersion());
        v.put("spark", sparkVersion);
        v.put("java", System.getProperty("java.version"));
        m.put("versions", v);
        m.put("spark_settings", sparkSettings);
        return m;
    }

    /**
     * The Spark settings that shape how a run executed but not its results (docs/cli.md: "Embedded or
     * cluster" for the master, the launcher's variables RWE_SMALL_INPUT and RWE_TINY_INPUT for the
     * rest): the master, the shuffle partitions, whole-stage code generation and the expression
     * evaluation mode (FALLBACK compiles, NO_CODEGEN interprets), and adaptive execution.
     */
    public static Map<String, String> sparkSettings(SparkSession spark) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("master", spark.sparkContext().master());
        for (String k : SPARK_SETTINGS) {
            out.put(k, spark.conf().get(k));
        }
        return out;
    }

    private static final List<String> SPARK_SETTINGS = List.of("spark.sql.shuffle.partitions",
            "spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode", "spark.sql.adaptive.enabled");

    /**
     * The {@code rwe} tree of the configuration as JSON, with the value of every key whose name
     * contains {@code key}, {@code secret}, {@code password} or {@code token} replaced by
     * {@code "<redacted>"} (the pseudonym key must never leave the job).
     */
    public static Object configInForce(Config config) {
        if (!config.hasPath("rwe")) {
            return Json.object();
        }
        Config rwe = config.getConfig("rwe");
        for (Map.Entry<String, ConfigValue> e : rwe.entrySet()) {
            String leaf = e.getKey().toLowerCase(Locale.ROOT);
            int dot = leaf.lastIndexOf('.');
            String last = dot < 0 ? leaf : leaf.substring(dot + 1);
            if (last.contains("key") || last.contains("secret") || last.contains("password") || last.contains("token")) {
                rwe = rwe.withValue(e.getKey(), com.typesafe.config.ConfigValueFactory.fromAnyRef("<redacted>"));
            }
        }
        return Json.read(rwe.root().render(ConfigRenderOptions.concise().setJson(true)));
    }

    /** The project's version: the jar manifest's, else Maven's pom.properties, else {@code "dev"}. */
    public static String projectVersion() {
        String v = RunManifest.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = RunManifest.class.getResourceAsStream(
                "/META-INF/maven/io.rwe/rwe-replicate/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
