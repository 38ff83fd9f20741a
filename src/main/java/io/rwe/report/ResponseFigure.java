package io.rwe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A response-rate panel of the paper's Figure 5: one bar per group (objective response, CR or PR,
 * over every patient of the group, in %), its exact Clopper–Pearson 95% CI as a whisker, the count
 * {@code responders/n (%)} above it, and the tests of a two-group comparison beneath the title.
 */
final class ResponseFigure implements FigureFiles.Painter {

    static final int WIDTH = 680;
    static final int HEIGHT = 580;
    private static final int LABEL_SPACE = 64;

    /** One bar; {@code responders} or {@code n} null when suppressed or absent. */
    record Bar(String label, Long responders, Long n, double pct, double ciLo, double ciHi, String countText) {
    }

    private final String title;
    private final List<Bar> bars;
    private final List<String> tests;

    ResponseFigure(String title, List<Bar> bars, List<String> tests) {
        this.title = title;
        this.bars = bars;
        this.tests = tests;
    }

    /** {@code text} broken at spaces into lines no wider than {@code max}. */
    static java.util.List<String> wrap(String text, FontMetrics fm, double max) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) > max && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * A response panel's head: the title, then one line per test beneath it; returns the baseline of the
     * line after the last test.
     */
    static float head(Graphics2D g2, String title, List<String> tests) {
        g2.setColor(Style.TEXT);
        g2.setFont(Style.bold(18f));
        g2.drawString(title, 24, 32);
        g2.setFont(Style.font(14f));
        float ty = 56;
        for (String t : tests) {
            g2.drawString(t, 24, ty);
            ty += 20;
        }
        return ty;
    }

    @Override
    public void paint(Graphics2D g2, int width, int height) {
        float ty = head(g2, title, tests);
        double top = Math.max(70, ty);

        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        double max = 0;
        for (Bar b : bars) {
            ds.addValue(Double.isFinite(b.pct()) ? b.pct() : 0.0, "rate", b.label());
            max = Math.max(max, Double.isFinite(b.ciHi()) ? 100 * b.ciHi() : b.pct());
        }
        double yMax = Math.min(100, Math.max(10, Math.ceil((max + 8) / 10) * 10));
        double yTick = yMax > 60 ? 20 : 10;
        yMax = Math.min(100, Math.ceil(yMax / yTick) * yTick);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(Style.font(14f));
        x.setTickLabelPaint(Style.TEXT);
        x.setAxisLinePaint(Style.AXIS);
        x.setCategoryMargin(0.45);
        x.setLowerMargin(0.12);
        x.setUpperMargin(0.12);
        x.setTickLabelsVisible(false);
        x.setTickMarksVisible(false);
        NumberAxis y = new NumberAxis("Objective response (% of patients)");
        y.setRange(0, yMax);
        y.setTickUnit(new NumberTickUnit(yTick, new java.text.DecimalFormat("0")));
        y.setLabelFont(Style.font(15f));
        y.setTickLabelFont(Style.font(13f));
        y.setLabelPaint(Style.TEXT);
        y.setTickLabelPaint(Style.TEXT);
        y.setAxisLinePaint(Style.AXIS);
        BarRenderer r = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return Style.colour(column);
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, Style.colour(0));
        r.setMaximumBarWidth(0.26);
        CategoryPlot plot = new CategoryPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(Style.GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setAxisOffset(new RectangleInsets(0, 4, 0, 0));
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 12, 8, 24));
        ChartRenderingInfo info = new ChartRenderingInfo();
        FigureFiles.notCounts(g2, () -> chart.draw(g2, new Rectangle2D.Double(0, top, width, height - top - 22 - LABEL_SPACE), info));
        Rectangle2D data = info.getPlotInfo().getDataArea();

        g2.setFont(Style.font(14f));
        FontMetrics fm = g2.getFontMetrics();
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double cx = x.getCategoryMiddle(i, bars.size(), data, RectangleEdge.BOTTOM);
            double labelY;
            if (Double.isFinite(b.ciLo()) && Double.isFinite(b.ciHi())) {
                double lo = y.valueToJava2D(100 * b.ciLo(), data, RectangleEdge.LEFT);
                double hi = y.valueToJava2D(100 * b.ciHi(), data, RectangleEdge.LEFT);
                g2.setColor(Style.TEXT);
                g2.setStroke(new BasicStroke(1.5f));
                g2.draw(new Line2D.Double(cx, lo, cx, hi));
                g2.draw(new Line2D.Double(cx - 8, hi, cx + 8, hi));
                g2.draw(new Line2D.Double(cx - 8, lo, cx + 8, lo));
                labelY = hi - 8;
            } else {
                labelY = y.valueToJava2D(Double.isFinite(b.pct()) ? b.pct() : 0, data, RectangleEdge.LEFT) - 8;
            }
            g2.setColor(Style.TEXT);
            g2.drawString(b.countText(), (float) (cx - fm.stringWidth(b.countText()) / 2.0), (float) labelY);
            double ly = data.getMaxY() + 8 + fm.getAscent();
            for (String line : wrap(b.label(), fm, Math.min(280, width / (double) bars.size() - 20))) {
                g2.drawString(line, (float) (cx - fm.stringWidth(line) / 2.0), (float) ly);
                ly += fm.getHeight();
            }
        }
        g2.setFont(Style.font(12f));
        g2.setColor(new Color(0x555555));
        g2.drawString("Bars: patients with complete or partial response; whiskers: exact (Clopper–Pearson) 95% CI",
                24, height - 10);
    }
}
