package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * One variable of Table 1 (docs/study.md, "Results contract", {@code baseline}): the cohort column and
 * its categories in the order the table prints them. A category seen in the data but not listed
 * follows the listed ones (sorted); {@code missing} comes last, present only when a value is missing.
 */
public record BaselineVariable(String name, List<String> categories) {

    public BaselineVariable {
        categories = List.copyOf(categories);
    }

    private static final List<String> YES_NO = List.of("yes", "no");

    /**
     * The study's Table 1 variables, {@code rwe.study.baseline.variables} ({@code [{name, categories}]},
     * in the order printed); {@link #STUDY} when the study does not list them.
     */
    public static List<BaselineVariable> fromConfig(Config config) {
        String key = "rwe.study.baseline.variables";
        if (!config.hasPath(key)) {
            return STUDY;
        }
        try {
            List<BaselineVariable> out = new ArrayList<>();
            for (Config v : config.getConfigList(key)) {
                out.add(new BaselineVariable(v.getString("name"), v.getStringList("categories")));
            }
            return out;
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    /** The variables and categories of the results contract, in its order. */
    public static final List<BaselineVariable> STUDY = List.of(
            new BaselineVariable("age_group", List.of("<65", ">=65")),
            new BaselineVariable("sex", List.of("M", "F")),
            new BaselineVariable("smoking", List.of("ever", "never")),
            new BaselineVariable("lung_metastasis", YES_NO),
            new BaselineVariable("extrahepatic_nonlung", YES_NO),
            new BaselineVariable("new_intrahepatic", YES_NO),
            new BaselineVariable("portal_vein_invasion", YES_NO),
            new BaselineVariable("locoregional_liver", YES_NO),
            new BaselineVariable("antiviral_treatment", YES_NO),
            new BaselineVariable("bclc_stage", List.of("B", "C")),
            new BaselineVariable("child_pugh_class", List.of("A", "B")),
            new BaselineVariable("treatment_setting", List.of("first_line", "second_line_plus")),
            new BaselineVariable("hbv_dna", List.of("<1000", ">=1000", "not_examined")),
            new BaselineVariable("afp", List.of(">=400", "<400")));
}
