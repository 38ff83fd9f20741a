package io.rwe.ingest;

import io.rwe.core.BadInputException;
import io.rwe.core.CsvFields;
import io.rwe.registry.ColumnSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The header row of a CSV file, checked on the driver before any record is read: the file is not empty,
 * its first line is a CSV row of UTF-8 text, names no column twice (case-insensitively), names at
 * least one of the expected columns and every required one. Otherwise the whole file is refused with a
 * {@link BadInputException} naming the file and the problem (docs/ingest.md, "Whole-file refusals").
 *
 * @param path           the file
 * @param size           its size in bytes
 * @param headerFields   the number of fields of the header row
 * @param columnIndex    per expected column (in the order given), its field index, or -1 when absent
 * @param unknownColumns header names that are none of the expected columns (ignored)
 * @param snapshot       the file's identity when it was inspected, before any reading ({@link FileSnapshot})
 */
public record CsvHeader(Path path, long size, int headerFields, int[] columnIndex, List<String> unknownColumns,
                        FileSnapshot snapshot)
        implements CsvSource {
    /** The header row must end within this many bytes. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    public CsvHeader {
        unknownColumns = List.copyOf(unknownColumns);
    }

    /**
     * Checks the header row of {@code path} (an existing regular file) against {@code columns}, each
     * looked for under the name {@code fileName} gives it (case-insensitively); {@code what} names the
     * expected file in messages ({@code patients.csv}, {@code person.csv}).
     */
    public static CsvHeader inspect(Path path, String what, List<ColumnSpec> columns, Function<ColumnSpec, String> fileName,
                                    char delimiter) {
        FileSnapshot snapshot = FileSnapshot.of(path);
        long size = snapshot.size();
        byte[] head;
        try {
            try (InputStream in = Files.newInputStream(path)) {
                head = in.readNBytes(MAX_HEADER_BYTES + 4);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (size == 0) {
            throw new BadInputException(path + ": empty file (0 bytes; a file with no rows still has its header row)");
        }
        int from = CsvBytes.startsWithBom(head, head.length) ? 3 : 0;
        int end = -1;
        boolean quoted = false;
        for (int i = from; i < head.length; i++) {
            byte b = head[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                end = i;
                break;
            } else if (b == 0) {
                throw new BadInputException(path + ": not CSV (a NUL byte in the header row: binary data)");
            }
        }
        if (end < 0) {
            if (head.length > MAX_HEADER_BYTES) {
                throw new BadInputException(path + ": not CSV (no end of the header row in the first "
                        + MAX_HEADER_BYTES + " bytes)");
            }
            if (quoted) {
                throw new BadInputException(path + ": not CSV (the header row opens a quote it never closes)");
            }
            end = head.length; // a header without a final line break
        }
        int stop = end > from && head[end - 1] == '\r' ? end - 1 : end;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, from, stop - from));
        } catch (CharacterCodingException e) {
            throw new BadInputException(path + ": undecodable bytes in the header row at line 1 (not UTF-8)");
        }
        if (stop == from) {
            throw new BadInputException(path + ": not CSV (no header row: line 1 is empty)");
        }
        CsvFields.Fields f = CsvFields.split(head, from, stop, (byte) delimiter);
        if (f.error() != null) {
            throw new BadInputException(path + ": not CSV (header row, " + f.error() + ")");
        }
        List<String> header = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        for (String h : f.values()) {
            String name = SplitRecords.trim(h);
            String keyName = name.toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && position.put(keyName, header.size()) != null) {
                throw new BadInputException(path + ": column '" + name + "' appears twice in the header row");
            }
            header.add(name);
        }
        int[] index = new int[columns.size()];
        Arrays.fill(index, -1);
        boolean[] known = new boolean[header.size()];
        int found = 0;
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
            ColumnSpec c = columns.get(k);
            String name = fileName.apply(c);
            Integer at = position.get(name.toLowerCase(Locale.ROOT));
            if (at != null) {
                index[k] = at;
                known[at] = true;
                found++;
            } else if (c.required()) {
                missing.add(name.equals(c.name()) ? c.name() : name + " (" + c.name() + ")");
            }
        }
        if (found == 0) {
            throw new BadInputException(path + ": not CSV for " + what + " (the header row names none of its "
                    + "columns with the delimiter '" + delimiter + "')");
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(path + ": required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " missing from the header row");
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!known[i]) {
                unknown.add(header.get(i));
            }
        }
        return new CsvHeader(path, size, header.size(), index, unknown, snapshot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvHeader h && h.path.equals(path) && h.size == size && h.headerFields == headerFields
                && Arrays.equals(h.columnIndex, columnIndex) && h.unknownColumns.equals(unknownColumns)
                && h.snapshot.equals(snapshot);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "CsvHeader[" + path + "]";
    }
}
