package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
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
        return adverseEvents.join(PatientJoins.byIndexKey(key), "patient_id")
                .filter(col("onset_date").geq(col("index_date")).and(col("onset_date").leq(date(s.cutoff()))));
    }

    /** (patient_id, term, worst_grade). */
    static Dataset<Row> worstGrades(Dataset<Row> inWindow) {
        return inWindow.groupBy("patient_id", "term").agg(max("grade").cast("int").as("worst_grade"));
    }

    /**
     * The flags of {@link #flagColumns}, before the index is known: per patient with an adverse event on or
     * before the cut-off, the last onset date of any event, of one with a dose-reducing
     * action and of one with an interrupting action. An event in the window exists exactly when the last
     * onset on or before the cut-off is on or after the index, so the flags need no join of the adverse
     * events with the index: each task combines a patient's events before the shuffle.
     */
    static Dataset<Row> lastOnsets(StudyDefinition s, Dataset<Row> adverseEvents) {
        Column onset = col("onset_date");
        return adverseEvents.filter(onset.leq(date(s.cutoff())))
                .groupBy("patient_id").agg(
                        max(onset).as(LAST_ANY),
                        max(when(col("action").isin(s.doseReducedActions().toArray()), onset)).as(LAST_DOSE_REDUCED),
                        max(when(col("action").isin(s.interruptedActions().toArray()), onset)).as(LAST_INTERRUPTED));
    }

    /** {@code dose_reduced}, {@code interrupted}, {@code any_ae} over {@link #lastOnsets} joined with the index. */
    static List<Column> flagColumns() {
        Column index = col("index_date");
        return List.of(
                coalesce(col(LAST_DOSE_REDUCED).geq(index), lit(false)).as("dose_reduced"),
                coalesce(col(LAST_INTERRUPTED).geq(index), lit(false)).as("interrupted"),
                coalesce(col(LAST_ANY).geq(index), lit(false)).as("any_ae"));
    }

    private static final String LAST_ANY = "_last_ae_onset";
    private static final String LAST_DOSE_REDUCED = "_last_dose_reducing_ae_onset";
    private static final String LAST_INTERRUPTED = "_last_interrupting_ae_onset";
}
