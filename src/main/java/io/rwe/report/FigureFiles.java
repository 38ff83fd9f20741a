package io.rwe.report;

import io.rwe.disclosure.OutputCheck;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.SVGUtils;

/** Writes one drawing as {@code <name>.png} (scaled for print) and {@code <name>.svg} (vector). */
final class FigureFiles {


    /** Draws a figure on a canvas of {@code width × height} logical pixels. */
    interface Painter {
        void paint(Graphics2D g2, int width, int height);
    }

    private FigureFiles() {
    }

    /**
     * Renders {@code painter} headless to {@code dir/name.png} ({@code width·scale × height·scale}
     * pixels, white background, antialiased) and {@code dir/name.svg}; returns the two paths.
     */
    static List<Path> write(Path dir, String name, int width, int height, int scale, Painter painter) {
        try {
            Files.createDirectories(dir);
            BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            hints(g);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width * scale, height * scale);
            g.scale(scale, scale);
            painter.paint(g, width, height);
            g.dispose();
            Path png = dir.resolve(name + ".png");
            writePng(img, png);

            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            hints(svg);
            svg.setColor(java.awt.Color.WHITE);
            svg.fillRect(0, 0, width, height);
            painter.paint(svg, width, height);
            Path svgFile = dir.resolve(name + ".svg");
            SVGUtils.writeToSVG(svgFile.toFile(), svg.getSVGElement());
            return List.of(png, svgFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + dir.resolve(name), e);
        }
    }

    /** PNG at a moderate deflate level: several times faster than ImageIO's default, ~8% larger. */
    private static void writePng(BufferedImage img, Path file) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.5f);
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                w.setOutput(out);
                w.write(null, new IIOImage(img, null, null), p);
            }
        } finally {
            w.dispose();
        }
    }

    /**
     * Draws {@code drawing} (axes, ticks: numbers that are not counts) inside an SVG group of class
     * {@link OutputCheck#FIGURE_NOT_COUNTS}: the output checker reads a text that is a bare number anywhere
     * else as a count (docs/disclosure.md, "The output checker").
     */
    static void notCounts(Graphics2D g, Runnable drawing) {
        boolean svg = g instanceof SVGGraphics2D;
        if (svg) {
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, java.util.Map.of("class", OutputCheck.FIGURE_NOT_COUNTS));
        }
        drawing.run();
        if (svg) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, OutputCheck.FIGURE_NOT_COUNTS);
        }
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }
}
