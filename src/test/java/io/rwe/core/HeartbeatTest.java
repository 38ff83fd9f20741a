package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress heartbeat: its figures, and its lines during a slow Spark job read from Parquet. */
class HeartbeatTest {

    /** One heartbeat line (docs/cli.md, "Progress"). */
    private static final Pattern LINE = Pattern.compile("ingest: read slowly: (?:([0-9.]+(?: [kMGT])?) rows read "
            + "\\((\\d+ B|[0-9.]+ [kMGT]B)\\), )?(\\d+) of (\\d+) tasks \\((\\d+) %\\), \\d+ s(, about \\d+ s left)?");

    /** The line of an open stage while no job runs (planning, driver-side statistics), left out above. */
    private static final String DRIVER = ": on the driver, no Spark job running, ";

    @Test
    void countsSizesAndDurationsReadAsWritten() {
        assertEquals("950", Heartbeat.count(950));
        assertEquals("41.2 M", Heartbeat.count(41_234_567));       // 41,234,567 / 10^6 = 41.23
        assertEquals("163.7 M", Heartbeat.count(163_700_000));
        assertEquals("1.0 k", Heartbeat.count(1000));
        assertEquals("512 B", Heartbeat.size(512));
        assertEquals("6.3 GB", Heartbeat.size(6_300_000_000L));
        assertEquals("59 s", Heartbeat.duration(Duration.ofMillis(59_999)));
        assertEquals("3 min 12 s", Heartbeat.duration(Duration.ofSeconds(192)));
        assertEquals("1 h 4 min", Heartbeat.duration(Duration.ofSeconds(3845)));  // 3845 = 3600 + 4·60 + 5
    }

    @Test
    void timeLeftIsElapsedTimesTasksLeftOverTasksDone() {
        // 3 min 12 s for 1 of 4 tasks: 192 s · 3 / 1 = 576 s left
        assertEquals(Optional.of(Duration.ofSeconds(576)), Heartbeat.eta(Duration.ofSeconds(192), 1, 4));
        // 25 % done after 60 s: 60 · 75 / 25 = 180 s
        assertEquals(Optional.of(Duration.ofSeconds(180)), Heartbeat.eta(Duration.ofSeconds(60), 25, 100));
        assertEquals(Optional.empty(), Heartbeat.eta(Duration.ofSeconds(60), 0, 4));   // nothing done yet
        assertEquals(Optional.empty(), Heartbeat.eta(Duration.ofSeconds(60), 4, 4));   // nothing left
    }

    @Test
    void linesEveryIntervalWhileAJobRunsAndNoneAfter(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.session();
        String parquet = dir.resolve("rows").toString();
        spark.range(0, 8000, 1, 8).write().parquet(parquet);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long rows;
        var table = spark.read().parquet(parquet);   // its schema read here, by a job of its own
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(150), out)) {
            Heartbeat.stage(spark, "ingest");
            spark.sparkContext().setJobDescription("read slowly");
            try {
                // 8 small files (Spark packs them into 2-8 tasks), 400 ms per task on 2 cores: 0.4-1.6 s
                rows = table.javaRDD().mapPartitions(it -> {
                    long n = 0;
                    while (it.hasNext()) {
                        it.next();
                        n++;
                    }
                    Thread.sleep(400);
                    return List.of(n).iterator();
                }).reduce(Long::sum);
            } finally {
                spark.sparkContext().setJobDescription(null);
                Heartbeat.stage(spark, null);
            }
            Thread.sleep(500);   // the job has ended: no line from here on
            String before = bytes.toString(StandardCharsets.UTF_8);
            Thread.sleep(400);
            assertEquals(before, bytes.toString(StandardCharsets.UTF_8), "a line printed while no job ran");
        }
        assertEquals(8000, rows);
        List<String> lines = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank() && !l.contains(DRIVER)).toList();
        assertTrue(lines.size() >= 2, "expected a line every 150 ms of a job of at least 0.4 s: " + lines);
        long lastDone = -1;
        long tasks = -1;
        boolean rowsSeen = false;
        boolean etaSeen = false;
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), "not a heartbeat line: " + l);
            long done = Long.parseLong(m.group(3));
            long total = Long.parseLong(m.group(4));
            assertTrue(total >= 2 && (tasks < 0 || total == tasks), "tasks of the job changed: " + lines);
            tasks = total;
            assertTrue(done >= lastDone, "tasks finished went down: " + lines);
            assertEquals(Math.round(100.0 * done / total), Long.parseLong(m.group(5)), l);
            lastDone = done;
            rowsSeen |= m.group(1) != null && !m.group(1).equals("0");
            etaSeen |= m.group(6) != null;
        }
        assertTrue(rowsSeen, "no rows read reported: " + lines);
        assertTrue(etaSeen, "no time-left estimate: " + lines);
    }

    @Test
    void aJobThatReadsNoFileSaysNoRowsRead() throws Exception {
        // Tasks that read their input themselves (as the NAACCR parser does) report no input metrics: the
        // line gives the tasks, not "0 rows read (0 B)".
        SparkSession spark = TestSpark.session();
        List<String> lines = slowJobLines(spark, () -> new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(List.of(1, 2, 3, 4), 4).map(i -> {
                    Thread.sleep(400);
                    return i;
                }).count());
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), "not a heartbeat line: " + l);
            assertNull(m.group(1), "rows read reported for a job that read no file: " + l);
            assertEquals("4", m.group(4), l);
        }
    }

    @Test
    void jobsWithPausesBetweenThemStillGetALineEveryInterval() throws Exception {
        // A stage of many short jobs with driver work between them (the end of an ingest): the timer looks
        // every 100 ms, so a line is at most one interval plus one pause apart (and some slack for a loaded
        // machine), where a look once per interval that fell in a pause waited a whole interval more.
        SparkSession spark = TestSpark.session();
        List<Long> stamps = new java.util.concurrent.CopyOnWriteArrayList<>();
        PrintStream out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    stamps.add(System.nanoTime());
                }
            }
        }, true, StandardCharsets.UTF_8);
        var jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
        long start = System.nanoTime();
        long end;
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(1000), Duration.ofMillis(100), out)) {
            Heartbeat.stage(spark, "ingest");
            try {
                for (int i = 0; i < 10; i++) {
                    long n = jsc.parallelize(List.of(1, 2), 2).map(x -> {
                        Thread.sleep(500);
                        return x;
                    }).count();
                    assertEquals(2, n);
                    Thread.sleep(200); // the driver works between two jobs
                }
            } finally {
                Heartbeat.stage(spark, null);
            }
            end = System.nanoTime();
        }
        List<Long> all = new java.util.ArrayList<>(List.of(start));
        all.addAll(stamps);
        assertTrue(stamps.size() >= 4, "lines over " + (end - start) / 1_000_000 + " ms: " + stamps.size());
        long longest = 0;
        for (int i = 1; i < all.size(); i++) {
            longest = Math.max(longest, all.get(i) - all.get(i - 1));
        }
        assertTrue(longest <= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1000 + 200 + 400),
                "longest time without a line: " + longest / 1_000_000 + " ms");
    }

    @Test
    void aStageAnEarlierJobComputedIsNotCountedAsTasksToDo() throws Exception {
        // A job whose shuffle's map side an earlier job already wrote: Spark lists that map stage among the
        // job's stages but skips it, so its tasks never run. Counted, the line said "2 of 8 tasks (25 %)"
        // for a job of 4 tasks and overstated the time left (8 - 2 left over 2 done: three times too long),
        // as in a 10^7 ingest where adaptive execution runs each map stage as a job of its own ("5 of 82
        // tasks (6 %) ... about 15 min 20 s left" a minute before the end).
        SparkSession spark = TestSpark.session();
        var jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
        // 4 map tasks, a shuffle, 4 reduce partitions
        var sums = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 4)
                .mapToPair(i -> new scala.Tuple2<>(i % 4, i)).reduceByKey(Integer::sum, 4);
        assertEquals(4, sums.count());   // the map stage's output written here
        // the map stage skipped; 4 reduce tasks of 400 ms on 2 cores: about 0.8 s
        List<String> lines = slowJobLines(spark, () -> sums.map(t -> {
            Thread.sleep(400);
            return t._2();
        }).count());
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), "not a heartbeat line: " + l);
            assertEquals("4", m.group(4), "the job's tasks are its 4 reduce tasks: " + l);
        }
    }

    /**
     * The heartbeat lines (every 150 ms, the driver's own left out) of a stage "ingest" running one job
     * "read slowly" of 4 tasks of 400 ms ({@code job} returns the rows it counted: 4); at least two.
     */
    private static List<String> slowJobLines(SparkSession spark, java.util.function.LongSupplier job) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(150), out)) {
            Heartbeat.stage(spark, "ingest");
            spark.sparkContext().setJobDescription("read slowly");
            try {
                assertEquals(4, job.getAsLong());
            } finally {
                spark.sparkContext().setJobDescription(null);
                Heartbeat.stage(spark, null);
            }
        }
        List<String> lines = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank() && !l.contains(DRIVER)).toList();
        assertTrue(lines.size() >= 2, "expected a line every 150 ms of a job of at least 0.8 s: " + lines);
        return lines;
    }

    /** 8,000 rows in 8 small Parquet files under {@code dir}, read back (its schema read by a job of its own). */
    private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> eightThousandRows(SparkSession spark, Path dir) {
        String parquet = dir.resolve("rows").toString();
        spark.range(0, 8000, 1, 8).write().parquet(parquet);
        return spark.read().parquet(parquet);
    }

    /** Counts the slow job's rows: 8 files, 400 ms per task. */
    private static long readSlowly(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table) {
        return table.javaRDD().mapPartitions(it -> {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            Thread.sleep(400);
            return List.of(n).iterator();
        }).reduce(Long::sum);
    }

    /** "8.0 k" back to 8000 (the heartbeat's one-decimal count), for comparisons. */
    private static double parseCount(String c) {
        String[] p = c.split(" ");
        double v = Double.parseDouble(p[0]);
        return p.length == 1 ? v : v * Math.pow(1000, "kMGT".indexOf(p[1]) + 1);
    }

    @Test
    void aSecondPassUnderItsOwnDescriptionCountsOnlyItsOwnRows(@TempDir Path dir) throws Exception {
        // Ingest may read patients.csv twice (its accepted rows, then the patients' status), each pass under a
        // description of its own. The second pass's lines give the rows of that pass (at most the 8,000 of
        // the file), not the 16,000 of both passes since the stage began.
        SparkSession spark = TestSpark.session();
        var table = eightThousandRows(spark, dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(150), out)) {
            Heartbeat.stage(spark, "ingest");
            try {
                spark.sparkContext().setJobDescription("file.csv, first pass");
                assertEquals(8000, table.count());
                spark.sparkContext().setJobDescription("file.csv, second pass");
                assertEquals(8000, readSlowly(table));
            } finally {
                spark.sparkContext().setJobDescription(null);
                Heartbeat.stage(spark, null);
            }
        }
        Pattern second = Pattern.compile("ingest: file\\.csv, second pass: (?:([0-9.]+(?: [kMGT])?) rows read \\([^)]*\\), )?"
                + "\\d+ of \\d+ tasks.*");
        List<String> lines = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> l.contains("second pass")).toList();
        assertTrue(lines.size() >= 2, "expected lines during the second pass: " + bytes);
        boolean rowsSeen = false;
        for (String l : lines) {
            Matcher m = second.matcher(l);
            assertTrue(m.matches(), "not a heartbeat line of the second pass: " + l);
            if (m.group(1) != null) {
                rowsSeen = true;
                assertTrue(parseCount(m.group(1)) <= 8000, "rows of both passes reported: " + l);
            }
        }
        assertTrue(rowsSeen, "no rows read reported in the second pass: " + lines);
    }

    @Test
    void jobsOfTwoDescriptionsRunningAtOnceAreListedEachWithItsOwnRows(@TempDir Path dir) throws Exception {
        // Two files ingested side by side (rwe.ingest.concurrent-files): one line names both, each with
        // its own rows read, never their sum under one file's name.
        SparkSession spark = TestSpark.session();
        var table = eightThousandRows(spark, dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(150), out)) {
            Heartbeat.stage(spark, "ingest");
            try {
                List<java.util.concurrent.Future<Long>> jobs = new java.util.ArrayList<>();
                for (String name : List.of("a.csv", "b.csv")) {
                    jobs.add(pool.submit(() -> {
                        spark.sparkContext().setJobDescription(name);
                        return readSlowly(table);
                    }));
                }
                for (var j : jobs) {
                    assertEquals(8000, j.get());
                }
            } finally {
                pool.shutdownNow();
                Heartbeat.stage(spark, null);
            }
        }
        Pattern both = Pattern.compile("ingest: ([ab])\\.csv(?:: ([0-9.]+(?: [kMGT])?) rows read \\([^)]*\\))?; "
                + "([ab])\\.csv(?:: ([0-9.]+(?: [kMGT])?) rows read \\([^)]*\\))?[,:] \\d+ of (\\d+) tasks.*");
        List<String> lines = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank() && !l.contains(DRIVER)).toList();
        List<String> twoFiles = lines.stream().filter(l -> both.matcher(l).matches()).toList();
        assertTrue(!twoFiles.isEmpty(), "no line names both files: " + lines);
        for (String l : twoFiles) {
            Matcher m = both.matcher(l);
            assertTrue(m.matches());
            assertTrue(!m.group(1).equals(m.group(3)), l);
            for (String rows : new String[] {m.group(2), m.group(4)}) {
                assertTrue(rows == null || parseCount(rows) <= 8000, "rows of both files under one name: " + l);
            }
        }
    }

    @Test
    void anOpenStageWithoutJobsSaysItWorksOnTheDriverUntilClosed() throws Exception {
        // The analyze stage's statistics, or the planning of a large query, run on the driver with no
        // Spark job: the user still gets a line every interval while the stage is open, none once closed.
        SparkSession spark = TestSpark.session();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String closed;
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(150), out)) {
            Heartbeat.stage(spark, "analyze");
            try {
                Thread.sleep(1000);   // driver work, no job
            } finally {
                Heartbeat.stage(spark, null);
            }
            Thread.sleep(100);
            closed = bytes.toString(StandardCharsets.UTF_8);
            Thread.sleep(500);
            assertEquals(closed, bytes.toString(StandardCharsets.UTF_8), "a line printed after the stage closed");
        }
        List<String> lines = Arrays.stream(closed.split("\n")).filter(l -> !l.isBlank()).toList();
        // 1 s at one line per 150 ms (looks every 150 ms): at least 3 lines even on a slow machine
        assertTrue(lines.size() >= 3, "expected a line every 150 ms of 1 s on the driver: " + lines);
        for (String l : lines) {
            assertTrue(l.matches("analyze: on the driver, no Spark job running, [01] s"), l);
        }
    }

    @Test
    void aLineOfTheStageItselfPostponesTheNextHeartbeat() throws Exception {
        // A look (beat) prints when an interval has passed since the last line; the closing line of a
        // stage (RunBuilder) counts as a line, so the next stage does not open with a redundant one.
        SparkSession spark = TestSpark.session();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // an interval of 1 s, looked at every 10 ms, in a JVM up for more than that
        while (java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() < 2000) {
            Thread.sleep(100);
        }
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofSeconds(1), Duration.ofMillis(10), out)) {
            // Without the stage's own line, the first look would print at once: the last line would be the
            // JVM's start, long ago.
            Heartbeat.linePrinted(spark);
            Heartbeat.stage(spark, "derive");
            try {
                beat.beat();
                Thread.sleep(100);   // ten looks of the timer
                assertEquals("", bytes.toString(StandardCharsets.UTF_8), "a line right after the stage's own");
            } finally {
                Heartbeat.stage(spark, null);
            }
        }
        try (Heartbeat beat = Heartbeat.start(spark, Duration.ofMillis(1), Duration.ofHours(1), out)) {
            Heartbeat.stage(spark, "derive");
            try {
                Heartbeat.linePrinted(spark);
                beat.beat();   // an interval of 1 ms has passed by now
                assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("derive: on the driver"), bytes.toString());
            } finally {
                Heartbeat.stage(spark, null);
            }
        }
    }

    @Test
    void aZeroIntervalAttachesNothing() {
        SparkSession spark = TestSpark.session();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Heartbeat.attach(spark, Duration.ZERO, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        spark.range(0, 10, 1, 2).count();
        assertEquals(0, bytes.size());
    }
}
