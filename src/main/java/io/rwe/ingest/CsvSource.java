package io.rwe.ingest;

import java.nio.file.Path;

/**
 * A CSV file whose header has been checked, as {@link ExtractReader} needs it to read the file in
 * parallel: its size, the number of fields of its header row (every record must have as many) and, per
 * column to read (in the order of the reader's rules), the field index in the header, or -1 when the
 * header lacks the column. An extract file ({@link ExtractFile}) is one; so is a table of another input
 * model read from CSV ({@link CsvHeader}).
 */
public interface CsvSource {

    Path path();

    long size();

    int headerFields();

    int[] columnIndex();
}
