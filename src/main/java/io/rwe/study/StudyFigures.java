package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The figures a study draws ({@code rwe.study.figures}; docs/report.md "Figures"): the Kaplan–Meier
 * figures ({@code km}: id → analysis), the response-rate panels ({@code response}: id → title,
 * caption, analyses) and the boxes of the flow figure ({@code flow.boxes}). Figures are in id order;
 * {@code id = null} in a study file removes an inherited figure.
 */
public record StudyFigures(List<KmFigure> km, List<ResponsePanel> response, List<FlowBox> flowBoxes) {

    static final String PATH = "rwe.study.figures";

    public StudyFigures {
        km = List.copyOf(km);
        response = List.copyOf(response);
        flowBoxes = List.copyOf(flowBoxes);
    }

    /** A Kaplan–Meier figure: its id ({@code 2A}) and the km or compare analysis it draws. */
    public record KmFigure(String id, String analysis) {
    }

    /** A response-rate panel: one bar per group of each analysis listed. */
    public record ResponsePanel(String id, String title, String caption, List<String> analyses) {
        public ResponsePanel {
            analyses = List.copyOf(analyses);
        }
    }

    /**
     * A box of the flow figure beneath "Patients included": the patients of {@code patterns} (each drawn
     * beneath the box when there are several), labelled by the group label of {@code group} (null: the
     * single pattern's own label).
     */
    public record FlowBox(String group, List<String> patterns) {
        public FlowBox {
            patterns = List.copyOf(patterns);
        }

        /** The key of its label among the group labels. */
        public String labelKey() {
            return group != null ? group : patterns.get(0);
        }
    }

    static StudyFigures fromConfig(Config config) {
        List<KmFigure> km = new ArrayList<>();
        List<ResponsePanel> response = new ArrayList<>();
        List<FlowBox> boxes = new ArrayList<>();
        String kmPath = PATH + ".km";
        for (String id : ids(config, kmPath)) {
            km.add(new KmFigure(id, string(config, ConfigUtil.joinPath("rwe", "study", "figures", "km", id))));
        }
        for (String id : ids(config, PATH + ".response")) {
            String p = ConfigUtil.joinPath("rwe", "study", "figures", "response", id);
            try {
                Config c = config.getConfig(p);
                response.add(new ResponsePanel(id, c.hasPath("title") ? c.getString("title") : "Response",
                        c.hasPath("caption") ? c.getString("caption") : "", c.getStringList("analyses")));
            } catch (ConfigException e) {
                throw StudyKeys.refuse(config, p, e.getMessage());
            }
        }
        String flow = PATH + ".flow.boxes";
        if (config.hasPath(flow)) {
            try {
                for (Config b : config.getConfigList(flow)) {
                    List<String> patterns = b.getStringList("patterns");
                    if (patterns.isEmpty()) {
                        throw StudyKeys.refuse(config, flow, "a box needs at least one pattern");
                    }
                    boxes.add(new FlowBox(b.hasPath("group") ? b.getString("group") : null, patterns));
                }
            } catch (ConfigException e) {
                throw StudyKeys.refuse(config, flow, e.getMessage());
            }
        }
        return new StudyFigures(km, response, boxes);
    }

    /** The ids under {@code path} that are not null, sorted. */
    private static List<String> ids(Config config, String path) {
        List<String> out = new ArrayList<>();
        if (!config.hasPath(path)) {
            return out;
        }
        new TreeMap<>(config.getObject(path)).forEach((id, v) -> {
            if (v.valueType() != ConfigValueType.NULL) {
                out.add(id);
            }
        });
        return out;
    }

    private static String string(Config config, String path) {
        try {
            return config.getString(path);
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, path, e.getMessage());
        }
    }
}
