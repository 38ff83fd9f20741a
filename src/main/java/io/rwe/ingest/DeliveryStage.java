package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;

import io.rwe.core.BadInputException;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Json;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import io.rwe.run.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One delivery being ingested, whatever its input model: the accepted rows of the six curated tables
 * and the quarantine are written under {@code _staging/<date>/}, the accounting is checked against what
 * was written, strict mode applied, and only then is the delivery moved into place and its accounting
 * written, last, which marks it as ingested (docs/ingest.md, "Nightly merge and publishing"). An
 * interrupted run leaves the staging area, which the next run removes.
 */
public final class DeliveryStage {
    /** The quarantine table's schema (docs/ingest.md). */
    public static final StructType QUARANTINE_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("extract_date", DataTypes.DateType, false),
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("line", DataTypes.LongType, false),
            DataTypes.createStructField("raw", DataTypes.StringType, false),
            DataTypes.createStructField("reason", DataTypes.StringType, false),
            DataTypes.createStructField("field", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, false)));

    private final SparkSession spark;
    private final Warehouse wh;
    private final LocalDate date;
    private final Path stage;

    /** A fresh staging area for the delivery dated {@code date} (an earlier one is removed). */
    public DeliveryStage(SparkSession spark, Warehouse wh, LocalDate date) {
        this.spark = spark;
        this.wh = wh;
        this.date = date;
        this.stage = wh.staging().resolve(date.toString());
        AtomicFiles.delete(stage);
    }

    public LocalDate date() {
        return date;
    }

    /** The accepted rows' schema: the spec's typed columns, then {@code extract_date} and {@code _line}. */
    public static StructType acceptedSchema(ExtractTable table) {
        List<org.apache.spark.sql.types.StructField> f = new ArrayList<>();
        for (ColumnSpec c : table.columns()) {
            f.add(DataTypes.createStructField(c.name(), sparkType(c), true));
        }
        f.add(DataTypes.createStructField("extract_date", DataTypes.DateType, true));
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, true));
        return DataTypes.createStructType(f);
    }

    /** The Parquet type of a column: string, date, double or int (docs/architecture.md). */
    public static org.apache.spark.sql.types.DataType sparkType(ColumnSpec c) {
        return switch (c.type()) {
            case STRING, CODE -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case NUMBER -> DataTypes.DoubleType;
            case INTEGER -> DataTypes.IntegerType;
        };
    }

    /** Where the accepted rows of {@code table} are staged. */
    public Path table(ExtractTable table) {
        return stage.resolve("extracts").resolve(table.tableName());
    }

    /**
     * Writes the rows of {@code classified} without an {@code _error} (its spec columns and
     * {@code _line}), with the delivery's date as {@code extract_date}, as the staged table.
     */
    public void writeAccepted(Dataset<Row> classified, ExtractTable t) {
        List<Column> out = new ArrayList<>();
        for (ColumnSpec c : t.columns()) {
            out.add(col(c.name()));
        }
        out.add(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(date)).as("extract_date"));
        out.add(col("_line"));
        Warehouse.tableWriter(classified.filter(col("_error").isNull()).select(out.toArray(new Column[0])))
                .mode(SaveMode.ErrorIfExists).parquet(table(t).toString());
    }

    /**
     * A folder of the staging area for an input model's intermediate data ({@code work/<name>}): not
     * part of the delivery, removed with the staging area when the delivery is committed or refused.
     */
    public Path work(String name) {
        return stage.resolve("work").resolve(name);
    }

    /** Removes the staged rows of {@code t} (to write them again). */
    public void dropTable(ExtractTable t) {
        AtomicFiles.delete(table(t));
    }

    /** The rows of the staged table of {@code t}, from the footers of its Parquet files (no Spark job). */
    public long acceptedRows(ExtractTable t) {
        return ExtractIngest.parquetRows(spark, table(t));
    }

    /**
     * Appends rows in {@link #QUARANTINE_SCHEMA} to the staged quarantine; one append at a time (two
     * Spark appends into one folder would share its temporary directory).
     */
    public synchronized void quarantine(Dataset<Row> rows) {
        rows.write().mode(SaveMode.Append).parquet(stage.resolve("quarantine").toString());
    }

    /**
     * The staged quarantine counted per file and reason (one small aggregation; none when
     * {@code nothingQuarantined}). An empty quarantine is written when none was.
     */
    public Map<String, Map<String, Long>> quarantineCounts(boolean nothingQuarantined) {
        Path q = stage.resolve("quarantine");
        if (!Files.isDirectory(q)) {
            spark.createDataFrame(List.of(), QUARANTINE_SCHEMA).write().parquet(q.toString());
        }
        Map<String, Map<String, Long>> byFileReason = new HashMap<>();
        if (nothingQuarantined) {
            return byFileReason;
        }
        spark.sparkContext().setJobDescription("ingest " + date + ": quarantine counts");
        for (Row r : CollectedBytes.collect(spark.read().schema(QUARANTINE_SCHEMA).parquet(q.toString())
                .groupBy(col("file"), col("reason")).count())) {
            byFileReason.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
        }
        spark.sparkContext().setJobDescription(null);
        return byFileReason;
    }

    /**
     * The quarantined rows of one file per reason, in the order of {@link QuarantineReason} (only the
     * reasons that occur), from {@link #quarantineCounts}.
     */
    public static Map<String, Long> reasons(Map<String, Map<String, Long>> counts, String file) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        Map<String, Long> found = counts.getOrDefault(file, Map.of());
        for (QuarantineReason r : QuarantineReason.values()) {
            if (found.containsKey(r.code())) {
                out.put(r.code(), found.get(r.code()));
            }
        }
        return out;
    }

    /**
     * Strict mode: refuses the delivery (removing its staging area; nothing of it is ingested) when a
     * file's quarantined fraction exceeds the threshold; {@code folder} holds the delivery's files.
     */
    public void strict(IngestSettings settings, ExtractAccounting accounting, Path folder) {
        if (!settings.strict()) {
            return;
        }
        for (FileAccounting a : accounting.files()) {
            if (a.quarantinedFraction() > settings.maxQuarantinedFraction()) {
                AtomicFiles.delete(stage);
                throw new BadInputException(folder.resolve(a.file()) + ": " + a.rowsQuarantined() + " of " + a.rowsRead()
                        + " rows quarantined (" + pct(a.quarantinedFraction()) + "), above the strict-mode threshold of "
                        + pct(settings.maxQuarantinedFraction()) + " (rwe.ingest.max-quarantined-fraction); "
                        + "nothing of extract " + date + " was ingested");
            }
        }
    }

    private static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * f);
    }

    /**
     * Moves the staged delivery into place, once {@code beforeCommit} (the caller's last check: the files
     * unchanged since they were inspected, a manifest's row counts) has accepted its accounting; when it
     * throws, nothing of the delivery is committed. Writing the accounting last marks it as ingested.
     */
    public void commit(ExtractAccounting accounting, java.util.function.Consumer<ExtractAccounting> beforeCommit) {
        try {
            beforeCommit.accept(accounting);
        } catch (RuntimeException e) {
            AtomicFiles.delete(stage);
            throw e;
        }
        AtomicFiles.delete(wh.extract(date));
        AtomicFiles.delete(wh.quarantine(date));
        AtomicFiles.move(stage.resolve("extracts"), wh.extract(date));
        AtomicFiles.move(stage.resolve("quarantine"), wh.quarantine(date));
        AtomicFiles.writeAtomically(wh.accounting(date), Json.write(accounting.toJson()));
        AtomicFiles.delete(stage);
        if (Files.exists(stage)) {
            throw new IllegalStateException("cannot remove " + stage);
        }
    }
}
