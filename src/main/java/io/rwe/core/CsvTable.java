package io.rwe.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV table built on the driver (RFC 4180, header row, {@code \n} line ends). Missing
 * numbers are written {@code NA} (as R writes them); a count suppressed by the disclosure policy is
 * written as the policy's marker ({@code suppressed}); text that a spreadsheet would run as a formula is
 * written with a leading apostrophe ({@link #neutralised}), and text loses its bidirectional formatting
 * characters ({@link DisplayText}).
 */
public final class CsvTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvTable(String... header) {
        this.header = List.of(header);
    }

    public CsvTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(format(c));
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** A number or text as written in a cell; null and non-finite numbers as {@code NA}. */
    public static String format(Object v) {
        if (v == null) {
            return "NA";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "NA";
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f.toString() : "NA";
        }
        if (v instanceof CharSequence text) {
            return neutralised(DisplayText.withoutBidiControls(text.toString()));
        }
        if (v instanceof Suppressed s) {
            return neutralised(s.text());
        }
        return v.toString();
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * Text from the data (an adverse-event term, a category) that a spreadsheet would run as a
     * formula — beginning with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return,
     * and not a number — is written with a leading apostrophe ({@code '=HYPERLINK(...)}), which
     * spreadsheets show as text (OWASP, "CSV Injection").
     */
    static String neutralised(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(s).matches()) {
            return "'" + s;
        }
        return s;
    }

    /** The marker of a suppressed count: the text the disclosure policy shows for it. */
    public record Suppressed(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** The CSV text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        line(b, header);
        for (List<String> r : rows) {
            line(b, r);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(cells.get(i)));
        }
        b.append('\n');
    }
}
