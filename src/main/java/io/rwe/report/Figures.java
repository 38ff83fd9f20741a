package io.rwe.report;

import io.rwe.core.BadInputException;
import io.rwe.results.KmResult;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.results.Results;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.Study;
import io.rwe.study.StudyFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Draws every figure the study declares ({@code rwe.study.figures}; docs/report.md "Figures") into
 * {@code <runDir>/figures/}: the flow diagram ({@code fig1}, with the study's pattern boxes), one
 * Kaplan–Meier figure per entry of {@code figures.km} ({@code fig<id>}, from the step table
 * {@code tables/km_<analysis>.csv}), and one response-rate panel per entry of {@code figures.response}.
 * A figure whose analysis is absent from results.json is skipped.
 */
final class Figures {

    /** One written figure: file base name (no extension), its id and its caption. */
    record Figure(String name, String id, String caption, int width, int height) {
    }

    private Figures() {
    }

    static List<Figure> writeAll(Path runDir, Results results, Study study, ReportSettings settings, Cells cells) {
        Path dir = runDir.resolve("figures");
        int scale = settings.pngScale();
        List<Figure> out = new ArrayList<>();
        if (results.flow() != null) {
            FigureFiles.write(dir, "fig1", FlowFigure.WIDTH, FlowFigure.HEIGHT, scale,
                    new FlowFigure(results.flow(), study, cells));
            out.add(new Figure("fig1", "1", "Study flow: patients reviewed, excluded at each step, included, and "
                    + "their patterns.", FlowFigure.WIDTH, FlowFigure.HEIGHT));
        }
        // the panels of one figure (2A, 2B) share their time axis: the largest time of any of them
        java.util.Map<String, Double> sharedMax = new java.util.HashMap<>();
        for (StudyFigures.KmFigure f : study.figures().km()) {
            Path csv = runDir.resolve("tables").resolve("km_" + f.analysis() + ".csv");
            AnalysisSpec spec = study.analysis(f.analysis());
            if (spec != null && results.analysis(f.analysis()) instanceof KmResult km && Files.isRegularFile(csv)) {
                double max = KmFigure.maxTime(KmSteps.read(csv, f.analysis()),
                        groupOrder(List.copyOf(spec.groups().keySet()), km.groups().keySet()));
                sharedMax.merge(figureNumber(f.id()), max, Math::max);
            }
        }
        for (StudyFigures.KmFigure f : study.figures().km()) {
            AnalysisSpec spec = study.analysis(f.analysis());
            if (spec == null || !(results.analysis(f.analysis()) instanceof KmResult km)) {
                continue;
            }
            Path csv = runDir.resolve("tables").resolve("km_" + f.analysis() + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new BadInputException(csv + ": KM step table of analysis " + f.analysis() + " (figure " + f.id()
                        + ") not found");
            }
            KmSteps steps = KmSteps.read(csv, f.analysis());
            List<String> groups = groupOrder(List.copyOf(spec.groups().keySet()), km.groups().keySet());
            String what = study.labels().endpoint(spec.endpoint());
            String who = String.join(" vs ", groups.stream().map(study.labels()::group).toList());
            int h = KmFigure.height(groups.size());
            FigureFiles.write(dir, "fig" + f.id(), KmFigure.WIDTH, h, scale,
                    new KmFigure("Figure " + f.id() + "  " + what, who, steps, km, groups, study.labels(),
                            settings.atRiskStep(), sharedMax.getOrDefault(figureNumber(f.id()), 0.0)));
            out.add(new Figure("fig" + f.id(), f.id(), what + ", " + who.toLowerCase(Locale.ROOT)
                    + ". Censored patients marked +; dashed lines: medians; number at risk beneath.",
                    KmFigure.WIDTH, h));
        }
        for (StudyFigures.ResponsePanel p : study.figures().response()) {
            List<ResponseFigure.Bar> bars = new ArrayList<>();
            List<BestResponseFigure.Bar> stacked = new ArrayList<>();
            List<String> tests = new ArrayList<>();
            for (String a : p.analyses()) {
                AnalysisSpec spec = study.analysis(a);
                if (spec == null || !(results.analysis(a) instanceof RateResult rate)) {
                    continue;
                }
                for (String g : groupOrder(List.copyOf(spec.groups().keySet()), rate.groups().keySet())) {
                    String label = barLabel(study, spec, g, p.analyses().size() > 1);
                    bars.add(bar(rate.groups().get(g), label, cells));
                    stacked.add(stackedBar(rate.groups().get(g), label));
                }
                tests.addAll(tests(rate));
            }
            if (bars.isEmpty()) {
                continue;
            }
            String title = "Figure " + p.id() + "  " + p.title();
            if (!stacked.contains(null)) {
                // the paper's drawing: every best-response category of every group is known
                FigureFiles.write(dir, "fig" + p.id(), BestResponseFigure.WIDTH, BestResponseFigure.HEIGHT, scale,
                        new BestResponseFigure(title, stacked, tests));
                out.add(new Figure("fig" + p.id(), p.id(), (p.caption() + " Bars: patients by best response (CR, PR, "
                        + "SD, PD, NE, not assessed); ORR = CR + PR, disease control (DCR) = CR + PR + SD.").trim(),
                        BestResponseFigure.WIDTH, BestResponseFigure.HEIGHT));
            } else {
                // objective response only: results without best responses, or with a suppressed category
                FigureFiles.write(dir, "fig" + p.id(), ResponseFigure.WIDTH, ResponseFigure.HEIGHT, scale,
                        new ResponseFigure(title, bars, tests));
                out.add(new Figure("fig" + p.id(), p.id(), p.caption().trim(), ResponseFigure.WIDTH,
                        ResponseFigure.HEIGHT));
            }
        }
        return out;
    }

    /** The figure a panel belongs to: its id without the trailing panel letters ({@code 2A} → {@code 2}). */
    static String figureNumber(String id) {
        return id.replaceAll("[A-Za-z]+$", "");
    }

    /** The groups of an analysis: those of {@code order} present, then the rest in results.json order. */
    static List<String> groupOrder(List<String> order, Collection<String> present) {
        List<String> out = new ArrayList<>();
        for (String g : order) {
            if (present.contains(g)) {
                out.add(g);
            }
        }
        for (String g : present) {
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** A group of a rate analysis by name: its scope's label within a scope-rates analysis, else its group label. */
    static String rateGroupLabel(Study study, AnalysisSpec spec, String g) {
        return spec.type() == AnalysisSpec.Type.SCOPE_RATES ? study.labels().scope(g) : study.labels().group(g);
    }

    /** A bar's label; in a panel of several analyses a rate's groups read "<scope>, <group>". */
    static String barLabel(Study study, AnalysisSpec spec, String g, boolean severalAnalyses) {
        if (spec.type() == AnalysisSpec.Type.RATE && severalAnalyses) {
            return study.labels().scope(spec.scope()) + ", " + study.labels().group(g).toLowerCase(Locale.ROOT);
        }
        return rateGroupLabel(study, spec, g);
    }

    static ResponseFigure.Bar bar(RateGroup g, String label, Cells cells) {
        double pct = g.rate() != null ? 100 * g.rate()
                : g.responders() != null && g.n() != null && g.n() > 0 ? 100.0 * g.responders() / g.n() : Double.NaN;
        double lo = g.ci() != null && g.ci().lower() != null ? g.ci().lower() : Double.NaN;
        double hi = g.ci() != null && g.ci().upper() != null ? g.ci().upper() : Double.NaN;
        String text = cells.count(g.responders(), g.suppressed()) + "/" + cells.count(g.n(), g.suppressed())
                + (Double.isFinite(pct) ? " (" + Formats.pct(pct) + "%)" : "");
        return new ResponseFigure.Bar(label, g.responders(), g.n(), pct, lo, hi, text);
    }

    /**
     * A stacked bar of a group's best responses, or null when they cannot be drawn: absent (results
     * written before they were counted), a suppressed count, or no patients.
     */
    static BestResponseFigure.Bar stackedBar(RateGroup g, String label) {
        if (g.bestResponse() == null || g.bestResponse().suppressed() || g.n() == null || g.n() == 0
                || g.bestResponse().values().containsValue(null) || g.diseaseControl() == null
                || g.diseaseControl().n() == null || g.responders() == null) {
            return null;
        }
        long n = g.n();
        return new BestResponseFigure.Bar(label, n, g.bestResponse().values(),
                "ORR " + Formats.count(g.responders()) + "/" + Formats.count(n) + " ("
                        + Formats.pct(100.0 * g.responders() / n) + "%)",
                "DCR " + Formats.count(g.diseaseControl().n()) + "/" + Formats.count(n) + " ("
                        + Formats.pct(100.0 * g.diseaseControl().n() / n) + "%)");
    }

    /** The tests line of a two-group rate analysis (none without tests). */
    static List<String> tests(RateResult r) {
        RateTests t = r.tests();
        if (t == null) {
            String why = r.notEstimable().reason("tests");
            return why == null ? List.of() : List.of("Tests not estimable: " + why);
        }
        List<String> parts = new ArrayList<>();
        parts.add("Fisher's exact p " + eq(Formats.p(t.fisher() == null ? null : t.fisher().p())));
        for (String k : List.of("chisq", "chisq_yates")) {
            RateTests.Test test = t.byName().get(k);
            String name = k.equals("chisq") ? "χ² p " : "χ² (Yates) p ";
            String why = r.notEstimable().reason("tests." + k);
            parts.add(name + (why != null ? "not estimable" : eq(Formats.p(test == null ? null : test.p()))));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join(";  ", parts));
        if (r.paired() != null && r.paired().mcnemarP() != null) {
            // the same patients in both scopes: the paired test
            lines.add("Paired (same patients): McNemar's exact p " + eq(Formats.p(r.paired().mcnemarP()))
                    + ", discordant pairs " + Formats.count(r.paired().b()) + " vs " + Formats.count(r.paired().c()));
        }
        return lines;
    }

    static String eq(String p) {
        return p.startsWith("<") ? p : "= " + p;
    }
}
