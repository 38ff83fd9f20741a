package io.rwe.riskset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.SparkCodegen;
import io.rwe.TestSpark;
import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxFixtures;
import io.rwe.stats.CoxModel;
import io.rwe.stats.CoxRegression;
import io.rwe.stats.CoxRegressionResult;
import io.rwe.stats.CoxRows;
import io.rwe.stats.CoxTimeSums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spark aggregation of a Cox regression on a real local session: on R's {@code lung} (with its missing
 * values, which Spark drops itself) the design and the per-time sums equal the pure-Java ones of
 * {@link CoxRows} on the same rows, the fit on them equals R, and what is collected per iteration does not
 * grow with the number of rows.
 */
@ExtendWith(SparkCodegen.class)
class CoxSumsTest {

    private static Dataset<Row> lung;

    @BeforeAll
    static void lungAsADataFrame() {
        CoxFixtures.Table t = CoxFixtures.readCsv("/r-data/lung.csv");
        String[] time = t.strings("time");
        String[] status = t.strings("status");
        String[] sex = t.strings("sex");
        String[] age = t.strings("age");
        String[] ecog = t.strings("ph.ecog");
        String[] wt = t.strings("wt.loss");
        String[] inst = t.strings("inst");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            rows.add(RowFactory.create(num(time[i]), num(status[i]), num(sex[i]), num(age[i]), ecog[i], num(wt[i]),
                    inst[i]));
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("time", DataTypes.DoubleType, true),
                DataTypes.createStructField("status", DataTypes.DoubleType, true),
                DataTypes.createStructField("sex", DataTypes.DoubleType, true),
                DataTypes.createStructField("age", DataTypes.DoubleType, true),
                DataTypes.createStructField("ph_ecog", DataTypes.StringType, true),
                DataTypes.createStructField("wt_loss", DataTypes.DoubleType, true),
                DataTypes.createStructField("inst", DataTypes.StringType, true)));
        lung = TestSpark.session().createDataFrame(rows, schema).repartition(3).cache();
    }

    private static Double num(String s) {
        return s == null ? null : Double.valueOf(s);
    }

    private static List<CoxCovariates.Covariate> lungCovariates() {
        return List.of(CoxCovariates.Covariate.numeric("sex", col("sex")),
                CoxCovariates.Covariate.numeric("age", col("age")),
                CoxCovariates.Covariate.categorical("ph.ecog", col("ph_ecog"), List.of(), null),
                CoxCovariates.Covariate.numeric("wt.loss", col("wt_loss")));
    }

    private static CoxCovariates.Encoded encodeLung(boolean stratified) {
        return CoxCovariates.encode(lung, col("time"), col("status").equalTo(lit(2.0)),
                stratified ? col("inst") : null, lungCovariates());
    }

    private static void close(double expected, double actual, double rel, String what) {
        double tol = rel * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " but was " + actual);
    }

    @Test
    void designFoundBySparkIsTheDesignOfTheRows() {
        CoxCovariates.Encoded enc = encodeLung(false);
        assertEquals(213, enc.n());
        assertEquals(228 - 213, enc.dropped());
        CoxDesign expected = CoxRows.lung(false).design();
        List<CoxDesign.Column> a = enc.design().columns();
        List<CoxDesign.Column> e = expected.columns();
        assertEquals(e.stream().map(CoxDesign.Column::term).toList(), a.stream().map(CoxDesign.Column::term).toList());
        assertEquals(List.of("sex", "age", "ph.ecog=1", "ph.ecog=2", "ph.ecog=3", "wt.loss"),
                a.stream().map(CoxDesign.Column::term).toList());
        for (int j = 0; j < e.size(); j++) {
            close(e.get(j).center(), a.get(j).center(), 1e-13, "center " + e.get(j).term());
            close(e.get(j).scale(), a.get(j).scale(), 1e-13, "scale " + e.get(j).term());
        }
        assertEquals(List.of("0", "1", "2", "3"), enc.design().variable("ph.ecog").levels());
    }

    @Test
    void sumsEqualThePureJavaSums() {
        for (boolean stratified : new boolean[] {false, true}) {
            CoxCovariates.Encoded enc = encodeLung(stratified);
            CoxRows rows = CoxRows.lung(stratified);
            double[] beta = {-0.5, 0.01, 0.4, 1.0, 2.0, -0.01};
            List<CoxTimeSums> spark = CoxSums.of(enc).at(beta);
            List<CoxTimeSums> java = rows.sums(beta);
            assertEquals(java.size(), spark.size(), "distinct (stratum, time)");
            Map<String, CoxTimeSums> byKey = new HashMap<>();
            for (CoxTimeSums s : spark) {
                byKey.put(s.stratum() + "|" + s.time(), s);
            }
            for (CoxTimeSums j : java) {
                CoxTimeSums s = Objects.requireNonNull(byKey.get(j.stratum() + "|" + j.time()), "time " + j.time());
                String at = "stratum " + j.stratum() + " time " + j.time();
                assertEquals(j.rows(), s.rows(), at);
                assertEquals(j.events(), s.events(), at);
                close(j.etaDead(), s.etaDead(), 1e-12, at + " Ση");
                close(j.etaMax(), s.etaMax(), 1e-12, at + " max η");
                close(j.all().weight(), s.all().weight(), 1e-12, at + " Σw");
                close(j.dead().weight(), s.dead().weight(), 1e-12, at + " Σw dead");
                for (int i = 0; i < beta.length; i++) {
                    close(j.xDead()[i], s.xDead()[i], 1e-12, at + " Σx dead");
                    close(j.all().wx()[i], s.all().wx()[i], 1e-12, at + " Σwx");
                    close(j.dead().wx()[i], s.dead().wx()[i], 1e-12, at + " Σwx dead");
                }
                for (int k = 0; k < j.all().wxx().length; k++) {
                    close(j.all().wxx()[k], s.all().wxx()[k], 1e-12, at + " Σwxx");
                    close(j.dead().wxx()[k], s.dead().wxx()[k], 1e-12, at + " Σwxx dead");
                }
            }
        }
    }

    @Test
    void fitOnSparkSumsEqualsR() {
        // fit <- coxph(Surv(time, status) ~ sex + age + factor(ph.ecog) + wt.loss, lung); cox.zph(fit)
        CoxCovariates.Encoded enc = encodeLung(false);
        CoxRegressionResult r = CoxRegression.withDefaults().fit(enc.design(), CoxSums.of(enc));
        double[] coef = {-0.58255130890200613, 0.013104370995285067, 0.45966613978589649, 1.0046677752889133,
            2.1617476207520503, -0.0090930774236808402};
        for (int j = 0; j < coef.length; j++) {
            close(coef[j], r.coefficients().get(j).coef(), 1e-9, "coef " + j);
        }
        close(-659.30741333395224, r.loglik(), 1e-9, "loglik");
        close(31.433919968759255, r.likelihoodRatio().chisq(), 1e-9, "lr");
        close(7.9751200147050998, r.phTest().global().chisq(), 1e-9, "zph GLOBAL");
        assertEquals(6, r.iterations());
        // fit <- coxph(Surv(time, status) ~ sex + age + factor(ph.ecog) + wt.loss + strata(inst), lung)
        CoxCovariates.Encoded st = encodeLung(true);
        assertEquals(212, st.n());
        CoxRegressionResult s = CoxRegression.withDefaults().with(CoxModel.Ties.EFRON).fit(st.design(),
                CoxSums.of(st));
        close(-0.6066779529217059, s.coefficients().get(0).coef(), 1e-9, "coef sex, strata(inst)");
        close(-272.93269112730962, s.loglik(), 1e-9, "loglik, strata(inst)");
        close(4.8230321174226978, s.phTest().global().chisq(), 1e-9, "zph GLOBAL, strata(inst)");
        assertEquals(9, s.iterations());
    }

    /** n rows over 2 strata and the same 200 distinct times, with a numeric and a 3-level covariate. */
    private static Dataset<Row> synthetic(SparkSession spark, long n) {
        return spark.range(n).select(
                col("id").mod(200).plus(1).cast("double").as("t"),
                col("id").mod(3).notEqual(0).as("e"),
                when(col("id").divide(200).cast("long").mod(2).equalTo(0), lit("a")).otherwise(lit("b")).as("s"),
                col("id").mod(37).cast("double").as("age"),
                when(col("id").mod(5).equalTo(0), lit("x")).when(col("id").mod(5).equalTo(1), lit("y"))
                        .otherwise(lit("z")).as("cat"));
    }

    @Test
    void collectedBytesPerIterationDoNotDependOnTheNumberOfRows() {
        SparkSession spark = TestSpark.session();
        CollectedBytes counter = CollectedBytes.attach(spark);
        long[] bytes = new long[2];
        long[] n = {10_000, 100_000};
        for (int k = 0; k < 2; k++) {
            Dataset<Row> d = synthetic(spark, n[k]).cache();
            CoxCovariates.Encoded enc = CoxCovariates.encode(d, col("t"), col("e"), col("s"),
                    List.of(CoxCovariates.Covariate.numeric("age", col("age")),
                            CoxCovariates.Covariate.categorical("cat", col("cat"), List.of(), null)));
            assertEquals(n[k], enc.n());
            CoxSums sums = CoxSums.of(enc);
            long before = counter.dataBytes();
            List<CoxTimeSums> s = sums.at(new double[] {0.01, 0.2, -0.3});
            bytes[k] = counter.dataBytes() - before;
            assertEquals(400, s.size(), "2 strata × 200 times");
            d.unpersist();
        }
        assertTrue(bytes[0] > 0, "the collect is counted");
        assertEquals(bytes[0], bytes[1], "bytes collected for 10^4 and 10^5 rows");
    }

    /** Every number of a CoxTimeSums, as text of its exact bits. */
    private static String bits(CoxTimeSums t) {
        StringBuilder b = new StringBuilder(t.stratum() + "|" + t.time() + "|" + t.rows() + "|" + t.events());
        for (CoxTimeSums.Moments m : List.of(t.all(), t.dead())) {
            b.append('|').append(Double.doubleToRawLongBits(m.weight()));
            for (double v : m.wx()) {
                b.append(',').append(Double.doubleToRawLongBits(v));
            }
            for (double v : m.wxx()) {
                b.append(',').append(Double.doubleToRawLongBits(v));
            }
        }
        for (double v : t.xDead()) {
            b.append(',').append(Double.doubleToRawLongBits(v));
        }
        return b.append('|').append(Double.doubleToRawLongBits(t.etaDead())).append('|')
                .append(Double.doubleToRawLongBits(t.etaMax())).toString();
    }

    @Test
    void sumsAndFitAreTheSameBitsHoweverTheInputIsPartitioned() {
        // Spark's sum of doubles adds in the order the rows reach it, which follows the input's partitions: a
        // nightly merge or a cluster partitions the same cohort differently, and results.json must not change.
        SparkSession spark = TestSpark.session();
        Dataset<Row> base = synthetic(spark, 20_000).withColumn("afp", col("age").multiply(lit(1.37)).plus(lit(0.1)));
        List<CoxCovariates.Covariate> covariates = List.of(CoxCovariates.Covariate.numeric("age", col("age")),
                CoxCovariates.Covariate.numeric("afp", col("afp")),
                CoxCovariates.Covariate.categorical("cat", col("cat"), List.of(), null));
        List<String> seen = null;
        String fitSeen = null;
        for (Dataset<Row> d : List.of(base.coalesce(1), base.repartition(7), base.orderBy(col("afp").desc()).repartition(3, col("cat")))) {
            CoxCovariates.Encoded enc = CoxCovariates.encode(d, col("t"), col("e"), col("s"), covariates);
            List<String> sums;
            CoxRegressionResult fit;
            try (CoxSums source = CoxSums.of(enc)) {
                sums = source.at(new double[] {0.013, -0.002, 0.2, -0.3}).stream().map(CoxSumsTest::bits).sorted()
                        .toList();
                fit = CoxRegression.withDefaults().fit(enc.design(), source);
            }
            StringBuilder f = new StringBuilder();
            for (CoxDesign.Column c : enc.design().columns()) {
                f.append(Double.doubleToRawLongBits(c.center())).append(',').append(Double.doubleToRawLongBits(c.scale()))
                        .append(';');
            }
            for (var c : fit.coefficients()) {
                f.append(Double.doubleToRawLongBits(c.coef())).append(',').append(Double.doubleToRawLongBits(c.se()))
                        .append(';');
            }
            f.append(Double.doubleToRawLongBits(fit.loglik()));
            assertEquals(400, sums.size());
            if (seen == null) {
                seen = sums;
                fitSeen = f.toString();
            } else {
                assertEquals(seen, sums, "per-time sums of the same rows partitioned differently");
                assertEquals(fitSeen, f.toString(), "design and fit of the same rows partitioned differently");
            }
        }
    }

    @Test
    void columnsFitTheSameBitsAsTheExpressionEncodingHoweverPartitioned() {
        // AdjustedCox.fit keeps the model's rows as the columns of CoxColumns (dictionaries of distinct values,
        // the design from the tasks' summaries, blocks packed from primitive arrays); CoxCovariates finds the same
        // design with Spark aggregations and encodes it with Spark expressions. Both must give the same fit, bit for
        // bit, on any partitioning; with missing values (null age or category) left out of both.
        SparkSession spark = TestSpark.session();
        Dataset<Row> base = synthetic(spark, 20_000)
                .withColumn("afp", when(col("age").equalTo(5.0), lit(null)).otherwise(col("age").multiply(lit(1.37)).plus(lit(0.1))))
                .withColumn("cat", when(col("t").equalTo(7.0), lit(null)).otherwise(col("cat")));
        List<CoxCovariates.Covariate> covariates = List.of(CoxCovariates.Covariate.numeric("afp", col("afp")),
                CoxCovariates.Covariate.categorical("cat", col("cat"), List.of("z", "x"), "y"),
                CoxCovariates.Covariate.numeric("age", col("age")));
        CoxRegression regression = CoxRegression.withDefaults();
        CoxCovariates.Encoded enc = CoxCovariates.encode(base, col("t"), col("e"), col("s"), covariates);
        CoxRegressionResult expected;
        try (CoxSums source = CoxSums.of(enc)) {
            expected = regression.fit(enc.design(), source);
        }
        assertTrue(enc.dropped() > 0);
        for (Dataset<Row> d : List.of(base.coalesce(1), base.repartition(7), base.orderBy(col("afp").desc()).repartition(3, col("cat")))) {
            AdjustedCox.Outcome o = AdjustedCox.fit(d, col("t"), col("e"), col("s"), covariates, List.of(), regression);
            assertEquals(enc.design(), o.design(), "design");
            assertEquals(enc.n(), o.n());
            assertEquals(enc.dropped(), o.dropped());
            assertEquals(expected, o.fit(), "fit: every number the same bits");
        }
        assertEquals(List.of("y", "z", "x"), enc.design().variable("cat").levels());
    }
}
