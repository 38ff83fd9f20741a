package io.rwe.report;

import io.rwe.results.KmGroup;
import io.rwe.results.KmResult;
import io.rwe.study.Labels;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One Kaplan–Meier figure of the paper: a step function per group from the step table (S = 1 from
 * time 0, dropping at each event time), censorings marked "+" on the curve, the median drawn as
 * dashed lines at S = 0.5 when reached, the log-rank p and the hazard ratio (95% CI) on the plot for
 * a comparison with the proportional-hazards test's p (marked when it rejects), and the number at risk
 * at each x tick beneath (from {@link KmSteps#atRisk}).
 *
 * <p>Registry scale: censor marks are thinned to at most one per {@value #MARK_SPACING_PX}-pixel column
 * of the plot per group (the first censoring time of the column), so 10^5 censorings do not merge into
 * a bar; numbers at risk carry thousands separators and shrink to fit between the ticks; nothing lists
 * patients. Panels of one figure share their time axis ({@code xMax}).
 */
final class KmFigure implements FigureFiles.Painter {

    static final int WIDTH = 900;
    static final int BASE_HEIGHT = 585;
    static final int ROW = 24;
    /** At most one censor mark per this many pixels of the time axis, per group: a mark is 11 px wide, so marks never touch. */
    static final int MARK_SPACING_PX = 12;
    /** The approximate width in pixels of the plot's time axis (the figure less its margins). */
    private static final double PLOT_PX = WIDTH - 120;

    private final String title;
    private final KmSteps steps;
    private final KmResult result;
    private final List<String> groups;
    private final Labels labels;
    private final double tick;
    private final double xMax;

    private final String subtitle;

    KmFigure(String title, String subtitle, KmSteps steps, KmResult result, List<String> groups, Labels labels,
             double tickMonths) {
        this(title, subtitle, steps, result, groups, labels, tickMonths, 0);
    }

    /**
     * @param sharedMax the largest time of every panel of the figure (0: this panel's own), so the panels
     *                  of one figure share their time axis
     */
    KmFigure(String title, String subtitle, KmSteps steps, KmResult result, List<String> groups, Labels labels,
             double tickMonths, double sharedMax) {
        this.title = title;
        this.subtitle = subtitle;
        this.steps = steps;
        this.result = result;
        this.groups = groups;
        this.labels = labels;
        double max = Math.max(sharedMax, maxTime(steps, groups));
        this.tick = tickMonths > 0 ? tickMonths : autoTick(max);
        this.xMax = Math.max(tick, Math.ceil(max / tick - 1e-9) * tick);
    }

    /** The largest time of {@code groups} in {@code steps}. */
    static double maxTime(KmSteps steps, List<String> groups) {
        double max = 0;
        for (String g : groups) {
            for (KmSteps.Step s : steps.groups().getOrDefault(g, List.of())) {
                max = Math.max(max, s.time());
            }
        }
        return max;
    }

    /**
     * The censor marks of one group's steps, thinned: the first censoring time of each column of
     * {@code columnMonths} (time / column width, floored) is kept, the others of the column dropped; a
     * column holds at most one mark. Returns (time, S) pairs.
     */
    static List<double[]> censorMarks(List<KmSteps.Step> steps, double columnMonths) {
        List<double[]> out = new ArrayList<>();
        long lastColumn = Long.MIN_VALUE;
        for (KmSteps.Step st : steps) {
            if (st.nCensor() > 0 || st.nCensor() == KmSteps.SUPPRESSED) {
                long column = columnMonths > 0 ? (long) Math.floor(st.time() / columnMonths) : out.size();
                if (column != lastColumn) {
                    out.add(new double[] {st.time(), st.surv()});
                    lastColumn = column;
                }
            }
        }
        return out;
    }

    /** Figure height for {@code groups} rows in the number-at-risk table. */
    static int height(int groups) {
        return BASE_HEIGHT + ROW * Math.max(1, groups);
    }

    /** A tick step in months giving at most 10 intervals: 1, 2, 3, 6, 12, 24, ... */
    static double autoTick(double max) {
        for (double t : new double[] {1, 2, 3, 6, 12, 24, 48, 96}) {
            if (max / t <= 10) {
                return t;
            }
        }
        return Math.ceil(max / 10);
    }

    @Override
    public void paint(Graphics2D g2, int width, int height) {
        g2.setColor(Style.TEXT);
        g2.setFont(Style.bold(18f));
        g2.drawString(title, 24, 30);
        g2.setFont(Style.font(15f));
        g2.drawString(subtitle, 24, 52);

        g2.setFont(Style.font(13.5f));
        FontMetrics lfm = g2.getFontMetrics();
        double labelW = 0;
        for (String g : groups) {
            labelW = Math.max(labelW, lfm.stringWidth(labels.group(g)));
        }
        labelW = Math.min(labelW, 240);
        // room for the label column and half the widest number at risk at time 0 (centred on the axis)
        double firstW = 0;
        for (String g : groups) {
            firstW = Math.max(firstW, lfm.stringWidth(atRiskText(steps.groups().getOrDefault(g, List.of()), 0)));
        }
        JFreeChart chart = chart(Math.max(12, 24 + labelW + 14 + firstW / 2 - 62));
        ChartRenderingInfo info = new ChartRenderingInfo();
        double chartBottom = 500;
        FigureFiles.notCounts(g2, () -> chart.draw(g2, new Rectangle2D.Double(0, 62, width, chartBottom - 62), info));
        Rectangle2D data = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();

        drawKey(g2, data);
        drawAtRisk(g2, data, plot, chartBottom + 24, width);
    }

    private JFreeChart chart(double leftPad) {
        XYSeriesCollection curves = new XYSeriesCollection();
        XYSeriesCollection censors = new XYSeriesCollection();
        for (String g : groups) {
            XYSeries c = new XYSeries(g, false, true);
            XYSeries m = new XYSeries(g + " censored", false, true);
            c.add(0.0, 1.0);
            List<KmSteps.Step> st = steps.groups().getOrDefault(g, List.of());
            for (KmSteps.Step step : st) {
                c.add(step.time(), step.surv());
            }
            for (double[] mark : censorMarks(st, xMax * MARK_SPACING_PX / PLOT_PX)) {
                m.add(mark[0], mark[1]);
            }
            curves.addSeries(c);
            censors.addSeries(m);
        }
        NumberAxis x = new NumberAxis("Months");
        x.setRange(0, xMax);
        x.setTickUnit(new NumberTickUnit(tick, new java.text.DecimalFormat("0")));
        NumberAxis y = new NumberAxis("Probability");
        y.setRange(0, 1.02);
        y.setTickUnit(new NumberTickUnit(0.2, new java.text.DecimalFormat("0.0")));
        for (NumberAxis a : List.of(x, y)) {
            a.setLabelFont(Style.font(15f));
            a.setTickLabelFont(Style.font(13f));
            a.setLabelPaint(Style.TEXT);
            a.setTickLabelPaint(Style.TEXT);
            a.setAxisLinePaint(Style.AXIS);
            a.setTickMarkPaint(Style.AXIS);
            a.setAxisLineStroke(new BasicStroke(1f));
        }
        XYStepRenderer lines = new XYStepRenderer();
        XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
        marks.setUseOutlinePaint(false);
        marks.setDefaultShapesFilled(false);
        marks.setDrawOutlines(true);
        for (int i = 0; i < groups.size(); i++) {
            lines.setSeriesPaint(i, Style.colour(i));
            lines.setSeriesStroke(i, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            marks.setSeriesPaint(i, Style.colour(i));
            marks.setSeriesShape(i, plus(5.5));
            marks.setSeriesOutlineStroke(i, new BasicStroke(1.6f));
        }
        XYPlot plot = new XYPlot(curves, x, y, lines);
        plot.setDataset(1, censors);
        plot.setRenderer(1, marks);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(Style.GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        for (int i = 0; i < groups.size(); i++) {
            KmGroup grp = group(groups.get(i));
            if (grp != null && grp.median() != null && Double.isFinite(grp.median())) {
                double m = grp.median();
                Color c = Style.colour(i);
                plot.addAnnotation(new XYLineAnnotation(0, 0.5, m, 0.5, Style.dashed(1.2f), c));
                plot.addAnnotation(new XYLineAnnotation(m, 0.5, m, 0, Style.dashed(1.2f), c));
            }
        }
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, leftPad, 4, 28));
        return chart;
    }

    private KmGroup group(String g) {
        return result.groups().get(g);
    }

    /**
     * Legend (colour, label, n, median) and, for a comparison, log-rank p and the HR named by its groups
     * and method ("A vs B (reference)", "log-rank HR …") with the proportional-hazards test's p (or "not
     * computed" when results.json has no {@code ph_test}), top right.
     */
    private void drawKey(Graphics2D g2, Rectangle2D data) {
        List<String[]> lines = new ArrayList<>();
        for (String g : groups) {
            KmGroup gr = group(g);
            String n = gr != null && gr.n() != null ? "n = " + Formats.count(gr.n()) : "n suppressed";
            String why = result.notEstimable().reason("groups." + g);
            lines.add(new String[] {labels.group(g) + " (" + n + ")", why != null ? "not estimable: " + why
                : "median " + (gr == null ? "—" : Formats.months(gr.median())) + " mo"});
        }
        List<String> stats = new ArrayList<>();
        if (result.comparison() != null) {
            var lr = result.comparison().logrank();
            stats.add(lr != null ? "Log-rank p " + withEquals(Formats.p(lr.p()))
                    : "Log-rank: not estimable (" + result.notEstimable().reason("logrank") + ")");
            var hr = result.comparison().hr();
            if (hr != null && hr.estimate() != null) {
                // the HR named: which group against which reference, and by which method
                String ref = hr.reference();
                String first = groups.stream().filter(g -> !g.equals(ref)).findFirst().orElse("?");
                stats.add(labels.group(first) + " vs " + (ref == null ? "?" : labels.group(ref)) + " (reference)");
                stats.add("log-rank HR " + Formats.fixed(hr.estimate(), 2) + " (95% CI " + Formats.interval(hr.ci(), 2) + ")");
                stats.add(phLine(result.comparison().cox()));
            }
        }
        g2.setFont(Style.font(13.5f));
        FontMetrics fm = g2.getFontMetrics();
        int lineH = fm.getHeight() + 2;
        double w = 0;
        for (String[] l : lines) {
            w = Math.max(w, 30 + fm.stringWidth(l[0]) + 12 + fm.stringWidth(l[1]));
        }
        for (String s : stats) {
            w = Math.max(w, fm.stringWidth(s));
        }
        double h = lines.size() * lineH + (stats.isEmpty() ? 0 : 6 + stats.size() * lineH);
        double x0 = data.getMaxX() - w - 14;
        double y0 = data.getMinY() + 10;
        g2.setColor(new Color(255, 255, 255, 235));
        g2.fill(new Rectangle2D.Double(x0 - 8, y0 - 4, w + 16, h + 8));
        double y = y0 + fm.getAscent();
        double medX = 0;
        for (String[] l : lines) {
            medX = Math.max(medX, x0 + 30 + fm.stringWidth(l[0]) + 12);
        }
        for (int i = 0; i < lines.size(); i++) {
            g2.setColor(Style.colour(i));
            g2.setStroke(new BasicStroke(2.6f));
            double ly = y - fm.getAscent() / 2.0 + 1;
            g2.draw(new Line2D.Double(x0, ly, x0 + 22, ly));
            g2.setColor(Style.TEXT);
            g2.drawString(lines.get(i)[0], (float) (x0 + 30), (float) y);
            g2.drawString(lines.get(i)[1], (float) medX, (float) y);
            y += lineH;
        }
        y += 6;
        for (String s : stats) {
            g2.drawString(s, (float) x0, (float) y);
            y += lineH;
        }
    }

    /**
     * The proportional-hazards test of the comparison's Cox model (R {@code cox.zph}, global p), marked
     * "⚠ … rejects" when p &lt; 0.05: the HR then averages a hazard ratio that changes over time.
     */
    static String phLine(io.rwe.results.Comparison.Cox cox) {
        if (cox == null || cox.phTest() == null || cox.phTest().global() == null || cox.phTest().global().p() == null) {
            return "PH test: not computed";
        }
        double p = cox.phTest().global().p();
        String line = "PH test (cox.zph) p " + withEquals(Formats.p(p));
        return p < 0.05 ? "⚠ " + line + ": rejects proportional hazards" : line;
    }

    private static String withEquals(String p) {
        return p.startsWith("<") ? p : "= " + p;
    }

    private void drawAtRisk(Graphics2D g2, Rectangle2D data, XYPlot plot, double top, int width) {
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        g2.setColor(Style.TEXT);
        g2.setFont(Style.bold(14f));
        g2.drawString("Number at risk", 24, (float) top);
        // numbers with thousands separators, in a font small enough for the widest to fit between ticks
        List<List<String>> texts = new ArrayList<>();
        String widest = "";
        for (String g : groups) {
            List<String> row = new ArrayList<>();
            for (double t = 0; t <= xMax + 1e-9; t += tick) {
                String n = atRiskText(steps.groups().getOrDefault(g, List.of()), t);
                row.add(n);
                widest = n.length() > widest.length() ? n : widest;
            }
            texts.add(row);
        }
        double spacing = x.valueToJava2D(tick, data, RectangleEdge.BOTTOM) - x.valueToJava2D(0, data, RectangleEdge.BOTTOM);
        float size = 13.5f;
        g2.setFont(Style.font(size));
        while (size > 8f && g2.getFontMetrics().stringWidth(widest) > spacing - 6) {
            size -= 0.5f;
            g2.setFont(Style.font(size));
        }
        FontMetrics fm = g2.getFontMetrics();
        double y = top + ROW;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            g2.setColor(Style.colour(i));
            String label = labels.group(g);
            FontMetrics labelFm = g2.getFontMetrics(Style.font(13.5f));
            while (labelFm.stringWidth(label) > 240 && label.length() > 4) {
                label = label.substring(0, label.length() - 2) + "…";
            }
            g2.setFont(Style.font(13.5f));
            g2.drawString(label, 24, (float) y);
            g2.setFont(fm.getFont());
            g2.setColor(Style.TEXT);
            int k = 0;
            for (double t = 0; t <= xMax + 1e-9; t += tick) {
                String n = texts.get(i).get(k++);
                double px = x.valueToJava2D(t, data, RectangleEdge.BOTTOM);
                g2.drawString(n, (float) (px - fm.stringWidth(n) / 2.0), (float) y);
            }
            y += ROW;
        }
    }

    /** The number at risk at {@code t}, with thousands separators ({@code <k} stays as published). */
    static String atRiskText(List<KmSteps.Step> steps, double t) {
        String n = KmSteps.atRiskText(steps, t);
        return n.matches("\\d+") ? Formats.count(Long.parseLong(n)) : n;
    }

    /** A "+" censor mark of half-size {@code r}. */
    static Shape plus(double r) {
        GeneralPath p = new GeneralPath();
        p.moveTo(-r, 0);
        p.lineTo(r, 0);
        p.moveTo(0, -r);
        p.lineTo(0, r);
        return p;
    }
}
