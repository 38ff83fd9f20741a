package io.rwe.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.riskset.AdjustedCox;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegression;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adjusted Cox model of a CSV input parsed once by the project's line reader ({@link CsvCoxModel}) against
 * the same model fitted on the rows of Spark's own CSV reader with the column rules of {@link SurvivalTable}
 * ({@link SurvivalTable#adjustedCoxRows}, the generic path, whose fits equal R's {@code coxph} in
 * SurvivalJobLungTest, CoxSumsTest and CoxRegressionDifferentialTest): the same rows, design, coefficients,
 * variances, tests and proportional-hazards test, bit for bit, whatever the byte ranges; and the generic path
 * taken whenever a line or a value needs Spark's rules.
 */
class CsvCoxModelTest {

    @TempDir
    Path tmp;

    private final SparkSession spark = TestSpark.session();

    private static final CoxRegression REGRESSION = CoxRegression.of(CoxRegression.Options.withDefaults());

    private Path csv(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static SurvivalOptions options(Path input, String eventValue, String strata, List<String> covariates,
            List<String> factors) {
        return new SurvivalOptions(input.toString(), "time", "status", Optional.ofNullable(eventValue),
                Optional.of("arm"), Optional.ofNullable(strata), "log", 0.0, List.of(), OptionalDouble.empty(),
                Optional.empty(), Optional.empty(), covariates, factors, "json");
    }

    /**
     * A generated table: ties (integer times of 1-60), two arms, a stratum, a whole-number age, a signed decimal
     * score, sex as text (sometimes quoted, as R's write.csv writes it), a stage given as numbers 1-3, and every
     * covariate missing now and then (empty or NA); with {@code extra}, one more line appended as it is.
     */
    private static String table(long seed, int n, String extra) {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder("id,arm,time,status,site,age,score,sex,stage\n");
        for (int i = 1; i <= n; i++) {
            String arm = rnd.nextBoolean() ? "control" : "treated";
            int age = 30 + rnd.nextInt(50);
            int stage = 1 + rnd.nextInt(3);
            double hazard = 0.03 * Math.exp((arm.equals("treated") ? -0.4 : 0) + 0.02 * (age - 55) + 0.3 * (stage - 1));
            int time = Math.min(60, 1 + (int) (-Math.log(1 - rnd.nextDouble()) / hazard));
            int status = time < 60 && rnd.nextDouble() < 0.8 ? 1 : 0;
            String score = String.format(java.util.Locale.ROOT, "%.2f", rnd.nextGaussian() * 3);
            String sex = rnd.nextBoolean() ? "F" : rnd.nextBoolean() ? "M" : "\"M\"";
            String[] v = {String.valueOf(age), score, sex, String.valueOf(stage)};
            for (int k = 0; k < v.length; k++) {
                if (rnd.nextInt(40) == 0) {
                    v[k] = rnd.nextBoolean() ? "" : "NA";
                }
            }
            b.append(i).append(',').append(arm).append(',').append(time).append(',').append(status).append(',')
                    .append(rnd.nextInt(3) == 0 ? "north" : "south").append(',')
                    .append(String.join(",", v)).append('\n');
        }
        if (extra != null) {
            b.append(extra).append('\n');
        }
        return b.toString();
    }

    /** Both paths agree; returns the line reader's outcome (asserting that it took it). */
    private AdjustedCox.Outcome same(SurvivalOptions o, long... splits) {
        SurvivalTable table = SurvivalTable.open(spark, o);
        List<String> groups = List.of("control", "treated");
        AdjustedCox.Outcome reference = table.adjustedCoxRows(groups, REGRESSION);
        Optional<AdjustedCox.Outcome> parsed = CsvCoxModel.fit(spark, table, groups, REGRESSION);
        assertTrue(parsed.isPresent(), "the line reader takes plain lines");
        sameOutcome(reference, parsed.get(), "default byte ranges");
        for (long split : splits) {
            Optional<AdjustedCox.Outcome> cut = CsvCoxModel.fit(spark, table, groups, REGRESSION, split);
            assertTrue(cut.isPresent());
            sameOutcome(reference, cut.get(), "byte ranges of " + split);
        }
        sameOutcome(reference, table.adjustedCox(groups, REGRESSION), "adjustedCox");
        return parsed.get();
    }

    private static void sameOutcome(AdjustedCox.Outcome expected, AdjustedCox.Outcome actual, String what) {
        assertEquals(expected.design(), actual.design(), what + ": design");
        assertEquals(expected.n(), actual.n(), what + ": n");
        assertEquals(expected.dropped(), actual.dropped(), what + ": dropped");
        assertEquals(expected.notEstimable(), actual.notEstimable(), what + ": not estimable");
        // Records of lists of doubles: equal only when every number has the same bits.
        assertEquals(expected.fit(), actual.fit(), what + ": fit");
    }

    @Test
    void sameFitAsOnTheRowsOfSparksReader() throws Exception {
        Path f = csv("t.csv", table(1, 3000, null));
        AdjustedCox.Outcome o = same(options(f, null, null, List.of("age", "score", "sex", "stage"), List.of()),
                4096, 100_000);
        assertNotNull(o.fit());
        assertTrue(o.dropped() > 0, "rows with a missing covariate leave the model");
        assertEquals(List.of("group=treated", "age", "score", "sex=M", "stage"),
                o.design().columns().stream().map(CoxDesign.Column::term).toList());
    }

    @Test
    void stratifiedWithFactorsAndAnEventValue() throws Exception {
        // status 1/0 with --event-value 1; stage as a factor (levels 1, 2, 3); strata by site.
        Path f = csv("s.csv", table(2, 2500, null));
        AdjustedCox.Outcome o = same(options(f, "1", "site", List.of("stage", "age", "sex"), List.of("stage")), 7777);
        assertEquals(2, o.fit().strata());
        assertEquals(List.of("group=treated", "stage=2", "stage=3", "age", "sex=M"),
                o.design().columns().stream().map(CoxDesign.Column::term).toList());
    }

    @Test
    void aNumericColumnWithATextValueIsCategorical() throws Exception {
        Path f = csv("c.csv", table(3, 800, "9999,control,12,1,north,unknown,0.5,F,2"));
        AdjustedCox.Outcome o = same(options(f, null, null, List.of("age", "score"), List.of()));
        assertEquals(CoxDesign.Kind.CATEGORICAL, o.design().variable("age").kind());
        assertTrue(o.design().variable("age").levels().contains("unknown"));
    }

    @Test
    void aNumericColumnOfManyDistinctValuesIsKeptAsNumbers() throws Exception {
        // More distinct values of score in one task than the dictionary keeps (one byte range: the whole file).
        int n = io.rwe.riskset.CoxColumns.DISTINCT_PER_TASK + 5000;
        Random rnd = new Random(4);
        StringBuilder b = new StringBuilder("arm,time,status,score\n");
        for (int i = 0; i < n; i++) {
            boolean treated = rnd.nextBoolean();
            double score = rnd.nextGaussian() * 100;
            int time = 1 + (int) (-Math.log(1 - rnd.nextDouble()) / (0.01 * Math.exp((treated ? -0.3 : 0) + score / 200)));
            b.append(treated ? "treated" : "control").append(',').append(Math.min(time, 500)).append(',')
                    .append(time < 500 ? 1 : 0).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.6f", score)).append('\n');
        }
        Path f = csv("many.csv", b.toString());
        same(options(f, null, null, List.of("score"), List.of()), 1L << 30);
    }

    @Test
    void linesOrValuesThatNeedSparksRulesTakeTheGenericPath() throws Exception {
        List<String> groups = List.of("control", "treated");
        String[] needSpark = {
            "9999,control,12,1,north,1e1,0.5,F,2",       // a number in another spelling
            "9999,control,12,1,north,+41,0.5,F,2",       // a sign
            "9999,control,12,1,north,41,0.5, F,2",       // a space around a value
            "9999,control,12,1,north,41,0.5,Inf,2",      // Spark reads Inf as a number
            "9999,\"con\"\"trol\",12,1,north,41,0.5,F,2" // a quote inside a field
        };
        for (String line : needSpark) {
            Path f = csv("g.csv", table(5, 300, line));
            SurvivalTable table = SurvivalTable.open(spark, options(f, null, null, List.of("age", "score", "sex"),
                    List.of()));
            assertTrue(CsvCoxModel.fit(spark, table, groups, REGRESSION).isEmpty(), line);
            sameOutcome(table.adjustedCoxRows(groups, REGRESSION), table.adjustedCox(groups, REGRESSION), line);
        }
    }

    @Test
    void whatTheDataCannotSupportIsReportedAlike() throws Exception {
        // Every treated row lacks its age: fewer than two groups with complete covariates.
        StringBuilder b = new StringBuilder("arm,time,status,age\n");
        for (int i = 0; i < 40; i++) {
            b.append(i % 2 == 0 ? "control," : "treated,").append(1 + i).append(",1,")
                    .append(i % 2 == 0 ? String.valueOf(40 + i) : "NA").append('\n');
        }
        Path f = csv("ne.csv", b.toString());
        AdjustedCox.Outcome o = same(options(f, null, null, List.of("age"), List.of()));
        assertNull(o.fit());
        assertEquals("fewer than two groups with complete covariates (none in treated)", o.notEstimable());
        assertEquals(20, o.n());
        assertEquals(20, o.dropped());
    }

    @Test
    void exactDecimalsAreSparksCastOfTheDouble() {
        double[] values = {0.1, 1.0 / 3, -2.5e-7, 123456.78901234567, 5e-19, 1.5e-18, 99999999999999999999.0,
            1e20, -0.0, 54.0, 0.30000000000000004};
        List<Row> rows = new ArrayList<>();
        for (double v : values) {
            rows.add(RowFactory.create(v));
        }
        List<Row> cast = spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                        DataTypes.createStructField("x", DataTypes.DoubleType, false))))
                .selectExpr("try_cast(x as decimal(38, 18)) as d").collectAsList();
        for (int i = 0; i < values.length; i++) {
            BigDecimal spark = cast.get(i).isNullAt(0) ? null : cast.get(i).getDecimal(0);
            assertEquals(spark, io.rwe.riskset.CoxColumns.exact(values[i]), "decimal of " + values[i]);
        }
    }
}
