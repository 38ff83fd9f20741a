package io.rwe.study;

import io.rwe.registry.ExtractTable;
import java.util.List;

/**
 * The names the pipeline itself defines, against which a study file is checked (docs/analyze.md,
 * "Checked before Spark starts"): the flow's exclusion steps, the assessment scopes of the extract, and
 * the columns that every analysis cohort has (docs/architecture.md "Analysis cohort"; a study adds its
 * baseline flags, endpoints and best responses).
 */
public final class CohortVocabulary {

    private CohortVocabulary() {
    }

    /** The exclusion steps the derive stage knows, in the paper's order (docs/study.md "Flow"). */
    public static final List<String> FLOW_STEPS = List.of("not_eligible", "no_measurable_metastasis",
            "concurrent_systemic", "locoregional_metastasis");

    /** The Table 1 columns the derive stage writes (docs/derive.md), in cohort column order. */
    public static final List<String> TABLE1_COLUMNS = List.of("age_group", "sex", "smoking", "portal_vein_invasion",
            "locoregional_liver", "antiviral_treatment", "bclc_stage", "child_pugh_class", "treatment_setting",
            "hbv_dna", "afp");

    /** The other columns of every analysis cohort. */
    public static final List<String> FIXED_COLUMNS = List.of("patient_key", "center_id", "index_date", "course_end",
            "age", "pattern", "dose_reduced", "interrupted", "any_ae");

    /** The assessment scopes of the extract ({@code assessments.scope}, docs/registry-extract.md). */
    public static List<String> assessmentScopes() {
        return ExtractTable.ASSESSMENTS.column("scope").orElseThrow().codes();
    }

    /** The best response of a patient with no assessment in the scope (its column is null). */
    public static final String NO_ASSESSMENT = "none";

    /**
     * The categories of a best response, in the order of the extract's response codes (CR, PR, SD, PD,
     * NE: {@code assessments.response}, docs/registry-extract.md), then {@link #NO_ASSESSMENT}.
     */
    public static List<String> bestResponseCategories() {
        List<String> out = new java.util.ArrayList<>(ExtractTable.ASSESSMENTS.column("response").orElseThrow().codes());
        out.add(NO_ASSESSMENT);
        return List.copyOf(out);
    }

    /** The cohort column of a scope's best response ({@code best_<scope>}). */
    public static String bestResponseColumn(String scope) {
        return "best_" + scope;
    }
}
