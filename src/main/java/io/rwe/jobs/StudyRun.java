package io.rwe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.rwe.analyze.AnalyzeStage;
import io.rwe.core.Json;
import io.rwe.derive.CohortFlow;
import io.rwe.report.Provenance;
import io.rwe.report.ReportWriter;
import io.rwe.run.RunBuilder;
import io.rwe.run.RunFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The analyze and report stages of {@code jobs/replicate} and {@code jobs/analyze}, run into one run
 * folder and published: results.json, tables, the Parquet datasets, figures and report.html, then the
 * manifest. The report states the run's provenance: {@code dataSource} in words, the extracts' accounting,
 * the run id, the versions and the configuration's checksum.
 */
final class StudyRun {

    private StudyRun() {
    }

    static Path analyzeAndPublish(RunBuilder run, SparkSession spark, Config config, Path out,
                                  Map<String, Object> inputs, Map<String, Object> quarantine, String inputsKey,
                                  Dataset<Row> cohort, Dataset<Row> adverseEvents, CohortFlow flow,
                                  java.util.Set<String> facts, String dataSource) throws Exception {
        JsonNode flowJson = Json.read(Json.write(flow.toJson()));
        return run.publish(out, inputs, quarantine, inputsKey, dir -> {
            AnalyzeStage.Output result = run.stage("analyze", () -> {
                AnalyzeStage.Output o = AnalyzeStage.run(spark, config, cohort, adverseEvents, flowJson, facts);
                RunFolder.writeResults(dir, o.results(), o.tables());
                Map<String, Dataset<Row>> datasets = new LinkedHashMap<>();
                datasets.put("cohort", cohort);
                datasets.put("risk_sets", AnalyzeStage.riskSetFrame(spark, o.riskSetRows()).coalesce(1));
                RunFolder.writeDatasets(dir, datasets);
                return o;
            }, o -> o.published().analyses().size() + " analyses over " + o.cohortSize() + " patients, "
                    + o.riskSetRows().size() + " risk-set rows");
            run.stage("report", () -> {
                Map<String, String> f = run.facts();
                ReportWriter.write(dir, config, new Provenance(dataSource, f.get("run_id"),
                        Map.of("project", f.get("project"), "spark", f.get("spark"), "java", f.get("java")),
                        f.get("config_sha256"), inputs));
                return dir;
            }, written -> "figures and report.html");
            Map<String, Object> counts = Json.object();
            counts.put("included", result.cohortSize());
            counts.put("risk_set_rows", (long) result.riskSetRows().size());
            counts.put("cox_adjusted", result.coxAdjusted());
            return counts;
        });
    }
}
