package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The patient reference rule of docs/registry-extract.md, last of the rules: a row of a child file (lesions,
 * treatments, procedures, assessments, adverse events) that passed the field and key rules is rejected
 * when its patient has no accepted patients.csv row in the same extract — {@code unknown_patient} when
 * patients.csv has no row naming the patient at all, {@code rejected_patient} when it has one but it
 * was rejected (the child of a rejected patient).
 */
public final class PatientReference {

    private PatientReference() {
    }

    /**
     * The patients of an extract's patients.csv, one row each: {@code _pid} (the patient_id as read), its hash ({@link #HASH}),
     * {@code _accepted} (whether one of its rows is without error) and {@code _passed} (how many of its
     * rows are without error), from the patients rows after the field rules or after the key rules too.
     * After the field rules alone, {@code _accepted} is the final status unless a patient_id is shared
     * ({@link #sharedPatientIds}).
     */
    public static Dataset<Row> patientStatus(Dataset<Row> patients) {
        Column passed = col("_error").isNull();
        return byHash(patients.filter(col("patient_id").isNotNull()))
                .groupBy(col(HASH), col("patient_id").as("_pid"))
                .agg(max(passed).as("_accepted"), sum(when(passed, 1).otherwise(0)).as("_passed"));
    }

    /**
     * The 64-bit hash of {@code patient_id} ({@code xxhash64}) the status and the child rows are shuffled
     * and joined by: a join on a long is a lookup in a table of longs, where a join on the text hashed
     * and compared the bytes of every child row's patient_id (about 5 % of ingest's CPU). Two patients
     * may share a hash; the join then compares the texts too ({@link #attach}), so the status is exact.
     */
    static final String HASH = "_pid_hash";

    /** {@code rows} with {@link #HASH}, partitioned by it (so that grouping by it and the id adds no shuffle). */
    private static Dataset<Row> byHash(Dataset<Row> rows) {
        return rows.withColumn(HASH, xxhash64(col("patient_id"))).repartition(col(HASH));
    }

    /**
     * {@link #patientStatus} when every row of patients.csv passed the field rules, from the accepted rows
     * as written (Parquet: the {@code patient_id} column alone is read): every patient is accepted, and
     * {@code _passed} is its number of rows. The same rows as {@link #patientStatus} of the rows after the
     * field rules; only valid when no row was rejected (the caller compares rows read and written).
     */
    public static Dataset<Row> statusOfAccepted(Dataset<Row> accepted) {
        return byHash(accepted).groupBy(col(HASH), col("patient_id").as("_pid"))
                .agg(max(lit(true)).as("_accepted"), count(lit(1)).as("_passed"));
    }

    /**
     * How many patient ids are held by two or more rows that passed the field rules (the key rule of
     * patients.csv, whose key is {@code patient_id}), from {@link #patientStatus} of those rows: exact,
     * and 0 means that the key rules change nothing.
     */
    public static long sharedPatientIds(Dataset<Row> patientStatus) {
        return patientStatus.filter(col("_passed").gt(1)).count();
    }

    /**
     * Every row of a child file with its patient's status attached as {@code _accepted} (null when
     * patients.csv of the extract has no row naming the patient): one shuffle join by patient, done
     * before the key rules so that the rows are shuffled once and the joined rows can be cached for the
     * key rules, both writes and the counts. Rows keep their {@code _error}; {@link #apply} turns the
     * status into the rule's error for the rows that pass the field and key rules.
     *
     * <p>The result is partitioned by the hash of {@code patient_id} (an explicit repartition, which the
     * join then uses as it is, as the status is partitioned the same way): every row of a patient lies in
     * one partition, which
     * the key check of {@link KeyRepeats} relies on. Spark's adaptive execution may merge such
     * partitions but never splits one (it splits skewed partitions only of the shuffles it added itself).
     */
    public static Dataset<Row> attach(Dataset<Row> checked, Dataset<Row> patientStatus) {
        String[] columns = checked.columns();
        // Partitioned by the hash as an expression, not a column: the child rows are shuffled without it
        // (8 bytes more per row), and the join computes it again on the rows it receives.
        Column hash = xxhash64(checked.col("patient_id"));
        Dataset<Row> byPatient = checked.repartition(hash);
        // A shuffle join, never a broadcast one (which would bring every patient id to the driver); a hash
        // join on the patients' side, so that the child rows are not sorted. Its key is the hash alone
        // (a table of longs): the texts are compared as a condition on the rows the hash matched, written
        // as two prefix tests (a starts with b and b with a: a = b) so that Spark does not make the text a
        // second key of the hash table. A row whose hash matches another patient's finds no status.
        Dataset<Row> status = patientStatus.hint("shuffle_hash");
        Column id = byPatient.col("patient_id");
        Column other = status.col("_pid");
        Dataset<Row> joined = byPatient.join(status, xxhash64(id).equalTo(status.col(HASH))
                .and(id.startsWith(other)).and(other.startsWith(id)), "left");
        Column[] out = new Column[columns.length + 1];
        for (int i = 0; i < columns.length; i++) {
            out[i] = byPatient.col(columns[i]);
        }
        out[columns.length] = status.col("_accepted");
        return joined.select(out);
    }

    /**
     * Sets {@code _error} of the rows that passed the field and key rules but whose patient has no
     * accepted row (from {@code _accepted}, see {@link #attach}), and drops {@code _accepted}.
     */
    public static Dataset<Row> apply(Dataset<Row> keyed) {
        return apply(keyed, "patients.csv", "this extract");
    }

    /**
     * As {@link #apply(Dataset)}, naming in messages the patients' source ({@code patients.csv}, or the
     * person table) and the delivery.
     */
    public static Dataset<Row> apply(Dataset<Row> keyed, String patients, String delivery) {
        Column pid = concat(lit("patient_id: patient '"), col("patient_id"));
        Column error = when(col("_error").isNotNull(), col("_error"))
                .when(col("_accepted").isNull(), FieldRules.error(QuarantineReason.UNKNOWN_PATIENT, "patient_id",
                        concat(pid, lit("' has no row in " + patients + " of " + delivery))))
                .when(col("_accepted").equalTo(false), FieldRules.error(QuarantineReason.REJECTED_PATIENT, "patient_id",
                        concat(pid, lit("' has a " + patients + " row in " + delivery + ", but it was rejected"))));
        return keyed.withColumn("_error", error).drop("_accepted");
    }
}
