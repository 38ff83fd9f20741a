package io.rwe.analyze;

import io.rwe.core.CsvTable;
import io.rwe.disclosure.Declarations;
import io.rwe.disclosure.DisclosedDocuments;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.disclosure.Populations;
import io.rwe.results.AnalysisResult;
import io.rwe.results.BaselineByGroup;
import io.rwe.riskset.AdjustedCox;
import io.rwe.results.KmResult;
import io.rwe.results.Results;
import io.rwe.riskset.SurvivalSummary;
import io.rwe.study.AnalysisNeeds;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.ReplicationClaims;
import io.rwe.study.Study;
import io.rwe.study.StudyCheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.rwe.core.Json;
import io.rwe.stats.ConfType;
import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The analyze stage (docs/analyze.md): for every analysis of the study ({@code rwe.study.analyses}) the
 * counts are aggregated in Spark over the analysis cohort ({@link CohortCounts}), collected (small) and
 * handed to the statistics; the results are built as the typed records of {@link Results}, written as
 * the {@code results.json} object, and the tables and risk-set rows of the run follow. The disclosure
 * policy ({@code rwe.disclosure.policy}, docs/disclosure.md) is applied last, to everything published
 * ({@link DisclosedDocuments}, {@link RateAnalysis#withPublishedTests}); the tables are read off the
 * published results, the step tables drawn from the curves the policy publishes, and the replication
 * verdict ({@link ReplicationVerdict}, {@code rwe.study.replication}) compares the published estimates
 * with the paper's.
 *
 * <p>Settings read: the study ({@link Study}: its flow steps and patterns, Table 1 variables, analyses,
 * {@code month-days}, {@code stratify-by}, {@code conf-level}), {@code rwe.study.conf-type} (pointwise KM
 * interval: log, log-log, plain; default log), {@code rwe.disclosure}.
 */
public final class AnalyzeStage {

    /**
     * What the stage produces; all of it small, on the driver.
     *
     * @param results     the results.json object, as published (under the policy)
     * @param published   the same, typed
     * @param tables      the tables of the run, by file name
     * @param riskSetRows the full-resolution risk sets (for the warehouse, never the run folder)
     * @param cohortSize  the number of included patients (exact: for progress lines, not for publishing)
     * @param coxAdjusted per comparison, what its adjusted Cox model cost: {@code iterations},
     *                    {@code aggregations} of the per-time sums, the bytes collected by the design's
     *                    aggregations and by the largest per-iteration one, and the (stratum, time) rows of
     *                    an iteration (for the manifest)
     * @param policy      the disclosure policy applied
     */
    public record Output(Map<String, Object> results, Results published, Map<String, CsvTable> tables,
                         List<Row> riskSetRows, long cohortSize, Map<String, Object> coxAdjusted,
                         DisclosurePolicy policy) {
    }

    /** Schema of the {@code risk_sets/} dataset of a run. */
    public static final StructType RISK_SET_SCHEMA = new StructType()
            .add("analysis", DataTypes.StringType, false)
            .add("group", DataTypes.StringType, false)
            .add("stratum", DataTypes.StringType, true)
            .add("time", DataTypes.DoubleType, false)
            .add("at_risk", DataTypes.LongType, false)
            .add("events", DataTypes.LongType, false)
            .add("censored", DataTypes.LongType, false);

    private AnalyzeStage() {
    }

    /**
     * Runs every analysis over {@code cohort} (one row per included patient, docs/architecture.md),
     * {@code adverseEvents} (patient_key, term, worst_grade) and the derive stage's {@code flow}, every
     * fact being available. The study is checked first ({@link StudyCheck}).
     */
    public static Output run(SparkSession spark, Config config, Dataset<Row> cohort, Dataset<Row> adverseEvents,
                             JsonNode flow) {
        return run(spark, config, cohort, adverseEvents, flow, null);
    }

    /**
     * Runs the analyses that the registry's {@code facts} support ({@link AnalysisNeeds}; null: every
     * analysis); the others, Table 2 included, are listed under {@code not_available} with the facts they
     * miss (docs/study.md, "Facts and needs").
     */
    public static Output run(SparkSession spark, Config config, Dataset<Row> cohort, Dataset<Row> adverseEvents,
                             JsonNode flow, java.util.Set<String> facts) {
        Study study = StudyCheck.check(config);
        ConfType confType = config.hasPath("rwe.study.conf-type")
                ? ConfType.parse(config.getString("rwe.study.conf-type")) : ConfType.LOG;
        SurvivalSummary.Settings settings = new SurvivalSummary.Settings(confType, study.confLevel(), 0);
        DisclosurePolicy policy = DisclosurePolicy.of(config);
        Map<String, String> notAvailable = facts == null ? Map.of()
                : AnalysisNeeds.notAvailable(config, study.analyses(), facts);
        List<AnalysisSpec> specs = study.analyses().stream().filter(a -> !notAvailable.containsKey(a.name())).toList();

        // One scan of the cohort's Parquet files feeds Table 1 (with the comparisons' groups), the risk sets,
        // the response counts, the discordant pairs and the adjusted models' columns (CohortScan); each task's
        // results are cached until the models are fitted. Table 2's cohort counts (patients, any_ae, dose_reduced,
        // interrupted) are a part too; its join of the adverse events with the cohort's keys comes afterwards.
        List<AnalysisSpec> comparisons = specs.stream().filter(a -> a.type() == AnalysisSpec.Type.COMPARE).toList();
        List<String> comparisonGroups = new ArrayList<>();
        for (AnalysisSpec a : comparisons) {
            a.groups().values().forEach(p -> comparisonGroups.add(CohortCounts.withEndpoint(p, a.endpoint())));
        }
        var baselineCount = CohortCounts.baselineCount(cohort, study.variables(), comparisonGroups);
        var riskSetCount = CohortCounts.riskSetCount(cohort, specs, study.monthDays(), study.stratifyBy());
        var responseCount = CohortCounts.responseCount(cohort, specs);
        var discordantCount = CohortCounts.discordantCount(cohort, specs);
        boolean table2 = !notAvailable.containsKey(AnalysisNeeds.ADVERSE_EVENTS);
        var aeFlagCount = table2 ? CohortCounts.adverseEventFlagCount(cohort) : null;
        Map<String, AdjustedModels.Planned> models = new LinkedHashMap<>();
        List<CohortScan.Part<?>> parts = new ArrayList<>(List.of(baselineCount.part()));
        parts.add(riskSetCount.part());
        parts.add(responseCount.part());
        parts.add(discordantCount.part());
        if (aeFlagCount != null) {
            parts.add(aeFlagCount.part());
        }
        for (AnalysisSpec a : comparisons) {
            if (a.isSurvival()) {
                AdjustedModels.Planned m = AdjustedModels.plan(cohort, study, a);
                models.put(a.name(), m);
                if (m.count() != null) {
                    parts.add(m.count().part());
                }
            }
        }
        List<Row> riskRows = new ArrayList<>();
        List<SurvivalAnalysis> survival = new ArrayList<>();
        Map<String, AnalysisResult> analyses = new LinkedHashMap<>();
        Map<String, Object> coxCosts = new LinkedHashMap<>();
        List<CohortCounts.Baseline> baselines;
        long[] aeFlags;
        try (CohortScan scan = CohortScan.of(cohort, parts)) {
            baselines = baselineCount.of(scan);
            aeFlags = aeFlagCount == null ? null : aeFlagCount.of(scan);
            Map<String, List<RiskSet>> allRiskSets = riskSetCount.of(scan);
            Map<String, List<CohortCounts.ResponseCount>> allResponses = responseCount.of(scan);
            Map<String, CohortCounts.Discordant> discordant = discordantCount.of(scan);
            for (AnalysisSpec a : specs) {
                if (a.isSurvival()) {
                    List<RiskSet> sets = allRiskSets.get(a.name());
                    for (RiskSet s : sets) {
                        for (RiskRow r : s.rows()) {
                            riskRows.add(RowFactory.create(a.name(), s.group(), s.stratum(), r.time(), r.atRisk(),
                                    r.events(), r.censored()));
                        }
                    }
                    SurvivalAnalysis sa = SurvivalAnalysis.of(a, sets, settings, policy);
                    survival.add(sa);
                    AdjustedModels.Fitted adjusted = null;
                    if (a.type() == AnalysisSpec.Type.COMPARE) {
                        adjusted = sa.notComparable() != null ? AdjustedModels.notEstimable(sa.notComparable())
                                : AdjustedModels.fit(spark, scan, models.get(a.name()), study);
                        coxCosts.put(a.name(), cost(adjusted));
                    }
                    analyses.put(a.name(), sa.toResult(adjusted));
                } else {
                    analyses.put(a.name(), RateAnalysis.toResult(a, allResponses.get(a.name()),
                            discordant.get(a.name())));
                }
            }
        }
        CohortCounts.Baseline baseline = baselines.get(0);
        Map<String, BaselineByGroup.Grouping> byGroup = new LinkedHashMap<>();
        int k = 1;
        for (AnalysisSpec a : comparisons) {
            Map<String, CohortCounts.Baseline> groups = new LinkedHashMap<>();
            for (String g : a.groups().keySet()) {
                groups.put(g, baselines.get(k++));
            }
            byGroup.put(a.name(), StudyResults.baselineByGroup(groups, study.variables()));
        }
        Results computed = new Results(StudyResults.flow(flow, study.flowSteps(), study.patterns()),
                StudyResults.baseline(baseline, study.variables()),
                comparisons.isEmpty() ? null : new BaselineByGroup(byGroup), analyses,
                table2 ? StudyResults.adverseEvents(CohortCounts.adverseEvents(cohort, adverseEvents, aeFlags)) : null,
                notAvailable);

        Map<String, Object> results = disclosed(computed.toJson(), policy, config, study);
        Results published = published(results, study);
        if (policy.active()) {
            results = published.toJson();
            results.put("disclosure", policy.toJson());
        }
        // The verdict compares the published (disclosed) estimates with the paper's; a new key, last.
        ReplicationClaims claims = ReplicationClaims.from(config, study);
        if (!claims.claims().isEmpty()) {
            results.put("replication", ReplicationVerdict.of(claims, published).toJson());
        }

        Map<String, CsvTable> tables = new LinkedHashMap<>(ResultTables.of(published, policy.suppressedAs()));
        tables.putAll(AdjustedTables.of(published, policy.suppressedAs()));
        CsvTable logrank = new CsvTable("analysis", "group", "observed", "expected");
        for (SurvivalAnalysis sa : survival) {
            tables.put("km_" + sa.spec().name() + ".csv", sa.stepTable((KmResult) published.analysis(sa.spec().name())));
            sa.logRankRows(logrank);
        }
        if (!policy.active()) {
            tables.put("logrank.csv", logrank);
        }
        return new Output(results, published, tables, riskRows, baseline.n(), coxCosts, policy);
    }

    /**
     * The results.json object {@code results} under {@code policy}: its declared counts suppressed and
     * rounded ({@code rwe.disclosure.results}), then the tests of the rate analyses from the published
     * counts. Unchanged when the policy changes nothing.
     */
    static Map<String, Object> disclosed(Map<String, Object> results, DisclosurePolicy policy, Config config,
                                         Study study) {
        if (!policy.active()) {
            return results;
        }
        DisclosedDocuments.apply(List.of(new DisclosedDocuments.Document("results.json", results,
                Declarations.results(config))), policy, Populations.of(study));
        for (AnalysisSpec a : study.analyses()) {
            if (!a.isSurvival() && results.get(a.name()) instanceof Map<?, ?> o) {
                @SuppressWarnings("unchecked")
                Map<String, Object> analysis = (Map<String, Object>) o;
                RateAnalysis.withPublishedTests(a, analysis, policy);
            }
        }
        return results;
    }

    /** The manifest's account of one adjusted model. */
    private static Map<String, Object> cost(AdjustedModels.Fitted f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", f.iterations());
        AdjustedCox.Accounting a = f.accounting();
        m.put("aggregations", a == null ? 0 : a.aggregations());
        m.put("design_bytes", a == null ? 0 : a.designBytes());
        m.put("bytes_per_iteration", a == null ? 0 : a.bytesPerAggregation());
        m.put("time_rows", a == null ? 0 : a.sumsRows());
        if (f.notEstimable() != null) {
            m.put("not_estimable", f.notEstimable());
        }
        return m;
    }

    /** The results.json object {@code results} read back as the typed results of {@code study}. */
    static Results published(Map<String, Object> results, Study study) {
        return Results.read(Json.read(Json.write(results)), "results.json", study.resultKinds());
    }

    /** The risk-set rows as a (small) DataFrame with {@link #RISK_SET_SCHEMA}. */
    public static Dataset<Row> riskSetFrame(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, RISK_SET_SCHEMA);
    }
}
