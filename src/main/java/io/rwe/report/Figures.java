package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Draws every figure of the report into {@code <runDir>/figures/}: the flow diagram ({@code fig1}),
 * one KM figure per entry of {@code rwe.study.figures} ({@code fig2A} …, from the step table
 * {@code tables/km_<analysis>.csv}), and the response panels of Figure 5 ({@code fig5A}–{@code fig5C})
 * from the rate analyses present. A figure whose analysis is absent from results.json is skipped.
 */
final class Figures {

    /** One written figure: file base name (no extension), its id in the paper and its caption. */
    record Figure(String name, String id, String caption, int width, int height) {
    }

    private Figures() {
    }

    static List<Figure> writeAll(Path runDir, ResultsView results, StudyView study, Cells cells) {
        Path dir = runDir.resolve("figures");
        int scale = study.figureInt("png-scale", 2);
        List<Figure> out = new ArrayList<>();
        if (results.has("cohort_flow")) {
            FigureFiles.write(dir, "fig1", FlowFigure.WIDTH, FlowFigure.HEIGHT, scale,
                    new FlowFigure(results.at("cohort_flow"), study, cells::count));
            out.add(new Figure("fig1", "1", "Study flow: patients reviewed, excluded at each step, included, and metastasis patterns.",
                    FlowFigure.WIDTH, FlowFigure.HEIGHT));
        }
        for (StudyView.KmFigureSpec f : study.kmFigures()) {
            if (!results.has(f.analysis())) {
                continue;
            }
            Path csv = runDir.resolve("tables").resolve("km_" + f.analysis() + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new io.rwe.core.BadInputException(csv + ": KM step table of analysis " + f.analysis()
                        + " (figure " + f.id() + ") not found");
            }
            KmSteps steps = KmSteps.read(csv, f.analysis());
            JsonNode res = results.at(f.analysis());
            List<String> groups = groupOrder(res.path("groups"), study.order(f.analysis()));
            String endpoint = study.analysisString(f.analysis(), "endpoint").orElse(f.analysis());
            String what = study.endpointLabel(endpoint);
            String who = groups.size() == 1 ? study.groupLabel(groups.get(0))
                    : String.join(" vs ", groups.stream().map(study::groupLabel).toList());
            String title = "Figure " + f.id() + "  " + what;
            int h = KmFigure.height(groups.size());
            FigureFiles.write(dir, "fig" + f.id(), KmFigure.WIDTH, h, scale,
                    new KmFigure(title, who, steps, res, groups, study, study.reportDouble("figures.at-risk-step", 0)));
            out.add(new Figure("fig" + f.id(), f.id(), what + ", " + who.toLowerCase(java.util.Locale.ROOT)
                    + " (analysis " + f.analysis() + "). Censored patients marked +; dashed lines: medians; number at risk beneath.",
                    KmFigure.WIDTH, h));
        }
        out.addAll(responsePanels(dir, results, study, cells, scale));
        return out;
    }

    /** The groups of an analysis: the configured order first, then the rest in results.json order. */
    static List<String> groupOrder(JsonNode groups, List<String> order) {
        List<String> out = new ArrayList<>();
        for (String g : order) {
            if (groups.has(g)) {
                out.add(g);
            }
        }
        Iterator<String> it = groups.fieldNames();
        while (it.hasNext()) {
            String g = it.next();
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    private static List<Figure> responsePanels(Path dir, ResultsView results, StudyView study, Cells cells, int scale) {
        List<Figure> out = new ArrayList<>();
        List<ResponseFigure.Bar> a = new ArrayList<>();
        if (results.has("orr_all")) {
            for (String g : groupOrder(results.at("orr_all.groups"), List.of())) {
                a.add(bar(results.at("orr_all.groups").get(g), "Whole body, " + study.groupLabel(g).toLowerCase(java.util.Locale.ROOT), cells));
            }
        }
        if (results.has("morr_lung")) {
            for (String g : groupOrder(results.at("morr_lung.groups"), List.of())) {
                a.add(bar(results.at("morr_lung.groups").get(g), "Lung lesions, " + study.groupLabel(g).toLowerCase(java.util.Locale.ROOT), cells));
            }
        }
        if (!a.isEmpty()) {
            FigureFiles.write(dir, "fig5A", ResponseFigure.WIDTH, ResponseFigure.HEIGHT, scale,
                    new ResponseFigure("Figure 5A  Objective response", a, List.of()));
            out.add(new Figure("fig5A", "5A", "Objective response rate: whole-body evaluation in all patients (orr_all) and lung lesions only in patients with lung metastasis (morr_lung).",
                    ResponseFigure.WIDTH, ResponseFigure.HEIGHT));
        }
        if (results.has("morr_lungonly_vs_nonlung")) {
            JsonNode r = results.at("morr_lungonly_vs_nonlung");
            List<ResponseFigure.Bar> b = new ArrayList<>();
            for (String g : groupOrder(r.path("groups"), study.order("morr_lungonly_vs_nonlung"))) {
                b.add(bar(r.path("groups").get(g), study.groupLabel(g), cells));
            }
            FigureFiles.write(dir, "fig5B", ResponseFigure.WIDTH, ResponseFigure.HEIGHT, scale,
                    new ResponseFigure("Figure 5B  Metastasis-specific objective response", b, tests(r.path("tests"))));
            out.add(new Figure("fig5B", "5B", "Metastasis-specific objective response by pattern (morr_lungonly_vs_nonlung).",
                    ResponseFigure.WIDTH, ResponseFigure.HEIGHT));
        }
        if (results.has("morr_multiorgan_sites")) {
            JsonNode r = results.at("morr_multiorgan_sites");
            List<ResponseFigure.Bar> c = new ArrayList<>();
            for (String g : groupOrder(r.path("groups"), List.of())) {
                c.add(bar(r.path("groups").get(g), study.scopeLabel(g) + " lesions", cells));
            }
            FigureFiles.write(dir, "fig5C", ResponseFigure.WIDTH, ResponseFigure.HEIGHT, scale,
                    new ResponseFigure("Figure 5C  Response by site, multi-organ metastasis", c, tests(r.path("tests"))));
            out.add(new Figure("fig5C", "5C", "Objective response of lung lesions and of extrahepatic non-lung lesions in the same multi-organ patients (morr_multiorgan_sites).",
                    ResponseFigure.WIDTH, ResponseFigure.HEIGHT));
        }
        return out;
    }

    static ResponseFigure.Bar bar(JsonNode g, String label, Cells cells) {
        Long x = g.path("responders").isNumber() ? g.path("responders").asLong() : null;
        Long n = g.path("n").isNumber() ? g.path("n").asLong() : null;
        double pct = g.path("pct").isNumber() ? g.path("pct").asDouble()
                : g.path("rate").isNumber() ? 100 * g.path("rate").asDouble()
                : x != null && n != null && n > 0 ? 100.0 * x / n : Double.NaN;
        double lo = g.path("ci").path(0).isNumber() ? g.path("ci").path(0).asDouble() : Double.NaN;
        double hi = g.path("ci").path(1).isNumber() ? g.path("ci").path(1).asDouble() : Double.NaN;
        String text = cells.count(g, "responders") + "/" + cells.count(g, "n")
                + (Double.isFinite(pct) ? " (" + Formats.pct(pct) + "%)" : "");
        return new ResponseFigure.Bar(label, x, n, pct, lo, hi, text);
    }

    static List<String> tests(JsonNode t) {
        List<String> out = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        if (t.has("fisher")) {
            s.append("Fisher's exact p ").append(eq(Formats.p(t.get("fisher"))));
        }
        if (t.has("chisq")) {
            s.append(s.length() > 0 ? ";  " : "").append("χ² p ").append(eq(Formats.p(t.get("chisq"))));
        }
        if (t.has("chisq_yates")) {
            s.append(s.length() > 0 ? ";  " : "").append("χ² (Yates) p ").append(eq(Formats.p(t.get("chisq_yates"))));
        }
        if (s.length() > 0) {
            out.add(s.toString());
        }
        return out;
    }

    static String eq(String p) {
        return p.startsWith("<") ? p : "= " + p;
    }
}
