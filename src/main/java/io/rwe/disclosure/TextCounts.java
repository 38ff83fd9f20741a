package io.rwe.disclosure;

import io.rwe.core.CsvFields;
import io.rwe.disclosure.OutputCheck.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output checker's reading of the text files of a run ({@link OutputCheck}): CSV tables, the report's
 * HTML and the figures' SVG. Counts are recognised as they are printed: integer cells of a table; every
 * integer of a registry number cell of the report ({@code td.num}, except {@code stat} cells); in a
 * figure, {@code n = N}, {@code x/N} and texts that are a bare number (outside the axes' groups).
 */
final class TextCounts {

    /** A count as printed: digits, or digits grouped by thousands separators ({@code 35,713}). */
    private static final String COUNT = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)";
    private static final Pattern INTEGER_CELL = Pattern.compile(COUNT);
    /** An integer that is not part of a decimal, an exponent or a word. */
    private static final Pattern INTEGER = Pattern.compile("(?<![\\w.,])" + COUNT + "(?![\\w.,])");
    private static final Pattern NUM_CELL = Pattern.compile("<td class=\"(num[^\"]*)\"[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern SVG_TAG = Pattern.compile("<(/?)(g|text)\\b([^>]*)>");
    private static final Pattern N_EQUALS = Pattern.compile("\\bn\\s*=\\s*(" + COUNT + ")");
    private static final Pattern FRACTION = Pattern.compile("(?<![\\w.,])(" + COUNT + ")\\s*/\\s*(" + COUNT + ")(?![\\w.,])");

    private TextCounts() {
    }

    private static void count(String file, String where, String token, OutputCheck.Settings s, List<Finding> out) {
        long v;
        try {
            v = Long.parseLong(token.replace(",", ""));
        } catch (NumberFormatException e) {
            return;
        }
        if (!s.policy().allows(v)) {
            out.add(new Finding(file, where, v + " is a count the policy " + s.policy().name() + " does not allow ("
                    + s.policy().allowedCounts() + ")"));
        }
    }

    /** A CSV table: header, then rows; a cell's location is its line and column name. */
    static List<Finding> csv(String file, String text, OutputCheck.Settings s) {
        List<Finding> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            return out;
        }
        List<String> header = CsvFields.split(lines[0].strip()).values();
        String marker = s.policy().suppressedAs();
        for (int ln = 1; ln < lines.length; ln++) {
            if (lines[ln].isBlank()) {
                continue;
            }
            List<String> cells = CsvFields.split(lines[ln]).values();
            for (int c = 0; c < cells.size() && c < header.size(); c++) {
                String col = header.get(c);
                String v = cells.get(c).trim();
                String where = "line " + (ln + 1) + ", column " + col;
                if (!s.notCounts().contains(col) && INTEGER_CELL.matcher(v).matches()) {
                    count(file, where, v, s, out);
                }
                if (isNumber(v)) {
                    String of = countColumnOf(col);
                    for (String basis : of == null ? List.<String>of() : List.of(of.split("\\|"))) {
                        int bi = header.indexOf(basis);
                        if (bi >= 0 && bi < cells.size() && cells.get(bi).trim().equals(marker)) {
                            out.add(new Finding(file, where, v + " stands beside the suppressed " + basis
                                    + " and gives it back"));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The count column(s) a derived column is computed from: {@code x_pct} of x, {@code pct} of n, rates of both. */
    private static String countColumnOf(String col) {
        if (col.equals("pct")) {
            return "n";
        }
        if (col.endsWith("_pct")) {
            return col.substring(0, col.length() - 4);
        }
        if (col.equals("rate") || col.equals("ci_lower") || col.equals("ci_upper")) {
            return "responders|n";
        }
        return null;
    }

    private static boolean isNumber(String v) {
        if (v.isEmpty() || v.equals("NA")) {
            return false;
        }
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The report: the integers of every registry number cell that is not a statistic. */
    static List<Finding> html(String file, String text, OutputCheck.Settings s) {
        List<Finding> out = new ArrayList<>();
        Matcher m = NUM_CELL.matcher(text);
        Lines lines = new Lines(text);
        while (m.find()) {
            List<String> classes = List.of(m.group(1).split("\\s+"));
            if (classes.contains("stat") || classes.contains("paper")) {
                continue;
            }
            String cell = unescape(m.group(2).replaceAll("<[^>]*>", ""));
            Matcher i = INTEGER.matcher(cell);
            while (i.find()) {
                count(file, "line " + lines.at(m.start()) + ", cell '" + cell.trim() + "'", i.group(), s, out);
            }
        }
        return out;
    }

    /** A figure: {@code n = N} and {@code x/N} in any text, bare numbers outside the axes' groups. */
    static List<Finding> svg(String file, String text, OutputCheck.Settings s) {
        List<Finding> out = new ArrayList<>();
        Deque<Boolean> groups = new ArrayDeque<>();
        int notCounts = 0;
        Matcher m = SVG_TAG.matcher(text);
        while (m.find()) {
            boolean close = !m.group(1).isEmpty();
            if (m.group(2).equals("g")) {
                if (close) {
                    if (!groups.isEmpty() && groups.pop()) {
                        notCounts--;
                    }
                } else if (!m.group(3).trim().endsWith("/")) {
                    boolean nc = m.group(3).contains(OutputCheck.FIGURE_NOT_COUNTS);
                    groups.push(nc);
                    if (nc) {
                        notCounts++;
                    }
                }
                continue;
            }
            if (close) {
                continue;
            }
            int end = text.indexOf("</text>", m.end());
            if (end < 0) {
                break;
            }
            String t = unescape(text.substring(m.end(), end).replaceAll("<[^>]*>", "")).trim();
            String where = "text '" + t + "'";
            Matcher n = N_EQUALS.matcher(t);
            while (n.find()) {
                count(file, where, n.group(1), s, out);
            }
            Matcher f = FRACTION.matcher(t);
            while (f.find()) {
                count(file, where, f.group(1), s, out);
                count(file, where, f.group(2), s, out);
            }
            if (notCounts == 0 && INTEGER_CELL.matcher(t).matches()) {
                count(file, where, t, s, out);
            }
        }
        return out;
    }

    /**
     * Line numbers of offsets asked in increasing order: each character is looked at once (counting from the
     * start for every cell made the check of a report quadratic in its size).
     */
    static final class Lines {
        private final String text;
        private int offset;
        private int line = 1;

        Lines(String text) {
            this.text = text;
        }

        /** The line (from 1) of {@code at}, which is not before the offset asked last. */
        int at(int at) {
            if (at < offset) {
                throw new IllegalArgumentException("offset " + at + " before " + offset);
            }
            for (; offset < at; offset++) {
                if (text.charAt(offset) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    /** The entities the report and the figures write. */
    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&apos;", "'").replace("&amp;", "&");
    }
}
