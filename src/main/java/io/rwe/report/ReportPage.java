package io.rwe.report;

import static io.rwe.report.Html.escape;

import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.results.AdverseEvents;
import io.rwe.results.AnalysisResult;
import io.rwe.results.Baseline;
import io.rwe.results.BaselineByGroup;
import io.rwe.results.ChiSquare;
import io.rwe.results.CoxAdjusted;
import io.rwe.results.Followup;
import io.rwe.results.RmstDiff;
import io.rwe.results.Comparison;
import io.rwe.results.CountPct;
import io.rwe.results.Flow;
import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.results.NotEstimable;
import io.rwe.results.RateGroup;
import io.rwe.results.RateResult;
import io.rwe.results.RateTests;
import io.rwe.results.Replication;
import io.rwe.results.Results;
import io.rwe.study.AnalysisSpec;
import io.rwe.study.Study;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG figures, no script) that opens with
 * the replication verdict and the run's provenance, then every table of the replication, rendered from the typed results and the comparison model: the
 * registry's number beside the paper's where the paper prints one, differing numbers flagged (class
 * {@code differs}, a ≠ mark and a colour), what the data could not estimate said so, every figure, and
 * the paper's internal inconsistencies recomputed from its own counts, and the Methods last. Numbers are
 * flagged cell by cell only on the paper's own cohort; on a registry the paper's are context. Tables follow the study's
 * {@code analysis-order}; labels are the study's. Every string that comes from data or configuration is
 * HTML-escaped. The disclosure policy in force is stated first (what was suppressed, rounded and withheld).
 * Registry numbers are in cells of class {@code num}; those that are not counts (degrees of freedom, ages)
 * also carry {@code stat}, so that the output checker reads every other integer of a {@code num} cell as
 * a count.
 */
final class ReportPage {

    private final Results results;
    private final ResultsView paths;
    private final Study study;
    private final Cells cells;
    private final Optional<Paper> paper;
    private final PaperComparison comparison;
    private final List<Figures.Figure> figures;
    private final double tolerance;
    private final DisclosurePolicy policy;
    private final boolean comparable;
    private final Set<Published> shown = new LinkedHashSet<>();
    private Replication replication;
    private String provenanceHtml = "";
    private Path inlineFiguresFrom;
    private final StringBuilder b = new StringBuilder(64 * 1024);

    ReportPage(Results results, Study study, Cells cells, Optional<Paper> paper, List<Figures.Figure> figures,
               double tolerance, boolean comparable, DisclosurePolicy policy) {
        this.results = results;
        this.paths = ResultsView.of(results);
        this.study = study;
        this.cells = cells;
        this.paper = paper;
        this.comparable = comparable;
        this.comparison = PaperComparison.of(paper, paths, tolerance, comparable);
        this.figures = figures;
        this.tolerance = tolerance;
        this.policy = policy;
    }

    private double materialChange = 0.10;

    /** The relative change from which an adjusted HR differs materially from the unadjusted one. */
    ReportPage withMaterialChange(double change) {
        this.materialChange = change;
        return this;
    }

    /** The replication verdict (null: the run has none) and the provenance block, shown first. */
    ReportPage withVerdict(Replication verdict, String provenance) {
        this.replication = verdict;
        this.provenanceHtml = provenance;
        return this;
    }

    /** Figures embedded as inline SVG read from {@code dir} (the page then travels alone). */
    ReportPage withInlineFigures(Path dir) {
        this.inlineFiguresFrom = dir;
        return this;
    }

    String render(String runName) {
        flow();
        baseline();
        survival();
        beyondThePaper();
        rates();
        adverseEvents();
        notAvailable();
        otherPublished();
        inconsistencies();
        String content = b.toString();
        StringBuilder page = new StringBuilder(content.length() + 8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(study.title())).append(" — replication report</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(escape(study.title())).append("</h1>\n")
                .append("<p class=\"meta\">Run <code>").append(escape(runName)).append("</code>. Times in months. ");
        if (paper.isPresent()) {
            page.append("Paper: ").append(escape(paper.get().citation())).append("</p>\n");
        } else {
            page.append("No published numbers are configured for this study (<code>rwe.report.paper</code>).</p>\n");
        }
        page.append(verdictSection());
        page.append(provenanceHtml);
        if (paper.isPresent() && comparable) {
            page.append("<p class=\"legend\">The paper's own cohort: each registry number stands beside the number the paper prints. "
                            + "<span class=\"differs\">≠ highlighted</span>: differs (counts: any difference; medians: more than ")
                    .append(escape(Formats.fixed(tolerance, 2)))
                    .append(" months; percentages, hazard ratios and p-values: at the precision printed). "
                            + "<span class=\"agrees\">plain</span>: agrees. "
                            + "†: the paper's percentage is not its own count / denominator (see the inconsistencies). "
                            + "<em>Italic</em>: the registry cell is suppressed (small count) and not compared. A blank paper cell: the paper prints no such number.</p>\n")
                    .append("<p class=\"summary\" id=\"summary\">").append(comparison.compared())
                    .append(" published numbers compared cell by cell; <strong>").append(comparison.differing())
                    .append("</strong> differ from the registry.</p>\n");
        } else if (paper.isPresent()) {
            page.append("<p class=\"legend\" id=\"summary\">The paper's numbers stand beside the registry's for context, not compared "
                    + "cell by cell: the registry is not the paper's cohort, so its counts cannot match (rates and medians are "
                    + "the comparable numbers; the verdict above compares the published estimates).</p>\n");
        }
        page.append(disclosure());
        page.append("<nav><a href=\"#verdict\">Verdict</a> · <a href=\"#provenance\">Provenance</a> · <a href=\"#disclosure\">Disclosure control</a> · <a href=\"#flow\">Flow</a> · <a href=\"#baseline\">Table 1</a> · <a href=\"#survival\">Survival</a> · "
                + "<a href=\"#beyond-the-paper\">Beyond the paper</a> · <a href=\"#response\">Response</a> · <a href=\"#adverse-events\">Table 2</a>");
        if (paper.isPresent()) {
            page.append(" · <a href=\"#inconsistencies\">Paper inconsistencies</a>");
        }
        page.append(" · <a href=\"#methods\">Methods</a></nav>\n").append(content).append(Methods.html())
                .append("</main>\n</body>\n</html>\n");
        return page.toString();
    }

    // ---------------------------------------------------------------- sections

    /** The policy in force, and what it did to the numbers of this page (docs/disclosure.md). */
    private String disclosure() {
        StringBuilder d = new StringBuilder("<section id=\"disclosure\">\n<h2>Disclosure control</h2>\n<p>Policy <code>")
                .append(escape(policy.name())).append("</code>: ").append(escape(policy.title())).append(".");
        if (!policy.active()) {
            d.append(" Every count, curve and statistic is shown as computed: right for a cohort already published "
                    + "(the paper's patients), not for registry data leaving the secure environment "
                    + "(<code>--disclosure ohdsi|opensafely|cms|cdc</code>).</p>\n</section>\n");
            return d.toString();
        }
        d.append("</p>\n<ul>\n");
        String marker = escape(policy.suppressedAs());
        if (policy.suppressBelow() > 1) {
            d.append("<li>Counts from 1 to ").append(policy.suppressBelow() - 1).append(" are suppressed, shown as <em>")
                    .append(marker).append("</em>");
            List<String> with = new ArrayList<>();
            for (String k : List.of("percentages", "rates", "rate-cis")) {
                if (policy.suppresses(k)) {
                    with.add(k.equals("rate-cis") ? "the rates' confidence intervals" : "their " + k);
                }
            }
            if (!with.isEmpty()) {
                d.append(", with ").append(String.join(", ", with));
            }
            d.append(".");
            if (policy.complementary()) {
                d.append(" Further counts are suppressed (shown the same way) until none of them can be derived from a "
                        + "total, a difference or a percentage published anywhere in this run.");
            }
            d.append("</li>\n");
        }
        if (policy.rounds()) {
            d.append("<li>Every published count is rounded to the nearest multiple of ").append(policy.roundTo())
                    .append("; percentages, response rates, their confidence intervals and the response-rate tests are "
                            + "computed from the rounded counts.</li>\n");
        }
        if (policy.curveMinCount() > 0) {
            d.append("<li>Kaplan–Meier curves, step tables and numbers at risk are recomputed from cumulative events and "
                    + "censorings rounded in steps of ").append(policy.curveMinCount())
                    .append(" (the method of OpenSAFELY's kaplan-meier-function): every count they show is a multiple of ")
                    .append(policy.curveMinCount() / 2).append(", and a step stands for a group of patients. Medians and "
                            + "restricted means are read off the ")
                    .append(policy.statisticsFromRoundedCurves() ? "rounded" : "exact")
                    .append(" curves; the restricted mean's τ is the last time of the rounded curves.</li>\n");
        }
        if (policy.withholdExtremes()) {
            d.append("<li>Values of single patients are withheld: the youngest and oldest age, the range of "
                    + "follow-up times.</li>\n");
        }
        if (policy.withholdSmallGroups()) {
            d.append("<li>A group whose size is suppressed has no curve, median or restricted mean, and the comparisons "
                    + "involving it are withheld; so are the response-rate tests of a table with a suppressed count.</li>\n");
        }
        d.append("<li>Log-rank tests, hazard ratios and Cox models are computed on the unrounded data.</li>\n")
                .append("<li>The analysis cohort (one row per patient) and the full-resolution risk sets are not in this "
                        + "folder: they stay in the warehouse, and manifest.json names their versions.</li>\n</ul>\n");
        if (!policy.sources().isEmpty()) {
            d.append("<p class=\"note\">Rules from: ");
            List<String> src = new ArrayList<>();
            for (String s : policy.sources()) {
                src.add(escape(s));
            }
            d.append(String.join("; ", src)).append(".</p>\n");
        }
        return d.append("</section>\n").toString();
    }

    /** The verdict, first: does the registry replicate the paper? */
    private String verdictSection() {
        StringBuilder v = new StringBuilder("<section id=\"verdict\">\n<h2>Does the registry replicate the paper?</h2>\n");
        if (replication == null || replication.claims().isEmpty()) {
            v.append("<p class=\"note\">Replication verdict not computed: the study names no published estimates "
                    + "(<code>rwe.study.replication.claims</code>), or results.json predates it.</p>\n");
        } else {
            v.append(Verdicts.html(replication));
            v.append("<p class=\"note\">As RCT-DUPLICATE judges a database replication: same side of the null; both p &lt; 0.05 in "
                    + "the same direction or both ≥ 0.05; the registry estimate inside the paper's 95% CI; standardized difference "
                    + "within ±1.96 (see Methods). Rates and differences in %.</p>\n");
        }
        v.append(adjustedHazardRatios());
        return v.append("</section>\n").toString();
    }

    /**
     * Each comparison's adjusted hazard ratio beside the unadjusted ones, with a sentence when the
     * adjusted Cox HR differs materially from the unadjusted Cox HR (|ln(HR_adj / HR)| &gt; ln(1 + the
     * configured change), {@link #materiallyDifferent}), or "not computed".
     */
    private String adjustedHazardRatios() {
        StringBuilder v = new StringBuilder();
        for (Map.Entry<AnalysisSpec, KmResult> e : analyses(KmResult.class)) {
            Comparison c = e.getValue().comparison();
            if (c == null) {
                continue;
            }
            v.append("<li>").append(escape(study.labels().analysis(e.getKey().name()))).append(": log-rank HR ")
                    .append(escape(c.hr() == null ? "not estimable" : Formats.fixed(c.hr().estimate(), 2) + " ("
                            + Formats.interval(c.hr().ci(), 2) + ")"))
                    .append("; Cox HR ").append(escape(c.cox() == null ? "not estimable" : Formats.fixed(c.cox().hr(), 2)
                            + " (" + Formats.interval(c.cox().ci(), 2) + ")"));
            CoxAdjusted a = c.coxAdjusted();
            if (a == null) {
                String why = e.getValue().notEstimable().reason("cox_adjusted");
                v.append(why != null ? "; adjusted Cox HR not estimable: " + escape(why)
                        : "; adjusted Cox HR not computed (no <code>cox_adjusted</code> in results.json)");
            } else {
                v.append("; adjusted Cox HR ").append(escape(Formats.fixed(a.hr(), 2) + " (" + Formats.interval(a.ci(), 2)
                        + ")"));
                if (c.cox() != null && materiallyDifferent(c.cox().hr(), a.hr(), materialChange)) {
                    v.append(". <strong class=\"material\">The adjusted HR differs materially from the unadjusted one (by ")
                            .append(Formats.fixed(100 * (a.hr() / c.cox().hr() - 1), 0))
                            .append("%): the groups differ in the adjustment variables (Table 1 by group), so the "
                                    + "unadjusted HR is likely confounded by them; in a small cohort the adjusted model may "
                                    + "also be unstable.</strong>");
                }
            }
            v.append("</li>\n");
        }
        return v.isEmpty() ? "" : "<h3>Adjusted hazard ratios</h3>\n<ul>\n" + v + "</ul>\n"
                + "<p class=\"note\">Adjusted: Cox (Efron) on the group and the study's adjustment set. \"Differs "
                + "materially\": the adjusted HR moves by more than " + Formats.fixed(100 * materialChange, 0)
                + "% from the unadjusted Cox HR, either way (<code>rwe.report.adjusted-hr-material-change</code>).</p>\n";
    }

    /** |ln(adjusted / unadjusted)| &gt; ln(1 + change); false when either is missing or not positive. */
    static boolean materiallyDifferent(Double unadjusted, Double adjusted, double change) {
        if (unadjusted == null || adjusted == null || !(unadjusted > 0) || !(adjusted > 0)) {
            return false;
        }
        return Math.abs(Math.log(adjusted / unadjusted)) > Math.log(1 + change);
    }

    private void flow() {
        Flow f = results.flow();
        if (f == null) {
            return;
        }
        section("flow", "Study flow (Figure 1)");
        tableHead("Step", "Registry", paperHeader("Paper"));
        countRow("Patients reviewed", "cohort_flow.reviewed", cells.count(f.reviewed(), f.suppressed()));
        f.excluded().values().forEach((k, n) -> countRow("Excluded: " + study.labels().flowStep(k),
                "cohort_flow.excluded." + k, cells.count(n, f.excluded().suppressed())));
        countRow("Patients included", "cohort_flow.included", cells.count(f.included(), f.suppressed()));
        f.patterns().values().forEach((k, n) -> countRow("Pattern: " + study.labels().group(k),
                "cohort_flow.patterns." + k, cells.count(n, f.patterns().suppressed())));
        tableEnd();
        figure("1");
        b.append("</section>\n");
    }

    /**
     * The analyses the registry cannot support ({@code not_available}): each with the facts its input
     * model does not provide.
     */
    private void notAvailable() {
        if (results.notAvailable().isEmpty()) {
            return;
        }
        section("not-available", "Not available on this registry");
        b.append("<p class=\"note\">These analyses need facts that this registry's records do not hold; they were "
                + "not run.</p>\n");
        tableHead("Analysis", "Missing facts");
        for (Map.Entry<String, String> e : results.notAvailable().entrySet()) {
            b.append("<tr><th scope=\"row\">").append(escape(study.labels().analysis(e.getKey()))).append("<br><code>")
                    .append(escape(e.getKey())).append("</code></th><td>").append(escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        tableEnd();
        b.append("</section>\n");
    }

    private void countRow(String label, String path, String count) {
        b.append("<tr><th scope=\"row\">").append(escape(label)).append("</th>");
        num(count);
        paperCell(path);
        b.append("</tr>\n");
    }

    private void baseline() {
        Baseline base = results.baseline();
        if (base == null) {
            return;
        }
        section("baseline", "Baseline characteristics (Table 1)");
        tableHead("Variable", "Category", "Registry n (%)", paperHeader("Paper n (%)"));
        b.append("<tr><th scope=\"row\">Patients</th><td></td>");
        num(cells.count(base.n(), base.suppressed()));
        paperCell("baseline.n");
        b.append("</tr>\n<tr><th scope=\"row\">Age, years</th><td>median (range)</td>");
        Baseline.Age age = base.age();
        stat(Formats.fixed(age.median(), 0) + (age.min() == null && age.max() == null && policy.withholdExtremes()
                ? " (range withheld)" : " (" + Formats.fixed(age.min() == null ? null : age.min().doubleValue(), 0)
                + "–" + Formats.fixed(age.max() == null ? null : age.max().doubleValue(), 0) + ")"));
        paperCells(List.of("baseline.age.median", "baseline.age.min", "baseline.age.max"), " ");
        b.append("</tr>\n");
        for (Map.Entry<String, Map<String, CountPct>> v : base.variables().entrySet()) {
            boolean first = true;
            for (Map.Entry<String, CountPct> c : v.getValue().entrySet()) {
                CountPct cell = c.getValue();
                b.append("<tr>");
                if (first) {
                    b.append("<th scope=\"rowgroup\" rowspan=\"").append(v.getValue().size()).append("\">")
                            .append(escape(study.variableLabel(v.getKey()))).append("</th>");
                    first = false;
                }
                b.append("<td>").append(escape(study.labels().category(c.getKey()))).append("</td>");
                String pct = cell.pct() != null && Double.isFinite(cell.pct()) ? " (" + Formats.pct(cell.pct()) + ")" : "";
                num(cells.count(cell.n(), cell.suppressed()) + pct);
                paperCountPct("baseline.variables." + v.getKey() + "." + c.getKey() + ".n");
                b.append("</tr>\n");
            }
        }
        tableEnd();
        b.append("</section>\n");
    }

    /** The study's analyses present in the results with their results, in the report's order. */
    private <T extends AnalysisResult> List<Map.Entry<AnalysisSpec, T>> analyses(Class<T> kind) {
        List<Map.Entry<AnalysisSpec, T>> out = new ArrayList<>();
        for (AnalysisSpec a : study.reportOrder()) {
            AnalysisResult r = results.analysis(a.name());
            if (kind.isInstance(r)) {
                out.add(Map.entry(a, kind.cast(r)));
            }
        }
        return out;
    }

    private void survival() {
        List<Map.Entry<AnalysisSpec, KmResult>> km = analyses(KmResult.class);
        if (km.isEmpty()) {
            return;
        }
        section("survival", "Survival (Kaplan–Meier figures)");
        b.append("<h3>Kaplan–Meier summaries</h3>\n");
        tableHead("Analysis", "Group", "n", "Events", "Median (95% CI)", "Range", "RMST (τ) ± SE",
                paperHeader("Paper n"), paperHeader("Paper median"), paperHeader("Paper range"));
        for (Map.Entry<AnalysisSpec, KmResult> e : km) {
            String a = e.getKey().name();
            KmResult r = e.getValue();
            List<String> groups = Figures.groupOrder(List.copyOf(e.getKey().groups().keySet()), r.groups().keySet());
            boolean first = true;
            for (String g : groups) {
                KmGroup gr = r.groups().get(g);
                String p = a + ".groups." + g;
                b.append("<tr>");
                if (first) {
                    analysisHeader("rowgroup", groups.size(), a);
                    first = false;
                }
                b.append("<td>").append(escape(study.labels().group(g))).append("</td>");
                num(cells.count(gr.n(), gr.suppressed()));
                num(cells.count(gr.events(), gr.suppressed()));
                String why = r.notEstimable().reason("groups." + g);
                if (why != null) {
                    notEstimableCells(3, why);
                } else if (policy.withholdSmallGroups() && gr.n() == null && gr.suppressed()) {
                    withheldCells(3, "the group's size is suppressed");
                } else {
                    num(Formats.months(gr.median()) + " (" + Formats.interval(gr.medianCi(), 2) + ")");
                    boolean rangeWithheld = policy.withholdExtremes() && (gr.range() == null
                            || gr.range().lower() == null && gr.range().upper() == null);
                    num(rangeWithheld ? "withheld" : Formats.interval(gr.range(), 2));
                    KmGroup.Rmst rm = gr.rmst();
                    num(rm != null ? Formats.months(rm.estimate()) + " (" + Formats.months(rm.tau()) + ") ± "
                            + Formats.fixed(rm.se(), 2) : "—");
                }
                paperCell(p + ".n");
                paperCell(p + ".median");
                paperCells(List.of(p + ".range[0]", p + ".range[1]"), "–");
                b.append("</tr>\n");
            }
        }
        tableEnd();
        List<Map.Entry<AnalysisSpec, KmResult>> cmp = km.stream().filter(e -> e.getValue().comparison() != null).toList();
        if (!cmp.isEmpty()) {
            b.append("<h3>Comparisons</h3>\n");
            tableHead("Analysis", "Log-rank χ²", "df", "p", "HR (log-rank) (95% CI)", "Cox HR (95% CI)", "Wald p", "LR p",
                    "Score p", paperHeader("Paper HR (95% CI)"), paperHeader("Paper p"));
            for (Map.Entry<AnalysisSpec, KmResult> e : cmp) {
                String a = e.getKey().name();
                Comparison c = e.getValue().comparison();
                NotEstimable ne = e.getValue().notEstimable();
                b.append("<tr>");
                analysisHeader("row", 1, a);
                b.setLength(b.length() - "</th>".length());
                if (e.getKey().reference() != null) {
                    b.append("<br><small>reference: ").append(escape(study.labels().group(e.getKey().reference())))
                            .append("</small>");
                }
                b.append("</th>");
                if (c.logrank() != null) {
                    num(Formats.fixed(c.logrank().chisq(), 3));
                    stat(c.logrank().df() == null ? "—" : Long.toString(c.logrank().df()));
                    num(Formats.p(c.logrank().p()));
                } else {
                    notEstimableCells(3, ne.reason("logrank"));
                }
                if (c.hr() != null) {
                    num(Formats.fixed(c.hr().estimate(), 3) + " (" + Formats.interval(c.hr().ci(), 3) + ")");
                } else {
                    notEstimableCells(1, ne.reason("hr"));
                }
                if (c.cox() != null) {
                    num(Formats.fixed(c.cox().hr(), 3) + " (" + Formats.interval(c.cox().ci(), 3) + ")");
                    num(Formats.p(c.cox().pWald()));
                    num(Formats.p(c.cox().pLr()));
                    num(Formats.p(c.cox().pScore()));
                } else {
                    notEstimableCells(4, ne.reason("cox"));
                }
                paperCells(List.of(a + ".hr.estimate", a + ".hr.ci[0]", a + ".hr.ci[1]"), " ");
                paperCell(a + ".logrank.p");
                b.append("</tr>\n");
            }
            tableEnd();
        }
        notEstimableNote(km);
        for (var f : study.figures().km()) {
            figure(f.id());
        }
        b.append("</section>\n");
    }

    /**
     * The analyses beyond the paper, shown plainly (docs/study.md, "Beyond the paper"): per KM group the
     * median follow-up; per comparison the unadjusted and adjusted hazard ratios with their
     * proportional-hazards tests and the RMST difference; the adjusted models' terms; the standardized mean
     * differences of Table 1 by group. Nothing here is compared with the paper (it prints none of it).
     */
    private void beyondThePaper() {
        List<Map.Entry<AnalysisSpec, KmResult>> km = analyses(KmResult.class);
        if (km.isEmpty()) {
            return;
        }
        section("beyond-the-paper", "Beyond the paper: follow-up, adjusted hazard ratios, proportional hazards, RMST, balance");
        b.append("<h3>Median follow-up (reverse Kaplan–Meier)</h3>\n");
        tableHead("Analysis", "Group", "Median follow-up, months (95% CI)");
        for (Map.Entry<AnalysisSpec, KmResult> e : km) {
            boolean first = true;
            for (Map.Entry<String, KmGroup> g : e.getValue().groups().entrySet()) {
                Followup f = g.getValue().followup();
                b.append("<tr>");
                if (first) {
                    analysisHeader("rowgroup", e.getValue().groups().size(), e.getKey().name());
                    first = false;
                }
                b.append("<td>").append(escape(study.labels().group(g.getKey()))).append("</td>");
                num(f == null ? "not computed" : Formats.months(f.median()) + " (" + Formats.interval(f.medianCi(), 2) + ")");
                b.append("</tr>\n");
            }
        }
        tableEnd();
        List<Map.Entry<AnalysisSpec, KmResult>> compared = km.stream()
                .filter(e -> e.getValue().comparison() != null).toList();
        if (compared.isEmpty()) {
            b.append("</section>\n");
            return;
        }
        b.append("<h3>Hazard ratios, proportional hazards and restricted means</h3>\n");
        tableHead("Analysis", "Cox HR (95% CI)", "PH test p", "Adjusted HR (95% CI)", "p", "PH test p (adjusted)",
                "RMST difference, months (95% CI)", "τ", "p");
        List<String> rmstNotes = new ArrayList<>();
        for (Map.Entry<AnalysisSpec, KmResult> e : compared) {
            Comparison c = e.getValue().comparison();
            b.append("<tr>");
            analysisHeader("row", 1, e.getKey().name());
            num(c.cox() == null ? "—" : Formats.fixed(c.cox().hr(), 3) + " (" + Formats.interval(c.cox().ci(), 3) + ")");
            phCell(c.cox() == null ? null : c.cox().phTest());
            CoxAdjusted a = c.coxAdjusted();
            if (a == null) {
                notEstimableCells(3, e.getValue().notEstimable().reasons().get("cox_adjusted"));
            } else {
                num(Formats.fixed(a.hr(), 3) + " (" + Formats.interval(a.ci(), 3) + ")");
                num(Formats.p(a.p()));
                phCell(a.phTest());
            }
            RmstDiff d = c.rmstDiff();
            num(d == null ? "not computed" : Formats.months(d.estimate()) + " (" + Formats.interval(d.ci(), 2) + ")");
            num(d == null ? "—" : Formats.months(d.tau()));
            num(d == null ? "—" : Formats.p(d.p()));
            b.append("</tr>\n");
            if (d != null && d.tau() != null) {
                for (Map.Entry<String, KmGroup> g : e.getValue().groups().entrySet()) {
                    Followup f = g.getValue().followup();
                    if (f != null && f.median() != null && d.tau() > f.median()) {
                        rmstNotes.add(study.labels().analysis(e.getKey().name()) + ": τ = " + Formats.months(d.tau())
                                + " months lies beyond the median follow-up of " + study.labels().group(g.getKey()) + " ("
                                + Formats.months(f.median()) + " months)");
                    }
                }
            }
        }
        tableEnd();
        if (!rmstNotes.isEmpty()) {
            b.append("<p class=\"note material\">⚠ ").append(escape(String.join("; ", rmstNotes))).append(". Beyond "
                    + "the median follow-up fewer than half the patients are still followed: the restricted means "
                    + "up to τ lean on few patients at risk.</p>\n");
        }
        b.append("<p class=\"note\">Adjusted: Cox model (Efron) of the endpoint on the group and the study's "
                + "adjustment set (<code>rwe.study.adjustment</code>); PH test: <code>cox.zph</code>, global p "
                + "(p &lt; 0.05: the hazard ratio changes over time, the HR is an average). RMST difference: "
                + "first-named group minus the reference, up to the smaller of the two groups' largest times "
                + "(months).</p>\n");
        for (Map.Entry<AnalysisSpec, KmResult> e : compared) {
            CoxAdjusted a = e.getValue().comparison().coxAdjusted();
            if (a == null) {
                continue;
            }
            b.append("<h3>Adjusted model: ").append(escape(study.labels().analysis(e.getKey().name()))).append(" (n ")
                    .append(escape(cells.count(a.n(), a.suppressed()))).append(", events ")
                    .append(escape(cells.count(a.events(), a.suppressed()))).append(", reference ")
                    .append(escape(study.labels().group(a.reference()))).append(")</h3>\n");
            tableHead("Term", "HR (95% CI)", "p", "PH test p");
            a.terms().forEach((term, t) -> {
                b.append("<tr><td><code>").append(escape(term)).append("</code></td>");
                num(Formats.fixed(t.hr(), 3) + " (" + Formats.interval(t.ci(), 3) + ")");
                num(Formats.p(t.p()));
                String variable = term.contains("=") ? term.substring(0, term.indexOf('=')) : term;
                ChiSquare ph = a.phTest() == null ? null : a.phTest().terms().get(variable);
                num(ph == null ? "—" : Formats.p(ph.p()));
                b.append("</tr>\n");
            });
            tableEnd();
        }
        tableOneByGroup(results.baselineByGroup());
        notEstimableNote(compared);
        b.append("</section>\n");
    }

    /** A PH-test cell: the global p, marked when it rejects (p &lt; 0.05); "—" when not computed. */
    private void phCell(io.rwe.results.PhTest ph) {
        if (ph == null || ph.global() == null || ph.global().p() == null) {
            num("—");
        } else if (ph.global().p() < 0.05) {
            b.append("<td class=\"num material\">⚠ ").append(escape(Formats.p(ph.global().p()))).append("</td>");
        } else {
            num(Formats.p(ph.global().p()));
        }
    }

    /**
     * Table 1 by group for each comparison: per variable and category n (%) of each group, and the
     * variable's standardized mean difference (first-named group against the reference), marked above
     * 0.1.
     */
    private void tableOneByGroup(BaselineByGroup byGroup) {
        if (byGroup == null) {
            return;
        }
        byGroup.comparisons().forEach((a, grouping) -> {
            List<String> groups = List.copyOf(grouping.groups().keySet());
            b.append("<h3>Table 1 by group: ").append(escape(study.labels().analysis(a))).append("</h3>\n");
            List<String> heads = new ArrayList<>(List.of("Variable", "Category"));
            for (String g : groups) {
                Baseline gb = grouping.groups().get(g);
                heads.add(study.labels().group(g) + " (n = " + cells.count(gb.n(), gb.suppressed()) + ") n (%)");
            }
            heads.add("SMD");
            tableHead(heads.toArray(new String[0]));
            java.util.LinkedHashSet<String> variables = new java.util.LinkedHashSet<>();
            grouping.groups().values().forEach(gb -> variables.addAll(gb.variables().keySet()));
            variables.addAll(grouping.smd().keySet());
            for (String v : variables) {
                java.util.LinkedHashSet<String> cats = new java.util.LinkedHashSet<>();
                grouping.groups().values().forEach(gb -> cats.addAll(gb.variables().getOrDefault(v, Map.of()).keySet()));
                if (cats.isEmpty()) {
                    cats.add("—"); // a variable with an SMD but no categories printed (e.g. age, a number)
                }
                boolean firstRow = true;
                for (String c : cats) {
                    b.append("<tr>");
                    if (firstRow) {
                        b.append("<th scope=\"rowgroup\" rowspan=\"").append(cats.size()).append("\">")
                                .append(escape(study.variableLabel(v))).append("</th>");
                    }
                    b.append("<td>").append(escape(study.labels().category(c))).append("</td>");
                    for (String g : groups) {
                        CountPct cp = grouping.groups().get(g).variables().getOrDefault(v, Map.of()).get(c);
                        num(cp == null ? "0" : cells.count(cp.n(), cp.suppressed()) + (cp.pct() != null
                                && Double.isFinite(cp.pct()) ? " (" + Formats.pct(cp.pct()) + ")" : ""));
                    }
                    if (firstRow) {
                        Double d = grouping.smd().get(v);
                        boolean imbalanced = d != null && Math.abs(d) > 0.1;
                        b.append("<td class=\"num").append(imbalanced ? " material" : "").append("\" rowspan=\"")
                                .append(cats.size()).append("\">").append(imbalanced ? "⚠ " : "")
                                .append(escape(d == null ? "—" : Formats.fixed(d, 3))).append("</td>");
                        firstRow = false;
                    }
                    b.append("</tr>\n");
                }
            }
            tableEnd();
        });
        b.append("<p class=\"note\">SMD: tableone's standardized mean difference of the first-named group against "
                + "the reference; above 0.1 (⚠) is usually read as imbalance.</p>\n");
    }

    private void rates() {
        List<Map.Entry<AnalysisSpec, RateResult>> rate = analyses(RateResult.class);
        if (rate.isEmpty()) {
            return;
        }
        section("response", "Objective response");
        tableHead("Analysis", "Group", "Responders / n", "Rate % (95% CI)", paperHeader("Paper n (%)"));
        for (Map.Entry<AnalysisSpec, RateResult> e : rate) {
            String a = e.getKey().name();
            RateResult r = e.getValue();
            List<String> groups = Figures.groupOrder(List.copyOf(e.getKey().groups().keySet()), r.groups().keySet());
            boolean first = true;
            for (String g : groups) {
                RateGroup gr = r.groups().get(g);
                b.append("<tr>");
                if (first) {
                    analysisHeader("rowgroup", groups.size(), a);
                    first = false;
                }
                b.append("<td>").append(escape(Figures.rateGroupLabel(study, e.getKey(), g))).append("</td>");
                num(cells.count(gr.responders(), gr.suppressed()) + " / " + cells.count(gr.n(), gr.suppressed()));
                String why = r.notEstimable().reason("groups." + g);
                if (why != null) {
                    notEstimableCells(1, why);
                } else {
                    ResponseFigure.Bar bar = Figures.bar(gr, "", cells);
                    num(Double.isFinite(bar.pct()) ? Formats.pct(bar.pct()) + " (" + Formats.fixed(100 * bar.ciLo(), 1) + "–"
                            + Formats.fixed(100 * bar.ciHi(), 1) + ")" : "—");
                }
                paperCountPct(a + ".groups." + g + ".responders");
                b.append("</tr>\n");
            }
        }
        tableEnd();
        List<Map.Entry<AnalysisSpec, RateResult>> tested = rate.stream()
                .filter(e -> e.getValue().tests() != null || e.getValue().notEstimable().reason("tests") != null).toList();
        if (!tested.isEmpty()) {
            b.append("<h3>Tests</h3>\n");
            tableHead("Analysis", "χ² (p)", "χ² with Yates (p)", "Fisher's exact p", paperHeader("Paper p"));
            for (Map.Entry<AnalysisSpec, RateResult> e : tested) {
                String a = e.getKey().name();
                RateTests t = e.getValue().tests();
                NotEstimable ne = e.getValue().notEstimable();
                b.append("<tr>");
                analysisHeader("row", 1, a);
                if (t == null) {
                    notEstimableCells(3, ne.reason("tests"));
                } else {
                    testCell(t.chisq(), ne.reason("tests.chisq"));
                    testCell(t.chisqYates(), ne.reason("tests.chisq_yates"));
                    num(Formats.p(t.fisher() == null ? null : t.fisher().p()));
                }
                paperCell(a + ".tests.*.p");
                b.append("</tr>\n");
            }
            tableEnd();
            if (paper.isPresent()) {
                b.append("<p class=\"note\">The paper does not name the test behind a printed p (\"χ² test or Fisher's exact test\"): "
                        + "it is flagged only when none of the three matches.</p>\n");
            }
        }
        bestResponses(rate);
        pairedComparisons(rate);
        notEstimableNote(rate);
        for (var f : study.figures().response()) {
            figure(f.id());
        }
        b.append("</section>\n");
    }

    /** Figure 5's counts: per group, patients by best response, and disease control with its exact CI. */
    private void bestResponses(List<Map.Entry<AnalysisSpec, RateResult>> rate) {
        List<String> categories = io.rwe.study.CohortVocabulary.bestResponseCategories();
        StringBuilder rows = new StringBuilder();
        StringBuilder saved = new StringBuilder(b);
        b.setLength(0);
        for (Map.Entry<AnalysisSpec, RateResult> e : rate) {
            RateResult r = e.getValue();
            List<String> groups = Figures.groupOrder(List.copyOf(e.getKey().groups().keySet()), r.groups().keySet());
            boolean first = true;
            for (String g : groups) {
                RateGroup gr = r.groups().get(g);
                if (gr.bestResponse() == null) {
                    continue;
                }
                b.append("<tr>");
                if (first) {
                    analysisHeader("rowgroup", groups.size(), e.getKey().name());
                    first = false;
                }
                b.append("<td>").append(escape(Figures.rateGroupLabel(study, e.getKey(), g))).append("</td>");
                for (String c : categories) {
                    Long v = gr.bestResponse().get(c);
                    num(cells.count(v, gr.bestResponse().suppressed()) + (v != null && gr.n() != null && gr.n() > 0
                            ? " (" + Formats.pct(100.0 * v / gr.n()) + ")" : ""));
                }
                var dc = gr.diseaseControl();
                num(dc == null ? "—" : cells.count(dc.n(), dc.suppressed()) + (dc.rate() != null
                        ? " · " + Formats.pct(100 * dc.rate()) + " (" + Formats.fixed(100 * dc.ci().lower(), 1) + "–"
                                + Formats.fixed(100 * dc.ci().upper(), 1) + ")" : ""));
                b.append("</tr>\n");
            }
        }
        rows.append(b);
        b.setLength(0);
        b.append(saved);
        if (rows.isEmpty()) {
            return;
        }
        b.append("<h3>Best response (Figure 5)</h3>\n");
        tableHead("Analysis", "Group", "CR n (%)", "PR n (%)", "SD n (%)", "PD n (%)", "NE n (%)", "Not assessed n (%)",
                "Disease control n · % (95% CI)");
        b.append(rows);
        tableEnd();
        b.append("<p class=\"note\">Best response per patient over the assessments of the scope up to the first PD; "
                + "disease control = CR + PR + SD, its 95% CI exact (Clopper–Pearson); percentages of all patients of the "
                + "group.</p>\n");
    }

    /**
     * The paired comparisons (two scopes on the same patients): discordant pairs, the paired difference
     * with its Wald CI and McNemar's exact p, beside the paper's p (an unpaired χ² or Fisher).
     */
    private void pairedComparisons(List<Map.Entry<AnalysisSpec, RateResult>> rate) {
        List<Map.Entry<AnalysisSpec, RateResult>> paired = rate.stream().filter(e -> e.getValue().paired() != null).toList();
        if (paired.isEmpty()) {
            return;
        }
        b.append("<h3>Paired comparison (the same patients in both scopes)</h3>\n");
        tableHead("Analysis", "n", "Responders in the first scope only (b)", "In the second only (c)",
                "Difference % (95% CI)", "McNemar's exact p", paperHeader("Paper p (unpaired)"));
        for (Map.Entry<AnalysisSpec, RateResult> e : paired) {
            io.rwe.results.Paired p = e.getValue().paired();
            b.append("<tr>");
            analysisHeader("row", 1, e.getKey().name());
            num(cells.count(p.n(), p.suppressed()));
            num(cells.count(p.b(), p.suppressed()));
            num(cells.count(p.c(), p.suppressed()));
            num(p.difference() == null ? "—" : Formats.fixed(100 * p.difference(), 1) + " ("
                    + (p.ci() == null ? "—" : Formats.fixed(100 * p.ci().lower(), 1) + " to "
                    + Formats.fixed(100 * p.ci().upper(), 1)) + ")");
            num(Formats.p(p.mcnemarP()));
            paperCell(e.getKey().name() + ".tests.*.p");
            b.append("</tr>\n");
        }
        tableEnd();
        b.append("<p class=\"note\">Both rates are taken on the same patients, so the comparison is paired: McNemar's "
                + "exact test (R <code>binom.test(b, b + c)</code>) and the Wald CI of a paired difference, (b − c)/n ± "
                + "1.96·√((b + c) − (b − c)²/n)/n. The paper's χ²/Fisher treat the two scopes as independent groups.</p>\n");
    }

    private void testCell(RateTests.Test t, String notEstimable) {
        if (notEstimable != null) {
            notEstimableCells(1, notEstimable);
        } else {
            num(Formats.fixed(t == null ? null : t.statistic(), 3) + " (" + Formats.p(t == null ? null : t.p()) + ")");
        }
    }

    private void adverseEvents() {
        AdverseEvents ae = results.adverseEvents();
        if (ae == null) {
            return;
        }
        section("adverse-events", "Adverse events (Table 2)");
        tableHead("", "Registry n (%)", paperHeader("Paper n (%)"));
        b.append("<tr><th scope=\"row\">Patients</th>");
        num(cells.count(ae.n(), ae.suppressed()));
        paperCell("adverse_events.n");
        b.append("</tr>\n");
        for (Map.Entry<String, CountPct> e : ae.flags().entrySet()) {
            CountPct c = e.getValue();
            b.append("<tr><th scope=\"row\">").append(escape(switch (e.getKey()) {
                case "any_grade" -> "Any adverse event (any grade)";
                case "dose_reduced" -> "Dose reduction";
                case "grade_3_plus" -> "Any adverse event of grade ≥ 3 (each patient once)";
                default -> "Treatment interruption";
            })).append("</th>");
            String pct = c.pct() != null && Double.isFinite(c.pct()) ? " (" + Formats.pct(c.pct()) + ")" : "";
            num(cells.count(c.n(), c.suppressed()) + pct);
            paperCountPct("adverse_events." + e.getKey() + ".n");
            b.append("</tr>\n");
        }
        tableEnd();
        tableHead("Term", "Grade 1–2", paperHeader("Paper"), "Grade 3", paperHeader("Paper"), "Grade ≥4", paperHeader("Paper"),
                "Any grade", paperHeader("Paper"));
        double n = ae.n() == null ? Double.NaN : ae.n();
        for (Map.Entry<String, AdverseEvents.Term> e : ae.terms().entrySet()) {
            b.append("<tr><th scope=\"row\">").append(escape(study.labels().term(e.getKey()))).append("</th>");
            for (Map.Entry<String, Long> g : e.getValue().byName().entrySet()) {
                Long v = g.getValue();
                String pct = v != null && n > 0 ? " (" + Formats.pct(100 * v / n) + ")" : "";
                num(cells.count(v, e.getValue().suppressed()) + pct);
                paperCountPct("adverse_events.terms." + e.getKey() + "." + g.getKey());
            }
            b.append("</tr>\n");
        }
        if (ae.total() != null) {
            b.append("<tr class=\"total\"><th scope=\"row\">Total (any term, each patient once)</th>");
            for (Long v : ae.total().byName().values()) {
                num(cells.count(v, ae.total().suppressed()) + (v != null && n > 0 ? " (" + Formats.pct(100 * v / n) + ")" : ""));
                b.append(paper.isPresent() ? "<td class=\"paper\"></td>" : "");
            }
            b.append("</tr>\n");
        }
        tableEnd();
        b.append("<p class=\"note\">Patients by worst grade per term, onset from the index date to the cut-off; "
                + "percentages of all included patients. The total row counts each patient once, by the worst grade of "
                + "all its terms: it is not the sum of the term rows.</p>\n</section>\n");
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
            var r = paths.at(v.path());
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
            return "Table 1 — " + study.variableLabel(s[2]) + ": " + study.labels().category(s[3]);
        }
        if (path.startsWith("adverse_events.terms.") && s.length >= 4) {
            return "Table 2 — " + study.labels().term(s[2]) + ", " + switch (s[3]) {
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
            return study.labels().analysis(s[0]) + " — " + study.labels().group(s[2]) + " " + s[s.length - 1];
        }
        return path;
    }

    // ---------------------------------------------------------------- cells

    private String paperHeader(String h) {
        return paper.isPresent() ? h : null;
    }

    /** The analysis's row header: its label and its name. */
    private void analysisHeader(String scope, int rows, String a) {
        b.append("<th scope=\"").append(scope).append("\"");
        if (rows > 1) {
            b.append(" rowspan=\"").append(rows).append("\"");
        }
        // the label only: the results.json key is for the curious, on hover, never under the label
        b.append(" title=\"results.json: ").append(escape(a)).append("\">").append(escape(study.labels().analysis(a)))
                .append("</th>");
    }

    /** {@code span} cells saying that numbers are withheld by the disclosure policy, and why. */
    private void withheldCells(int span, String reason) {
        b.append("<td class=\"not-estimable\" colspan=\"").append(span).append("\">withheld by the disclosure policy: ")
                .append(escape(reason)).append("</td>");
    }

    /** {@code span} cells saying that a part is not estimable, and why. */
    private void notEstimableCells(int span, String reason) {
        b.append("<td class=\"not-estimable\"");
        if (span > 1) {
            b.append(" colspan=\"").append(span).append("\"");
        }
        b.append(">not estimable: ").append(escape(reason == null ? "—" : reason)).append("</td>");
    }

    /** A note listing every part of these analyses that the data could not support. */
    private void notEstimableNote(List<? extends Map.Entry<AnalysisSpec, ? extends AnalysisResult>> analyses) {
        List<String> items = new ArrayList<>();
        for (var e : analyses) {
            e.getValue().notEstimable().reasons().forEach((part, why) -> items.add("<li><code>"
                    + escape(e.getKey().name() + "." + part) + "</code>: " + escape(why) + "</li>"));
        }
        if (!items.isEmpty()) {
            b.append("<div class=\"not-estimable\"><p>Not estimable on these data (results.json <code>not_estimable</code>):</p><ul>\n")
                    .append(String.join("\n", items)).append("\n</ul></div>\n");
        }
    }

    /** The paper cell of {@code path}: every printed number at that path, flagged when differing. */
    private void paperCell(String path) {
        if (paper.isEmpty()) {
            return;
        }
        List<PaperComparison.Verdict> vs = comparison.at(path).stream().filter(v -> v.value().printed() != null).toList();
        comparison.at(path).forEach(v -> shown.add(v.value()));
        if (vs.isEmpty()) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        String text = String.join("; ", vs.stream().map(v -> v.value().printed()).toList());
        String where = String.join("; ", vs.stream().map(v -> v.value().where()).toList());
        if (paths.suppressedAt(path)) {
            suppressedTd(text, where);
            return;
        }
        paperTd(vs.stream().anyMatch(PaperComparison.Verdict::differs), text, where);
    }

    /** One paper cell joining several printed numbers (e.g. HR and its CI bounds). */
    private void paperCells(List<String> paths, String sep) {
        if (paper.isEmpty()) {
            return;
        }
        boolean d = false;
        List<String> texts = new ArrayList<>();
        Set<String> wheres = new LinkedHashSet<>();
        for (String path : paths) {
            for (PaperComparison.Verdict v : comparison.at(path)) {
                if (v.value().printed() == null) {
                    continue;
                }
                shown.add(v.value());
                d |= v.differs();
                texts.add(v.value().printed());
                wheres.add(v.value().where());
            }
        }
        if (texts.isEmpty()) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        String text = texts.size() == 3 ? texts.get(0) + " (" + texts.get(1) + "–" + texts.get(2) + ")"
                : String.join(sep, texts);
        paperTd(d, text, String.join("; ", wheres));
    }

    /** The paper's count (and %) at {@code path}, flagged when the count or the percentage differs. */
    private void paperCountPct(String path) {
        if (paper.isEmpty()) {
            return;
        }
        List<PaperComparison.Verdict> vs = comparison.at(path);
        if (vs.isEmpty()) {
            b.append("<td class=\"paper\"></td>");
            return;
        }
        List<String> texts = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        for (PaperComparison.Verdict v : vs) {
            Published p = v.value();
            shown.add(p);
            texts.add((p.printed() == null ? "" : p.printed() + " ") + (p.pct() == null ? "" : "(" + p.pct() + ")"));
            wheres.add(p.where());
        }
        String text = String.join("; ", texts).trim();
        if (paths.suppressedAt(path)) {
            suppressedTd(text, String.join("; ", wheres));
            return;
        }
        paperTd(vs.stream().anyMatch(PaperComparison.Verdict::differs), text, String.join("; ", wheres));
        if (vs.stream().anyMatch(PaperComparison.Verdict::selfInconsistent)) {
            // the paper's % is not its own count / denominator: point to the inconsistency section
            b.setLength(b.length() - "</td>".length());
            b.append(" <a class=\"dagger\" href=\"#inconsistencies\" title=\"the printed % is not the printed count / ")
                    .append(vs.get(0).value().of()).append("\">†</a></td>");
        }
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

    /** A registry number that is not a count (degrees of freedom, an age). */
    private void stat(String text) {
        b.append("<td class=\"num stat\">").append(escape(text)).append("</td>");
    }

    private void figure(String id) {
        for (Figures.Figure f : figures) {
            if (f.id().equals(id)) {
                b.append("<figure id=\"figure-").append(escape(f.id())).append("\">");
                Path svg = inlineFiguresFrom == null ? null : inlineFiguresFrom.resolve(f.name() + ".svg");
                if (svg != null && java.nio.file.Files.isRegularFile(svg)) {
                    // inline: the page shows every figure when sent alone; the files stay in figures/
                    b.append("<div class=\"svg\" aria-label=\"Figure ").append(escape(f.id())).append("\">")
                            .append(InlineSvg.of(svg, "fig" + f.id().replaceAll("[^A-Za-z0-9]", ""))).append("</div>");
                } else {
                    b.append("<a href=\"figures/").append(escape(f.name())).append(".png\"><img src=\"figures/")
                            .append(escape(f.name())).append(".svg\" width=\"").append(f.width()).append("\" height=\"")
                            .append(f.height()).append("\" alt=\"Figure ").append(escape(f.id())).append("\"></a>");
                }
                b.append("<figcaption><strong>Figure ").append(escape(f.id())).append(".</strong> ")
                        .append(escape(f.caption())).append(" Files: <a href=\"figures/").append(escape(f.name()))
                        .append(".png\">PNG</a> · <a href=\"figures/").append(escape(f.name())).append(".svg\">SVG</a></figcaption></figure>\n");
            }
        }
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
            td.not-estimable, div.not-estimable { color: #6b4e00; background: #fff8e1; font-style: italic; }
            div.not-estimable { padding: 2px 10px; font-size: 0.9em; }
            .flag { font-weight: bold; }
            a.dagger { text-decoration: none; color: #8a2c00; }
            tr.inconsistent td:last-child { white-space: nowrap; }
            table.findings td { white-space: normal; }
            figure { margin: 1.2em 0 2em; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figure div.svg svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            ul.verdicts { padding-left: 1.2em; } ul.verdicts li { margin: 0.3em 0; list-style: none; }
            li.differs-claim { color: #8a2c00; } li.agrees { color: #1e5b2a; }
            table.provenance th { background: #f4f7fa; width: 12em; }
            figcaption { font-size: 0.9em; color: #333; margin-top: 0.3em; }
            code { font-size: 0.88em; color: #555; }
            small { color: #555; }
            .summary { font-size: 1em; }
            .material { color: #8a3b00; font-weight: bold; }
            tr.total th, tr.total td { border-top: 2px solid #444; font-weight: bold; }
            """;
}
