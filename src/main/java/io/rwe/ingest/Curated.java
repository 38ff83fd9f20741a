package io.rwe.ingest;

import io.rwe.core.BadInputException;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the published curated tables of a warehouse (docs/architecture.md): {@code curated/CURRENT}
 * names the version folder, which holds one Parquet dataset per {@link ExtractTable}. Readers never
 * see a version that is still being written, since {@code CURRENT} is replaced atomically only once
 * the version is complete.
 */
public final class Curated {

    private Curated() {
    }

    /** The folder of the published curated version. */
    public static Path currentVersion(Path warehouse) {
        Path pointer = warehouse.resolve("curated").resolve("CURRENT");
        if (!Files.isRegularFile(pointer)) {
            throw new BadInputException(warehouse + ": no curated data (run jobs/ingest first; "
                    + pointer + " is missing)");
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            return warehouse.resolve("curated").resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    /** One curated table: the columns of {@link ExtractTable#columns()} plus {@code extract_date} and {@code _line}. */
    public static Dataset<Row> table(SparkSession spark, Path warehouse, ExtractTable table) {
        return spark.read().parquet(currentVersion(warehouse).resolve(table.tableName()).toString());
    }
}
