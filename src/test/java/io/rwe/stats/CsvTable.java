package io.rwe.stats;

import io.rwe.core.CsvFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a CSV as R's {@code write.csv} writes it (quoted strings, {@code NA} for missing). */
final class CsvTable {

    private final List<String> header;
    private final List<String[]> rows;

    private CsvTable(List<String> header, List<String[]> rows) {
        this.header = header;
        this.rows = rows;
    }

    /** A data set exported from R into src/test/resources/r-data/. */
    static CsvTable rData(String name) {
        return read(Paths.get(System.getProperty("project.basedir", "."), "src/test/resources/r-data", name));
    }

    static CsvTable read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> header = List.of(split(lines.get(0)));
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isEmpty()) {
                    rows.add(split(line));
                }
            }
            return new CsvTable(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] split(String line) {
        CsvFields.Fields f = CsvFields.split(line);
        if (f.error() != null) {
            throw new IllegalArgumentException("not a CSV line (" + f.error() + "): " + line);
        }
        return f.values().toArray(String[]::new);
    }

    int size() {
        return rows.size();
    }

    String[] strings(String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + header);
        }
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    double[] doubles(String column) {
        String[] s = strings(column);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].equals("NA") ? Double.NaN : Double.parseDouble(s[i]);
        }
        return out;
    }

    boolean[] equalTo(String column, String value) {
        String[] s = strings(column);
        boolean[] out = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].equals(value);
        }
        return out;
    }
}
