package io.rwe.report;

import io.rwe.results.Flow;
import io.rwe.study.Study;
import io.rwe.study.StudyFigures;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The study flow of the paper's Figure 1, drawn with Java2D from {@code cohort_flow}: patients reviewed,
 * each exclusion step (a patient counted at the first step that excludes them), patients included, then
 * the study's pattern boxes ({@code rwe.study.figures.flow.boxes}: each the patients of one or more
 * patterns, a union box drawing its patterns beneath it; without boxes, one per pattern).
 */
final class FlowFigure implements FigureFiles.Painter {

    static final int WIDTH = 900;
    static final int HEIGHT = 620;
    private static final Color BOX = new Color(0xF4F7FA);
    private static final Color EDGE = new Color(0x33475B);
    private static final double MARGIN = 24;

    private final Flow flow;
    private final Study study;
    private final Cells cells;

    FlowFigure(Flow flow, Study study, Cells cells) {
        this.flow = flow;
        this.study = study;
        this.cells = cells;
    }

    /** The boxes beneath "Patients included": the study's, or one per pattern of the flow. */
    List<StudyFigures.FlowBox> boxes() {
        if (!study.figures().flowBoxes().isEmpty()) {
            return study.figures().flowBoxes();
        }
        List<StudyFigures.FlowBox> out = new ArrayList<>();
        for (String p : flow.patterns().values().keySet()) {
            out.add(new StudyFigures.FlowBox(null, List.of(p)));
        }
        return out;
    }

    private String count(Long n, boolean ownerSuppressed) {
        return cells.count(n, ownerSuppressed);
    }

    @Override
    public void paint(Graphics2D g2, int width, int height) {
        g2.setColor(Style.TEXT);
        g2.setFont(Style.bold(18f));
        g2.drawString("Figure 1  Study flow", 24, 32);

        double cx = 250;
        double bw = 300;
        Box reviewed = box(g2, cx - bw / 2, 64, bw,
                List.of("Patients reviewed", "n = " + count(flow.reviewed(), flow.suppressed())), true);

        List<String> ex = new ArrayList<>();
        long total = 0;
        boolean allKnown = true;
        for (var e : flow.excluded().values().entrySet()) {
            ex.add(study.labels().flowStep(e.getKey()) + " (n = " + count(e.getValue(), flow.excluded().suppressed()) + ")");
            if (e.getValue() != null) {
                total += e.getValue();
            } else {
                allKnown = false;
            }
        }
        List<String> exLines = new ArrayList<>();
        exLines.add("Excluded" + (allKnown ? " (n = " + total + ")" : ""));
        exLines.addAll(ex);
        g2.setFont(Style.font(15f));
        double exW = 0;
        for (String l : exLines) {
            exW = Math.max(exW, g2.getFontMetrics().stringWidth(l) + 10);
        }
        exW += 28;
        Box exBox = box(g2, Math.min(460, width - 16 - exW), 150, exW, exLines, false);

        Box included = box(g2, cx - bw / 2, exBox.y + exBox.h + 36, bw,
                List.of("Patients included", "n = " + count(flow.included(), flow.suppressed())), true);
        // spine and branch to the exclusions
        arrow(g2, cx, reviewed.y + reviewed.h, cx, included.y);
        double branchY = exBox.y + exBox.h / 2;
        arrow(g2, cx, branchY, exBox.x, branchY);

        // Each box gets a horizontal span of one unit per pattern it draws beneath it (at least one).
        List<StudyFigures.FlowBox> boxes = boxes();
        int units = 0;
        for (StudyFigures.FlowBox b : boxes) {
            units += children(b);
        }
        double unit = (width - 2 * MARGIN) / Math.max(1, units);
        double row1 = included.y + included.h + 56;
        double split = included.y + included.h + 26;
        line(g2, cx, included.y + included.h, cx, split);
        double x0 = MARGIN;
        List<double[]> spans = new ArrayList<>();
        List<Box> parents = new ArrayList<>();
        for (StudyFigures.FlowBox b : boxes) {
            double span = children(b) * unit;
            double w = Math.min(270, span - 20);
            Box p = box(g2, x0 + (span - w) / 2, row1, w, List.of(study.labels().group(b.labelKey()), "n = " + sum(b)),
                    true);
            parents.add(p);
            spans.add(new double[] {x0, span});
            x0 += span;
        }
        double left = Math.min(cx, parents.get(0).x + parents.get(0).w / 2);
        double right = Math.max(cx, parents.get(parents.size() - 1).x + parents.get(parents.size() - 1).w / 2);
        line(g2, left, split, right, split);
        for (int i = 0; i < boxes.size(); i++) {
            Box p = parents.get(i);
            arrow(g2, p.x + p.w / 2, split, p.x + p.w / 2, p.y);
            StudyFigures.FlowBox b = boxes.get(i);
            if (b.patterns().size() < 2) {
                continue;
            }
            double row2 = row1 + p.h + 48;
            double split2 = p.y + p.h + 22;
            double cw = Math.min(220, unit - 20);
            List<Box> kids = new ArrayList<>();
            for (int k = 0; k < b.patterns().size(); k++) {
                String pattern = b.patterns().get(k);
                double kx = spans.get(i)[0] + k * unit + (unit - cw) / 2;
                kids.add(box(g2, kx, row2, cw, List.of(study.labels().group(pattern),
                        "n = " + count(flow.patterns().get(pattern), flow.patterns().suppressed())), false));
            }
            line(g2, p.x + p.w / 2, p.y + p.h, p.x + p.w / 2, split2);
            line(g2, kids.get(0).x + kids.get(0).w / 2, split2, kids.get(kids.size() - 1).x + kids.get(kids.size() - 1).w / 2,
                    split2);
            for (Box kid : kids) {
                arrow(g2, kid.x + kid.w / 2, split2, kid.x + kid.w / 2, kid.y);
            }
        }
    }

    private static int children(StudyFigures.FlowBox b) {
        return Math.max(1, b.patterns().size());
    }

    /** The patients of a box: the sum of its patterns' counts, or the marker when one is suppressed. */
    private String sum(StudyFigures.FlowBox b) {
        long n = 0;
        for (String p : b.patterns()) {
            Long c = flow.patterns().get(p);
            if (c == null) {
                return b.patterns().size() == 1 ? count(null, flow.patterns().suppressed()) : "suppressed";
            }
            n += c;
        }
        return Long.toString(n);
    }

    private record Box(double x, double y, double w, double h) {
    }

    private Box box(Graphics2D g2, double x, double y, double w, List<String> lines, boolean emphasis) {
        g2.setFont(Style.font(15f));
        FontMetrics fm = g2.getFontMetrics();
        double lh = fm.getHeight() + 3;
        double h = lines.size() * lh + 18;
        RoundRectangle2D r = new RoundRectangle2D.Double(x, y, w, h, 10, 10);
        g2.setColor(emphasis ? BOX : Color.WHITE);
        g2.fill(r);
        g2.setColor(EDGE);
        g2.setStroke(new BasicStroke(emphasis ? 1.8f : 1.3f));
        g2.draw(r);
        double ty = y + 9 + fm.getAscent();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i);
            boolean head = i == 0;
            g2.setFont(head ? Style.bold(15f) : Style.font(15f));
            FontMetrics f = g2.getFontMetrics();
            if (f.stringWidth(s) > w - 16) { // a long label: a smaller font, so that it stays inside its box
                float size = (float) Math.max(9, 15 * (w - 16) / f.stringWidth(s));
                g2.setFont(head ? Style.bold(size) : Style.font(size));
                f = g2.getFontMetrics();
            }
            g2.setColor(Style.TEXT);
            double tx = emphasis ? x + (w - f.stringWidth(s)) / 2 : x + 14;
            if (!emphasis && lines.size() == 2) {
                tx = x + (w - f.stringWidth(s)) / 2;
            }
            g2.drawString(s, (float) tx, (float) ty);
            ty += lh;
        }
        return new Box(x, y, w, h);
    }

    private static void line(Graphics2D g2, double x1, double y1, double x2, double y2) {
        g2.setColor(EDGE);
        g2.setStroke(new BasicStroke(1.6f));
        g2.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    private static void arrow(Graphics2D g2, double x1, double y1, double x2, double y2) {
        line(g2, x1, y1, x2, y2);
        double a = Math.atan2(y2 - y1, x2 - x1);
        double s = 9;
        GeneralPath head = new GeneralPath();
        head.moveTo(x2, y2);
        head.lineTo(x2 - s * Math.cos(a - 0.4), y2 - s * Math.sin(a - 0.4));
        head.lineTo(x2 - s * Math.cos(a + 0.4), y2 - s * Math.sin(a + 0.4));
        head.closePath();
        g2.fill(head);
    }
}
