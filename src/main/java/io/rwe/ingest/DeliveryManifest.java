package io.rwe.ingest;

import io.rwe.core.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The delivery manifest a registry writes into an extract folder, last, once every file is in place
 * (docs/delivery.md): {@code _manifest.csv}, a CSV file with the header {@code file,rows,sha256} and one
 * line per file of the extract, giving the file's number of data records (the header and blank lines not
 * counted) and the SHA-256 of its bytes (hex). When present, every file must match it: a file missing
 * from it, a checksum or a row count that differs refuses the delivery (docs/ingest.md, "Deliveries").
 *
 * @param path  the manifest file
 * @param files file name → its line
 */
record DeliveryManifest(Path path, Map<String, Entry> files) {
    /** The manifest's file name in an extract folder. */
    static final String FILE_NAME = "_manifest.csv";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** One file of the manifest, from its line {@code line}. */
    record Entry(long rows, String sha256, int line) {
    }

    /** The manifest of {@code folder}, when it has one; a malformed one is refused. */
    static Optional<DeliveryManifest> read(Path folder) {
        Path f = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").trim().equalsIgnoreCase("file,rows,sha256")) {
            throw new BadInputException(f + ": line 1: the header must be file,rows,sha256");
        }
        Map<String, Entry> files = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] v = line.split(",", -1);
            int n = i + 1;
            if (v.length != 3) {
                throw new BadInputException(f + ": line " + n + ": 3 fields expected (file,rows,sha256), got " + v.length);
            }
            String name = v[0].trim();
            long rows;
            try {
                rows = Long.parseLong(v[1].trim());
            } catch (NumberFormatException e) {
                rows = -1;
            }
            if (rows < 0) {
                throw new BadInputException(f + ": line " + n + ": rows: '" + v[1].trim() + "' is not a whole number >= 0");
            }
            if (!SHA256.matcher(v[2].trim()).matches()) {
                throw new BadInputException(f + ": line " + n + ": sha256: '" + v[2].trim() + "' is not 64 hex digits");
            }
            if (files.put(name, new Entry(rows, v[2].trim().toLowerCase(Locale.ROOT), n)) != null) {
                throw new BadInputException(f + ": line " + n + ": file " + name + " is listed twice");
            }
        }
        return Optional.of(new DeliveryManifest(f, files));
    }

    /** Refuses a manifest that does not list every one of {@code expected}, or lists another file. */
    void checkLists(Collection<String> expected) {
        for (String name : expected) {
            if (!files.containsKey(name)) {
                throw new BadInputException(path + ": does not list " + name + " (a manifest lists every file of the extract)");
            }
        }
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            if (!expected.contains(e.getKey())) {
                throw new BadInputException(path + ": line " + e.getValue().line() + ": lists " + e.getKey()
                        + ", which is not a file of the extract");
            }
        }
    }

    /** Refuses {@code file} when its SHA-256 is not the manifest's. */
    void checkSha256(Path file, String sha256) {
        Entry e = files.get(file.getFileName().toString());
        if (!e.sha256().equals(sha256)) {
            throw new BadInputException(file + ": sha256 " + sha256 + " differs from " + e.sha256() + " in " + path
                    + " (line " + e.line() + "): the file is incomplete or damaged; nothing of the extract was ingested");
        }
    }

    /** Refuses {@code file} when its number of data records is not the manifest's. */
    void checkRows(Path file, long rows) {
        Entry e = files.get(file.getFileName().toString());
        if (e.rows() != rows) {
            throw new BadInputException(file + ": " + rows + " data records read, " + path + " (line " + e.line()
                    + ") says " + e.rows() + "; nothing of the extract was ingested");
        }
    }
}
