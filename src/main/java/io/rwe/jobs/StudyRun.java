package io.rwe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.rwe.analyze.AnalyzeStage;
import io.rwe.analyze.RiskSetStore;
import io.rwe.core.Json;
import io.rwe.derive.CohortFlow;
import io.rwe.disclosure.Declarations;
import io.rwe.disclosure.DisclosedDocuments;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.disclosure.DisclosureRefused;
import io.rwe.disclosure.OutputCheck;
import io.rwe.disclosure.Populations;
import io.rwe.report.Provenance;
import io.rwe.report.ReportWriter;
import io.rwe.run.RunBuilder;
import io.rwe.run.RunFolder;
import io.rwe.study.Study;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The analyze and report stages of {@code jobs/replicate} and {@code jobs/analyze}, run into one run
 * folder and published under the disclosure policy in force (docs/disclosure.md): results.json, tables,
 * figures and report.html, then the manifest (its record counts under the same policy, the policy itself,
 * and where the restricted data are); the output checker reads the complete folder and a folder it refuses
 * is not published. The full-resolution risk sets go to the warehouse, beside the analysis cohort. The
 * report states the run's provenance: {@code dataSource} in words, the extracts' accounting, the run id,
 * the versions and the configuration's checksum.
 */
final class StudyRun {

    private StudyRun() {
    }

    /**
     * The configuration with {@code --disclosure} applied; the policy is checked with the rest of the
     * configuration, before any work ({@link Preflight#analyze}).
     */
    static Config withDisclosure(Config config, Optional<String> disclosure) {
        return disclosure.map(p -> config.withValue(DisclosurePolicy.KEY, ConfigValueFactory.fromAnyRef(p.trim())))
                .orElse(config);
    }

    /** The warning of a run without a policy over inputs other than the paper's published patients. */
    static void warnWithoutPolicy(String job, Config config, Map<String, Object> inputs) {
        if (!DisclosurePolicy.of(config).active() && !PaperInputs.matches(inputs)) {
            System.err.println(job + ": warning: no disclosure policy (--disclosure none): every count, curve and "
                    + "statistic is published as computed. Before the run folder leaves the secure environment, run "
                    + "with --disclosure ohdsi|opensafely|cms|cdc (docs/disclosure.md).");
        }
    }

    /**
     * Runs the stages and publishes the run folder.
     *
     * @param warehouse the warehouse holding the analysis cohort; the risk sets are written there too
     * @param cohortVersion the cohort version folder analysed (named in the manifest)
     * @param facts the facts the input model provides (null: every fact), for the analyses' needs
     * @param dataSource the data source in words, for the report's provenance
     */
    static Path analyzeAndPublish(RunBuilder run, SparkSession spark, Config config, Path out, Path warehouse,
                                  Path cohortVersion, Map<String, Object> inputs, Map<String, Object> quarantine,
                                  String inputsKey, Dataset<Row> cohort, Dataset<Row> adverseEvents, CohortFlow flow,
                                  java.util.Set<String> facts, String dataSource) throws Exception {
        JsonNode flowJson = Json.read(Json.write(flow.toJson()));
        DisclosurePolicy policy = DisclosurePolicy.of(config);
        Study study = Study.from(config);
        Map<String, Object> publishedInputs = policy.active() ? copy(inputs) : inputs;
        Map<String, Object> publishedQuarantine = policy.active() ? copy(quarantine) : quarantine;
        AtomicReference<List<Row>> riskSets = new AtomicReference<>();
        return run.publish(out, publishedInputs, publishedQuarantine, inputsKey, dir -> {
            AnalyzeStage.Output result = run.stage("analyze", () -> {
                AnalyzeStage.Output o = AnalyzeStage.run(spark, config, cohort, adverseEvents, flowJson, facts);
                RunFolder.writeResults(dir, o.results(), o.tables());
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
            riskSets.set(result.riskSetRows());
            Map<String, Object> manifest = Json.object();
            manifest.put("inputs", publishedInputs);
            manifest.put("quarantine", publishedQuarantine);
            DisclosedDocuments.apply(List.of(new DisclosedDocuments.Document("manifest.json", manifest,
                    Declarations.manifest(config))), policy, Populations.of(study));
            Map<String, Object> counts = Json.object();
            counts.put("included", policy.active() ? result.published().flow().included() : result.cohortSize());
            counts.put("risk_set_rows", (long) result.riskSetRows().size());
            counts.put("cox_adjusted", result.coxAdjusted());
            run.manifestSection("disclosure", policy.toJson());
            Map<String, Object> restricted = Json.object();
            restricted.put("warehouse", warehouse.toAbsolutePath().normalize().toString());
            restricted.put("cohort", warehouse.relativize(cohortVersion).toString().replace('\\', '/'));
            restricted.put("risk_sets", RiskSetStore.relative(dir.getFileName().toString()));
            run.manifestSection("restricted", restricted);
            return counts;
        }, dir -> {
            List<OutputCheck.Finding> findings = OutputCheck.check(dir, OutputCheck.settings(config, policy, study));
            if (!findings.isEmpty()) {
                for (OutputCheck.Finding f : findings) {
                    System.err.println("disclosure: " + f);
                }
                throw new DisclosureRefused("the run folder " + dir.getFileName(), policy, findings);
            }
            RiskSetStore.write(spark, riskSets.get(), warehouse, dir.getFileName().toString());
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        return new ObjectMapper().convertValue(m, LinkedHashMap.class);
    }
}
