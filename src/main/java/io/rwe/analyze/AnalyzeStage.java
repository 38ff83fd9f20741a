package io.rwe.analyze;

import io.rwe.core.CsvTable;

import io.rwe.study.AnalysisNeeds;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.BaselineVariable;

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
 * The analyze stage (docs/study.md, "Analyses"): for every analysis of {@code rwe.study.analyses} the
 * counts are aggregated in Spark over the analysis cohort ({@link CohortCounts}), collected (small)
 * and handed to the statistics core; the results become the {@code results.json} object, the tables
 * and the risk-set rows of the run. Small-cell suppression ({@code rwe.report.suppression.min-cell})
 * is applied last, to everything published.
 *
 * <p>Settings read: {@code rwe.study.month-days} (months = days / month-days),
 * {@code rwe.study.stratify-by} (cohort column stratifying every log-rank and Cox model; empty: none),
 * {@code rwe.study.conf-type} (pointwise KM interval: log, log-log, plain; default log),
 * {@code rwe.report.suppression.min-cell}.
 */
public final class AnalyzeStage {

    /** What the stage produces; all of it small, on the driver. */
    public record Output(Map<String, Object> results, Map<String, CsvTable> tables, List<Row> riskSetRows,
                         long cohortSize) {
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

    /** The suppression threshold in force (0: off). */
    public static int minCell(Config config) {
        return config.hasPath("rwe.report.suppression.min-cell") ? config.getInt("rwe.report.suppression.min-cell") : 0;
    }

    /** The stratifying cohort column, or null. */
    public static String stratifyBy(Config config) {
        String s = config.hasPath("rwe.study.stratify-by") ? config.getString("rwe.study.stratify-by").trim() : "";
        return s.isEmpty() ? null : s;
    }

    /**
     * Runs every analysis over {@code cohort} (one row per included patient, docs/architecture.md),
     * {@code adverseEvents} (patient_key, term, worst_grade) and the derive stage's {@code flow}, every
     * fact being available.
     */
    public static Output run(SparkSession spark, Config config, Dataset<Row> cohort, Dataset<Row> adverseEvents,
                             JsonNode flow) {
        return run(spark, config, cohort, adverseEvents, flow, null);
    }

    /**
     * Runs the analyses that the registry's {@code facts} support ({@link AnalysisNeeds}; null: every
     * analysis); the others are listed under {@code not_available} with their missing facts.
     */
    public static Output run(SparkSession spark, Config config, Dataset<Row> cohort, Dataset<Row> adverseEvents,
                             JsonNode flow, java.util.Set<String> facts) {
        double monthDays = config.getDouble("rwe.study.month-days");
        String stratifyBy = stratifyBy(config);
        ConfType confType = config.hasPath("rwe.study.conf-type")
                ? ConfType.parse(config.getString("rwe.study.conf-type")) : ConfType.LOG;
        int minCell = minCell(config);
        List<AnalysisSpec> declared = AnalysisSpec.fromConfig(config);
        Map<String, String> notAvailable = facts == null ? Map.of() : AnalysisNeeds.notAvailable(config, declared, facts);
        List<AnalysisSpec> specs = declared.stream().filter(a -> !notAvailable.containsKey(a.name())).toList();
        List<BaselineVariable> variables = BaselineVariable.fromConfig(config);

        // Not cached: the cohort is read from its Parquet files by four scans (Table 1, risk sets,
        // response rates, Table 2), each reading only the columns it needs; caching every column of
        // every patient in memory first costs more than that (docs/analyze.md, BENCHMARKS.md).
        Dataset<Row> c = cohort;
        {
            Map<String, Object> results = Json.object();
            results.put("cohort_flow", StudyResults.flow(flow));
            CohortCounts.Baseline baseline = CohortCounts.baseline(c, variables);
            results.put("baseline", StudyResults.baseline(baseline, variables));

            Map<String, List<RiskSet>> allRiskSets = CohortCounts.riskSets(c, specs, monthDays, stratifyBy);
            Map<String, List<CohortCounts.ResponseCount>> allResponses = CohortCounts.responses(c, specs);
            List<Row> riskRows = new ArrayList<>();
            List<SurvivalAnalysis> survival = new ArrayList<>();
            Map<String, Map<String, String>> predicates = new LinkedHashMap<>();
            for (AnalysisSpec a : specs) {
                predicates.put(a.name(), a.type() == AnalysisSpec.Type.SCOPE_RATES ? Map.of() : a.groups());
                if (a.isSurvival()) {
                    List<RiskSet> sets = allRiskSets.get(a.name());
                    for (RiskSet s : sets) {
                        for (RiskRow r : s.rows()) {
                            riskRows.add(RowFactory.create(a.name(), s.group(), s.stratum(), r.time(), r.atRisk(),
                                    r.events(), r.censored()));
                        }
                    }
                    SurvivalAnalysis sa = SurvivalAnalysis.of(a, sets, confType);
                    survival.add(sa);
                    results.put(a.name(), sa.toResults());
                } else if (a.type() == AnalysisSpec.Type.ADVERSE_EVENTS) {
                    results.put(a.name(), StudyResults.adverseEvents(CohortCounts.adverseEvents(c, adverseEvents)));
                } else {
                    results.put(a.name(), RateAnalysis.toResults(a, allResponses.get(a.name())));
                }
            }
            if (!notAvailable.isEmpty()) {
                Map<String, Object> na = Json.object();
                na.putAll(notAvailable);
                results.put("not_available", na);
            }

            ResultsSuppression.apply(results, minCell, predicates);

            Map<String, CsvTable> tables = new LinkedHashMap<>(ResultTables.fromResults(results, minCell));
            CsvTable logrank = new CsvTable("analysis", "group", "observed", "expected");
            for (SurvivalAnalysis sa : survival) {
                tables.put("km_" + sa.spec().name() + ".csv", sa.stepTable(minCell));
                sa.logRankRows(logrank, results, minCell);
            }
            tables.put("logrank.csv", logrank);
            return new Output(results, tables, riskRows, baseline.n());
        }
    }

    /** The risk-set rows as a (small) DataFrame with {@link #RISK_SET_SCHEMA}. */
    public static Dataset<Row> riskSetFrame(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, RISK_SET_SCHEMA);
    }
}
