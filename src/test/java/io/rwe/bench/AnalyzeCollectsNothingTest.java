package io.rwe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.SparkCodegen;
import io.rwe.TestSpark;
import io.rwe.analyze.AnalyzeStage;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors count, the driver computes: the analyze stage must bring no patient-level row to the
 * driver, not even inside Spark's own machinery (a broadcast join collects its build side through
 * task results before sending it out). Every byte the tasks send back ({@link CollectedBytes#bytes()})
 * is measured on synthetic cohorts of 20,000 and 200,000 patients written as Parquet (the same number
 * of files, so the same tasks): it may grow with the risk-set rows (distinct days, nearly saturated
 * here: about 100 kB more), not with the patients. Measured: about 190 kB and 220 kB; with the
 * adverse-event semi-join left to Spark's broadcast, 280 kB and 1.2 MB (the cohort's keys). A
 * deliberate broadcast join of the cohort shows the measure can fail.
 */
@ExtendWith(SparkCodegen.class)
class AnalyzeCollectsNothingTest {

    @TempDir
    Path tmp;

    static final JsonNode FLOW = Json.read("{\"reviewed\": 1, \"excluded\": {}, \"included\": 1, \"patterns\": {}}");

    Dataset<Row>[] write(SparkSession spark, long n, String name) {
        String c = tmp.resolve(name + "-cohort").toString();
        String a = tmp.resolve(name + "-ae").toString();
        AnalyzeBench.syntheticCohort(spark, n, 2).write().parquet(c);
        AnalyzeBench.syntheticAdverseEvents(spark, n, 2).write().parquet(a);
        @SuppressWarnings("unchecked")
        Dataset<Row>[] out = new Dataset[] {spark.read().parquet(c), spark.read().parquet(a)};
        return out;
    }

    /** Distinct values of the cohort's endpoint times ({@code *_days}), counted by Spark. */
    static long distinctTimes(Dataset<Row> cohort) {
        org.apache.spark.sql.Column[] days = java.util.Arrays.stream(cohort.columns()).filter(c -> c.endsWith("_days"))
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
        return cohort.select(org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(days)).as("t"))
                .distinct().count();
    }

    /** Bytes of task results received while {@code body} runs. */
    static long overhead(SparkSession spark, Runnable body) {
        CollectedBytes c = CollectedBytes.attach(spark);
        CollectedBytes.settle(spark);
        long b0 = c.bytes();
        body.run();
        CollectedBytes.settle(spark);
        return c.bytes() - b0;
    }

    @Test
    void analyzeStageCollectsNoPatientLevelRows() {
        SparkSession spark = TestSpark.session();
        Dataset<Row>[] small = write(spark, 20_000, "small");
        Dataset<Row>[] large = write(spark, 200_000, "large");
        long[] n = new long[2];
        // The adjusted Cox models collect per-time sums once per Newton step, and the number of steps depends
        // on the data (3 at 20,000 patients, 4 at 200,000 here): their bytes are checked per aggregation
        // below; the rest of the stage is compared whole, without them.
        com.typesafe.config.Config unadjusted = Configs.load().withValue("rwe.study.adjustment",
                com.typesafe.config.ConfigValueFactory.fromIterable(java.util.List.of()));
        long s = overhead(spark, () -> n[0] = AnalyzeStage.run(spark, unadjusted, small[0], small[1], FLOW).cohortSize());
        long l = overhead(spark, () -> n[1] = AnalyzeStage.run(spark, unadjusted, large[0], large[1], FLOW).cohortSize());
        Map<String, Object> costSmall = AnalyzeStage.run(spark, Configs.load(), small[0], small[1], FLOW).coxAdjusted();
        Map<String, Object> costLarge = AnalyzeStage.run(spark, Configs.load(), large[0], large[1], FLOW).coxAdjusted();
        assertFalse(costSmall.isEmpty(), "the default study fits adjusted models");
        for (String model : costSmall.keySet()) {
            for (String key : java.util.List.of("bytes_per_iteration", "design_bytes")) {
                long a = ((Number) ((Map<?, ?>) costSmall.get(model)).get(key)).longValue();
                long b = ((Number) ((Map<?, ?>) costLarge.get(model)).get(key)).longValue();
                assertTrue(a > 0 && b < a * 1.25 + 10_000, model + " " + key + ": " + a + " bytes for 20,000 patients, "
                        + b + " for 200,000");
            }
        }
        assertEquals(20_000, n[0]);
        assertEquals(200_000, n[1]);
        // Same tasks, same metrics; the risk sets and the adjusted Cox models' per-time sums grow with the
        // distinct times (counted on the executors), not with the patients. 180,000 more patients' keys would
        // add far more than the margin (at least 5 bytes each, serialized: 900 kB).
        double times = Math.max(1.0, (double) distinctTimes(large[0]) / distinctTimes(small[0]));
        assertTrue(l < s * 1.25 * times + 50_000, "task results: " + s + " bytes for 20,000 patients, " + l
                + " for 200,000 (distinct times ×" + times + ")");

        // The measure sees a broadcast of the cohort's keys.
        long b = overhead(spark, () -> large[1].join(org.apache.spark.sql.functions.broadcast(
                large[0].select("patient_key")), "patient_key").count());
        assertTrue(b > 500_000, "a broadcast of 200,000 keys measured only " + b + " bytes");
        System.err.println("task results: analyze 20,000 → " + s + ", 200,000 → " + l + "; broadcast → " + b);
    }
}
