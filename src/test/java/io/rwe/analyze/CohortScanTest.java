package io.rwe.analyze;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.study.BaselineVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table 1 through the cohort scan, read from Parquet column batches (text columns dictionary-encoded, or not:
 * the writer told not to) and from rows (whole-stage code generation off, or the cohort filtered or cached,
 * neither a plain file scan): every path gives the counts worked out by hand below.
 *
 * <p>The cohort: 10,000 patients, i = 0 … 9,999, written in 4 files (so 4 tasks, each many batches of 4,096
 * rows at most): sex F when i mod 4 = 0, M when i mod 4 ∈ {1, 2}, missing when 3; a boolean flag true when i mod
 * 5 = 0, missing when 1, false otherwise; age 40 + (i mod 50); the group predicate {@code idx < 6000}.
 */
class CohortScanTest {

    @TempDir
    Path dir;

    @Test
    void tableOneFromBatchesWithAndWithoutDictionariesAndFromRowsIsTheHandCount() {
        SparkSession spark = TestSpark.session();
        StructType schema = new StructType().add("idx", DataTypes.IntegerType, false)
                .add("age", DataTypes.IntegerType, true).add("sex", DataTypes.StringType, true)
                .add("flag", DataTypes.BooleanType, true);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String sex = switch (i % 4) {
                case 0 -> "F";
                case 3 -> null;
                default -> "M";
            };
            Boolean flag = i % 5 == 0 ? Boolean.TRUE : i % 5 == 1 ? null : Boolean.FALSE;
            rows.add(RowFactory.create(i, 40 + i % 50, sex, flag));
        }
        Dataset<Row> cohort = spark.createDataFrame(rows, schema).repartition(4, col("idx")).sortWithinPartitions("idx");
        cohort.write().parquet(dir.resolve("dictionary").toString());
        cohort.write().option("parquet.enable.dictionary", "false").parquet(dir.resolve("plain").toString());
        List<BaselineVariable> variables = List.of(new BaselineVariable("sex", null, List.of("F", "M")),
                new BaselineVariable("flag", null, List.of("yes", "no")));

        // Spark's Parquet reader hands out column batches only with whole-stage code generation on (the
        // test session's default is off, as for a tiny input of the jobs/ scripts).
        String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
        try {
            for (String codegen : List.of("true", "false")) {
                spark.conf().set("spark.sql.codegen.wholeStage", codegen);
                for (String kind : List.of("dictionary", "plain")) {
                    Dataset<Row> read = spark.read().parquet(dir.resolve(kind).toString());
                    CohortScan.Count<List<Row>, List<CohortCounts.Baseline>> count =
                            CohortCounts.baselineCount(read, variables, List.of("idx < 6000"));
                    try (CohortScan scan = CohortScan.of(read, List.of(count.part()))) {
                        assertEquals(codegen.equals("true"), scan.columnar(),
                                kind + ", whole-stage " + codegen + ": read from the column batches");
                        check(kind + ", whole-stage " + codegen, count.of(scan));
                    }
                }
            }
        } finally {
            spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
        }
        // A filtered cohort is not a plain file scan (its rows are not the files' rows): read from rows. Its counts
        // are those of the group above: 6,000 patients, sex F 1,500, M 3,000, missing 1,500.
        spark.conf().set("spark.sql.codegen.wholeStage", "true");
        try {
            Dataset<Row> filtered = spark.read().parquet(dir.resolve("dictionary").toString()).where("idx < 6000");
            CohortScan.Count<List<Row>, List<CohortCounts.Baseline>> count =
                    CohortCounts.baselineCount(filtered, variables, List.of());
            try (CohortScan scan = CohortScan.of(filtered, List.of(count.part()))) {
                assertFalse(scan.columnar(), "a filtered cohort is read from rows");
                CohortCounts.Baseline b = count.of(scan).get(0);
                assertEquals(6_000, b.n());
                assertEquals(counts("F", 1_500L, "M", 3_000L, null, 1_500L), b.counts().get("sex"));
            }
        } finally {
            spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
        }
        Dataset<Row> cached = spark.read().parquet(dir.resolve("dictionary").toString()).cache();
        try {
            CohortScan.Count<List<Row>, List<CohortCounts.Baseline>> count =
                    CohortCounts.baselineCount(cached, variables, List.of("idx < 6000"));
            try (CohortScan scan = CohortScan.of(cached, List.of(count.part()))) {
                assertFalse(scan.columnar(), "a cached cohort is read from rows");
                check("rows", count.of(scan));
            }
        } finally {
            cached.unpersist();
        }
    }

    /**
     * The analyze stage over the analysis fixture (30 patients) read from Parquet column batches — the adjusted
     * models' categorical columns then read from the batches too, by dictionary number or text — gives the same
     * results, every number the same bits, as over the fixture's rows. A yes/no column (new_intrahepatic,
     * with a patient's value removed) joins the adjustment set so that the batches' booleans are read as well.
     */
    @Test
    void analyzeResultsFromColumnBatchesAreThoseFromRows() {
        SparkSession spark = TestSpark.session();
        Dataset<Row> csv = AnalyzeFixture.cohort().withColumn("new_intrahepatic",
                org.apache.spark.sql.functions.expr("IF(patient_key = 'k004', NULL, new_intrahepatic)"));
        csv.write().parquet(dir.resolve("fixture-dictionary").toString());
        csv.write().option("parquet.enable.dictionary", "false").parquet(dir.resolve("fixture-plain").toString());
        List<Object> adjustment = new ArrayList<>(com.typesafe.config.ConfigFactory.empty().withValue("a",
                AnalyzeFixture.config().getValue("rwe.study.adjustment")).getList("a").unwrapped());
        adjustment.add(Map.of("name", "new_intrahepatic", "levels", List.of("no", "yes", "missing")));
        com.typesafe.config.Config config = AnalyzeFixture.config("rwe.study.adjustment", adjustment);
        // Read before code generation is switched on: the fixture's reads ask for the test session (getOrCreate),
        // which sets it back.
        Dataset<Row> ae = AnalyzeFixture.adverseEvents();
        String fromRows = io.rwe.core.Json.write(AnalyzeStage.run(spark, config, csv, ae, AnalyzeFixture.flow())
                .results());
        assertTrue(fromRows.contains("\"new_intrahepatic=missing\" : {"), "the yes/no column is in the model");
        String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
        spark.conf().set("spark.sql.codegen.wholeStage", "true");
        try {
            io.rwe.study.Study study = io.rwe.study.Study.from(config);
            io.rwe.study.AnalysisSpec spec = study.analyses().stream()
                    .filter(a -> a.name().equals("mpfs_lungonly_vs_nonlung")).findFirst().orElseThrow();
            for (String kind : List.of("fixture-dictionary", "fixture-plain")) {
                Dataset<Row> read = spark.read().parquet(dir.resolve(kind).toString());
                AdjustedModels.Planned model = AdjustedModels.plan(read, study, spec);
                try (CohortScan scan = CohortScan.of(read, List.of(model.count().part()))) {
                    scan.results(model.count().part()).count();
                    assertTrue(scan.columnar(), kind + ": the model's columns read from the column batches");
                }
                assertEquals(fromRows, io.rwe.core.Json.write(AnalyzeStage.run(spark, config, read, ae,
                        AnalyzeFixture.flow()).results()), kind);
            }
        } finally {
            spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
        }
    }

    private static void check(String path, List<CohortCounts.Baseline> b) {
        CohortCounts.Baseline all = b.get(0);
        CohortCounts.Baseline group = b.get(1);
        assertEquals(10_000, all.n(), path);
        assertEquals(6_000, group.n(), path);
        // sex: F 10,000 / 4 = 2,500; M 5,000; missing 2,500. In idx < 6000: 1,500, 3,000, 1,500.
        assertEquals(counts("F", 2_500L, "M", 5_000L, null, 2_500L), all.counts().get("sex"), path);
        assertEquals(counts("F", 1_500L, "M", 3_000L, null, 1_500L), group.counts().get("sex"), path);
        // flag: yes 10,000 / 5 = 2,000; missing 2,000; no 6,000. In idx < 6000: 1,200, 1,200, 3,600.
        assertEquals(counts("yes", 2_000L, "no", 6_000L, null, 2_000L), all.counts().get("flag"), path);
        assertEquals(counts("yes", 1_200L, "no", 3_600L, null, 1_200L), group.counts().get("flag"), path);
        // age: 40 … 89, 200 patients each (120 in the group). R: x <- rep(40:89, each = 200);
        // median(x) = 64.5, mean(x) = 64.5, var(x) = 200 · 50 · (50² − 1) / 12 / 9999 = 2082500 / 9999
        assertEquals(64.5, all.age().median(), path);
        assertEquals(40, all.age().min(), path);
        assertEquals(89, all.age().max(), path);
        assertEquals(64.5, all.age().mean(), 1e-12, path);
        assertEquals(2_082_500.0 / 9_999, all.age().variance(), 1e-9, path);
        // the group: rep(40:89, each = 120), var = 120 · 10412.5 / 5999
        assertEquals(64.5, group.age().median(), path);
        assertEquals(120 * 10_412.5 / 5_999, group.age().variance(), 1e-9, path);
    }

    private static Map<String, Long> counts(Object... pairs) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return m;
    }
}
