package io.rwe.bench;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import io.rwe.study.AnalysisSpec;
import io.rwe.analyze.AnalyzeStage;
import io.rwe.analyze.CohortCounts;
import io.rwe.riskset.SurvivalSummary;
import io.rwe.study.Study;
import io.rwe.derive.CohortFlow;
import io.rwe.derive.CohortStore;
import io.rwe.derive.DerivedCohort;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.core.Json;
import io.rwe.stats.ConfType;
import io.rwe.stats.RiskSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark driver of the analyze stage alone (BENCHMARKS.md), run by {@code jobs/bench}:
 * <pre>
 *   cohort  --warehouse W --rows N [--csv FILE]   a synthetic analysis cohort of N rows in W (cached:
 *                                                 built only when W has no published cohort), and
 *                                                 its survival columns as one CSV file (when missing)
 *   analyze --warehouse W [--json FILE]           times {@link AnalyzeStage#run} on W's cohort, then
 *                                                 the same work phase by phase (profile)
 * </pre>
 * The synthetic cohort has every column of the analysis cohort (docs/architecture.md) with the
 * paper's proportions roughly kept (lung metastasis 40 %, times in whole days up to 1,000), drawn
 * from Spark's seeded {@code rand} so that the same N and partitions give the same rows. It is not a
 * clinical simulation (use {@code jobs/generate} for that): it exists to give the analyze stage
 * realistic shapes (distinct times, group sizes, nulls) at 10^7 rows.
 */
public final class AnalyzeBench {

    private AnalyzeBench() {
    }

    /**
     * The CSV columns R reads (bench/survival-r.R): the four endpoints, the two grouping columns and the
     * adjustment set of conf/study.conf.
     */
    static final List<String> CSV_COLUMNS = List.of("lung_metastasis", "pattern", "pfs_days", "pfs_event",
            "mpfs_days", "mpfs_event", "lung_mpfs_days", "lung_mpfs_event", "os_days", "os_event", "age", "sex",
            "bclc_stage", "child_pugh_class", "portal_vein_invasion", "afp", "treatment_setting");

    public static void main(String[] argv) {
        if (argv.length == 0) {
            System.err.println("usage: AnalyzeBench cohort|analyze --warehouse W [--rows N] [--csv F] [--json F]");
            System.exit(2);
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            opts.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Config config = Configs.load(Optional.empty());
        SparkSession spark = Sparks.session(config, "bench-" + argv[0]);
        try {
            Path warehouse = Path.of(opts.get("warehouse"));
            switch (argv[0]) {
                case "cohort" -> cohort(spark, warehouse, Long.parseLong(opts.getOrDefault("rows", "10000000")),
                        opts.containsKey("csv") ? Path.of(opts.get("csv")) : null);
                case "analyze" -> {
                    Map<String, Object> out = analyze(spark, config, warehouse);
                    String json = Json.write(out);
                    if (opts.containsKey("json")) {
                        Json.write(Path.of(opts.get("json")), out);
                    }
                    System.out.println(json);
                }
                default -> {
                    System.err.println("unknown command " + argv[0]);
                    System.exit(2);
                }
            }
        } finally {
            spark.stop();
        }
    }

    /** The synthetic analysis cohort of {@code rows} patients (see the class comment). */
    static Dataset<Row> syntheticCohort(SparkSession spark, long rows, int partitions) {
        Dataset<Row> base = spark.range(0, rows, 1, partitions).selectExpr("id",
                "rand(11) AS u_lung", "rand(12) AS u_extra", "rand(13) AS u_new", "rand(14) AS u_age",
                "rand(15) AS u_pfs", "rand(16) AS u_os", "rand(17) AS u_mpfs", "rand(18) AS u_lmpfs",
                "rand(19) AS u_cens", "rand(20) AS u_cat", "rand(21) AS u_resp", "rand(22) AS u_ae");
        return base.selectExpr(
                "concat('p', id) AS patient_key",
                "concat('c', id % 40) AS center_id",
                "date_add(DATE'2015-11-07', CAST(id % 914 AS INT)) AS index_date",
                "CAST(25 + floor(u_age * 60) AS INT) AS age",
                "u_lung < 0.4 AS lung_metastasis",
                "u_extra < 0.5 AS extrahepatic_nonlung",
                "u_new < 0.3 AS new_intrahepatic",
                // Hazards in months: lung metastasis worsens PFS and OS (the paper's direction).
                "CAST(least(1000, ceil(-ln(1 - u_pfs) * 30.4375 * IF(u_lung < 0.4, 3.5, 5.0))) AS INT) AS pfs_days",
                "CAST(least(1000, ceil(-ln(1 - u_mpfs) * 30.4375 * IF(u_lung < 0.4, 3.8, 5.5))) AS INT) AS mpfs_days",
                "IF(u_lung < 0.4, CAST(least(1000, ceil(-ln(1 - u_lmpfs) * 30.4375 * 4.0)) AS INT), NULL) "
                        + "AS lung_mpfs_days",
                "CAST(least(1000, ceil(-ln(1 - u_os) * 30.4375 * IF(u_lung < 0.4, 9.0, 13.0))) AS INT) AS os_days",
                "u_cens", "u_cat", "u_resp", "u_ae", "u_lung", "u_extra")
                .selectExpr("*",
                        "pfs_days < 1000 AND u_cens < 0.85 AS pfs_event",
                        "mpfs_days < 1000 AND u_cens < 0.80 AS mpfs_event",
                        "IF(lung_mpfs_days IS NULL, NULL, lung_mpfs_days < 1000 AND u_cens < 0.75) AS lung_mpfs_event",
                        "os_days < 1000 AND u_cens < 0.70 AS os_event",
                        "CASE WHEN lung_metastasis AND NOT extrahepatic_nonlung THEN 'lung_only' "
                                + "WHEN lung_metastasis THEN 'multi_organ' ELSE 'non_lung' END AS pattern",
                        "IF(age < 65, '<65', '>=65') AS age_group",
                        "IF(u_cat < 0.85, 'M', 'F') AS sex",
                        "IF(u_cat * 7 % 1 < 0.5, 'ever', 'never') AS smoking",
                        "IF(u_cat * 11 % 1 < 0.3, 'yes', 'no') AS portal_vein_invasion",
                        "IF(u_cat * 13 % 1 < 0.6, 'yes', 'no') AS locoregional_liver",
                        "IF(u_cat * 17 % 1 < 0.7, 'yes', 'no') AS antiviral_treatment",
                        "IF(u_cat * 19 % 1 < 0.2, 'B', 'C') AS bclc_stage",
                        "IF(u_cat * 23 % 1 < 0.75, 'A', 'B') AS child_pugh_class",
                        "IF(u_cat * 29 % 1 < 0.4, 'first_line', 'second_line_plus') AS treatment_setting",
                        "CASE WHEN u_cat * 31 % 1 < 0.4 THEN '<1000' WHEN u_cat * 31 % 1 < 0.9 THEN '>=1000' "
                                + "ELSE 'not_examined' END AS hbv_dna",
                        "CASE WHEN u_cat * 37 % 1 < 0.5 THEN '>=400' WHEN u_cat * 37 % 1 < 0.97 THEN '<400' "
                                + "ELSE NULL END AS afp")
                .selectExpr("*",
                        "element_at(array('CR','PR','SD','PD','NE'), CAST(1 + floor(u_resp * 5) AS INT)) AS best_overall",
                        "element_at(array('PR','SD','PD','NE','SD'), CAST(1 + floor(u_resp * 17 % 1 * 5) AS INT)) "
                                + "AS best_metastatic",
                        "IF(lung_metastasis, element_at(array('CR','PR','SD','PD'), "
                                + "CAST(1 + floor(u_resp * 7 % 1 * 4) AS INT)), NULL) AS best_lung",
                        "IF(extrahepatic_nonlung, element_at(array('PR','SD','PD','NE'), "
                                + "CAST(1 + floor(u_resp * 11 % 1 * 4) AS INT)), NULL) AS best_extrahepatic_nonlung",
                        "IF(new_intrahepatic, element_at(array('PR','SD','PD'), "
                                + "CAST(1 + floor(u_resp * 13 % 1 * 3) AS INT)), NULL) AS best_intrahepatic_new",
                        "u_ae < 0.2 AS dose_reduced",
                        "u_ae * 3 % 1 < 0.25 AS interrupted",
                        "u_ae * 5 % 1 < 0.8 AS any_ae")
                .drop("u_cens", "u_cat", "u_resp", "u_ae", "u_lung", "u_extra");
    }

    /** Adverse events of the synthetic cohort: one term for one patient in ten, grades 1–4. */
    static Dataset<Row> syntheticAdverseEvents(SparkSession spark, long rows, int partitions) {
        return spark.range(0, rows, 10, partitions).selectExpr("concat('p', id) AS patient_key",
                "element_at(array('hypertension','hand_foot_syndrome','proteinuria','fatigue','diarrhea'), "
                        + "CAST(1 + id / 10 % 5 AS INT)) AS term",
                "CAST(1 + floor(rand(31) * 4) AS INT) AS worst_grade");
    }

    /** Builds and publishes the synthetic cohort unless one is published, and writes the CSV if missing. */
    static void cohort(SparkSession spark, Path warehouse, long rows, Path csv) {
        int partitions = (int) Math.max(2, Math.min(64, rows / 500_000));
        boolean present = Files.isRegularFile(warehouse.resolve("cohort").resolve("CURRENT"));
        if (!present) {
            long t0 = System.nanoTime();
            Dataset<Row> cohort = syntheticCohort(spark, rows, partitions);
            long lung = Math.round(rows * 0.4);
            CohortFlow flow = new CohortFlow(rows, Map.of(), rows,
                    Map.of("lung_only", lung / 2, "multi_organ", lung - lung / 2, "non_lung", rows - lung));
            CohortStore.write(DerivedCohort.of(cohort, syntheticAdverseEvents(spark, rows, partitions), flow),
                    warehouse, Map.of("synthetic", true, "rows", rows));
            System.err.printf("bench: synthetic cohort of %d rows written in %.1f s%n", rows, secondsSince(t0));
        }
        if (csv != null && !Files.isRegularFile(csv)) {
            long t0 = System.nanoTime();
            Path tmp = csv.resolveSibling(csv.getFileName() + ".parts");
            CohortStore.cohort(spark, warehouse).select(CSV_COLUMNS.stream().map(c -> col(c)).toArray(
                            org.apache.spark.sql.Column[]::new))
                    .coalesce(1).write().mode("overwrite").option("header", true).csv(tmp.toString());
            try (Stream<Path> parts = Files.list(tmp)) {
                Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
                        .orElseThrow();
                Files.move(part, csv, StandardCopyOption.REPLACE_EXISTING);
                try (Stream<Path> rest = Files.list(tmp)) {
                    for (Path p : rest.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.err.printf("bench: %s written in %.1f s%n", csv, secondsSince(t0));
        }
    }

    /**
     * Times the analyze stage on the published cohort of {@code warehouse}: {@code stage} is one
     * whole {@link AnalyzeStage#run} from the Parquet files, then {@code phases} the
     * same work step by step, each phase from the Parquet files, to say where the time goes.
     */
    static Map<String, Object> analyze(SparkSession spark, Config config, Path warehouse) {
        CollectedBytes collected = CollectedBytes.attach(spark);
        DerivedCohort d = CohortStore.read(spark, warehouse);
        com.fasterxml.jackson.databind.JsonNode flow = Json.read(Json.write(d.flow().toJson()));
        Map<String, Object> out = Json.object();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long b0 = collected.dataBytes();
        long tb0 = collected.bytes();
        long t0 = System.nanoTime();
        AnalyzeStage.Output o = AnalyzeStage.run(spark, config, d.cohort(), d.adverseEvents(), flow);
        double wall = secondsSince(t0);
        CollectedBytes.settle(spark);
        Map<String, Object> stage = Json.object();
        stage.put("rows", o.cohortSize());
        stage.put("wall_s", round(wall));
        stage.put("process_cpu_s", round((processCpuNanos() - cpu0) / 1e9));
        stage.put("collected_bytes", collected.dataBytes() - b0);
        stage.put("task_result_bytes", collected.bytes() - tb0);
        stage.put("risk_set_rows", o.riskSetRows().size());
        stage.put("peak_heap_used_bytes", peakHeapUsed());
        stage.put("cox_adjusted", o.coxAdjusted());
        out.put("stage", stage);
        System.err.println("bench: analyze stage " + Json.writeCompact(stage));

        // Phase by phase, each from the cohort's Parquet files as the stage reads them: where the time goes.
        Map<String, Object> phases = Json.object();
        Study study = Study.from(config);
        List<AnalysisSpec> specs = study.analyses();
        Dataset<Row> c = d.cohort();
        long t = System.nanoTime();
        CohortCounts.baseline(c, study.variables());
        phases.put("table1_s", round(secondsSince(t)));
        t = System.nanoTime();
        Map<String, List<RiskSet>> sets = CohortCounts.riskSets(c, specs, study.monthDays(), study.stratifyBy());
        phases.put("risk_sets_s", round(secondsSince(t)));
        t = System.nanoTime();
        SurvivalSummary.Settings settings = new SurvivalSummary.Settings(ConfType.LOG, study.confLevel(), 0);
        for (AnalysisSpec a : specs) {
            if (a.isSurvival()) {
                SurvivalSummary.of(sets.get(a.name()), List.copyOf(a.groups().keySet()), a.reference(), settings);
            }
        }
        phases.put("km_logrank_cox_on_driver_s", round(secondsSince(t)));
        t = System.nanoTime();
        CohortCounts.responses(c, specs);
        phases.put("response_rates_s", round(secondsSince(t)));
        t = System.nanoTime();
        CohortCounts.adverseEvents(c, d.adverseEvents());
        phases.put("table2_s", round(secondsSince(t)));
        out.put("phases", phases);
        return out;
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double round(double s) {
        return Math.round(s * 1000) / 1000.0;
    }

    /** CPU time of this whole JVM (every thread: driver, executors in local mode, GC, JIT). */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    /** Sum over the heap pools of their peak used bytes since {@link #resetPeaks}. */
    static long peakHeapUsed() {
        long n = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                n += p.getPeakUsage().getUsed();
            }
        }
        return n;
    }
}
