package io.rwe.synth;

import io.rwe.run.AtomicFiles;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes extract files as {@code docs/registry-extract.md} specifies: UTF-8, comma-separated, RFC 4180
 * quoting (a field is quoted when it holds a comma, a quote, CR or LF; quotes are doubled), one header
 * row with the spec's column names, {@code \n} line ends.
 */
public final class ExtractCsv {

    private ExtractCsv() {
    }

    /** The header line of {@code table} (no line end). */
    public static String header(ExtractTable table) {
        StringBuilder b = new StringBuilder();
        List<ColumnSpec> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cols.get(i).name());
        }
        return b.toString();
    }

    /** One record as a CSV line (no line end), quoting fields where RFC 4180 requires it. */
    public static String line(String[] fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(fields[i]));
        }
        return b.toString();
    }

    static String quote(String f) {
        if (f == null) {
            return "";
        }
        if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }

    /** Writes every file of {@code rows} into {@code folder} (created if needed). */
    public static void write(Path folder, ExtractRows rows) {
        try {
            Files.createDirectories(folder);
            for (ExtractTable t : ExtractTable.values()) {
                try (Writer w = Files.newBufferedWriter(folder.resolve(t.fileName()), StandardCharsets.UTF_8)) {
                    w.write(header(t));
                    w.write('\n');
                    for (String[] r : rows.get(t)) {
                        w.write(line(r));
                        w.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write extract " + folder, e);
        }
    }

    /**
     * Publishes a finished folder: moves {@code staging} to {@code target} (replacing an earlier one),
     * atomically where the file system allows, so a reader never sees a half-written extract.
     */
    public static void publish(Path staging, Path target) {
        AtomicFiles.delete(target);
        AtomicFiles.move(staging, target);
    }

    /** Opens a buffered UTF-8 writer (used by the registry profile's merge of part files). */
    static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }
}
