package io.rwe.ingest;

import io.rwe.registry.ExtractTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The extract format's deliveries (docs/registry-extract.md): a dated folder of the six CSV files, each
 * checked by {@link ExtractFile#inspect} and read by {@link ExtractIngest}.
 */
final class ExtractFormat implements DeliveryFormat {
    /** The extract format's model name ({@link ExtractFormatModel}). */
    static final String MODEL = "registry";

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public Delivery inspect(Path folder, LocalDate date, IngestSettings settings, PrintStream log) {
        Map<ExtractTable, ExtractFile> files = new EnumMap<>(ExtractTable.class);
        for (ExtractTable t : ExtractTable.values()) {
            ExtractFile f = ExtractFile.inspect(folder.resolve(t.fileName()), t, settings.mapping());
            files.put(t, f);
            if (!f.unknownColumns().isEmpty()) {
                log.println("ingest: " + f.path() + ": ignoring unknown column" + (f.unknownColumns().size() > 1 ? "s " : " ")
                        + String.join(", ", f.unknownColumns()));
            }
        }
        return new Delivery() {
            @Override
            public List<Path> files() {
                return files.values().stream().map(ExtractFile::path).toList();
            }

            @Override
            public List<ExtractFile> csvFiles() {
                return List.copyOf(files.values());
            }

            @Override
            public Map<Path, FileSnapshot> snapshots() {
                Map<Path, FileSnapshot> out = new LinkedHashMap<>();
                files.values().forEach(f -> out.put(f.path(), f.snapshot()));
                return out;
            }

            @Override
            public ExtractAccounting ingest(SparkSession spark, IngestSettings s, Warehouse wh,
                                            Map<Path, ExtractReader.Survey> surveys, ExtractReader reader,
                                            Consumer<ExtractAccounting> beforeCommit) {
                return ExtractIngest.run(spark, s, wh, date, files, surveys, reader, beforeCommit);
            }
        };
    }
}
