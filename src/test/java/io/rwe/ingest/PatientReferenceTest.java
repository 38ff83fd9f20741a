package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The child rows meet their patient's status by the 64-bit hash of the patient_id and then by the text:
 * two patients whose ids share a hash (about one pair in 10^10 patients: made here by hand, giving a
 * status row the hash of another id) each keep their own status, and a row whose hash is that of
 * another patient only finds no status (unknown_patient).
 */
class PatientReferenceTest {

    private static final StructType CHILD = new StructType().add("_line", DataTypes.LongType)
            .add("patient_id", DataTypes.StringType).add("_error", DataTypes.StringType);

    /** The hash Spark gives {@code id} (the one PatientReference joins by). */
    private static long hash(SparkSession spark, String id) {
        return spark.sql("select xxhash64('" + id + "')").first().getLong(0);
    }

    private static Dataset<Row> status(SparkSession spark, Object[]... rows) {
        StructType schema = new StructType().add(PatientReference.HASH, DataTypes.LongType)
                .add("_pid", DataTypes.StringType).add("_accepted", DataTypes.BooleanType)
                .add("_passed", DataTypes.LongType);
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    @Test
    void aChildRowMeetsOnlyItsOwnPatientAmongThoseSharingItsHash() {
        SparkSession spark = TestSpark.session();
        long p1 = hash(spark, "P1");
        // Q9 given P1's hash, as if the two ids collided; P2 rejected; nobody named P3.
        Dataset<Row> status = status(spark,
                new Object[] {p1, "P1", true, 1L},
                new Object[] {p1, "Q9", false, 0L},
                new Object[] {hash(spark, "P2"), "P2", false, 0L});
        Dataset<Row> children = spark.createDataFrame(List.of(
                RowFactory.create(2L, "P1", null),
                RowFactory.create(3L, "P2", null),
                RowFactory.create(4L, "P3", null),
                RowFactory.create(5L, null, "missing_required")), CHILD);
        List<Row> out = PatientReference.attach(children, status).orderBy("_line").collectAsList();
        assertEquals(4, out.size(), "one row out per child row: " + out);
        assertEquals(List.of("_line", "patient_id", "_error", "_accepted"),
                List.of(PatientReference.attach(children, status).columns()));
        assertEquals(Boolean.TRUE, out.get(0).get(3), "P1 has its own status, not Q9's");
        assertEquals(Boolean.FALSE, out.get(1).get(3), "P2 rejected");
        assertEquals(null, out.get(2).get(3), "P3 unknown");
        assertEquals(null, out.get(3).get(3), "no patient_id, no status");
    }

    @Test
    void aRowWhoseHashIsAnotherPatientsFindsNoStatus() {
        SparkSession spark = TestSpark.session();
        // Only Q9 is known, under P1's hash: P1's row must not take Q9's status.
        Dataset<Row> status = status(spark, new Object[] {hash(spark, "P1"), "Q9", true, 1L});
        Dataset<Row> children = spark.createDataFrame(List.of(RowFactory.create(2L, "P1", null)), CHILD);
        List<Row> out = PatientReference.attach(children, status).collectAsList();
        assertEquals(1, out.size());
        assertEquals(null, out.get(0).get(3));
        assertEquals(0L, PatientReference.apply(PatientReference.attach(children, status)
                .withColumn("_error", lit(null).cast(FieldRules.ERROR))).filter(col("_error").isNull()).count());
    }
}
