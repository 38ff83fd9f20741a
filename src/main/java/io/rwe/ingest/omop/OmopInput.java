package io.rwe.ingest.omop;

import io.rwe.ingest.CsvHeader;
import io.rwe.ingest.FileSnapshot;
import io.rwe.registry.OmopTable;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * One file of an OMOP delivery: a table as {@code <table>.csv}, as {@code <table>.parquet}, or one part
 * file of a {@code <table>.parquet/} folder. Every file is accounted for on its own, under
 * {@link #name()}.
 *
 * @param index  the file's number within the delivery (its rows' {@code _line} carries it, see {@link Lines})
 * @param table  the CDM table
 * @param path   the file
 * @param name   its path relative to the delivery folder ({@code person.csv}, {@code measurement.parquet/part-0.parquet})
 * @param csv      the checked header of a CSV file; null for Parquet
 * @param snapshot the file's identity when it was inspected ({@link FileSnapshot})
 */
record OmopInput(int index, OmopTable table, Path path, String name, CsvHeader csv, FileSnapshot snapshot)
        implements Serializable {

    boolean isCsv() {
        return csv != null;
    }
}
