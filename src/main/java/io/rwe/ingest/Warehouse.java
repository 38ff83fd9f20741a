package io.rwe.ingest;

import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;

/**
 * The ingest part of the warehouse layout (docs/architecture.md, docs/ingest.md):
 *
 * <pre>
 * extracts/&lt;date&gt;/&lt;table&gt;/     accepted typed rows of one extract (+ extract_date, _line)
 * quarantine/&lt;date&gt;/            rejected rows of one extract
 * accounting/&lt;date&gt;.json        the extract's accounting; its presence marks the extract as ingested
 * accounting/withdrawn/&lt;date&gt;.json  the accounting of a withdrawn extract, with when and why
 * accounting/replaced/&lt;date&gt;-&lt;time&gt;.json  the accounting of a delivery replaced by a re-delivery
 * curated/&lt;version&gt;/&lt;table&gt;/   merged tables; curated/CURRENT names the published version
 * ingest.json                   the accounting of every ingested extract, after the last run
 * _staging/                     work in progress (removed at the start of every run)
 * </pre>
 */
public record Warehouse(Path root) {

    /**
     * A writer of an extract or curated table, with Parquet's dictionary encoding off for the columns
     * whose values hardly repeat within a file: {@code patient_id} (one value per patient) and
     * {@code _line} (one per row). Parquet fills a dictionary until it grows past its page size and only
     * then falls back to plain values, so the dictionary of such a column is work thrown away (Parquet's
     * dictionaries held 11 % of ingest's executor samples at 10^6 patients; with this, and the field rules'
     * messages built only on failure, ingest took 8 to 13 % less CPU: docs/benchmarks-ingest.md). The
     * files come out slightly smaller.
     * Every other column keeps the default (codes, dates and the extract date repeat a lot).
     */
    static <T> DataFrameWriter<T> tableWriter(Dataset<T> rows) {
        return rows.write().option("parquet.enable.dictionary#patient_id", "false")
                .option("parquet.enable.dictionary#_line", "false");
    }

    public Path extract(LocalDate date) {
        return root.resolve("extracts").resolve(date.toString());
    }

    public Path extractTable(LocalDate date, ExtractTable table) {
        return extract(date).resolve(table.tableName());
    }

    public Path quarantine(LocalDate date) {
        return root.resolve("quarantine").resolve(date.toString());
    }

    public Path accounting(LocalDate date) {
        return root.resolve("accounting").resolve(date + ".json");
    }

    public Path accountingDir() {
        return root.resolve("accounting");
    }

    /** The record of a withdrawn extract (docs/ingest.md, "Withdrawing an extract"). */
    public Path withdrawn(LocalDate date) {
        return accountingDir().resolve("withdrawn").resolve(date + ".json");
    }

    /** Where the accounting of a delivery replaced by a re-delivery is kept. */
    Path replaced(LocalDate date, java.time.Instant at) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
        return accountingDir().resolve("replaced").resolve(date + "-" + stamp + ".json");
    }

    /** The extracts the warehouse holds: those with an accounting file and no withdrawal record. */
    public java.util.SortedSet<LocalDate> ingestedDates() {
        java.util.SortedSet<LocalDate> out = datesOf(accountingDir());
        out.removeAll(withdrawnDates());
        return out;
    }

    /** The extracts withdrawn from the warehouse. */
    java.util.SortedSet<LocalDate> withdrawnDates() {
        return datesOf(accountingDir().resolve("withdrawn"));
    }

    private static java.util.SortedSet<LocalDate> datesOf(Path dir) {
        java.util.SortedSet<LocalDate> out = new java.util.TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}-\\d{2}-\\d{2}\\.json"))
                    .forEach(n -> out.add(LocalDate.parse(n.substring(0, 10))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    public Path curated() {
        return root.resolve("curated");
    }

    public Path curatedPointer() {
        return curated().resolve("CURRENT");
    }

    public Path staging() {
        return root.resolve("_staging");
    }

    public Path summary() {
        return root.resolve("ingest.json");
    }

    /**
     * The data files of a Parquet folder written by Spark ({@code *.parquet}; Spark's {@code _SUCCESS}
     * and the hidden {@code .crc} files left out), in name order.
     */
    static java.util.List<Path> parquetParts(Path folder) {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_");
            }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }
}
