package io.rwe.ingest;

import io.rwe.core.BadInputException;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One CSV file of an extract, checked on the driver before any row is read: it exists, and its header
 * row passes {@link CsvHeader#inspect} with the table's columns under the registry's names. Otherwise the whole file is refused with a {@link BadInputException} naming the file
 * and the problem (docs/registry-extract.md, "A whole file is refused ...").
 *
 * @param table          the file's table
 * @param path           the file
 * @param size           its size in bytes
 * @param headerFields   the number of fields of the header row (every row must have as many)
 * @param columnIndex    per spec column (spec order), its field index in the header, or -1 when absent
 * @param unknownColumns header names that map to no spec column (ignored)
 * @param snapshot       the file's identity when it was inspected, before any reading: every later reading
 *                       must have seen the same file ({@link FileSnapshot#unchangedSince})
 */
public record ExtractFile(ExtractTable table, Path path, long size, int headerFields, int[] columnIndex,
                          List<String> unknownColumns, FileSnapshot snapshot) implements CsvSource {
    public ExtractFile {
        unknownColumns = List.copyOf(unknownColumns);
    }

    /** Checks the file's presence, size and header against the table and the registry's mapping. */
    public static ExtractFile inspect(Path path, ExtractTable table, RegistryMapping mapping) {
        if (!Files.exists(path)) {
            throw new BadInputException(path + ": missing (every extract holds the six files of docs/registry-extract.md)");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path + ": not a regular file");
        }
        CsvHeader h = CsvHeader.inspect(path, table.fileName(), table.columns(), c -> mapping.fileColumn(table, c),
                mapping.delimiter());
        return new ExtractFile(table, path, h.size(), h.headerFields(), h.columnIndex(), h.unknownColumns(),
                h.snapshot());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtractFile e && e.table == table && e.path.equals(path) && e.size == size
                && e.headerFields == headerFields && Arrays.equals(e.columnIndex, columnIndex)
                && e.unknownColumns.equals(unknownColumns) && e.snapshot.equals(snapshot);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "ExtractFile[" + path + "]";
    }
}
