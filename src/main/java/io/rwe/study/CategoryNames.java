package io.rwe.study;

/**
 * The names of the categories every analysis shares, so that Table 1, the adjusted models' levels and
 * the derived cohort's flags say the same words: a boolean value as {@link #YES} or {@link #NO}, an
 * absent value of a categorical variable as {@link #MISSING} (docs/study.md, "Table 1 variables" and
 * "Adjusted hazard ratio").
 */
public final class CategoryNames {
    /** A true boolean value, or a registry's yes code. */
    public static final String YES = "yes";
    /** A false boolean value, or a registry's no code. */
    public static final String NO = "no";
    /** The category of an absent value (Table 1's missing row, a categorical covariate's missing level). */
    public static final String MISSING = "missing";

    private CategoryNames() {
    }
}
