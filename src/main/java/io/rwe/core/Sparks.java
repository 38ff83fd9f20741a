package io.rwe.core;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job. Under {@code spark-submit} the master and settings come from the
 * submission ({@code spark.master} is already set) and are left alone; run as a plain Java program
 * (the {@code jobs/} scripts' embedded mode, tests) it starts local Spark with {@code rwe.spark.master}
 * (default {@code local[2]}). Every key under {@code rwe.spark.conf} is passed to Spark unless the
 * submission set it already.
 *
 * <p>Files and folders Spark writes (Parquet, through Hadoop's file system) get the mode the process's
 * umask gives, like every file the project writes itself: Hadoop applies its own mask
 * ({@code fs.permissions.umask-mode}, 022 by default) instead of the process's, so it is set to the
 * process's unless the submission sets it.
 *
 * <p>In local mode, {@code file:} paths go through {@link PosixLocalFileSystem} (file modes set without
 * starting a {@code chmod} process per file), unless the configuration sets {@code spark.hadoop.fs.file.impl}.
 *
 * <p>Every session gets the progress heartbeat of {@code rwe.progress.heartbeat} ({@link Heartbeat}).
 */
public final class Sparks {

    private Sparks() {
    }

    public static SparkSession session(Config config, String appName) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.hasPath("rwe.spark.master") ? config.getString("rwe.spark.master") : "local[2]");
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        if (!conf.contains("spark.hadoop.fs.permissions.umask-mode")) {
            processUmask().ifPresent(m -> conf.set("spark.hadoop.fs.permissions.umask-mode", m));
        }
        if (config.hasPath("rwe.spark.conf")) {
            for (Map.Entry<String, Object> e : config.getConfig("rwe.spark.conf").root().unwrapped().entrySet()) {
                flatten(conf, e.getKey(), e.getValue());
            }
        }
        localFileSystem(conf);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        if (config.hasPath(HEARTBEAT)) {
            Heartbeat.attach(spark, config.getDuration(HEARTBEAT), System.err);
        }
        sparkStarted();
        return spark;
    }

    /**
     * The system property naming a file that a run creates once its Spark session is up: jobs/_launch
     * keeps the class-data archive a run recorded only when the run got that far and succeeded (an archive of a run
     * that stopped before Spark started, at a configuration error or {@code --help}, holds almost none of
     * the classes the next runs load, and made each of them about 8 s slower). Outside the {@code rwe}
     * tree, so that the configuration's check of {@code -Drwe.*} keys does not see it.
     */
    public static final String SPARK_STARTED_MARKER = "io.rwe.cds.spark-marker";

    private static void sparkStarted() {
        String marker = System.getProperty(SPARK_STARTED_MARKER);
        if (marker == null || marker.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(marker), new byte[0]);
        } catch (java.io.IOException | RuntimeException e) {
            // the launcher then keeps no archive of this run: the next run records one
        }
    }

    /** The Hadoop file system class of {@code file:} paths, as a Spark setting. */
    public static final String LOCAL_FILE_SYSTEM = "spark.hadoop.fs.file.impl";

    /** In local mode, {@link PosixLocalFileSystem} for {@code file:} paths unless {@code conf} names one already. */
    static void localFileSystem(SparkConf conf) {
        if (conf.get("spark.master", "").startsWith("local") && !conf.contains(LOCAL_FILE_SYSTEM)) {
            conf.set(LOCAL_FILE_SYSTEM, PosixLocalFileSystem.class.getName());
        }
    }

    /** The interval of the progress heartbeat ({@link Heartbeat}); 0 turns it off. */
    public static final String HEARTBEAT = "rwe.progress.heartbeat";

    /** The process's file-mode creation mask as octal text ({@code 022}), where the platform tells it (Linux). */
    static java.util.Optional<String> processUmask() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return java.util.Optional.of(line.substring("Umask:".length()).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: Hadoop's default stays
        }
        return java.util.Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(SparkConf conf, String key, Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                flatten(conf, key + "." + e.getKey(), e.getValue());
            }
        } else if (!conf.contains(key)) {
            conf.set(key, String.valueOf(value));
        }
    }
}
