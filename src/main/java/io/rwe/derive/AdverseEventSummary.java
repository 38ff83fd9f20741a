package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adverse events of the analysis cohort (docs/study.md "Adverse events"): those with
 * {@code index_date <= onset_date <= cutoff}. Per patient and term the worst (highest) grade; per
 * patient the flags {@code any_ae} (any such event), {@code dose_reduced} (one whose {@code action} is
 * among {@code rwe.study.adverse-events.dose-reduced-actions}) and {@code interrupted} (likewise,
 * {@code interrupted-actions}); an event without action sets neither.
 */
final class AdverseEventSummary {

    private AdverseEventSummary() {
    }

    static Dataset<Row> inWindow(StudyDefinition s, Dataset<Row> adverseEvents, Dataset<Row> key) {
        return adverseEvents.join(PatientJoins.shuffled(key), "patient_id")
                .filter(col("onset_date").geq(col("index_date")).and(col("onset_date").leq(date(s.cutoff()))));
    }

    /** (patient_id, term, worst_grade). */
    static Dataset<Row> worstGrades(Dataset<Row> inWindow) {
        return inWindow.groupBy("patient_id", "term").agg(max("grade").cast("int").as("worst_grade"));
    }

    /** (patient_id, dose_reduced, interrupted, any_ae) for patients with an event in the window. */
    static Dataset<Row> flags(StudyDefinition s, Dataset<Row> inWindow) {
        return inWindow.groupBy("patient_id").agg(
                max(when(col("action").isin(s.doseReducedActions().toArray()), 1).otherwise(0)).as("ae_dose_reduced"),
                max(when(col("action").isin(s.interruptedActions().toArray()), 1).otherwise(0)).as("ae_interrupted"),
                max(lit(1)).as("ae_any"));
    }
}
