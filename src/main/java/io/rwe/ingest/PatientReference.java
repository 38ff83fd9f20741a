package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The patient reference rule of registry-extract.md, last of the rules: a row of a child file (lesions,
 * treatments, procedures, assessments, adverse events) that passed the field and key rules is rejected
 * when its patient has no accepted patients.csv row in the same extract — {@code unknown_patient} when
 * patients.csv has no row naming the patient at all, {@code rejected_patient} when it has one but it
 * was rejected (the child of a rejected patient).
 */
public final class PatientReference {

    private PatientReference() {
    }

    /**
     * The patients of an extract's patients.csv, one row each: {@code _pid} (the patient_id as read) and
     * {@code _accepted} (whether one of its rows was accepted), from the classified patients rows.
     */
    public static Dataset<Row> patientStatus(Dataset<Row> classifiedPatients) {
        return classifiedPatients.filter(col("patient_id").isNotNull())
                .groupBy(col("patient_id").as("_pid"))
                .agg(max(col("_error").isNull()).as("_accepted"));
    }

    /** Sets {@code _error} of the passed child rows whose patient has no accepted row. */
    public static Dataset<Row> apply(Dataset<Row> keyed, Dataset<Row> patientStatus) {
        Dataset<Row> failed = keyed.filter(col("_error").isNotNull());
        Dataset<Row> passed = keyed.filter(col("_error").isNull());
        String[] columns = passed.columns();
        // A shuffle join, never a broadcast one (which would bring every patient id to the driver).
        Dataset<Row> status = patientStatus.hint("shuffle_merge");
        Dataset<Row> joined = passed.join(status, passed.col("patient_id").equalTo(status.col("_pid")), "left");
        Column pid = concat(lit("patient_id: patient '"), col("patient_id"));
        Column error = when(col("_accepted").isNull(), FieldRules.error(QuarantineReason.UNKNOWN_PATIENT, "patient_id",
                concat(pid, lit("' has no row in patients.csv of this extract"))))
                .when(col("_accepted").equalTo(false), FieldRules.error(QuarantineReason.REJECTED_PATIENT, "patient_id",
                        concat(pid, lit("' has a patients.csv row in this extract, but it was rejected"))));
        Column[] out = new Column[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = columns[i].equals("_error") ? error.as("_error") : col(columns[i]);
        }
        return failed.unionByName(joined.select(out));
    }
}
