package io.rwe.derive;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The reviewed patients (docs/study.md "Cohort"): those with a start of the study drug inside the
 * enrolment window, one row each, with
 * <ul>
 *   <li>{@code index_date}: the first such start;</li>
 *   <li>{@code course_end}: the end of the study-drug course starting on the index date, its
 *       {@code stop_date}, or the cut-off if it is ongoing or stops later
 *       ({@code least(coalesce(stop_date, cutoff), cutoff)});</li>
 *   <li>{@code age}: completed years at the index date (the birthday counts from its own day; one born
 *       on 29 February completes a year on 1 March of a common year);</li>
 * </ul>
 * and the patient columns derive uses. Starts dated after the cut-off are ignored; earlier starts of
 * the study drug (before the window) do not define the index. Withdrawn patients are removed (again:
 * curated tables hold none).
 */
final class StudyDrugIndex {

    private StudyDrugIndex() {
    }

    static Dataset<Row> reviewed(StudyDefinition s, CuratedTables t) {
        Dataset<Row> patients = t.patients()
                .filter(col("withdrawn").isNull().or(col("withdrawn").notEqual(lit("Y"))))
                .select("patient_id", "center_id", "birth_date", "sex", "smoking", "bclc_stage",
                        "child_pugh_class", "ecog_ps", "portal_vein_invasion", "hbv_dna_iu_ml",
                        "antiviral_treatment", "afp_ug_l", "last_contact_date", "death_date");
        return index(s, t).join(PatientJoins.shuffled(patients), "patient_id")
                .withColumn("age", completedYears(col("birth_date"), col("index_date")));
    }

    /**
     * (patient_id, index_date, course_end) of every patient with a start of the study drug in the
     * window, from the treatments alone (withdrawn patients and those without a patient record included:
     * the joins of {@link #reviewed} remove them). The per-patient facts that depend on the index join
     * this narrow key rather than the reviewed patients' rows.
     */
    static Dataset<Row> index(StudyDefinition s, CuratedTables t) {
        Column start = col("start_date");
        Column cutoff = date(s.cutoff());
        return t.treatments()
                .filter(col("drug").equalTo(lit(s.drug()))
                        .and(start.geq(date(s.enrolFrom())))
                        .and(start.leq(date(s.enrolTo())))
                        .and(start.leq(cutoff)))
                .groupBy("patient_id")
                .agg(min(start).as("index_date"), min_by(col("stop_date"), start).as("index_stop"))
                .select(col("patient_id"), col("index_date"),
                        least(coalesce(col("index_stop"), cutoff), cutoff).as("course_end"));
    }

    /** Completed years from {@code birth} to {@code at}: the year difference, less one before the birthday. */
    static Column completedYears(Column birth, Column at) {
        Column beforeBirthday = month(at).lt(month(birth))
                .or(month(at).equalTo(month(birth)).and(dayofmonth(at).lt(dayofmonth(birth))));
        return year(at).minus(year(birth)).minus(when(beforeBirthday, 1).otherwise(0)).cast("int");
    }

    static Column date(LocalDate d) {
        return lit(Date.valueOf(d));
    }
}
