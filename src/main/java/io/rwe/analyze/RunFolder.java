package io.rwe.analyze;

import com.typesafe.config.Config;
import io.rwe.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the parts of a run folder (study.md, "Results contract") into the (temporary) folder that
 * {@link RunPublisher} then publishes: {@code results.json}, {@code tables/*.csv}, the Parquet
 * datasets {@code cohort/} and {@code risk_sets/}, the report ({@code figures/}, {@code report.html},
 * by {@code io.rwe.report.ReportWriter}) and {@code manifest.json}.
 */
public final class RunFolder {

    private RunFolder() {
    }

    /** results.json and tables/*.csv. */
    public static void writeResults(Path runDir, AnalyzeStage.Output out) throws IOException {
        Json.write(runDir.resolve("results.json"), out.results());
        Path tables = Files.createDirectories(runDir.resolve("tables"));
        for (Map.Entry<String, CsvTable> t : out.tables().entrySet()) {
            Files.writeString(tables.resolve(t.getKey()), t.getValue().text(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The Parquet datasets: {@code cohort/} (the pseudonymised analysis cohort, written by the
     * executors) and {@code risk_sets/} (analysis, group, stratum, time, at_risk, events, censored;
     * small, one file).
     */
    public static void writeDatasets(SparkSession spark, Path runDir, Dataset<Row> cohort, AnalyzeStage.Output out) {
        cohort.write().mode(SaveMode.ErrorIfExists).parquet(runDir.resolve("cohort").toString());
        AnalyzeStage.riskSetFrame(spark, out.riskSetRows()).coalesce(1)
                .write().mode(SaveMode.ErrorIfExists).parquet(runDir.resolve("risk_sets").toString());
    }

    /**
     * Runs the report stage, {@link io.rwe.report.ReportWriter#write(Path, Config)}: figures/ and
     * report.html from results.json and the step tables. A failure of the report fails the run.
     */
    public static boolean writeReport(Path runDir, Config config) {
        io.rwe.report.ReportWriter.write(runDir, config);
        return true;
    }

    /** manifest.json. */
    public static void writeManifest(Path runDir, Map<String, Object> manifest) {
        Json.write(runDir.resolve("manifest.json"), manifest);
    }
}
