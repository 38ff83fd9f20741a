package io.rwe.riskset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rwe.TestSpark;
import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** One aggregation gives the risk sets, the dropped rows and the rejected rows (hand-derived counts). */
class RiskSetBuilderTest {

    private static Dataset<Row> data() {
        SparkSession spark = TestSpark.session();
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("t", DataTypes.DoubleType, true),
                DataTypes.createStructField("e", DataTypes.BooleanType, true),
                DataTypes.createStructField("g", DataTypes.StringType, true),
                DataTypes.createStructField("s", DataTypes.StringType, true)));
        return spark.createDataFrame(List.of(
                RowFactory.create(2.0, true, "b", "x"),
                RowFactory.create(1.0, true, "a", "x"),
                RowFactory.create(1.0, false, "a", "x"),
                RowFactory.create(3.0, true, "a", "y"),
                RowFactory.create(1.0, true, "a", "x"),
                RowFactory.create(null, true, "a", "x"),   // dropped: no time
                RowFactory.create(4.0, null, "b", "x"),    // dropped: no event
                RowFactory.create(4.0, true, null, "x"),   // dropped: no group
                RowFactory.create(4.0, true, "b", null),   // dropped: no stratum
                RowFactory.create(-1.0, true, "b", "x"),   // rejected: negative
                RowFactory.create(-2.0, false, "a", "y")), // rejected: negative
                schema).repartition(3);
    }

    @Test
    void riskSetsPerGroupAndStratumWithDroppedAndRejectedCounted() {
        Dataset<Row> d = data();
        RiskSetBuilder.Aggregate a = RiskSetBuilder.aggregate(d, col("t"), col("e"), col("g"), col("s"),
                when(col("t").lt(0), concat(lit("negative "), col("t").cast("string"))));
        // (a, x): t=1: 2 events + 1 censored, at risk 3. (a, y): t=3: 1 event. (b, x): t=2: 1 event.
        assertEquals(3, a.riskSets().size());
        RiskSet ax = a.riskSets().get(0);
        assertEquals(List.of("a", "x"), List.of(ax.group(), ax.stratum()));
        assertEquals(List.of(new RiskRow(1.0, 3, 2, 1)), ax.rows());
        assertEquals(List.of(new RiskRow(3.0, 1, 1, 0)), a.riskSets().get(1).rows());
        assertEquals("b", a.riskSets().get(2).group());
        assertEquals(List.of(new RiskRow(2.0, 1, 1, 0)), a.riskSets().get(2).rows());
        assertEquals(5, a.counted());
        assertEquals(4, a.dropped());
        assertEquals(2, a.rejected());
        assertEquals("negative -1.0", a.firstProblem());  // the smaller of "negative -1.0", "negative -2.0"
    }

    @Test
    void buildWithoutGroupsOrStrataGivesOneRiskSetAll() {
        Dataset<Row> d = data().where(col("t").geq(0).and(col("e").isNotNull()));
        List<RiskSet> sets = RiskSetBuilder.build(d, col("t"), col("e"), null, null);
        assertEquals(1, sets.size());
        assertEquals("all", sets.get(0).group());
        assertNull(sets.get(0).stratum());
        // Times 1 (2 events, 1 censored), 2 (1), 3 (1), 4 (2 events: the rows without group and stratum).
        assertEquals(List.of(new RiskRow(1.0, 7, 2, 1), new RiskRow(2.0, 4, 1, 0), new RiskRow(3.0, 3, 1, 0),
                new RiskRow(4.0, 2, 2, 0)), sets.get(0).rows());
    }
}
