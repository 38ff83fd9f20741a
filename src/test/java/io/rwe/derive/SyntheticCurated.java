package io.rwe.derive;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Synthetic curated tables of n patients, generated on the executors from {@code spark.range(n)} (no
 * driver-side rows), deterministic in (n, seed): plausible values of every column, with a share of
 * patients in each exclusion step. For volume tests only (the statistics are not the paper's).
 */
final class SyntheticCurated {

    private SyntheticCurated() {
    }

    /** A uniform integer in [0, m) from the patient number and a salt. */
    private static String u(String salt, int m, long seed) {
        return "pmod(xxhash64(id, " + seed + ", '" + salt + "'), " + m + ")";
    }

    static CuratedTables tables(SparkSession spark, long n, int partitions, long seed) {
        Dataset<Row> ids = spark.range(0, n, 1, partitions)
                .withColumn("patient_id", expr("concat('P', lpad(cast(id as string), 9, '0'))"))
                .withColumn("index_date", expr("date_add(date'2015-10-20', cast(" + u("ix", 960, seed) + " as int))"));

        Dataset<Row> patients = ids.select(
                col("patient_id"),
                expr("concat('center_', " + u("ctr", 3, seed) + ")").as("center_id"),
                expr("date_add(date'1935-01-01', cast(" + u("bd", 60 * 365, seed) + " as int))").as("birth_date"),
                expr("if(" + u("sex", 10, seed) + " < 9, 'M', 'F')").as("sex"),
                expr("element_at(array('ever', 'never', null), cast(" + u("smk", 3, seed) + " + 1 as int))").as("smoking"),
                lit(null).cast("date").as("hcc_diagnosis_date"),
                lit("noninvasive").as("diagnosis_basis"),
                expr("element_at(array('A', 'B', 'C', 'C', 'C', 'C', 'C', 'C', 'B', 'C'), cast(" + u("bclc", 10, seed)
                        + " + 1 as int))").as("bclc_stage"),
                expr("element_at(array('A', 'A', 'A', 'B', 'B', 'C', 'A', 'A', 'A', 'A'), cast(" + u("cp", 10, seed)
                        + " + 1 as int))").as("child_pugh_class"),
                expr("cast(element_at(array(0, 1, 1, 2, 3, null, 0, 1, 1, 0), cast(" + u("ecog", 10, seed)
                        + " + 1 as int)) as int)").as("ecog_ps"),
                expr("if(" + u("pvi", 2, seed) + " = 0, 'Y', 'N')").as("portal_vein_invasion"),
                expr("if(" + u("hbvx", 3, seed) + " = 0, null, cast(" + u("hbv", 100000, seed) + " as double) / 10)")
                        .as("hbv_dna_iu_ml"),
                expr("if(" + u("av", 2, seed) + " = 0, 'Y', 'N')").as("antiviral_treatment"),
                expr("if(" + u("afpx", 10, seed) + " = 0, null, cast(" + u("afp", 20000, seed) + " as double) / 10)")
                        .as("afp_ug_l"),
                expr("date_add(index_date, cast(" + u("lc", 1000, seed) + " as int))").as("last_contact_date"),
                expr("if(" + u("dead", 10, seed) + " < 6, date_add(index_date, cast(" + u("lc", 1000, seed)
                        + " as int)), null)").as("death_date"),
                lit("N").as("withdrawn"));

        Dataset<Row> treatments = ids.select(col("id"), col("patient_id"), col("index_date"),
                        expr("explode(sequence(0, cast(" + u("ntr", 3, seed) + " as int)))").as("k"))
                .select(col("patient_id"),
                        expr("CASE k WHEN 0 THEN 'apatinib' WHEN 1 THEN 'sorafenib' ELSE 'lenvatinib' END").as("drug"),
                        expr("CASE k WHEN 0 THEN index_date WHEN 1 THEN date_sub(index_date, 400) "
                                + "ELSE date_add(index_date, 500) END").as("start_date"),
                        expr("CASE k WHEN 0 THEN if(" + u("ong", 5, seed) + " = 0, null, date_add(index_date, 30 + cast("
                                + u("dur", 400, seed) + " as int))) WHEN 1 THEN date_sub(index_date, cast("
                                + u("wo", 40, seed) + " as int)) ELSE null END").as("stop_date"),
                        lit(500.0).as("dose_mg"), lit("qd").as("schedule"), expr("cast(k + 1 as int)").as("line"));

        Dataset<Row> lesions = ids.select(col("id"), col("patient_id"), col("index_date"),
                        expr("explode(sequence(1, 4))").as("k"))
                .filter(expr("pmod(xxhash64(id, k, " + seed + ", 'les'), 10) < 6"))
                .select(col("patient_id"), expr("concat('L', k)").as("lesion_id"),
                        expr("element_at(array('lung', 'bone', 'liver_new', 'lymph_node'), k)").as("site"),
                        expr("if(pmod(xxhash64(id, k, " + seed + ", 'mea'), 10) < 8, 'Y', 'N')").as("measurable"),
                        expr("date_sub(index_date, cast(pmod(xxhash64(id, k, " + seed + ", 'det'), 60) as int) - 5)")
                                .as("detected_date"));

        Dataset<Row> procedures = ids.filter(expr(u("prc", 10, seed) + " < 2"))
                .select(col("patient_id"),
                        expr("if(" + u("prt", 4, seed) + " = 0, 'rfa', 'tace')").as("procedure"),
                        expr("date_sub(index_date, 100)").as("procedure_date"),
                        expr("if(" + u("prt", 4, seed) + " = 0, 'metastasis', 'primary')").as("target"));

        Dataset<Row> assessments = ids.select(col("id"), col("patient_id"), col("index_date"),
                        expr("explode(sequence(1, 1 + cast(" + u("nas", 8, seed) + " as int)))").as("k"))
                .select(col("id"), col("patient_id"), col("index_date"), col("k"),
                        expr("explode(array('overall', 'metastatic', 'lung'))").as("scope"))
                .select(col("patient_id"), expr("date_add(index_date, 42 * k)").as("assessment_date"), col("scope"),
                        expr("element_at(array('CR', 'PR', 'SD', 'SD', 'SD', 'PD', 'PD', 'NE'), cast(pmod(xxhash64(id, k, scope, "
                                + seed + "), 8) + 1 as int))").as("response"));

        Dataset<Row> adverseEvents = ids.select(col("id"), col("patient_id"), col("index_date"),
                        expr("explode(sequence(1, 1 + cast(" + u("nae", 3, seed) + " as int)))").as("k"))
                .select(col("patient_id"),
                        expr("element_at(array('hypertension', 'hand_foot_skin_reaction', 'diarrhea', 'fatigue'), k)")
                                .as("term"),
                        expr("cast(1 + pmod(xxhash64(id, k, " + seed + ", 'gr'), 3) as int)").as("grade"),
                        expr("date_add(index_date, 20 * k - 10)").as("onset_date"),
                        expr("element_at(array('none', 'dose_reduced', 'interrupted', null), cast(pmod(xxhash64(id, k, "
                                + seed + ", 'act'), 4) + 1 as int))").as("action"));

        return new CuratedTables(typed(patients, ExtractTable.PATIENTS), typed(lesions, ExtractTable.LESIONS),
                typed(treatments, ExtractTable.TREATMENTS), typed(procedures, ExtractTable.PROCEDURES),
                typed(assessments, ExtractTable.ASSESSMENTS), typed(adverseEvents, ExtractTable.ADVERSE_EVENTS));
    }

    /** The columns of the table in spec order with their curated types, plus extract_date. */
    static Dataset<Row> typed(Dataset<Row> d, ExtractTable t) {
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec c : t.columns()) {
            cols.add(col(c.name()).cast(CuratedTables.curatedType(c)).as(c.name()));
        }
        cols.add(lit(java.sql.Date.valueOf("2018-09-30")).as("extract_date"));
        return d.select(cols.toArray(Column[]::new));
    }
}
