package io.rwe.disclosure;

import io.rwe.study.AnalysisSpec;
import io.rwe.study.Study;
import java.util.function.UnaryOperator;

/**
 * Who a declared count counts, as the study defines them (conf/disclosure.conf, {@code population}): two
 * counts with the same name here and the same value are the same patients, hidden everywhere or nowhere.
 * <ul>
 *   <li>{@code group <analysis> <group>}: the group's predicate in the study ({@code pattern = 'non_lung'},
 *       {@code lung_metastasis}, {@code true}); for a scope-rates analysis, its population's predicate;</li>
 *   <li>{@code <variable>=yes}: the Table 1 yes/no variable's own column, which is also the predicate a
 *       group uses for it ({@code lung_metastasis});</li>
 *   <li>anything else names itself ({@code true}: every included patient; {@code pattern = 'lung_only'}).</li>
 * </ul>
 */
public final class Populations {

    private Populations() {
    }

    /** The populations of {@code study}. */
    public static UnaryOperator<String> of(Study study) {
        return label -> {
            if (label.startsWith("group ")) {
                String[] p = label.substring("group ".length()).split(" ", 2);
                AnalysisSpec spec = p.length == 2 ? study.analysis(p[0]) : null;
                String predicate = spec == null ? null : spec.groups().get(p[1]);
                return predicate == null ? label : predicate.trim();
            }
            if (label.endsWith("=yes")) {
                return label.substring(0, label.length() - "=yes".length());
            }
            return label;
        };
    }
}
