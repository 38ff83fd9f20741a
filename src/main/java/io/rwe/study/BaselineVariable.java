package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * One variable of Table 1 ({@code rwe.study.baseline.variables}; docs/analyze.md "Table 1"): the cohort
 * column, its label, and its categories in the order the table prints them. A category seen in the data
 * but not listed follows the listed ones (sorted); {@code missing} comes last, present only when a value
 * is missing.
 *
 * @param label the label shown in the report; null: the study's label of the variable, else its name
 */
public record BaselineVariable(String name, String label, List<String> categories) {

    static final String PATH = "rwe.study.baseline.variables";

    public BaselineVariable {
        categories = List.copyOf(categories);
    }

    /** The variables of {@code rwe.study.baseline.variables}, in order (none when absent). */
    public static List<BaselineVariable> fromConfig(Config config) {
        List<BaselineVariable> out = new ArrayList<>();
        if (!config.hasPath(PATH)) {
            return out;
        }
        try {
            List<? extends Config> entries = config.getConfigList(PATH);
            for (int i = 0; i < entries.size(); i++) {
                Config v = entries.get(i);
                if (!v.hasPath("name") || !v.hasPath("categories")) {
                    throw StudyKeys.refuse(config, PATH, "entry " + (i + 1) + " needs a name and its categories");
                }
                out.add(new BaselineVariable(v.getString("name"), v.hasPath("label") ? v.getString("label") : null,
                        v.getStringList("categories")));
            }
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, PATH, e.getMessage());
        }
        return out;
    }
}
