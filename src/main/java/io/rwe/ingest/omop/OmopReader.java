package io.rwe.ingest.omop;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.BadInputException;
import io.rwe.ingest.ExtractReader;
import io.rwe.ingest.FieldRules;
import io.rwe.ingest.RawText;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;

/**
 * Reads one file of an OMOP delivery as typed records: the columns its table is read with
 * ({@link io.rwe.registry.OmopTable}), typed and checked by the field rules of the extract format
 * (required value present, dates ISO and within 1900 and the delivery date, numbers plain) as the
 * reading tasks parse them, with {@code _line} as a {@link Lines} number. CSV files are read in byte
 * ranges by {@link ExtractReader} (exact line numbers, raw text kept by its byte range); Parquet files
 * by Spark, the row's position (from 1) being its line and its columns, as JSON, its raw text.
 */
final class OmopReader {

    private OmopReader() {
    }

    /** The typed records of a file and how many it holds (counted as read, CSV; from the footers, Parquet). */
    record Read(Dataset<Row> rows, LongSupplier rowsRead) {
    }

    static Read read(SparkSession spark, OmopInput in, LocalDate date, Map<Path, ExtractReader.Survey> surveys,
                     ExtractReader reader) {
        FieldRules rules = new FieldRules(in.table().columns(), date);
        Column line = col("_line").plus(lit(Lines.of(in.index(), 0)));
        if (in.isCsv()) {
            ExtractReader.Counted c = reader.checked(in.csv(), surveys.get(in.path()), rules);
            return new Read(c.rows().withColumn("_line", line), c.rowsRead());
        }
        long rows = parquetRows(spark, in.path());
        StructType schema = rules.schema();
        Dataset<Row> strings = parquetStrings(spark, in);
        // as ExtractReader makes its rows: createDataFrame accepts the rules' LocalDate values for dates
        Dataset<Row> typed = spark.createDataFrame(strings.javaRDD().mapPartitions(it -> check(it, rules)), schema);
        return new Read(typed.withColumn("_line", line), () -> rows);
    }

    /** The field rules on rows of (position, values as text). */
    private static Iterator<Row> check(Iterator<Row> it, FieldRules rules) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                Row r = it.next();
                String[] values = new String[r.size() - 1];
                for (int i = 0; i < values.length; i++) {
                    String v = r.isNullAt(i + 1) ? null : r.getString(i + 1).strip();
                    values[i] = v == null || v.isEmpty() ? null : v;
                }
                return rules.row(r.getLong(0), 0, 0, null, values);
            }
        };
    }

    /**
     * A Parquet file's rows as (position from 1, the table's columns as text): dates (or timestamps)
     * as {@code yyyy-MM-dd}, numbers as plain decimals, absent columns null.
     */
    private static Dataset<Row> parquetStrings(SparkSession spark, OmopInput in) {
        Dataset<Row> df = spark.read().parquet(in.path().toString());
        Map<String, StructField> present = new HashMap<>();
        for (StructField f : df.schema().fields()) {
            present.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        List<Column> out = new ArrayList<>();
        out.add(col("_metadata.row_index").plus(1).as("_row"));
        for (ColumnSpec c : in.table().columns()) {
            StructField f = present.get(c.name());
            Column v;
            if (f == null) {
                v = lit(null).cast(DataTypes.StringType);
            } else if (c.type() == ColumnType.DATE && (f.dataType() == DataTypes.DateType
                    || f.dataType() == DataTypes.TimestampType || f.dataType() == DataTypes.TimestampNTZType)) {
                v = date_format(to_date(col(f.name())), "yyyy-MM-dd");
            } else if (c.type() == ColumnType.NUMBER && (f.dataType() == DataTypes.DoubleType
                    || f.dataType() == DataTypes.FloatType)) {
                // plain decimal text (a double's own text may have an exponent, which the rules refuse)
                Column x = col(f.name());
                v = when(abs(x).lt(1e27), x.cast(DataTypes.createDecimalType(38, 10)).cast(DataTypes.StringType))
                        .otherwise(x.cast(DataTypes.StringType));
            } else {
                v = col(f.name()).cast(DataTypes.StringType);
            }
            out.add(v.as(c.name()));
        }
        return df.select(out.toArray(new Column[0]));
    }

    /** The raw text of the records of a file, by {@code _line}: the CSV line, or a Parquet row as JSON. */
    static Column raw(OmopInput in) {
        return in.isCsv() ? RawText.of(in.path(), col("_at"), col("_len")) : col("_raw");
    }

    /** A Parquet file's rows as ({@code _line}, {@code _raw}: the row's columns as JSON). */
    static Dataset<Row> parquetRaw(SparkSession spark, OmopInput in) {
        Dataset<Row> df = spark.read().parquet(in.path().toString());
        return df.select(col("_metadata.row_index").plus(1).plus(lit(Lines.of(in.index(), 0))).as("_raw_line"),
                to_json(struct(java.util.Arrays.stream(df.columns()).map(org.apache.spark.sql.functions::col)
                        .toArray(Column[]::new))).as("_raw"));
    }

    /** The rows of a Parquet file, from its footer. */
    static long parquetRows(SparkSession spark, Path file) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), spark.sparkContext().hadoopConfiguration()))) {
            return r.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + file, e);
        }
    }

    /** The column names of a Parquet file (lower case), from its footer; refuses a file that is no Parquet. */
    static List<String> parquetColumns(Path file) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration()))) {
            List<String> out = new ArrayList<>();
            for (Type t : r.getFooter().getFileMetaData().getSchema().getFields()) {
                out.add(t.getName().toLowerCase(Locale.ROOT));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not Parquet (" + e.getMessage() + ")");
        }
    }
}
