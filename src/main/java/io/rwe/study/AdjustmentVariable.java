package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * One variable of the study's adjustment set ({@code rwe.study.adjustment}; docs/study.md, "Adjusted
 * hazard ratio"): a cohort column entering every comparison's adjusted Cox model ({@code cox_adjusted})
 * beside the group.
 * <ul>
 *   <li>{@code type = numeric}: the column as a number (one term named as the column); a patient without a
 *       value is left out of the model (R's {@code na.omit}).</li>
 *   <li>categorical ({@code levels = [...]}, the default): treatment contrasts against the first level
 *       present among the comparison's patients (terms {@code <column>=<level>}); the levels in the listed
 *       order, others seen in the data after them; a missing value is the level {@code missing} (list it
 *       to place it); a level absent from the comparison's patients is dropped; a boolean column counts as
 *       {@code yes}/{@code no}.</li>
 * </ul>
 *
 * @param name    the cohort column
 * @param numeric numeric (true) or categorical
 * @param levels  a categorical variable's levels in order, the first the reference; empty for a numeric one
 */
public record AdjustmentVariable(String name, boolean numeric, List<String> levels) {

    static final String PATH = "rwe.study.adjustment";

    public AdjustmentVariable {
        levels = List.copyOf(levels);
    }

    /** The variables of {@code rwe.study.adjustment}, in order (none when absent). */
    static List<AdjustmentVariable> fromConfig(Config config) {
        List<AdjustmentVariable> out = new ArrayList<>();
        if (!config.hasPath(PATH)) {
            return out;
        }
        try {
            List<? extends Config> entries = config.getConfigList(PATH);
            for (int i = 0; i < entries.size(); i++) {
                Config v = entries.get(i);
                if (!v.hasPath("name")) {
                    throw StudyKeys.refuse(config, PATH, "entry " + (i + 1) + " needs a name");
                }
                String type = v.hasPath("type") ? v.getString("type") : "categorical";
                if (!type.equals("numeric") && !type.equals("categorical")) {
                    throw StudyKeys.refuse(config, PATH, "entry " + (i + 1) + " (" + v.getString("name")
                            + "): type must be numeric or categorical, got '" + type + "'");
                }
                boolean numeric = type.equals("numeric");
                if (numeric && v.hasPath("levels")) {
                    throw StudyKeys.refuse(config, PATH, "entry " + (i + 1) + " (" + v.getString("name")
                            + "): a numeric variable has no levels");
                }
                out.add(new AdjustmentVariable(v.getString("name"), numeric,
                        v.hasPath("levels") ? v.getStringList("levels") : List.of()));
            }
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, PATH, e.getMessage());
        }
        return out;
    }
}
