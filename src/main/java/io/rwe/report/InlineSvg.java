package io.rwe.report;

import io.rwe.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A figure's SVG file made fit to sit inside report.html (docs/report.md, "A report that travels"): the
 * XML prolog and DOCTYPE dropped, a {@code viewBox} added so it scales with the page, and every element id
 * (the drawing's clip paths) prefixed with the figure's name, so that two figures on one page never share
 * an id.
 */
final class InlineSvg {

    private static final Pattern ROOT_SIZE = Pattern.compile("<svg([^>]*?) width='([0-9.]+)' height='([0-9.]+)'");
    private static final Pattern ID = Pattern.compile("id='([^']+)'");

    private InlineSvg() {
    }

    /** The {@code <svg>} element of {@code file}, ready to inline; ids prefixed with {@code name}. */
    static String of(Path file, String name) {
        String svg;
        try {
            svg = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the figure: " + e.getMessage());
        }
        int start = svg.indexOf("<svg");
        if (start < 0) {
            throw new BadInputException(file + ": not an SVG drawing");
        }
        svg = svg.substring(start);
        Matcher ids = ID.matcher(svg);
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        while (ids.find()) {
            seen.add(ids.group(1));
        }
        for (String id : seen) {
            svg = svg.replace("'" + id + "'", "'" + name + "-" + id + "'").replace("#" + id + ")", "#" + name + "-" + id + ")");
        }
        Matcher m = ROOT_SIZE.matcher(svg);
        if (m.find()) {
            svg = svg.substring(0, m.start()) + "<svg" + m.group(1) + " viewBox='0 0 " + m.group(2) + " " + m.group(3)
                    + "' width='" + m.group(2) + "' height='" + m.group(3) + "' role='img'" + svg.substring(m.end());
        }
        return svg;
    }
}
