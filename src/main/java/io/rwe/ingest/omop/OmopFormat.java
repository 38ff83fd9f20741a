package io.rwe.ingest.omop;

import io.rwe.core.BadInputException;
import io.rwe.ingest.CsvHeader;
import io.rwe.ingest.DeliveryFormat;
import io.rwe.ingest.FileSnapshot;
import io.rwe.ingest.IngestSettings;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.OmopMapping;
import io.rwe.registry.OmopTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An OMOP delivery folder (docs/omop.md, "What is read"): per table of {@link OmopTable},
 * {@code <table>.csv} (UTF-8, comma-separated, a header row), {@code <table>.parquet}, or a folder
 * {@code <table>.parquet/} of Parquet part files. {@code person} and {@code observation_period} are
 * required; an absent table holds no records. Each file is checked before anything is read: a CSV
 * header as for an extract ({@link CsvHeader}), a Parquet footer for the required columns.
 */
final class OmopFormat implements DeliveryFormat {
    private final OmopMapping mapping;
    private final String studyDrug;

    OmopFormat(OmopMapping mapping, String studyDrug) {
        this.mapping = mapping;
        this.studyDrug = studyDrug;
    }

    @Override
    public String model() {
        return OmopModel.NAME;
    }

    @Override
    public Delivery inspect(Path folder, LocalDate date, IngestSettings settings, PrintStream log) {
        List<OmopInput> inputs = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (OmopTable t : OmopTable.values()) {
            Path csv = folder.resolve(t.tableName() + ".csv");
            Path parquet = folder.resolve(t.tableName() + ".parquet");
            boolean hasCsv = Files.exists(csv);
            boolean hasParquet = Files.exists(parquet);
            if (hasCsv && hasParquet) {
                throw new BadInputException(folder.resolve(t.tableName()) + ": both " + csv.getFileName() + " and "
                        + parquet.getFileName() + " are there; deliver the table once");
            }
            if (!hasCsv && !hasParquet) {
                if (t.required()) {
                    throw new BadInputException(csv + ": missing (an OMOP delivery holds the person and observation_period "
                            + "tables, as <table>.csv or <table>.parquet; docs/omop.md)");
                }
                absent.add(t.tableName());
                continue;
            }
            if (hasCsv) {
                if (!Files.isRegularFile(csv)) {
                    throw new BadInputException(csv + ": not a regular file");
                }
                CsvHeader h = CsvHeader.inspect(csv, csv.getFileName().toString(), t.columns(), ColumnSpec::name, ',');
                inputs.add(new OmopInput(inputs.size(), t, csv, csv.getFileName().toString(), h, h.snapshot()));
            } else if (Files.isDirectory(parquet)) {
                List<Path> parts = parts(parquet);
                if (parts.isEmpty()) {
                    throw new BadInputException(parquet + ": a Parquet folder without part files (*.parquet)");
                }
                for (Path p : parts) {
                    FileSnapshot snapshot = FileSnapshot.of(p);
                    checkParquet(p, t);
                    inputs.add(new OmopInput(inputs.size(), t, p, parquet.getFileName() + "/" + p.getFileName(), null,
                            snapshot));
                }
            } else {
                FileSnapshot snapshot = FileSnapshot.of(parquet);
                checkParquet(parquet, t);
                inputs.add(new OmopInput(inputs.size(), t, parquet, parquet.getFileName().toString(), null, snapshot));
            }
        }
        if (!absent.isEmpty()) {
            log.println("ingest: " + folder + ": no " + String.join(", ", absent) + " table (no records of "
                    + (absent.size() > 1 ? "them" : "it") + ")");
        }
        return new OmopDelivery(date, folder, inputs, mapping, studyDrug);
    }

    private static List<Path> parts(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A Parquet file's footer names every required column of its table. */
    private static void checkParquet(Path file, OmopTable t) {
        List<String> columns = OmopReader.parquetColumns(file);
        List<String> missing = new ArrayList<>();
        boolean any = false;
        for (ColumnSpec c : t.columns()) {
            if (columns.contains(c.name())) {
                any = true;
            } else if (c.required()) {
                missing.add(c.name());
            }
        }
        if (!any) {
            throw new BadInputException(file + ": not Parquet for " + t.tableName() + " (its schema names none of the "
                    + "table's columns)");
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(file + ": required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " missing from the Parquet schema");
        }
    }
}
