package io.rwe.survival;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.univocity.parsers.csv.CsvParser;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.riskset.TimeCounts;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Risk sets of a CSV input, read as lines of text (one pass, one aggregation): what
 * {@link RiskSetBuilder#aggregate} gives on the rows of Spark's CSV reader, at a fraction of the cost.
 *
 * <p>Each task reads its byte range of the file (ranges of about a quarter of the file per core, so that
 * both cores stay busy) line by line, skipping the header line of each file and blank lines. A line is
 * <em>plain</em> when the fields up to the last analysis field are either unquoted without a quote
 * character or quoted as a whole without a quote inside ({@code "A"}, as R's {@code write.csv} writes
 * text), and each analysis field (without its quotes) has one of the forms below; a plain line is parsed
 * in place and counted in a per-task table keyed by (group, stratum, time), holding events and rows:
 * <ul>
 *   <li>time: digits, optionally a decimal point and digits ({@code 12}, {@code 0.5}); the value is the
 *       number (exactly as Spark's cast gives it);</li>
 *   <li>event: {@code 1} (event) or {@code 0} (censored); with {@code --event-value V}, digits as above
 *       or letters, an event when the text is V or, V being a number, when it equals V as a number;</li>
 *   <li>group, stratum: any text without a leading or trailing space or control character;</li>
 *   <li>any of them empty or {@code NA}: missing (the row is dropped and counted).</li>
 * </ul>
 * Every other line (other quoting, spaces around a value, signs, exponents, other event codes, bad
 * values) is split into fields by Spark's own CSV tokenizer (univocity, with the settings of Spark's CSV
 * reader) and its raw field values go through the column rules of {@link SurvivalTable}, the same as the
 * generic path, in the same aggregation. The per-task tables are summed by
 * {@code groupBy(kind, group, stratum, time)}; what reaches the driver is one row per group, stratum and
 * distinct time plus at most two accounting rows.
 */
final class CsvRiskSets {

    /** Row kinds of {@link RiskSetBuilder}: counted, dropped as missing. */
    private static final int COUNTED = RiskSetBuilder.COUNTED;
    private static final int DROPPED = RiskSetBuilder.DROPPED;

    /** Each core gets about this many byte ranges of the input. */
    private static final int SPLITS_PER_CORE = 4;
    private static final long MIN_SPLIT_BYTES = 1L << 20;

    /** Rows handed from the tasks to the aggregation: per-task counts ({@code plain}) or raw lines. */
    private static final StructType ROWS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("plain", DataTypes.BooleanType, false),
            DataTypes.createStructField("k", DataTypes.IntegerType, true),
            DataTypes.createStructField("g", DataTypes.StringType, true),
            DataTypes.createStructField("s", DataTypes.StringType, true),
            DataTypes.createStructField("t", DataTypes.DoubleType, true),
            DataTypes.createStructField("events", DataTypes.LongType, true),
            DataTypes.createStructField("rows", DataTypes.LongType, true),
            DataTypes.createStructField("file", DataTypes.StringType, true),
            DataTypes.createStructField("raw_time", DataTypes.StringType, true),
            DataTypes.createStructField("raw_event", DataTypes.StringType, true),
            DataTypes.createStructField("raw_group", DataTypes.StringType, true),
            DataTypes.createStructField("raw_stratum", DataTypes.StringType, true)));

    private CsvRiskSets() {
    }

    /**
     * What a task needs: the 0-based field numbers of the analysis columns (-1: none), the event value
     * (null: 1/0 codes) and its number (null when it is not a finite number), and the file name used in
     * problem descriptions when the input is a single file (null: the file of the byte range).
     */
    record Fields(int time, int event, int group, int stratum, String eventValue, Double eventNumber,
                  String singleFile) implements Serializable {
    }

    /** Risk sets and accounting of {@code table}, a CSV file or a folder of CSV files. */
    static RiskSetBuilder.Aggregate aggregate(SparkSession spark, SurvivalTable table) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        return aggregate(spark, table,
                splitBytes(hadoop, table.options().input(), spark.sparkContext().defaultParallelism()));
    }

    /** {@link #aggregate(SparkSession, SurvivalTable)} with byte ranges of at most {@code split} bytes. */
    static RiskSetBuilder.Aggregate aggregate(SparkSession spark, SurvivalTable table, long split) {
        SurvivalOptions o = table.options();
        List<String> header = table.header();
        String value = o.eventValue().map(String::trim).orElse(null);
        Fields fields = new Fields(header.indexOf(o.time()), header.indexOf(o.event()),
                o.group().map(header::indexOf).orElse(-1), o.strata().map(header::indexOf).orElse(-1),
                value, value == null ? null : SurvivalTable.number(value).orElse(null),
                table.singleFile() ? table.firstFile() : null);

        JavaRDD<Row> partial = lines(spark, o.input(), split).mapPartitionsWithInputSplit(
                (InputSplit s, Iterator<Tuple2<LongWritable, Text>> it) -> countSplit((FileSplit) s, it, fields),
                false);
        Dataset<Row> rows = spark.createDataFrame(partial, ROWS);

        Map<String, String> raw = new LinkedHashMap<>();
        raw.put(o.time(), "raw_time");
        raw.put(o.event(), "raw_event");
        o.group().ifPresent(g -> raw.put(g, "raw_group"));
        o.strata().ifPresent(s -> raw.put(s, "raw_stratum"));
        SurvivalTable lineRows = table.overRawText(rows, raw, col("file"));
        return combine(rows, lineRows, o.group().isPresent(), o.strata().isPresent());
    }

    /**
     * The lines of a CSV file or folder as Hadoop's text input gives them, in byte ranges of about a quarter of
     * the input per core.
     */
    static JavaNewHadoopRDD<LongWritable, Text> lines(SparkSession spark, String input) {
        return lines(spark, input,
                splitBytes(spark.sparkContext().hadoopConfiguration(), input, spark.sparkContext().defaultParallelism()));
    }

    /** The lines in byte ranges of at most {@code split} bytes. */
    @SuppressWarnings("unchecked")
    static JavaNewHadoopRDD<LongWritable, Text> lines(SparkSession spark, String input, long split) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, split);
        conf.setLong(FileInputFormat.SPLIT_MINSIZE, 1);
        return (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(input, TextInputFormat.class,
                LongWritable.class, Text.class, conf);
    }

    /** About a quarter of the input per core (at least 1 MiB), so that the cores share the work evenly. */
    private static long splitBytes(Configuration conf, String input, int cores) {
        try {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem(conf);
            long total = fs.getContentSummary(p).getLength();
            long per = total / ((long) Math.max(1, cores) * SPLITS_PER_CORE) + 1;
            return Math.max(MIN_SPLIT_BYTES, per);
        } catch (java.io.IOException e) {
            return 32L << 20;
        }
    }

    /**
     * The one aggregation: per-task counts pass as they are; raw lines are tagged from the column rules
     * of {@link SurvivalTable} as {@link RiskSetBuilder#aggregate} tags any row ({@link RiskSetBuilder#tag}),
     * and both are counted together ({@link RiskSetBuilder#count}).
     */
    private static RiskSetBuilder.Aggregate combine(Dataset<Row> rows, SurvivalTable lineRows, boolean grouped,
            boolean stratified) {
        Column[] raw = RiskSetBuilder.tag(lineRows.time(), lineRows.event(), grouped ? lineRows.group() : null,
                stratified ? lineRows.stratum() : null, lineRows.problem());
        Column[] counted = {col("k"), lit(null).cast("string"), col("g"), col("s"), col("t"), col("events"),
            col("rows")};
        Column plain = col("plain");
        Column[] tagged = new Column[raw.length];
        for (int i = 0; i < raw.length; i++) {
            tagged[i] = when(plain, counted[i]).otherwise(raw[i]);
        }
        return RiskSetBuilder.count(rows.select(RiskSetBuilder.named(tagged)));
    }

    // ---- in the tasks ----

    /**
     * Counts the plain lines of one byte range and passes the others on as raw field values, as they come
     * (so that a file of few plain lines is streamed, not held); the counts follow the last line.
     */
    static Iterator<Row> countSplit(FileSplit split, Iterator<Tuple2<LongWritable, Text>> lines, Fields f) {
        String file = f.singleFile() != null ? f.singleFile() : fileName(split.getPath());
        LineCounter counter = new LineCounter(f);
        CsvParser tokenizer = sparkTokenizer();
        return new Iterator<>() {
            private boolean header = split.getStart() == 0;
            private Row next;
            private Iterator<Row> counts;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (counts == null) {
                    while (lines.hasNext()) {
                        Text line = lines.next()._2();
                        byte[] b = line.getBytes();
                        int n = line.getLength();
                        if (blank(b, n)) {
                            continue;
                        }
                        if (header) {
                            header = false;
                            continue;
                        }
                        if (!counter.count(b, n)) {
                            next = rawRow(file, tokenizer.parseLine(line.toString()), f);
                            return true;
                        }
                    }
                    List<Row> out = new ArrayList<>();
                    counter.emit(out);
                    counts = out.iterator();
                }
                if (counts.hasNext()) {
                    next = counts.next();
                    return true;
                }
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }

    /** The file's name as Spark's {@code input_file_name()} gives it (a local file: {@code file:///…}). */
    static String fileName(Path p) {
        java.net.URI u = p.toUri();
        if ("file".equals(u.getScheme()) && u.getRawAuthority() == null) {
            return "file://" + u.getRawPath();
        }
        return u.toString();
    }

    /** A line of spaces and control characters only (Spark's CSV reader skips it). */
    static boolean blank(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if ((b[i] & 0xFF) > ' ') {
                return false;
            }
        }
        return true;
    }

    /** Spark's own CSV tokenizer with the settings of its CSV reader's defaults (as the generic path reads). */
    @SuppressWarnings("unchecked")
    static CsvParser sparkTokenizer() {
        scala.collection.immutable.Map<String, String> defaults =
                (scala.collection.immutable.Map<String, String>) (Object) scala.collection.immutable.Map$.MODULE$.empty();
        return new CsvParser(new CSVOptions(defaults, true, "UTC").asParserSettings());
    }

    private static Row rawRow(String file, String[] tokens, Fields f) {
        List<String> v = tokens == null ? List.of() : java.util.Arrays.asList(tokens);
        return RowFactory.create(false, null, null, null, null, null, null, file, at(v, f.time()), at(v, f.event()),
                at(v, f.group()), at(v, f.stratum()));
    }

    private static String at(List<String> values, int i) {
        return i >= 0 && i < values.size() ? values.get(i) : null;
    }

    /**
     * Parses plain lines in place and counts them per (group, stratum, time): an open-addressing table
     * of a task, plus the count of dropped lines.
     */
    static final class LineCounter {
        private static final int MISSING = PlainLine.MISSING;
        private static final int NOT_PLAIN = PlainLine.NOT_PLAIN;

        private final Fields f;
        private final PlainLine line;
        private final Labels groups = new Labels();
        private final Labels strata = new Labels();
        private long dropped;

        private final TimeCounts counts = new TimeCounts();

        LineCounter(Fields f) {
            this.f = f;
            line = new PlainLine(new int[] {f.time(), f.event(), f.group(), f.stratum()}, f.eventValue(),
                    f.eventNumber());
        }

        /** Counts a plain line and returns true, or returns false (nothing counted) for any other line. */
        boolean count(byte[] b, int n) {
            if (!line.split(b, n)) {
                return false;
            }
            int ts = line.time(b, f.time());
            if (ts == NOT_PLAIN) {
                return false;
            }
            double time = line.value;
            int ev = line.event(b, f.event());
            if (ev == NOT_PLAIN) {
                return false;
            }
            int g = 0;
            int st = -1;
            if (f.group() >= 0) {
                g = line.label(groups, b, f.group());
                if (g == NOT_PLAIN) {
                    return false;
                }
            }
            if (f.stratum() >= 0) {
                st = line.label(strata, b, f.stratum());
                if (st == NOT_PLAIN) {
                    return false;
                }
            }
            if (ts == MISSING || ev == MISSING || g == MISSING || st == MISSING) {
                dropped++;
                return true;
            }
            counts.add(g, st, time, ev);
            return true;
        }

        /** Appends the counts of this task: one row per (group, stratum, time), and one for the dropped. */
        void emit(List<Row> out) {
            boolean grouped = f.group() >= 0;
            for (int i = 0; i < counts.size(); i++) {
                String g = grouped ? groups.label(counts.group(i)) : "all";
                String s = counts.stratum(i) < 0 ? null : strata.label(counts.stratum(i));
                out.add(RowFactory.create(true, COUNTED, g, s, counts.time(i), counts.events(i), counts.rows(i),
                        null, null, null, null, null));
            }
            if (dropped > 0) {
                out.add(RowFactory.create(true, DROPPED, null, null, null, 0L, dropped, null, null, null, null, null));
            }
        }
    }

    /** Distinct labels of a task, numbered in order of appearance, looked up from bytes without copying. */
    static final class Labels {
        private static final int LINEAR = 16;
        private final List<byte[]> bytes = new ArrayList<>();
        private final List<String> text = new ArrayList<>();
        private final Map<String, Integer> byText = new HashMap<>();
        private int lastHit = -1;

        int id(byte[] b, int s, int e) {
            if (lastHit >= 0 && same(bytes.get(lastHit), b, s, e)) {
                return lastHit;
            }
            int n = bytes.size();
            if (n <= LINEAR) {
                for (int i = 0; i < n; i++) {
                    if (same(bytes.get(i), b, s, e)) {
                        lastHit = i;
                        return i;
                    }
                }
            }
            String t = new String(b, s, e - s, StandardCharsets.UTF_8);
            Integer known = byText.get(t);
            if (known != null) {
                lastHit = known;
                return known;
            }
            bytes.add(java.util.Arrays.copyOfRange(b, s, e));
            text.add(t);
            byText.put(t, n);
            lastHit = n;
            return n;
        }

        private static boolean same(byte[] known, byte[] b, int s, int e) {
            return java.util.Arrays.equals(known, 0, known.length, b, s, e);
        }

        String label(int id) {
            return text.get(id);
        }
    }
}
