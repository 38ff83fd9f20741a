package io.rwe.ingest;

import io.rwe.core.CollectedBytes;

import io.rwe.core.BadInputException;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads CSV files as rows with their line numbers and raw text, distributed over byte ranges of the
 * files (splits), in two passes: {@link #survey} counts quotes and line feeds per split, checks the
 * bytes (UTF-8, no NUL) and hashes every file, in one Spark job whose result is a few numbers per
 * split; then {@link #read} parses the records of each split in parallel ({@link SplitRecords}), each
 * task knowing from the survey whether its split starts inside a quoted field and on which line.
 */
public final class ExtractReader {

    /** One unit of the survey job: hash a whole file, or scan one split. */
    record Work(boolean hash, SplitScan.Split split) implements Serializable {
    }

    /** A survey result: the file's hash (hash work) or a split's statistics (scan work). */
    record Found(int file, String sha256, SplitScan.Stats stats) implements Serializable {
    }

    /** What the survey knows about one file. */
    public record Survey(String sha256, List<SplitRecords.Task> tasks) {
    }

    private final SparkSession spark;
    private final long splitBytes;

    public ExtractReader(SparkSession spark, long splitBytes) {
        this.spark = spark;
        this.splitBytes = splitBytes;
    }

    /**
     * Hashes every file of {@code toHash} and surveys every file of {@code toRead}, in one Spark job.
     * Refuses (BadInputException) a file of {@code toRead} that holds bytes that are not UTF-8, a NUL,
     * or ends inside a quoted field. Returns the hashes by path, and for each file to read its tasks.
     */
    public Map<Path, Survey> survey(List<Path> toHash, List<? extends CsvSource> toRead, RegistryMapping mapping) {
        List<String> paths = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        List<Work> work = new ArrayList<>();
        for (Path p : toHash) {
            int id = ids.computeIfAbsent(p.toString(), k -> {
                paths.add(k);
                return paths.size() - 1;
            });
            work.add(new Work(true, new SplitScan.Split(id, p.toString(), 0, 0)));
        }
        for (CsvSource f : toRead) {
            int id = ids.computeIfAbsent(f.path().toString(), k -> {
                paths.add(k);
                return paths.size() - 1;
            });
            long step = splitSize(f.size());
            for (long s = 0; s < f.size(); s += step) {
                work.add(new Work(false, new SplitScan.Split(id, f.path().toString(), s, Math.min(f.size(), s + step))));
            }
        }
        Map<Path, Survey> out = new HashMap<>();
        if (work.isEmpty()) {
            return out;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobDescription("ingest: hash and survey " + paths.size() + " files");
        List<Found> found = CollectedBytes.collect(spark, jsc.parallelize(work, work.size()).map(w -> w.hash()
                ? new Found(w.split().file(), SplitScan.sha256(w.split().path()), null)
                : new Found(w.split().file(), null, SplitScan.scan(w.split()))));
        spark.sparkContext().setJobDescription(null);
        Map<Integer, String> hashes = new HashMap<>();
        Map<Integer, List<SplitScan.Stats>> stats = new HashMap<>();
        for (Found f : found) {
            if (f.sha256() != null) {
                hashes.put(f.file(), f.sha256());
            } else {
                stats.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f.stats());
            }
        }
        for (Path p : toHash) {
            out.put(p, new Survey(hashes.get(ids.get(p.toString())), List.of()));
        }
        byte delimiter = (byte) mapping.delimiter();
        for (CsvSource f : toRead) {
            int id = ids.get(f.path().toString());
            List<SplitScan.Stats> ss = new ArrayList<>(stats.getOrDefault(id, List.of()));
            ss.sort(java.util.Comparator.comparingLong(SplitScan.Stats::start));
            long quotes = 0;
            long newlines = 0;
            List<SplitRecords.Task> tasks = new ArrayList<>();
            long step = splitSize(f.size());
            for (SplitScan.Stats s : ss) {
                if (s.badOffset() >= 0) {
                    throw new BadInputException(f.path() + ": " + s.badKind() + " at line " + (1 + newlines + s.badNewlines())
                            + " (byte offset " + s.badOffset() + "); the file must be UTF-8 text");
                }
                SplitScan.Split split = new SplitScan.Split(id, f.path().toString(), s.start(),
                        Math.min(f.size(), s.start() + step));
                tasks.add(new SplitRecords.Task(split, quotes % 2 == 1, 1 + newlines, delimiter, f.headerFields(),
                        f.columnIndex()));
                quotes += s.quotes();
                newlines += s.newlines();
            }
            if (quotes % 2 == 1) {
                throw new BadInputException(f.path() + ": not CSV (the file ends inside a quoted field: a quote is never "
                        + "closed)");
            }
            out.put(f.path(), new Survey(hashes.get(id), tasks));
        }
        return out;
    }

    /** Below this many bytes per split a file is not cut further to occupy more cores. */
    static final long MIN_PARALLEL_SPLIT = 4L << 20;

    /**
     * The byte range each read task of a file of {@code size} bytes gets: at most the configured split
     * size, and, for a file large enough ({@link #MIN_PARALLEL_SPLIT} per part), cut into a multiple of the
     * cluster's default parallelism of equal parts, so that every core has work until the file is read
     * (a 30 MB file on 2 cores: 2 tasks of 15 MB, not 1; 300 MB with 64 MiB splits: 6 of 50 MB, not 5).
     */
    long splitSize(long size) {
        return splitSize(size, splitBytes, spark.sparkContext().defaultParallelism());
    }

    static long splitSize(long size, long maxSplit, int cores) {
        if (size <= 0) {
            return Math.max(1, maxSplit);
        }
        long parts = Math.max(1, ceilDiv(size, maxSplit));
        long byCores = Math.min(cores, Math.max(1, size / MIN_PARALLEL_SPLIT));
        parts = Math.max(parts, byCores);
        if (parts > 1 && cores > 1 && size / MIN_PARALLEL_SPLIT >= cores) {
            parts = ceilDiv(parts, cores) * cores;
        }
        return Math.max(1, ceilDiv(size, parts));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The schema of the rows read from a file of {@code table}. */
    public static StructType rawSchema(ExtractTable table) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("_line", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_at", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_len", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("_malformed", DataTypes.StringType, true));
        for (ColumnSpec c : table.columns()) {
            fields.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The records of a surveyed file as read ({@link SplitRecords#RAW}): one partition per split. */
    public Dataset<Row> read(ExtractFile file, Survey survey) {
        return read(survey, null, SplitRecords.RAW, rawSchema(file.table()));
    }

    /**
     * The records of a surveyed file with the field rules applied as they are parsed
     * ({@link FieldRules#schema}), one partition per split; each task that reads its split to the end
     * records in {@code counts} how many records it parsed ({@link TaskCounts}, registered with the
     * session's context).
     */
    Dataset<Row> checked(ExtractFile file, Survey survey, TaskCounts counts, FieldRules rules) {
        return read(survey, counts, rules, FieldRules.schema(file.table()));
    }

    /**
     * The records of a surveyed CSV file with {@code rules} applied as they are parsed, in the schema
     * {@link FieldRules#schema()} of the rules' columns, and the number of records read.
     */
    public Counted checked(CsvSource file, Survey survey, FieldRules rules) {
        TaskCounts counts = new TaskCounts();
        spark.sparkContext().register(counts, "rows read: " + file.path());
        List<Long> starts = survey.tasks().stream().map(t -> t.split().start()).toList();
        return new Counted(read(survey, counts, rules, rules.schema()),
                () -> counts.total(starts, file.path().toString()));
    }

    /**
     * Rows read from a file, and the number of records its reading tasks parsed, counted as they parse
     * (independently of what becomes of the rows); known once an action has read every row.
     */
    public record Counted(Dataset<Row> rows, java.util.function.LongSupplier rowsRead) {
    }

    private Dataset<Row> read(Survey survey, TaskCounts counts, FieldRules rules, StructType schema) {
        // Internal rows go to Spark as they are: createDataFrame of external rows would convert every
        // value again (a string's text to its bytes, a date to its day), some 7 % of ingest's CPU.
        org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> rows = records(survey, counts, rules).rdd();
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
    }

    private Dataset<Row> read(Survey survey, TaskCounts counts, SplitRecords.RecordRows<Row> shape, StructType schema) {
        return spark.createDataFrame(records(survey, counts, shape), schema);
    }

    /** The records of the survey's splits made rows by {@code shape}, one partition per split. */
    private <T> JavaRDD<T> records(Survey survey, TaskCounts counts, SplitRecords.RecordRows<T> shape) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<SplitRecords.Task> tasks = survey.tasks();
        return jsc.parallelize(tasks, Math.max(1, tasks.size())).mapPartitions(it -> {
            // One split per partition (parallelize with as many slices as splits); none for no split.
            if (!it.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            SplitRecords.Task t = it.next();
            if (it.hasNext()) {
                throw new IllegalStateException("a read task got two splits");
            }
            java.util.Iterator<T> r = asInput(SplitRecords.rows(t, shape), t.split().end() - t.split().start());
            return counts == null ? r : counted(r, t.split().start(), counts);
        });
    }

    /**
     * {@code rows} of a split of {@code bytes} bytes, counted in the task's input metrics as Spark's own
     * file scans count theirs (records and bytes read), so the progress heartbeat (docs/cli.md,
     * "Progress") shows ingest's rows too ({@link io.rwe.core.TaskInput}).
     */
    private static <T> java.util.Iterator<T> asInput(java.util.Iterator<T> rows, long bytes) {
        org.apache.spark.executor.InputMetrics input = io.rwe.core.TaskInput.metrics();
        if (input == null) {
            return rows;
        }
        input.incBytesRead(bytes);
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public T next() {
                T r = rows.next();
                input.incRecordsRead(1);
                return r;
            }
        };
    }

    /** {@code rows}, reporting their number to {@code counts} under {@code start} once exhausted. */
    private static <T> java.util.Iterator<T> counted(java.util.Iterator<T> rows, long start, TaskCounts counts) {
        return new java.util.Iterator<>() {
            private long n;
            private boolean reported;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && !reported) {
                    reported = true;
                    counts.add(Map.entry(start, n));
                }
                return more;
            }

            @Override
            public T next() {
                T r = rows.next();
                n++;
                return r;
            }
        };
    }
}
