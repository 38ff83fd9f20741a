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

import io.rwe.SparkCodegen;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry profile at 10^5 patients gives back, through the study's rules applied with plain
 * Spark aggregates on the written files, the effects and rates planted in conf/generator.conf, each
 * within four standard errors.
 *
 * <p>Planted (conf/generator.conf): exponential progression (shape 1) with metastatic hazard ratio
 * 0.316 of lung_only against non_lung patients whatever their sites (the pattern's hazard is shared
 * among the patient's site groups), so metastasis-specific PFS of lung_only versus non_lung patients
 * has HR 0.316, and non_lung patients with and without an extrahepatic site have HR 1. Its estimate
 * here is the ratio of exponential rates, events / days at risk, with SE(log HR) = √(1/E₁ + 1/E₂) (the
 * exponential maximum-likelihood estimate). The same estimate recovers the post-progression survival
 * hazard ratio of bone metastasis (1.5). Response rates, site shares and adverse-event rates are
 * binomial (SE √(p(1−p)/n)).
 */
@Tag("slow")
@ExtendWith(SparkCodegen.class)
class RegistryRecoveryTest {
    static final long PATIENTS = 100_000;
    static SparkSession spark;
    static RegistrySettings settings;
    static Path extract;

    @BeforeAll
    static void generate(@TempDir Path out) {
        spark = TestSpark.session();
        settings = RegistrySettings.from(Configs.load());
        new RegistryProfile(settings, 424242, 0, PATIENTS).withPartitions(4).write(spark, out, 1);
        extract = out.resolve("2018-09-03");
    }

    private static final Map<String, Dataset<Row>> TABLES = new HashMap<>();

    /** One file of the extract, parsed once and kept in memory for the three tests. */
    private static synchronized Dataset<Row> csv(String table) {
        return TABLES.computeIfAbsent(table, t -> spark.read().option("header", "true")
                .csv(extract.resolve(t + ".csv").toString()).cache());
    }

    /** Per patient: flags lung, ehn (any extrahepatic non-lung site), ihn (liver_new), one per site, and the pattern. */
    private static Dataset<Row> sites() {
        List<org.apache.spark.sql.Column> flags = new java.util.ArrayList<>(List.of(
                max(when(col("site").equalTo("lung"), 1).otherwise(0)).as("lung"),
                max(when(col("site").isin(settings.sites().extrahepatic().toArray()), 1).otherwise(0)).as("ehn"),
                max(when(col("site").equalTo("liver_new"), 1).otherwise(0)).as("ihn")));
        for (String site : settings.sites().extrahepatic()) {
            flags.add(max(when(col("site").equalTo(site), 1).otherwise(0)).as("site_" + site));
        }
        return csv("lesions").groupBy("patient_id")
                .agg(flags.get(0), flags.subList(1, flags.size()).toArray(new org.apache.spark.sql.Column[0]))
                .withColumn("pattern", when(col("lung").equalTo(1).and(col("ehn").equalTo(0)), "lung_only")
                        .when(col("lung").equalTo(1), "multi_organ").otherwise("non_lung"));
    }

    /** Reviewed patients: index date, metastasis pattern and sites from the baseline lesions. */
    private static Dataset<Row> reviewed() {
        Dataset<Row> index = csv("treatments")
                .where("drug = 'apatinib' and start_date between '2015-11-07' and '2018-05-08'")
                .groupBy("patient_id").agg(min(col("start_date").cast("date")).as("index_date"));
        return index.join(sites(), "patient_id");
    }

    @Test
    void metastasisSpecificPfsHazardRatioLungOnlyVersusNonLung() {
        Dataset<Row> scans = csv("assessments").where("scope = 'metastatic'")
                .withColumn("d", col("assessment_date").cast("date"));
        Dataset<Row> patients = csv("patients").select(col("patient_id"), col("death_date").cast("date").as("death"));
        Dataset<Row> perPatient = reviewed().withColumn("group", when(col("pattern").equalTo("non_lung"),
                        when(col("ehn").equalTo(1), "non_lung_ehn").otherwise("non_lung_ihn")).otherwise(col("pattern")))
                .join(scans, "patient_id")
                .where("d > index_date and d <= date'2018-08-07'")
                .groupBy("patient_id", "group", "index_date")
                .agg(min(when(col("response").equalTo("PD"), col("d"))).as("pd"), max("d").as("last"))
                .join(patients, "patient_id")
                .withColumn("death_in", when(col("death").leq(lit(java.sql.Date.valueOf("2018-08-07"))), col("death")))
                .withColumn("event_date", functionsLeast(col("pd"), col("death_in")))
                .withColumn("event", when(col("event_date").isNotNull(), 1).otherwise(0))
                .withColumn("days", datediff(when(col("event_date").isNotNull(), col("event_date"))
                        .otherwise(col("last")), col("index_date")));
        Map<String, double[]> g = new HashMap<>();
        for (Row r : perPatient.groupBy("group").agg(sum("event").as("e"), sum("days").as("t")).collectAsList()) {
            g.put(r.getString(0), new double[] {r.getLong(1), r.getLong(2)});
        }
        g.put("non_lung", new double[] {g.get("non_lung_ehn")[0] + g.get("non_lung_ihn")[0],
            g.get("non_lung_ehn")[1] + g.get("non_lung_ihn")[1]});
        List<Double> patternHr = settings.progression().patternHazardRatio();
        double planted = patternHr.get(0) / patternHr.get(2);
        assertEquals(0.316, planted, 1e-12);
        assertRateRatio(g.get("lung_only"), g.get("non_lung"), planted, "mPFS lung_only vs non_lung");
        assertRateRatio(g.get("non_lung_ehn"), g.get("non_lung_ihn"), 1.0,
                "mPFS non_lung with vs without an extrahepatic site");
    }

    /** Exponential rate ratio (events / days) of {@code a} against {@code b} within 4 SE of {@code planted} on the log scale. */
    private static void assertRateRatio(double[] a, double[] b, double planted, String what) {
        double hr = (a[0] / a[1]) / (b[0] / b[1]);
        double se = Math.sqrt(1 / a[0] + 1 / b[0]);
        assertTrue(Math.abs(Math.log(hr) - Math.log(planted)) < 4 * se,
                what + ": HR " + hr + " vs planted " + planted + " (SE of log " + se + ")");
    }

    /**
     * Post-progression survival (metastatic-scope PD to death, censored at the last contact) of patients
     * with bone metastasis and no other site of a planted effect, against patients with no such site:
     * exponential hazard ratio = post-progression-hazard-ratio.bone.
     */
    @Test
    void postProgressionSurvivalHazardRatioOfBoneMetastasis() {
        Map<String, Double> ratios = settings.progression().ppsHazardRatio();
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            if (!e.getKey().equals("bone") && !e.getKey().equals("brain")) {
                assertEquals(1.0, e.getValue(), 0.0, "this test assumes no effect of " + e.getKey());
            }
        }
        Dataset<Row> pd = csv("assessments").where("scope = 'metastatic' and response = 'PD'")
                .select(col("patient_id"), col("assessment_date").cast("date").as("pd"));
        Dataset<Row> patients = csv("patients").select(col("patient_id"), col("death_date").cast("date").as("death"),
                col("last_contact_date").cast("date").as("last"));
        Dataset<Row> t = sites().where("site_brain = 0").join(pd, "patient_id").join(patients, "patient_id")
                .withColumn("event", when(col("death").isNotNull(), 1).otherwise(0))
                .withColumn("days", datediff(when(col("death").isNotNull(), col("death")).otherwise(col("last")),
                        col("pd")));
        Map<Integer, double[]> g = new HashMap<>();
        for (Row r : t.groupBy("site_bone").agg(sum("event"), sum("days")).collectAsList()) {
            g.put(r.getInt(0), new double[] {r.getLong(1), r.getLong(2)});
        }
        assertEquals(1.5, ratios.get("bone"), 0.0);
        assertRateRatio(g.get(1), g.get(0), ratios.get("bone"), "post-progression survival bone vs no bone");
    }

    /**
     * Sites follow conf/generator.conf: a share non-lung-extrahepatic of non_lung patients has an
     * extrahepatic non-lung site; among all patients with one, site s has probability
     * share(s) / (1 − Π(1 − share)) (each site independent with its share, conditioned on at least one);
     * new intrahepatic lesions come with a share liver-new.with-extrahepatic of non_lung patients with an
     * extrahepatic site and never with lung metastasis (with-lung = 0).
     */
    @Test
    void sitesFollowTheirShares() {
        Dataset<Row> all = sites().cache();
        Row nl = all.where("pattern = 'non_lung'").agg(count(lit(1)), sum("ehn")).first();
        assertRate(settings.sites().nonLungExtrahepatic(), nl.getLong(1), nl.getLong(0), "non_lung with an extrahepatic site");
        Dataset<Row> ehn = all.where("ehn = 1");
        long n = ehn.count();
        for (int i = 0; i < settings.sites().extrahepatic().size(); i++) {
            String site = settings.sites().extrahepatic().get(i);
            long k = ehn.where("site_" + site + " = 1").count();
            assertRate(settings.sites().shareAmongExtrahepatic(i), k, n, site + " among extrahepatic");
        }
        Row with = all.where("pattern = 'non_lung' and ehn = 1").agg(count(lit(1)), sum("ihn")).first();
        assertRate(settings.sites().liverNewWithExtrahepatic(), with.getLong(1), with.getLong(0),
                "liver_new with an extrahepatic site");
        assertEquals(0.0, settings.sites().liverNewWithLung(), 0.0);
        assertEquals(0, all.where("lung = 1 and ihn = 1").count(), "liver_new with lung metastasis");
        assertEquals(all.where("pattern = 'non_lung' and ehn = 0").count(),
                all.where("pattern = 'non_lung' and ehn = 0 and ihn = 1").count(), "non_lung without any metastasis");
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
            {"overall", "true", settings.response().overall()},
            {"lung", "pattern != 'non_lung'", settings.response().lung()},
            {"metastatic", "pattern = 'lung_only'", settings.response().metastatic().get(0)},
            {"metastatic", "pattern = 'multi_organ'", settings.response().metastatic().get(1)},
            {"metastatic", "pattern = 'non_lung'", settings.response().metastatic().get(2)},
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
        for (RegistrySettings.Term t : settings.adverseEvents().terms()) {
            String term = t.name();
            assertRate(t.any(), any.getOrDefault(term, 0L), n, term);
            if (any.getOrDefault(term, 0L) > 0) {
                assertRate(t.grade3(), g3.getOrDefault(term, 0L), any.get(term), term + " grade 3");
            }
        }
    }
}
