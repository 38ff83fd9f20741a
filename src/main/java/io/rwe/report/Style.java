package io.rwe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/**
 * Figure conventions: white background, DejaVu Sans (falls back to the logical SansSerif font), and
 * the Okabe–Ito colour-blind-safe palette in group order.
 */
final class Style {

    /** Okabe & Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9)};
    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xE6E6E6);
    static final Color AXIS = new Color(0x444444);
    static final String FAMILY = "DejaVu Sans";

    private Style() {
    }

    static Color colour(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    static Font font(float size) {
        return new Font(FAMILY, Font.PLAIN, 1).deriveFont(size);
    }

    static Font bold(float size) {
        return new Font(FAMILY, Font.BOLD, 1).deriveFont(size);
    }

    static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }
}
