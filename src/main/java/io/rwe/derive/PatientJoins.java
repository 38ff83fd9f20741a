package io.rwe.derive;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every per-patient join of derive is a shuffle join, never a broadcast join: a broadcast join collects
 * one side to the driver and sends it to every executor, which for a side of per-patient rows (a list of
 * patient ids, per-patient facts) is exactly the patient-level collect the architecture forbids, and at
 * registry scale a driver memory risk. Spark would choose a broadcast whenever a side looks smaller than
 * {@code spark.sql.autoBroadcastJoinThreshold} (10 MB), also at run time under adaptive execution; a
 * join hint takes precedence over both.
 *
 * <p>Two kinds: a join of per-patient rows with per-patient rows is a sort-merge join
 * ({@link #shuffled}), which spills to disk when a task's share outgrows its memory. A join of a child
 * table's rows (many per patient) with the narrow index key (patient_id, index_date, course_end: one
 * small row per patient) is a shuffled hash join ({@link #byIndexKey}): each task holds its share of the
 * key in a hash table and streams the child rows through it, so those rows (10^8 assessments at 10^7
 * patients) are never sorted. Measured on {@code jobs/derive} at 10^7 patients (docs/derive.md): the
 * cohort's stage 61–67 s instead of 81–88 s, the same cohort and adverse events row for row. The hash
 * table is not spilled; {@link ShufflePartitions} keeps each task's share of the key small (about
 * 320,000 patients, a few tens of MB, at 10^7 with the default 48 MiB per partition).
 */
final class PatientJoins {

    /** The join key of every per-patient join (an equi-join on the column, kept once). */
    static final String[] BY_PATIENT = {"patient_id"};

    private PatientJoins() {
    }

    /** {@code side} (per-patient rows) with the {@code SHUFFLE_MERGE} join hint. */
    static Dataset<Row> shuffled(Dataset<Row> side) {
        return side.hint("shuffle_merge");
    }

    /**
     * {@code key}, the narrow index key (one row per patient), with the {@code SHUFFLE_HASH} join hint:
     * the side each task hashes.
     */
    static Dataset<Row> byIndexKey(Dataset<Row> key) {
        return key.hint("shuffle_hash");
    }
}
