package io.rwe.report;

import static io.rwe.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (inline CSS, no script, figures referenced relatively)
 * with every table of the replication, the registry's number beside the paper's where the paper prints
 * one, differing numbers flagged (class {@code differs}, a ≠ mark and a colour), every figure, and the
 * paper's internal inconsistencies recomputed from its own counts. Every string that comes from data
 * or configuration is HTML-escaped.
 */
final class ReportPage {

    private final ResultsView results;
    private final StudyView study;
    private final Cells cells;
    private final Optional<Paper> paper;
    private final List<Figures.Figure> figures;
    private final double tolerance;
    private final Set<Published> shown = new LinkedHashSet<>();
    private int compared;
    private int differing;
    private final StringBuilder b = new StringBuilder(64 * 1024);

    ReportPage(ResultsView results, StudyView study, Cells cells, Optional<Paper> paper, List<Figures.Figure> figures) {
        this.results = results;
        this.study = study;
        this.cells = cells;
        this.paper = paper;
        this.figures = figures;
        this.tolerance = study.reportDouble("median-tolerance", 0.05);
    }

    String render(String runName) {
        StringBuilder body = b;
        flow();
        baseline();
        survival();
        rates();
        adverseEvents();
        notAvailable();
        otherPublished();
        inconsistencies();
        String content = body.toString();
        StringBuilder page = new StringBuilder(content.length() + 8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(study.title())).append(" — replication report</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(escape(study.title())).append("</h1>\n")
                .append("<p class=\"meta\">Run <code>").append(escape(runName)).append("</code>. Times in months. ");
        if (paper.isPresent()) {
            page.append("Paper: ").append(escape(paper.get().citation())).append("</p>\n")
                    .append("<p class=\"legend\">Each registry number stands beside the number the paper prints. "
                            + "<span class=\"differs\">≠ highlighted</span>: differs (counts: any difference; medians: more than ")
                    .append(escape(Formats.fixed(tolerance, 2)))
                    .append(" months; percentages, hazard ratios and p-values: at the precision printed). "
                            + "<span class=\"agrees\">plain</span>: agrees. "
                            + "†: the paper's percentage is not its own count / denominator (see the inconsistencies). "
                            + "<em>Italic</em>: the registry cell is suppressed (small count) and not compared. A blank paper cell: the paper prints no such number.</p>\n")
                    .append("<p class=\"summary\" id=\"summary\">").append(compared).append(" published numbers compared; <strong>")
                    .append(differing).append("</strong> differ from the registry.</p>\n");
        } else {
            page.append("No published numbers are configured for this study (<code>rwe.report.paper</code>).</p>\n");
        }
        page.append("<nav><a href=\"#flow\">Flow</a> · <a href=\"#baseline\">Table 1</a> · <a href=\"#survival\">Survival</a> · "
                + "<a href=\"#response\">Response</a> · <a href=\"#adverse-events\">Table 2</a>");
        if (paper.isPresent()) {
            page.append(" · <a href=\"#inconsistencies\">Paper inconsistencies</a>");
        }
        page.append("</nav>\n").append(content).append("</main>\n</body>\n</html>\n");
        return page.toString();
    }

    // ---------------------------------------------------------------- sections

    private void flow() {
        if (!results.has("cohort_flow")) {
            return;
        }
        section("flow", "Study flow (Figure 1)");
        tableHead("Step", "Registry", paperHeader("Paper"));
        JsonNode f = results.at("cohort_flow");
        countRow("Patients reviewed", "cohort_flow.reviewed", f.path("reviewed"));
        Iterator<String> it = f.path("excluded").fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            countRow("Excluded: " + study.label("flow", k), "cohort_flow.excluded." + k, f.path("excluded").path(k));
        }
        countRow("Patients included", "cohort_flow.included", f.path("included"));
        Iterator<String> pt = f.path("patterns").fieldNames();
        while (pt.hasNext()) {
            String k = pt.next();
            countRow("Pattern: " + study.groupLabel(k), "cohort_flow.patterns." + k, f.path("patterns").path(k));
        }
        tableEnd();
        figure("1");
        b.append("</section>\n");
    }

    /**
     * The analyses the registry cannot support ({@code not_available}): each with the facts its input
     * model does not provide.
     */
    private void notAvailable() {
        if (!results.has("not_available")) {
            return;
        }
        section("not-available", "Not available on this registry");
        b.append("<p class=\"note\">These analyses need facts that this registry's records do not hold; they were "
                + "not run.</p>\n");
        tableHead("Analysis", "Missing facts");
        Iterator<Map.Entry<String, JsonNode>> it = results.at("not_available").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append("<tr><th scope=\"row\">").append(escape(study.analysisLabel(e.getKey()))).append("<br><code>")
                    .append(escape(e.getKey())).append("</code></th><td>").append(escape(e.getValue().asText()))
                    .append("</td></tr>\n");
        }
        tableEnd();
        b.append("</section>\n");
    }

    private void countRow(String label, String path, JsonNode v) {
        b.append("<tr><th scope=\"row\">").append(escape(label)).append("</th>");
        num(cells.count(v));
        paperCell(path);
        b.append("</tr>\n");
    }

    private void baseline() {
        if (!results.has("baseline")) {
            return;
        }
        JsonNode base = results.at("baseline");
        section("baseline", "Baseline characteristics (Table 1)");
        tableHead("Variable", "Category", "Registry n (%)", paperHeader("Paper n (%)"));
        b.append("<tr><th scope=\"row\">Patients</th><td></td>");
        num(cells.count(base, "n"));
        paperCell("baseline.n");
        b.append("</tr>\n<tr><th scope=\"row\">Age, years</th><td>median (range)</td>");
        JsonNode age = base.path("age");
        num(Formats.fixed(age.path("median"), 0) + " (" + Formats.fixed(age.path("min"), 0) + "–" + Formats.fixed(age.path("max"), 0) + ")");
        paperCells(List.of("baseline.age.median", "baseline.age.min", "baseline.age.max"), " ");
        b.append("</tr>\n");
        Iterator<String> vars = base.path("variables").fieldNames();
        while (vars.hasNext()) {
            String var = vars.next();
            JsonNode cats = base.path("variables").path(var);
            Iterator<String> ci = cats.fieldNames();
            boolean first = true;
            int rows = cats.size();
            while (ci.hasNext()) {
                String cat = ci.next();
                JsonNode cell = cats.path(cat);
                b.append("<tr>");
                if (first) {
                    b.append("<th scope=\"rowgroup\" rowspan=\"").append(rows).append("\">").append(escape(study.variableLabel(var))).append("</th>");
                    first = false;
                }
                b.append("<td>").append(escape(study.categoryLabel(cat))).append("</td>");
                String n = cells.count(cell, "n");
                String pct = cell.path("pct").isNumber() ? " (" + Formats.pct(cell.get("pct").asDouble()) + ")" : "";
                num(n + pct);
                paperCountPct("baseline.variables." + var + "." + cat + ".n", cell.path("pct"));
                b.append("</tr>\n");
            }
        }
        tableEnd();
        b.append("</section>\n");
    }

    private void survival() {
        List<String> km = new ArrayList<>();
        List<String> cmp = new ArrayList<>();
        for (String a : analyses()) {
            JsonNode n = results.at(a);
            if (n.path("groups").isObject() && firstGroup(n).has("median_ci") || firstGroup(n).has("events")) {
                km.add(a);
                if (n.has("logrank") || n.has("hr")) {
                    cmp.add(a);
                }
            }
        }
        if (km.isEmpty()) {
            return;
        }
        section("survival", "Survival (Figures 2–4)");
        b.append("<h3>Kaplan–Meier summaries</h3>\n");
        tableHead("Analysis", "Group", "n", "Events", "Median (95% CI)", "Range", "RMST (τ) ± SE",
                paperHeader("Paper n"), paperHeader("Paper median"), paperHeader("Paper range"));
        for (String a : km) {
            JsonNode r = results.at(a);
            List<String> groups = Figures.groupOrder(r.path("groups"), study.order(a));
            boolean first = true;
            for (String g : groups) {
                JsonNode gr = r.path("groups").path(g);
                String p = a + ".groups." + g;
                b.append("<tr>");
                if (first) {
                    b.append("<th scope=\"rowgroup\" rowspan=\"").append(groups.size()).append("\">")
                            .append(escape(study.analysisLabel(a))).append("<br><code>").append(escape(a)).append("</code></th>");
                    first = false;
                }
                b.append("<td>").append(escape(study.groupLabel(g))).append("</td>");
                num(cells.count(gr, "n"));
                num(cells.count(gr, "events"));
                num(Formats.months(gr.path("median")) + " (" + Formats.interval(gr.path("median_ci"), 2) + ")");
                num(Formats.interval(gr.path("range"), 2));
                JsonNode rm = gr.path("rmst");
                num(rm.isObject() ? Formats.months(rm.path("estimate")) + " (" + Formats.months(rm.path("tau")) + ") ± "
                        + Formats.fixed(rm.path("se"), 2) : "—");
                paperCell(p + ".n");
                paperCell(p + ".median");
                paperCells(List.of(p + ".range[0]", p + ".range[1]"), "–");
                b.append("</tr>\n");
            }
        }
        tableEnd();
        if (!cmp.isEmpty()) {
            b.append("<h3>Comparisons</h3>\n");
            tableHead("Analysis", "Log-rank χ²", "df", "p", "HR (log-rank) (95% CI)", "Cox HR (95% CI)", "Wald p", "LR p",
                    "Score p", paperHeader("Paper HR (95% CI)"), paperHeader("Paper p"));
            for (String a : cmp) {
                JsonNode r = results.at(a);
                JsonNode lr = r.path("logrank");
                JsonNode hr = r.path("hr");
                JsonNode cox = r.path("cox");
                b.append("<tr><th scope=\"row\">").append(escape(study.analysisLabel(a))).append("<br><code>").append(escape(a))
                        .append("</code>");
                String ref = hr.path("reference").isTextual() ? hr.get("reference").asText() : cox.path("reference").asText(null);
                if (ref != null) {
                    b.append("<br><small>reference: ").append(escape(study.groupLabel(ref))).append("</small>");
                }
                b.append("</th>");
                num(Formats.fixed(lr.path("chisq"), 3));
                num(lr.path("df").isNumber() ? Long.toString(lr.get("df").asLong()) : "—");
                num(Formats.p(lr));
                num(Formats.fixed(hr.path("estimate"), 3) + " (" + Formats.interval(hr.path("ci"), 3) + ")");
                num(Formats.fixed(cox.path("hr"), 3) + " (" + Formats.interval(cox.path("ci"), 3) + ")");
                num(Formats.p(cox.path("p_wald").asDouble(Double.NaN), null));
                num(Formats.p(cox.path("p_lr").asDouble(Double.NaN), null));
                num(Formats.p(cox.path("p_score").asDouble(Double.NaN), null));
                paperCells(List.of(a + ".hr.estimate", a + ".hr.ci[0]", a + ".hr.ci[1]"), " ");
                paperCell(a + ".logrank.p");
                b.append("</tr>\n");
            }
            tableEnd();
        }
        for (Figures.Figure f : figures) {
            if (f.id().matches("[234][A-Z]?")) {
                figure(f.id());
            }
        }
        b.append("</section>\n");
    }

    private void rates() {
        List<String> rate = new ArrayList<>();
        for (String a : analyses()) {
            if (firstGroup(results.at(a)).has("responders")) {
                rate.add(a);
            }
        }
        if (rate.isEmpty()) {
            return;
        }
        section("response", "Objective response (Figure 5)");
        tableHead("Analysis", "Group", "Responders / n", "Rate % (95% CI)", paperHeader("Paper n (%)"));
        for (String a : rate) {
            JsonNode r = results.at(a);
            List<String> groups = Figures.groupOrder(r.path("groups"), study.order(a));
            boolean first = true;
            for (String g : groups) {
                JsonNode gr = r.path("groups").path(g);
                b.append("<tr>");
                if (first) {
                    b.append("<th scope=\"rowgroup\" rowspan=\"").append(groups.size()).append("\">")
                            .append(escape(study.analysisLabel(a))).append("<br><code>").append(escape(a)).append("</code></th>");
                    first = false;
                }
                b.append("<td>").append(escape(a.equals("morr_multiorgan_sites") ? study.scopeLabel(g) + " lesions" : study.groupLabel(g)))
                        .append("</td>");
                num(cells.count(gr, "responders") + " / " + cells.count(gr, "n"));
                ResponseFigure.Bar bar = Figures.bar(gr, "", cells);
                num(Double.isFinite(bar.pct()) ? Formats.pct(bar.pct()) + " (" + Formats.fixed(100 * bar.ciLo(), 1) + "–"
                        + Formats.fixed(100 * bar.ciHi(), 1) + ")" : "—");
                double pct = bar.pct();
                paperCountPct(a + ".groups." + g + ".responders", Double.isFinite(pct)
                        ? com.fasterxml.jackson.databind.node.DoubleNode.valueOf(pct) : null);
                b.append("</tr>\n");
            }
        }
        tableEnd();
        List<String> tested = rate.stream().filter(a -> results.at(a).has("tests")).toList();
        if (!tested.isEmpty()) {
            b.append("<h3>Tests</h3>\n");
            tableHead("Analysis", "χ² (p)", "χ² with Yates (p)", "Fisher's exact p", paperHeader("Paper p"));
            for (String a : tested) {
                JsonNode t = results.at(a).path("tests");
                b.append("<tr><th scope=\"row\">").append(escape(study.analysisLabel(a))).append("<br><code>").append(escape(a))
                        .append("</code></th>");
                num(Formats.fixed(t.path("chisq").path("statistic"), 3) + " (" + Formats.p(t.path("chisq")) + ")");
                num(Formats.fixed(t.path("chisq_yates").path("statistic"), 3) + " (" + Formats.p(t.path("chisq_yates")) + ")");
                num(Formats.p(t.path("fisher")));
                paperCell(a + ".tests.*.p");
                b.append("</tr>\n");
            }
            tableEnd();
            if (paper.isPresent()) {
                b.append("<p class=\"note\">The paper does not name the test behind a printed p (\"χ² test or Fisher's exact test\"): "
                        + "it is flagged only when none of the three matches.</p>\n");
            }
        }
        for (Figures.Figure f : figures) {
            if (f.id().startsWith("5")) {
                figure(f.id());
            }
        }
        b.append("</section>\n");
    }

    private void adverseEvents() {
        if (!results.has("adverse_events")) {
            return;
        }
        JsonNode ae = results.at("adverse_events");
        double n = ae.path("n").asDouble(Double.NaN);
        section("adverse-events", "Adverse events (Table 2)");
        tableHead("", "Registry n (%)", paperHeader("Paper n (%)"));
        b.append("<tr><th scope=\"row\">Patients</th>");
        num(cells.count(ae, "n"));
        paperCell("adverse_events.n");
        b.append("</tr>\n");
        for (String k : List.of("any_grade", "dose_reduced", "interrupted")) {
            JsonNode c = ae.path(k);
            b.append("<tr><th scope=\"row\">").append(escape(switch (k) {
                case "any_grade" -> "Any adverse event (any grade)";
                case "dose_reduced" -> "Dose reduction";
                default -> "Treatment interruption";
            })).append("</th>");
            String pct = c.path("pct").isNumber() ? " (" + Formats.pct(c.get("pct").asDouble()) + ")" : "";
            num(cells.count(c, "n") + pct);
            paperCountPct("adverse_events." + k + ".n", c.path("pct"));
            b.append("</tr>\n");
        }
        tableEnd();
        tableHead("Term", "Grade 1–2", paperHeader("Paper"), "Grade 3", paperHeader("Paper"), "Grade ≥4", paperHeader("Paper"),
                "Any grade", paperHeader("Paper"));
        Iterator<String> terms = ae.path("terms").fieldNames();
        while (terms.hasNext()) {
            String term = terms.next();
            JsonNode t = ae.path("terms").path(term);
            b.append("<tr><th scope=\"row\">").append(escape(study.label("terms", term))).append("</th>");
            for (String g : List.of("grade_1_2", "grade_3", "grade_4_plus", "any")) {
                JsonNode v = t.path(g);
                String pct = v.isNumber() && n > 0 ? " (" + Formats.pct(100 * v.asDouble() / n) + ")" : "";
                num(cells.count(t, g) + pct);
                paperCountPct("adverse_events.terms." + term + "." + g,
                        v.isNumber() && n > 0 ? com.fasterxml.jackson.databind.node.DoubleNode.valueOf(100 * v.asDouble() / n) : null);
            }
            b.append("</tr>\n");
        }
        tableEnd();
        b.append("<p class=\"note\">Patients by worst grade per term, onset from the index date to the cut-off; "
                + "percentages of all included patients.</p>\n</section>\n");
    }

    private void otherPublished() {
        if (paper.isEmpty()) {
            return;
        }
        List<Published> rest = paper.get().values().stream().filter(v -> !shown.contains(v)).toList();
        if (rest.isEmpty()) {
            return;
        }
        section("other-published", "Other published numbers");
        tableHead("results.json path", "Registry", "Paper", "Where in the paper");
        for (Published v : rest) {
            b.append("<tr><td><code>").append(escape(v.path())).append("</code></td>");
            JsonNode r = results.at(v.path());
            num(r.isNumber() ? r.asText() : r.isMissingNode() ? "absent" : cells.count(r));
            paperCell(v.path());
            b.append("<td>").append(escape(v.where())).append("</td></tr>\n");
        }
        tableEnd();
        b.append("</section>\n");
    }

    private void inconsistencies() {
        if (paper.isEmpty()) {
            return;
        }
        Paper p = paper.get();
        List<Inconsistencies.Finding> checks = Inconsistencies.checks(p);
        List<Inconsistencies.Finding> pcts = Inconsistencies.percentages(p, this::describe);
        long bad = checks.stream().filter(Inconsistencies.Finding::inconsistent).count()
                + pcts.stream().filter(Inconsistencies.Finding::inconsistent).count();
        section("inconsistencies", "The paper's internal inconsistencies");
        b.append("<p>Each item is recomputed from the paper's <em>own</em> published numbers, independently of the registry. ")
                .append(bad).append(" inconsistencies found.</p>\n");
        b.append("<h3>Tests, estimates and statements</h3>\n");
        findings(checks, true);
        b.append("<h3>Percentages against their counts</h3>\n");
        b.append("<p>Every percentage the paper prints beside a count, recomputed as count / denominator and rounded as printed.</p>\n");
        findings(pcts.stream().filter(Inconsistencies.Finding::inconsistent).toList(), false);
        List<Inconsistencies.Finding> ok = pcts.stream().filter(f -> !f.inconsistent()).toList();
        b.append("<details><summary>").append(ok.size()).append(" printed percentages that agree with their counts</summary>\n");
        findings(ok, false);
        b.append("</details>\n</section>\n");
    }

    private void findings(List<Inconsistencies.Finding> fs, boolean withTitle) {
        b.append("<div class=\"wide\"><table class=\"findings\"><thead><tr><th>").append(withTitle ? "Item" : "Number")
                .append("</th><th>Where</th><th>Printed</th><th>Recomputed from the published numbers</th><th>Verdict</th></tr></thead><tbody>\n");
        for (Inconsistencies.Finding f : fs) {
            b.append("<tr class=\"").append(f.inconsistent() ? "inconsistent" : "consistent").append("\" id=\"check-")
                    .append(escape(f.id().replaceAll("[^A-Za-z0-9_-]", "_"))).append("\"><td>")
                    .append(escape(f.title()));
            if (f.note() != null) {
                b.append("<br><small>").append(escape(f.note())).append("</small>");
            }
            b.append("</td><td>").append(escape(f.where())).append("</td><td>").append(escape(f.printed()))
                    .append("</td><td>").append(escape(f.recomputed())).append("</td><td>")
                    .append(f.inconsistent() ? "<span class=\"differs\">≠ inconsistent</span>" : "consistent").append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** A reader's name for the number at a results.json path ("Table 1 — Sex: Female"). */
    String describe(String path) {
        String[] s = path.split("\\.");
        if (path.startsWith("baseline.variables.") && s.length >= 4) {
            return "Table 1 — " + study.variableLabel(s[2]) + ": " + study.categoryLabel(s[3]);
        }
        if (path.startsWith("adverse_events.terms.") && s.length >= 4) {
            return "Table 2 — " + study.label("terms", s[2]) + ", " + switch (s[3]) {
                case "grade_1_2" -> "grade 1–2";
                case "grade_3" -> "grade 3";
                case "grade_4_plus" -> "grade ≥4";
                default -> "any grade";
            };
        }
        if (path.startsWith("adverse_events.")) {
            return "Adverse events — " + s[1].replace('_', ' ');
        }
        if (s.length >= 3 && s[1].equals("groups")) {
            return study.analysisLabel(s[0]) + " — " + study.groupLabel(s[2]) + " " + s[s.length - 1];
        }
        return path;
    }

    // ---------------------------------------------------------------- cells

    private String paperHeader(String h) {
        return paper.isPresent() ? h : null;
    }

    /** The paper cell of {@code path}: every published value at that path, flagged when differing. */
    private void paperCell(String path) {
        if (paper.isEmpty()) {
            return;
        }
        List<Published> ps = paper.get().at(path);
        if (ps.isEmpty()) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        boolean anyDiffers = false;
        List<String> texts = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        for (Published p : ps) {
            if (p.printed() == null) {
                continue;
            }
            shown.add(p);
            boolean d = differs(p);
            anyDiffers |= d;
            texts.add(p.printed());
            wheres.add(p.where());
        }
        if (suppressedAt(path)) {
            suppressedTd(String.join("; ", texts), String.join("; ", wheres));
            return;
        }
        paperTd(anyDiffers, String.join("; ", texts), String.join("; ", wheres));
    }

    /** One paper cell joining several published values (e.g. HR and its CI bounds). */
    private void paperCells(List<String> paths, String sep) {
        if (paper.isEmpty()) {
            return;
        }
        boolean any = false;
        boolean d = false;
        List<String> texts = new ArrayList<>();
        Set<String> wheres = new LinkedHashSet<>();
        for (String path : paths) {
            for (Published p : paper.get().at(path)) {
                if (p.printed() == null) {
                    continue;
                }
                shown.add(p);
                any = true;
                d |= differs(p);
                texts.add(p.printed());
                wheres.add(p.where());
            }
        }
        if (!any) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        String text = texts.size() == 3 && sep.equals(" ") ? texts.get(0) + " (" + texts.get(1) + "–" + texts.get(2) + ")"
                : texts.size() == 3 ? texts.get(0) + " (" + texts.get(1) + "–" + texts.get(2) + ")"
                : String.join(sep, texts);
        paperTd(d, text, String.join("; ", wheres));
    }

    /** The paper's count (and %) at {@code path}; {@code registryPct} is the registry's percentage. */
    private void paperCountPct(String path, JsonNode registryPct) {
        if (paper.isEmpty()) {
            return;
        }
        List<Published> ps = paper.get().at(path);
        if (ps.isEmpty()) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        boolean d = false;
        boolean selfInconsistent = false;
        List<String> texts = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        for (Published p : ps) {
            shown.add(p);
            selfInconsistent |= p.printed() != null && p.pct() != null && p.of() != null && p.of() > 0
                    && Agreement.pctDiffers(100 * Double.parseDouble(p.printed()) / p.of(), p.pct());
            boolean cd = p.printed() != null && differs(p);
            boolean pd = false;
            if (p.pct() != null && !suppressedAt(p.path())) {
                double rp = registryPct != null && registryPct.isNumber() ? registryPct.asDouble() : registryPct(p);
                pd = Agreement.pctDiffers(rp, p.pct());
                compared++;
                if (pd) {
                    differing++;
                }
            }
            d |= cd || pd;
            texts.add((p.printed() == null ? "" : p.printed() + " ") + (p.pct() == null ? "" : "(" + p.pct() + ")"));
            wheres.add(p.where());
        }
        if (suppressedAt(path)) {
            suppressedTd(String.join("; ", texts).trim(), String.join("; ", wheres));
            return;
        }
        paperTd(d, String.join("; ", texts).trim(), String.join("; ", wheres));
        if (selfInconsistent) {
            // the paper's % is not its own count / denominator: point to the inconsistency section
            b.setLength(b.length() - "</td>".length());
            b.append(" <a class=\"dagger\" href=\"#inconsistencies\" title=\"the printed % is not the printed count / ")
                    .append(ps.get(0).of()).append("\">†</a></td>");
        }
    }

    /** Whether the registry's value at {@code path} is a suppressed small cell (not comparable). */
    private boolean suppressedAt(String path) {
        JsonNode v = results.at(path);
        if (v.isNumber()) {
            return false;
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 && Cells.isSuppressedObject(results.at(path.substring(0, dot)));
    }

    private double registryPct(Published p) {
        OptionalDouble n = results.number(p.path());
        OptionalDouble of = p.ofPath() == null ? OptionalDouble.empty() : results.number(p.ofPath());
        return n.isPresent() && of.isPresent() && of.getAsDouble() > 0 ? 100 * n.getAsDouble() / of.getAsDouble() : Double.NaN;
    }

    /** Whether the registry differs from the printed value of {@code p} (counted once per value). */
    private boolean differs(Published p) {
        if (suppressedAt(p.path())) {
            return false;
        }
        List<JsonNode> nodes = results.all(p.path());
        Agreement.Kind kind = Agreement.kind(p.path(), p.printed());
        boolean d = true;
        for (JsonNode n : nodes) {
            if (n.isNumber() && !Agreement.differs(kind, n.asDouble(), p.printed(), tolerance)) {
                d = false;
            }
        }
        compared++;
        if (d) {
            differing++;
        }
        return d;
    }

    /** A paper cell beside a suppressed registry cell: shown, not compared. */
    private void suppressedTd(String text, String where) {
        b.append("<td class=\"paper suppressed\" title=\"").append(escape(where + " — registry cell suppressed, not compared"))
                .append("\">").append(escape(text)).append("</td>");
    }

    private void paperTd(boolean differs, String text, String where) {
        b.append("<td class=\"paper ").append(differs ? "differs" : "agrees").append("\" title=\"").append(escape(where)).append("\">");
        if (differs) {
            b.append("<span class=\"flag\" aria-label=\"differs\">≠</span> ");
        }
        b.append(escape(text)).append("</td>");
    }

    // ---------------------------------------------------------------- layout

    private void section(String id, String title) {
        b.append("<section id=\"").append(escape(id)).append("\">\n<h2>").append(escape(title)).append("</h2>\n");
    }

    private void tableHead(String... headers) {
        b.append("<div class=\"wide\"><table><thead><tr>");
        for (String h : headers) {
            if (h != null) {
                b.append("<th scope=\"col\">").append(escape(h)).append("</th>");
            }
        }
        b.append("</tr></thead><tbody>\n");
    }

    private void tableEnd() {
        b.append("</tbody></table></div>\n");
    }

    private void num(String text) {
        b.append("<td class=\"num\">").append(escape(text)).append("</td>");
    }

    private void figure(String id) {
        for (Figures.Figure f : figures) {
            if (f.id().equals(id)) {
                b.append("<figure id=\"figure-").append(escape(f.id())).append("\"><a href=\"figures/").append(escape(f.name()))
                        .append(".png\"><img src=\"figures/").append(escape(f.name())).append(".svg\" width=\"").append(f.width())
                        .append("\" height=\"").append(f.height()).append("\" alt=\"Figure ").append(escape(f.id()))
                        .append("\"></a><figcaption><strong>Figure ").append(escape(f.id())).append(".</strong> ")
                        .append(escape(f.caption())).append(" <a href=\"figures/").append(escape(f.name()))
                        .append(".png\">PNG</a> · <a href=\"figures/").append(escape(f.name())).append(".svg\">SVG</a></figcaption></figure>\n");
            }
        }
    }

    /** The analyses of results.json, those named in {@code rwe.report.analysis-order} first, in that order. */
    private List<String> analyses() {
        List<String> out = new ArrayList<>();
        for (String a : study.list("rwe.report.analysis-order")) {
            if (results.has(a)) {
                out.add(a);
            }
        }
        Iterator<String> it = results.root().fieldNames();
        while (it.hasNext()) {
            String a = it.next();
            if (!out.contains(a) && results.has(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static JsonNode firstGroup(JsonNode analysis) {
        Iterator<JsonNode> it = analysis.path("groups").elements();
        return it.hasNext() ? it.next() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static final String CSS = """
            body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; margin: 0; }
            main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 64px; }
            div.wide { overflow-x: auto; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.3em; border-bottom: 2px solid #33475b; padding-bottom: 4px; margin-top: 2.2em; }
            h3 { font-size: 1.05em; margin-top: 1.6em; }
            .meta, .legend, .note { color: #444; font-size: 0.92em; }
            nav { margin: 1em 0; font-size: 0.95em; }
            table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.86em; }
            th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid #33475b; background: #f4f7fa; }
            td.num, td.paper { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.paper { color: #555; background: #fafafa; }
            .differs, td.paper.differs { background: #fde0c8; color: #8a2c00; font-weight: bold; }
            .agrees { color: #555; }
            td.paper.suppressed { color: #777; font-style: italic; }
            .flag { font-weight: bold; }
            a.dagger { text-decoration: none; color: #8a2c00; }
            tr.inconsistent td:last-child { white-space: nowrap; }
            table.findings td { white-space: normal; }
            figure { margin: 1.2em 0 2em; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.9em; color: #333; margin-top: 0.3em; }
            code { font-size: 0.88em; color: #555; }
            small { color: #555; }
            .summary { font-size: 1em; }
            """;
}
