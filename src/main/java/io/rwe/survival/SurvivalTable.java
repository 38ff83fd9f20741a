package io.rwe.survival;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.BadInputException;
import io.rwe.core.CollectedBytes;
import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.CoxCovariates;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.CoxRegression;
import io.rwe.core.CsvFields;
import io.rwe.core.UsageException;
import io.rwe.riskset.RiskSetBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input table of {@code jobs/survival}: a CSV file with a header (or a folder of them, all with the
 * same header) or Parquet (a {@code .parquet} file or a folder of Parquet files), read through Spark.
 *
 * <p>CSV is read with an explicit all-string schema built from the header line (no schema inference,
 * so no extra pass), and only the columns of the analysis are parsed. In CSV a value that is empty or
 * {@code NA} (R's {@code write.csv} spelling) is missing; in Parquet, null is missing.
 *
 * <p>Each row is described by the columns {@link #time()}, {@link #event()}, {@link #group()},
 * {@link #stratum()} (null when missing) and {@link #problem()} (non-null when the row is bad input: a
 * time that is not a number, a negative time, an event value that is not an event code). The problem
 * is a compact string {@code <code>\u0001<file>\u0001<raw value>} that {@link #describe} turns into
 * the one-line message, naming the file, the line (CSV, found by a second pass that only runs on
 * failure) and the value.
 */
public final class SurvivalTable {

    /** Problem codes: the first character of a problem string. */
    static final char TIME_NOT_A_NUMBER = 'T';
    static final char TIME_NEGATIVE = 'N';
    static final char EVENT_NOT_A_CODE = 'E';
    private static final String SEP = "\u0001";

    enum Format { CSV, PARQUET }

    private final SparkSession spark;
    private final String input;
    private final Format format;
    private final String firstFile;
    private final List<String> header;
    private final Map<String, DataType> types;
    private final SurvivalOptions options;
    private final Dataset<Row> data;
    private final boolean singleFile;
    /** Whether a folder input holds only files (no sub-folders): see {@link #aggregate()}. */
    private final boolean flatFolder;
    /** The column holding the raw value of an analysis column (by its name in the header). */
    private final Map<String, String> rawColumns;
    /** The file of each row in problem descriptions, or null for the default (see describeRaw). */
    private final Column fileColumn;

    private SurvivalTable(SparkSession spark, SurvivalOptions options, Format format, String firstFile,
            List<String> header, Map<String, DataType> types, Dataset<Row> data, boolean singleFile) {
        this(spark, options, format, firstFile, header, types, data, singleFile, singleFile, Map.of(), null);
    }

    private SurvivalTable(SparkSession spark, SurvivalOptions options, Format format, String firstFile,
            List<String> header, Map<String, DataType> types, Dataset<Row> data, boolean singleFile,
            boolean flatFolder, Map<String, String> rawColumns, Column fileColumn) {
        this.flatFolder = flatFolder;
        this.rawColumns = rawColumns;
        this.fileColumn = fileColumn;
        this.singleFile = singleFile;
        this.spark = spark;
        this.input = options.input();
        this.options = options;
        this.format = format;
        this.firstFile = firstFile;
        this.header = header;
        this.types = types;
        this.data = data;
    }

    /**
     * Opens the input of {@code options}: finds its format, reads its column names (the CSV header line,
     * or the Parquet footer) and checks that the analysis columns are present.
     *
     * @throws UsageException    when the input does not exist
     * @throws BadInputException when it is empty, a column is missing or has an unusable type
     */
    public static SurvivalTable open(SparkSession spark, SurvivalOptions options) {
        String input = options.input();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path path = new Path(input);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                throw new UsageException("input not found: " + input);
            }
            FileStatus st = fs.getFileStatus(path);
            List<FileStatus> files = new ArrayList<>();
            if (st.isDirectory()) {
                for (FileStatus f : fs.listStatus(path)) {
                    String n = f.getPath().getName();
                    if (f.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
                        files.add(f);
                    }
                }
                files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            } else {
                files.add(st);
            }
            // A file is CSV unless it ends in .parquet; a folder is Parquet (a Spark table, possibly
            // partitioned into sub-folders) unless its data files are CSV.
            boolean parquet = st.isDirectory()
                    ? files.stream().noneMatch(f -> isCsvName(f.getPath().getName()))
                    : path.getName().endsWith(".parquet");
            if (parquet) {
                return openParquet(spark, options, files.isEmpty() ? input : files.get(0).getPath().toString(),
                        !st.isDirectory());
            }
            boolean flat = files.stream().allMatch(FileStatus::isFile)
                    && (!st.isDirectory() || Arrays.stream(fs.listStatus(path)).allMatch(FileStatus::isFile));
            files.removeIf(f -> !isCsvName(f.getPath().getName()) && st.isDirectory());
            return openCsv(spark, options, fs, files.get(0).getPath(), st.isDirectory(), flat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        }
    }

    private static boolean isCsvName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".csv") || n.matches(".*\\.csv\\.(gz|bz2|deflate|lz4|snappy|zst)$");
    }

    private static SurvivalTable openParquet(SparkSession spark, SurvivalOptions options, String firstFile,
            boolean singleFile) {
        Dataset<Row> data;
        try {
            data = spark.read().parquet(options.input());
        } catch (RuntimeException e) {
            throw new BadInputException(options.input() + ": not a readable Parquet table (" + firstLine(e) + ")", e);
        }
        Map<String, DataType> types = new LinkedHashMap<>();
        for (StructField f : data.schema().fields()) {
            types.put(f.name(), f.dataType());
        }
        SurvivalTable t = new SurvivalTable(spark, options, Format.PARQUET, firstFile, List.copyOf(types.keySet()),
                types, data, singleFile);
        t.checkColumns();
        return t;
    }

    private static SurvivalTable openCsv(SparkSession spark, SurvivalOptions options, FileSystem fs, Path first,
            boolean folder, boolean flat) throws IOException {
        String headerLine = firstLine(fs, first, spark.sparkContext().hadoopConfiguration());
        String shown = folder ? first.toString() : options.input();
        if (headerLine == null || headerLine.isBlank()) {
            throw new BadInputException(shown + ": the file is empty (a header line is needed)");
        }
        CsvFields.Fields headerFields = CsvFields.split(headerLine);
        if (headerFields.error() != null) {
            throw new BadInputException(shown + ": line 1 (the header): " + headerFields.error());
        }
        List<String> header = headerFields.values();
        Map<String, DataType> types = new LinkedHashMap<>();
        List<StructField> fields = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            int times = seen.merge(name, 1, Integer::sum);
            // Spark needs distinct names; a repeated name is only an error when the analysis uses it.
            String sparkName = times == 1 ? name : name + "__" + (i + 1);
            fields.add(DataTypes.createStructField(sparkName, DataTypes.StringType, true));
            types.putIfAbsent(name, DataTypes.StringType);
        }
        Dataset<Row> data = spark.read()
                .schema(DataTypes.createStructType(fields))
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .csv(options.input());
        SurvivalTable t = new SurvivalTable(spark, options, Format.CSV, first.toString(), header, types, data,
                !folder, flat, Map.of(), null);
        for (String c : t.analysisColumns()) {
            if (seen.getOrDefault(c, 0) > 1) {
                throw new BadInputException(shown + ": column '" + c + "' appears " + seen.get(c)
                        + " times in the header");
            }
        }
        t.checkColumns();
        return t;
    }

    private List<String> analysisColumns() {
        List<String> cols = new ArrayList<>(List.of(options.time(), options.event()));
        options.group().ifPresent(cols::add);
        options.strata().ifPresent(cols::add);
        cols.addAll(options.covariates());
        return cols;
    }

    private void checkColumns() {
        for (String c : analysisColumns()) {
            if (!types.containsKey(c)) {
                String hint = "";
                for (String h : header) {
                    if (h.equalsIgnoreCase(c)) {
                        hint = " (did you mean '" + h + "'?)";
                    }
                }
                throw new BadInputException(shownFile() + ": no column '" + c + "'" + hint + "; columns present: "
                        + String.join(", ", header));
            }
        }
        checkType(options.time(), "a number", t -> t instanceof NumericType || t instanceof StringType);
        checkType(options.event(), "a boolean, a number or text",
                t -> t instanceof NumericType || t instanceof StringType || t instanceof BooleanType);
        options.group().ifPresent(g -> checkType(g, "a simple value", SurvivalTable::atomic));
        options.strata().ifPresent(s -> checkType(s, "a simple value", SurvivalTable::atomic));
        options.covariates().forEach(c -> checkType(c, "a simple value", SurvivalTable::atomic));
    }

    private static boolean atomic(DataType t) {
        return t instanceof NumericType || t instanceof StringType || t instanceof BooleanType
                || t == DataTypes.DateType || t == DataTypes.TimestampType;
    }

    private void checkType(String column, String needed, java.util.function.Predicate<DataType> ok) {
        DataType t = types.get(column);
        if (!ok.test(t)) {
            throw new BadInputException(shownFile() + ": column '" + column + "' has type " + t.simpleString()
                    + "; " + needed + " is needed");
        }
    }

    /** The file named in messages: the input itself when it is a file, else its first data file. */
    private String shownFile() {
        return firstFile.equals(new Path(input).toString()) || firstFile.endsWith(input) ? input : firstFile;
    }

    /** The input's format. */
    Format format() {
        return format;
    }

    /** The rows of the table (all columns; CSV columns as strings). */
    public Dataset<Row> data() {
        return data;
    }

    private Column raw(String name) {
        String c = rawColumns.get(name);
        return c != null ? data.col(quote(c)) : data.col(quote(name));
    }

    /**
     * The same table seen through other rows: {@code rows} carries, in the columns that
     * {@code rawColumns} names, the raw CSV text of the analysis columns (keyed by their header names),
     * and in {@code file} the file each row comes from. {@link #time()}, {@link #event()},
     * {@link #group()}, {@link #stratum()} and {@link #problem()} then apply the very same rules to them.
     */
    SurvivalTable overRawText(Dataset<Row> rows, Map<String, String> rawColumns, Column file) {
        return new SurvivalTable(spark, options, format, firstFile, header, types, rows, singleFile, flatFolder,
                Map.copyOf(rawColumns), file);
    }

    /**
     * Risk sets and row accounting of the table (see {@link RiskSetBuilder#aggregate}). CSV (a file, or a
     * folder of files) is read line by line with {@link CsvRiskSets}: plain lines are parsed and counted
     * in each task, the few others go through the rules of this class; Parquet goes through
     * {@link RiskSetBuilder#aggregate} on {@link #data()}. Both give the same result.
     */
    public RiskSetBuilder.Aggregate aggregate() {
        if (format == Format.CSV && flatFolder) {
            return CsvRiskSets.aggregate(spark, this);
        }
        return aggregateRows();
    }

    /** {@link #aggregate()} through Spark's own reader of the format (for CSV: its CSV source). */
    RiskSetBuilder.Aggregate aggregateRows() {
        return RiskSetBuilder.aggregate(data, time(), event(), group(), stratum(), problem());
    }

    /**
     * The Cox model of the group (levels {@code groups}, the first the reference) adjusted for the covariates of
     * {@code --covariates} ({@link #covariates}). CSV (a file, or a folder of files) is parsed once by
     * {@link CsvCoxModel}, straight into the columns the model needs; when a line or a value needs Spark's own CSV
     * rules, and for Parquet, the model is fitted on {@link #data()} by {@link AdjustedCox#fit}. Both give the
     * same numbers.
     */
    public AdjustedCox.Outcome adjustedCox(List<String> groups, CoxRegression regression) {
        if (format == Format.CSV && flatFolder) {
            Optional<AdjustedCox.Outcome> parsed = CsvCoxModel.fit(spark, this, groups, regression);
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        return adjustedCoxRows(groups, regression);
    }

    /** {@link #adjustedCox} on the rows of Spark's own reader of the format. */
    AdjustedCox.Outcome adjustedCoxRows(List<String> groups, CoxRegression regression) {
        return AdjustedCox.fit(data, time(), event(), stratum(), covariates(TypedResults.GROUP, groups), groups,
                regression);
    }

    SurvivalOptions options() {
        return options;
    }

    String firstFile() {
        return firstFile;
    }

    boolean singleFile() {
        return singleFile;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * The time as a double; null when missing or not a number. CSV text is parsed as a whole number
     * first (no allocation), then as a decimal number only when that fails.
     */
    public Column time() {
        Column r = raw(options.time());
        if (types.get(options.time()) instanceof NumericType) {
            return r.cast("double");
        }
        return coalesce(r.try_cast("long").cast("double"), r.try_cast("double"));
    }

    /** Whether the raw value of a row is missing (null; in CSV also empty or {@code NA}, spaces ignored). */
    private Column isMissing(Column raw) {
        if (format == Format.CSV) {
            return raw.isNull().or(raw.equalTo("NA")).or(trim(raw).isin("", "NA"));
        }
        return raw.isNull();
    }

    /** The event indicator: true = event, false = censored, null when missing or not an event code. */
    public Column event() {
        Column r = raw(options.event());
        DataType type = types.get(options.event());
        if (options.eventValue().isPresent()) {
            String v = options.eventValue().get().trim();
            Double num = parseNumber(v);
            Column ev;
            if (type instanceof BooleanType) {
                ev = lower(r.cast("string")).equalTo(v.toLowerCase(java.util.Locale.ROOT));
            } else if (type instanceof NumericType) {
                ev = num == null ? lit(false) : r.cast("double").equalTo(num);
            } else {
                Column text = r.equalTo(v).or(trim(r).equalTo(v));
                ev = num == null ? text : text.or(coalesce(r.try_cast("double").equalTo(num), lit(false)));
            }
            return when(isMissing(r), lit(null).cast("boolean")).otherwise(coalesce(ev, lit(false)));
        }
        if (type instanceof BooleanType) {
            return r;
        }
        if (type instanceof NumericType) {
            Column d = r.cast("double");
            return when(d.equalTo(1.0), lit(true)).when(d.equalTo(0.0), lit(false));
        }
        // The usual codes first, compared as they are; the general rule only for other spellings.
        Column v = lower(trim(r));
        Column d = r.try_cast("double");
        return when(r.equalTo("1"), lit(true))
                .when(r.equalTo("0"), lit(false))
                .when(v.isin("1", "true").or(d.equalTo(1.0)), lit(true))
                .when(v.isin("0", "false").or(d.equalTo(0.0)), lit(false));
    }

    /** The group label as a string (null when missing); null when there is no --group. */
    public Column group() {
        return options.group().map(g -> when(isMissing(raw(g)), lit(null).cast("string"))
                .otherwise(raw(g).cast("string"))).orElse(null);
    }

    /** The stratum label as a string (null when missing); null when there is no --strata. */
    public Column stratum() {
        return options.strata().map(s -> when(isMissing(raw(s)), lit(null).cast("string"))
                .otherwise(raw(s).cast("string"))).orElse(null);
    }

    /**
     * The covariates of the adjusted Cox model (docs/cli.md, "--covariates"): the group first (categorical,
     * named {@code groupName}, levels in {@code groups}' order, the first the reference), then each column of
     * {@code --covariates} in order. A column is numeric when it is not named by {@code --factors} and every
     * value present is a number (a numeric Parquet column; for text, one aggregation counts the values present
     * that do not parse as a number); else categorical, its levels sorted as numbers when all are numbers,
     * else by byte order (the first the reference). A missing value (null; in CSV also empty or {@code NA})
     * is missing: the row leaves the adjusted model only.
     */
    public List<CoxCovariates.Covariate> covariates(String groupName, List<String> groups) {
        List<String> text = new ArrayList<>();
        for (String c : options.covariates()) {
            if (!options.factors().contains(c) && types.get(c) instanceof StringType) {
                text.add(c);
            }
        }
        Map<String, Long> notNumbers = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            List<Column> aggs = new ArrayList<>();
            for (String c : text) {
                Column r = raw(c);
                aggs.add(sum(when(isMissing(r).unary_$bang().and(r.try_cast("double").isNull()), 1L).otherwise(0L)));
            }
            Row counts = CollectedBytes.first(data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])));
            for (int i = 0; i < text.size(); i++) {
                notNumbers.put(text.get(i), counts.isNullAt(i) ? 0L : counts.getLong(i));
            }
        }
        List<CoxCovariates.Covariate> out = new ArrayList<>();
        out.add(CoxCovariates.Covariate.categorical(groupName, group(), groups, null));
        for (String c : options.covariates()) {
            DataType type = types.get(c);
            boolean numeric = !options.factors().contains(c)
                    && (type instanceof NumericType || type instanceof StringType && notNumbers.get(c) == 0);
            Column r = raw(c);
            Column value = numeric
                    ? when(isMissing(r), lit(null).cast("double")).otherwise(type instanceof NumericType
                            ? r.cast("double") : r.try_cast("double"))
                    : when(isMissing(r), lit(null).cast("string")).otherwise(r.cast("string"));
            out.add(numeric ? CoxCovariates.Covariate.numeric(c, value)
                    : CoxCovariates.Covariate.categorical(c, value, List.of(), null));
        }
        return out;
    }

    /**
     * Why a row is bad input ({@code <code>\u0001<file>\u0001<raw value>}), or null for a usable row.
     * Evaluated per row only where time or event did not parse (or the time is negative), so a good row
     * costs two null checks and a comparison.
     */
    public Column problem() {
        Column tr = raw(options.time());
        Column t = time();
        Column er = raw(options.event());
        Column badTime = t.isNull().and(isMissing(tr).unary_$bang())
                .or(isnan(t)).or(t.equalTo(Double.POSITIVE_INFINITY));
        Column negative = t.lt(0.0);
        Column badEvent = options.eventValue().isPresent() ? lit(false)
                : event().isNull().and(isMissing(er).unary_$bang());
        return when(badTime, describeRaw(TIME_NOT_A_NUMBER, tr))
                .when(negative, describeRaw(TIME_NEGATIVE, tr))
                .when(badEvent, describeRaw(EVENT_NOT_A_CODE, er));
    }

    private Column describeRaw(char code, Column raw) {
        // A single file is known; only a folder needs the (non-deterministic) file name of each row.
        Column file = fileColumn != null ? fileColumn : singleFile ? lit(firstFile) : input_file_name();
        return concat(lit(code + SEP), file, lit(SEP), raw.cast("string"));
    }

    /**
     * The one-line message for a problem string of {@link #problem()}: file, line (CSV: found by reading
     * that one file again, only now that it is known to be bad), column and value.
     */
    public String describe(String problem, long rejected) {
        String[] p = problem.split(SEP, 3);
        char code = p[0].charAt(0);
        String file = p[1];
        String value = p.length > 2 ? p[2] : "";
        String column = code == EVENT_NOT_A_CODE ? options.event() : options.time();
        String where = displayFile(file);
        if (format == Format.CSV) {
            int index = header.indexOf(column);
            long line = CsvLine.findLine(spark, file, index, value);
            if (line > 0) {
                where += " line " + line;
            }
        }
        String what = switch (code) {
            case TIME_NOT_A_NUMBER -> "time '" + value + "' is not a number";
            case TIME_NEGATIVE -> "time " + value + " is negative";
            default -> "event value '" + value + "' is not 1/true (event) or 0/false (censored); name the event"
                    + " value with --event-value";
        };
        String more = rejected > 1 ? " (" + rejected + " bad rows in all)" : "";
        return where + ": column '" + column + "': " + what + more;
    }

    private String displayFile(String uri) {
        String in = qualified(input);
        String u = new Path(uri).toUri().getPath();
        if (u != null && in != null && u.equals(in)) {
            return input;
        }
        return uri.startsWith("file:") ? u : uri;
    }

    private String qualified(String p) {
        try {
            Path path = new Path(p);
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toUri().getPath();
        } catch (IOException | RuntimeException e) {
            return p;
        }
    }

    private static String firstLine(FileSystem fs, Path file, Configuration conf) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
        try (InputStream raw = fs.open(file);
                InputStream in = codec == null ? raw : codec.createInputStream(raw);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return line;
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Column names as the header gives them. */
    public List<String> header() {
        return header;
    }

    static Optional<Double> number(String s) {
        return Optional.ofNullable(parseNumber(s));
    }

    private static Double parseNumber(String s) {
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return format + " " + input + " " + Arrays.toString(header.toArray());
    }
}
