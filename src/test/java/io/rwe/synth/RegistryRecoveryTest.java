package io.rwe.synth;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry profile at 10^5 patients gives back, through the study's rules applied with plain
 * Spark aggregates on the written files, the effects and rates planted in conf/generator.conf, each
 * within four standard errors.
 *
 * <p>Planted (conf/generator.conf): exponential progression (shape 1) with hazard ratio 0.316 of the
 * lung site against new intrahepatic lesions (both hazard ratios against the reference), so
 * metastasis-specific PFS of lung_only versus non_lung patients has HR 0.316. Its estimate here is
 * the ratio of exponential rates, events / days at risk, with SE(log HR) = √(1/E₁ + 1/E₂) (the
 * exponential maximum-likelihood estimate). Response rates are binomial (SE √(p(1−p)/n)), as are
 * the adverse-event rates.
 */
@Tag("slow")
class RegistryRecoveryTest {
    static final long PATIENTS = 100_000;
    static SparkSession spark;
    static RegistryParams params;
    static Path extract;

    @BeforeAll
    static void generate(@TempDir Path out) {
        spark = TestSpark.session();
        params = RegistryParams.from(Configs.load());
        new RegistryProfile(params, 424242, 0, 1).withPartitions(4).write(spark, out, PATIENTS);
        extract = out.resolve("2018-09-03");
    }

    private static final Map<String, Dataset<Row>> TABLES = new HashMap<>();

    /** One file of the extract, parsed once and kept in memory for the three tests. */
    private static synchronized Dataset<Row> csv(String table) {
        return TABLES.computeIfAbsent(table, t -> spark.read().option("header", "true")
                .csv(extract.resolve(t + ".csv").toString()).cache());
    }

    /** Reviewed patients: index date and metastasis pattern from the baseline lesions. */
    private static Dataset<Row> reviewed() {
        Dataset<Row> index = csv("treatments")
                .where("drug = 'apatinib' and start_date between '2015-11-07' and '2018-05-08'")
                .groupBy("patient_id").agg(min(col("start_date").cast("date")).as("index_date"));
        Dataset<Row> sites = csv("lesions").groupBy("patient_id").agg(
                max(when(col("site").equalTo("lung"), 1).otherwise(0)).as("lung"),
                max(when(col("site").isin("lymph_node", "bone", "adrenal", "peritoneum", "brain", "other"), 1)
                        .otherwise(0)).as("ehn"));
        return index.join(sites, "patient_id").withColumn("pattern",
                when(col("lung").equalTo(1).and(col("ehn").equalTo(0)), "lung_only")
                        .when(col("lung").equalTo(1), "multi_organ").otherwise("non_lung"));
    }

    @Test
    void metastasisSpecificPfsHazardRatioLungOnlyVersusNonLung() {
        Dataset<Row> scans = csv("assessments").where("scope = 'metastatic'")
                .withColumn("d", col("assessment_date").cast("date"));
        Dataset<Row> patients = csv("patients").select(col("patient_id"), col("death_date").cast("date").as("death"));
        Dataset<Row> perPatient = reviewed().join(scans, "patient_id")
                .where("d > index_date and d <= date'2018-08-07'")
                .groupBy("patient_id", "pattern", "index_date")
                .agg(min(when(col("response").equalTo("PD"), col("d"))).as("pd"), max("d").as("last"))
                .join(patients, "patient_id")
                .withColumn("death_in", when(col("death").leq(lit(java.sql.Date.valueOf("2018-08-07"))), col("death")))
                .withColumn("event_date", functionsLeast(col("pd"), col("death_in")))
                .withColumn("event", when(col("event_date").isNotNull(), 1).otherwise(0))
                .withColumn("days", datediff(when(col("event_date").isNotNull(), col("event_date"))
                        .otherwise(col("last")), col("index_date")));
        Map<String, double[]> g = new HashMap<>();
        for (Row r : perPatient.groupBy("pattern").agg(sum("event").as("e"), sum("days").as("t")).collectAsList()) {
            g.put(r.getString(0), new double[] {r.getLong(1), r.getLong(2)});
        }
        double hr = (g.get("lung_only")[0] / g.get("lung_only")[1]) / (g.get("non_lung")[0] / g.get("non_lung")[1]);
        double se = Math.sqrt(1 / g.get("lung_only")[0] + 1 / g.get("non_lung")[0]);
        double planted = params.hrLung / params.hrIntrahepatic;
        assertEquals(0.316, planted, 1e-12);
        assertTrue(Math.abs(Math.log(hr) - Math.log(planted)) < 4 * se,
                "HR " + hr + " vs planted " + planted + " (SE of log " + se + ")");
    }

    private static org.apache.spark.sql.Column functionsLeast(org.apache.spark.sql.Column a, org.apache.spark.sql.Column b) {
        return when(a.isNull(), b).when(b.isNull(), a).when(a.leq(b), a).otherwise(b);
    }

    private static void assertRate(double planted, long responders, long n, String what) {
        double p = (double) responders / n;
        double se = Math.sqrt(planted * (1 - planted) / n);
        assertTrue(Math.abs(p - planted) < 4 * se + 1e-12, what + ": " + responders + "/" + n + " = " + p
                + " vs planted " + planted + " (SE " + se + ")");
    }

    @Test
    void responseRatesPerScope() {
        Dataset<Row> best = csv("assessments").where("response in ('PR', 'CR')").select("patient_id", "scope").distinct()
                .withColumn("responder", lit(1));
        Dataset<Row> r = reviewed();
        Object[][] cases = {
            {"overall", "true", params.orrOverall},
            {"lung", "pattern != 'non_lung'", params.orrLung},
            {"metastatic", "pattern = 'lung_only'", params.orrMetastatic[0]},
            {"metastatic", "pattern = 'multi_organ'", params.orrMetastatic[1]},
            {"metastatic", "pattern = 'non_lung'", params.orrMetastatic[2]},
        };
        for (Object[] c : cases) {
            Row agg = r.where((String) c[1]).join(best.where(col("scope").equalTo(c[0])), new String[] {"patient_id"}, "left")
                    .agg(count(lit(1)), sum(when(col("responder").equalTo(1), 1).otherwise(0))).first();
            assertRate((Double) c[2], agg.getLong(1), agg.getLong(0), c[0] + " where " + c[1]);
        }
    }

    @Test
    void adverseEventRatesPerTerm() {
        Dataset<Row> r = reviewed();
        long n = r.count();
        Dataset<Row> ae = csv("adverse_events").join(r, "patient_id")
                .where("onset_date >= index_date and onset_date <= '2018-08-07'");
        Map<String, Long> any = new HashMap<>();
        Map<String, Long> g3 = new HashMap<>();
        for (Row x : ae.groupBy("term").agg(count(lit(1)), sum(when(col("grade").equalTo("3"), 1).otherwise(0)))
                .collectAsList()) {
            any.put(x.getString(0), x.getLong(1));
            g3.put(x.getString(0), x.getLong(2));
        }
        for (int i = 0; i < params.aeTerms.size(); i++) {
            String term = params.aeTerms.get(i);
            assertRate(params.aeAny[i], any.getOrDefault(term, 0L), n, term);
            if (any.getOrDefault(term, 0L) > 0) {
                assertRate(params.aeGrade3[i], g3.getOrDefault(term, 0L), any.get(term), term + " grade 3");
            }
        }
    }
}
