package io.rwe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The study flow of the paper's Figure 1, drawn with Java2D from {@code cohort_flow}: patients
 * reviewed, each exclusion step (a patient counted at the first step that excludes them), patients
 * included, then the metastasis patterns (lung metastasis = lung only + multi-organ; non-lung).
 */
final class FlowFigure implements FigureFiles.Painter {

    static final int WIDTH = 900;
    static final int HEIGHT = 620;
    private static final Color BOX = new Color(0xF4F7FA);
    private static final Color EDGE = new Color(0x33475B);

    private final JsonNode flow;
    private final StudyView study;
    private final Function<JsonNode, String> count;

    /** {@code count} prints one count cell (a number, or the small-cell marker when suppressed). */
    FlowFigure(JsonNode flow, StudyView study, Function<JsonNode, String> count) {
        this.flow = flow;
        this.study = study;
        this.count = count;
    }

    @Override
    public void paint(Graphics2D g2, int width, int height) {
        g2.setColor(Style.TEXT);
        g2.setFont(Style.bold(18f));
        g2.drawString("Figure 1  Study flow", 24, 32);

        double cx = 250;
        double bw = 300;
        Box reviewed = box(g2, cx - bw / 2, 64, bw, List.of("Patients reviewed", "n = " + count.apply(flow.path("reviewed"))), true);

        List<String> ex = new ArrayList<>();
        long total = 0;
        boolean allKnown = true;
        JsonNode excluded = flow.path("excluded");
        var it = excluded.fields();
        while (it.hasNext()) {
            var e = it.next();
            ex.add(study.label("flow", e.getKey()) + " (n = " + count.apply(e.getValue()) + ")");
            if (e.getValue().isNumber()) {
                total += e.getValue().asLong();
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
                List.of("Patients included", "n = " + count.apply(flow.path("included"))), true);
        // spine and branch to the exclusions
        arrow(g2, cx, reviewed.y + reviewed.h, cx, included.y);
        double branchY = exBox.y + exBox.h / 2;
        arrow(g2, cx, branchY, exBox.x, branchY);

        JsonNode pat = flow.path("patterns");
        double row1 = included.y + included.h + 56;
        double lungX = 190;
        double nonX = 560;
        double lungW = 270;
        String lungN = sum(pat.path("lung_only"), pat.path("multi_organ"));
        Box lung = box(g2, lungX - lungW / 2 + 60, row1, lungW, List.of(study.groupLabel("lung"), "n = " + lungN), true);
        Box non = box(g2, nonX - 10, row1, lungW, List.of(study.groupLabel("non_lung"), "n = " + count.apply(pat.path("non_lung"))), true);
        double row2 = row1 + lung.h + 48;
        Box only = box(g2, 40, row2, 220, List.of(study.groupLabel("lung_only"), "n = " + count.apply(pat.path("lung_only"))), false);
        Box multi = box(g2, 290, row2, 220, List.of(study.groupLabel("multi_organ"), "n = " + count.apply(pat.path("multi_organ"))), false);

        double split = included.y + included.h + 26;
        line(g2, cx, included.y + included.h, cx, split);
        line(g2, lung.x + lung.w / 2, split, non.x + non.w / 2, split);
        arrow(g2, lung.x + lung.w / 2, split, lung.x + lung.w / 2, lung.y);
        arrow(g2, non.x + non.w / 2, split, non.x + non.w / 2, non.y);
        double split2 = lung.y + lung.h + 22;
        line(g2, lung.x + lung.w / 2, lung.y + lung.h, lung.x + lung.w / 2, split2);
        line(g2, only.x + only.w / 2, split2, multi.x + multi.w / 2, split2);
        arrow(g2, only.x + only.w / 2, split2, only.x + only.w / 2, only.y);
        arrow(g2, multi.x + multi.w / 2, split2, multi.x + multi.w / 2, multi.y);
    }

    private String sum(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Long.toString(a.asLong() + b.asLong());
        }
        return "suppressed";
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
