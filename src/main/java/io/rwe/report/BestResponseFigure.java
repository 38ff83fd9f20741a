package io.rwe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;

/**
 * A panel of the paper's Figure 5 as the paper draws it: one stacked bar per group, 100% of its
 * patients split by best response (CR, PR, SD, PD, NE, no assessment), bottom to top, so the top of
 * PR is the objective response rate (CR + PR) and the top of SD the disease-control rate
 * (CR + PR + SD); above each bar ORR and DCR with their counts, beneath it the group and its n; the
 * tests of a two-group comparison (and McNemar's exact p of a paired one) under the title. Every panel
 * shares the 0–100% axis.
 */
final class BestResponseFigure implements FigureFiles.Painter {

    static final int WIDTH = 680;
    static final int HEIGHT = 600;

    /** Segment colours (Okabe–Ito): CR bluish green, PR sky blue, SD orange, PD vermillion, NE and none greys. */
    static final Map<String, Color> COLOURS = Map.of("CR", new Color(0x009E73), "PR", new Color(0x56B4E9),
            "SD", new Color(0xE69F00), "PD", new Color(0xD55E00), "NE", new Color(0x999999),
            "none", new Color(0xD9D9D9));

    /** The legend's names of the categories. */
    static final Map<String, String> NAMES = Map.of("CR", "CR", "PR", "PR", "SD", "SD", "PD", "PD", "NE", "NE",
            "none", "not assessed");

    /**
     * One bar: its label, patients per category (in stacking order), and the two lines above it.
     *
     * @param best category → patients, every count known (a suppressed count is never drawn here)
     */
    record Bar(String label, long n, Map<String, Long> best, String orrText, String dcrText) {
    }

    private final String title;
    private final List<Bar> bars;
    private final List<String> tests;

    BestResponseFigure(String title, List<Bar> bars, List<String> tests) {
        this.title = title;
        this.bars = bars;
        this.tests = tests;
    }

    @Override
    public void paint(Graphics2D g2, int width, int height) {
        float ty = ResponseFigure.head(g2, title, tests);
        // legend, one row
        g2.setFont(Style.font(13f));
        FontMetrics lfm = g2.getFontMetrics();
        double lx = 24;
        double ly = ty + 8;
        for (String c : categories()) {
            g2.setColor(COLOURS.getOrDefault(c, Color.LIGHT_GRAY));
            g2.fill(new Rectangle2D.Double(lx, ly - 11, 14, 14));
            g2.setColor(Style.TEXT);
            String name = NAMES.getOrDefault(c, c);
            g2.drawString(name, (float) (lx + 19), (float) ly + 1);
            lx += 19 + lfm.stringWidth(name) + 18;
        }
        double top = ly + 58;
        double bottom = height - 78;
        double left = 78;
        double right = width - 24;

        // axis and grid, 0–100%
        g2.setFont(Style.font(13f));
        FontMetrics fm = g2.getFontMetrics();
        for (int p = 0; p <= 100; p += 20) {
            double y = bottom - (bottom - top) * p / 100.0;
            g2.setColor(Style.GRID);
            g2.setStroke(new BasicStroke(0.8f));
            g2.draw(new Line2D.Double(left, y, right, y));
            g2.setColor(Style.TEXT);
            String s = Integer.toString(p);
            g2.drawString(s, (float) (left - 8 - fm.stringWidth(s)), (float) (y + fm.getAscent() / 2.0 - 2));
        }
        g2.setColor(Style.AXIS);
        g2.setStroke(new BasicStroke(1f));
        g2.draw(new Line2D.Double(left, top, left, bottom));
        g2.draw(new Line2D.Double(left, bottom, right, bottom));
        java.awt.geom.AffineTransform saved = g2.getTransform();
        g2.setColor(Style.TEXT);
        g2.setFont(Style.font(14f));
        g2.rotate(-Math.PI / 2);
        String yLabel = "Best response (% of patients)";
        g2.drawString(yLabel, (float) (-(top + bottom) / 2 - g2.getFontMetrics().stringWidth(yLabel) / 2.0), 26f);
        g2.setTransform(saved);

        double slot = (right - left) / Math.max(1, bars.size());
        double barW = Math.min(120, slot * 0.45);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double cx = left + slot * (i + 0.5);
            double y = bottom;
            for (Map.Entry<String, Long> e : b.best().entrySet()) {
                double h = b.n() == 0 ? 0 : (bottom - top) * e.getValue() / (double) b.n();
                if (h <= 0) {
                    continue;
                }
                g2.setColor(COLOURS.getOrDefault(e.getKey(), Color.LIGHT_GRAY));
                g2.fill(new Rectangle2D.Double(cx - barW / 2, y - h, barW, h));
                g2.setColor(Color.WHITE);
                g2.setStroke(new BasicStroke(1f));
                g2.draw(new Line2D.Double(cx - barW / 2, y - h, cx + barW / 2, y - h));
                String pct = Formats.pct(100.0 * e.getValue() / b.n()) + "%";
                if (h >= fm.getHeight() + 2 && fm.stringWidth(pct) < barW - 4) {
                    g2.setColor(List.of("none", "SD", "PR").contains(e.getKey()) ? Style.TEXT : Color.WHITE);
                    g2.drawString(pct, (float) (cx - fm.stringWidth(pct) / 2.0), (float) (y - h / 2 + fm.getAscent() / 2.0 - 1));
                }
                y -= h;
            }
            g2.setColor(Style.TEXT);
            g2.setFont(Style.font(13f));
            g2.drawString(b.dcrText(), (float) (cx - fm.stringWidth(b.dcrText()) / 2.0), (float) (top - 10));
            g2.drawString(b.orrText(), (float) (cx - fm.stringWidth(b.orrText()) / 2.0), (float) (top - 10 - fm.getHeight()));
            g2.setFont(Style.font(14f));
            FontMetrics bfm = g2.getFontMetrics();
            double yy = bottom + 8 + bfm.getAscent();
            for (String line : ResponseFigure.wrap(b.label() + " (n = " + Formats.count(b.n()) + ")", bfm,
                    Math.min(280, slot - 12))) {
                g2.drawString(line, (float) (cx - bfm.stringWidth(line) / 2.0), (float) yy);
                yy += bfm.getHeight();
            }
            g2.setFont(Style.font(13f));
        }
        g2.setFont(Style.font(12f));
        g2.setColor(new Color(0x555555));
        g2.drawString("ORR = CR + PR; DCR (disease control) = CR + PR + SD; percentages of all patients of the group",
                24, height - 10);
    }

    /** The categories present in any bar, in stacking order. */
    private List<String> categories() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Bar b : bars) {
            out.addAll(b.best().keySet());
        }
        return List.copyOf(out);
    }
}
