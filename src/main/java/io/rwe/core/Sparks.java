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
        if (config.hasPath("rwe.spark.conf")) {
            for (Map.Entry<String, Object> e : config.getConfig("rwe.spark.conf").root().unwrapped().entrySet()) {
                flatten(conf, e.getKey(), e.getValue());
            }
        }
        return SparkSession.builder().config(conf).getOrCreate();
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
