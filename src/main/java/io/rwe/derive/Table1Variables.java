package io.rwe.derive;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.rwe.study.CategoryNames;
import io.rwe.study.CohortVocabulary;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Table 1 variables as the results contract names their categories (docs/study.md "Table 1 variables",
 * "Results contract"); null means missing and is kept, never dropped:
 * <ul>
 *   <li>{@code age_group}: {@code <65} when age &lt; 65, else {@code >=65};</li>
 *   <li>{@code sex} ({@code M}, {@code F}), {@code smoking} ({@code ever}, {@code never}),
 *       {@code bclc_stage}, {@code child_pugh_class}: the registry code;</li>
 *   <li>{@code portal_vein_invasion}, {@code antiviral_treatment}: {@code Y} → {@code yes},
 *       {@code N} → {@code no};</li>
 *   <li>{@code locoregional_liver}: {@code yes} when a {@code target=primary} procedure is dated before
 *       the index, else {@code no} (never missing);</li>
 *   <li>{@code treatment_setting}: {@code first_line} when no systemic course of any drug (the study
 *       drug's earlier courses included) started before the index, else {@code second_line_plus};</li>
 *   <li>{@code hbv_dna}: {@code <1000}, {@code >=1000} IU/mL, {@code not_examined} when empty;</li>
 *   <li>{@code afp}: {@code >=400}, {@code <400} µg/L, null when missing.</li>
 * </ul>
 * The cut points are {@code rwe.study.table1}.
 */
final class Table1Variables {

    /** The Table 1 columns of the analysis cohort, in order. */
    static final List<String> NAMES = CohortVocabulary.TABLE1_COLUMNS;

    private Table1Variables() {
    }

    /** The columns over the flow facts ({@link FlowSteps#facts}), named as in {@link #NAMES}. */
    static List<Column> columns(StudyDefinition.Table1Cuts cuts) {
        return List.of(
                below(col("age"), cuts.ageCut()).as("age_group"),
                col("sex"),
                col("smoking"),
                yesNo(col("portal_vein_invasion")).as("portal_vein_invasion"),
                when(col("locoregional_liver"), lit(CategoryNames.YES)).otherwise(lit(CategoryNames.NO)).as("locoregional_liver"),
                yesNo(col("antiviral_treatment")).as("antiviral_treatment"),
                col("bclc_stage"),
                col("child_pugh_class"),
                when(col("prior_systemic"), lit("second_line_plus")).otherwise(lit("first_line"))
                        .as("treatment_setting"),
                when(col("hbv_dna_iu_ml").isNull(), lit("not_examined"))
                        .otherwise(below(col("hbv_dna_iu_ml"), cuts.hbvDnaCut())).as("hbv_dna"),
                below(col("afp_ug_l"), cuts.afpCut()).as("afp"));
    }

    /** {@code "<cut"} or {@code ">=cut"}; null stays null. */
    static Column below(Column value, double cut) {
        String c = label(cut);
        return when(value.isNull(), lit(null).cast("string"))
                .when(value.lt(cut), lit("<" + c)).otherwise(lit(">=" + c));
    }

    static Column yesNo(Column code) {
        return when(code.equalTo(lit("Y")), lit(CategoryNames.YES)).when(code.equalTo(lit("N")), lit(CategoryNames.NO));
    }

    /** A cut point as written in a category: {@code 65}, {@code 1000}, {@code 2.5}. */
    static String label(double cut) {
        return cut == Math.rint(cut) && Math.abs(cut) < 1e15 ? Long.toString((long) cut) : Double.toString(cut);
    }
}
