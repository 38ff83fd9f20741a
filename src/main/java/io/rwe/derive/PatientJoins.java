package io.rwe.derive;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every per-patient join of derive is a shuffle (sort-merge) join, never a broadcast join: a broadcast
 * join collects one side to the driver and sends it to every executor, which for a side of
 * per-patient rows (a list of patient ids, per-patient facts) is exactly the patient-level collect the
 * architecture forbids, and at registry scale a driver memory risk. Spark would choose a broadcast
 * whenever a side looks smaller than {@code spark.sql.autoBroadcastJoinThreshold} (10 MB), also at run
 * time under adaptive execution; the {@code SHUFFLE_MERGE} hint takes precedence over both.
 */
final class PatientJoins {

    /** The join key of every per-patient join (an equi-join on the column, kept once). */
    static final String[] BY_PATIENT = {"patient_id"};

    private PatientJoins() {
    }

    /** {@code side} with the {@code SHUFFLE_MERGE} join hint. */
    static Dataset<Row> shuffled(Dataset<Row> side) {
        return side.hint("shuffle_merge");
    }
}
