package io.rwe.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * The progress heartbeat of a long stage (docs/cli.md, "Progress"): while a Spark job runs, one line on
 * standard error every {@code rwe.progress.heartbeat} (a HOCON duration, default 15 s; 0 turns
 * it off), made from what the scheduler reports to this listener, never from the data:
 *
 * <pre>
 * ingest: ingest 2018-09-03/assessments.csv: 41.2 M rows read (2.1 GB), 7 of 10 tasks (70 %), 3 min 12 s, about 1 min 22 s left
 * </pre>
 *
 * <ul>
 *   <li>the run's stage ({@link #STAGE_PROPERTY}, set by the job for the thread that runs it; {@code spark}
 *   when unset), then what the Spark job does (its description, when the code set one);</li>
 *   <li>rows and bytes read, per description: the input records and bytes of the finished tasks of the
 *   jobs with that description since the run's stage began ({@code recordsRead}/{@code bytesRead} of the
 *   task metrics: what Spark's file scans count), so that two files ingested side by side, or two passes
 *   over one file under descriptions of their own, are not added up; left out while none were reported
 *   (before the first task finished, or a job whose tasks read their input themselves, such as the NAACCR
 *   parser's, which Spark does not count). When jobs of several descriptions run at once, each is
 *   listed with its own figures, separated by {@code ;};</li>
 *   <li>tasks: finished of the tasks of the running jobs' stages, and their share; a stage that an earlier
 *   job already computed (the map side of a shuffle it wrote, which Spark lists in the later job and skips)
 *   is not counted once a stage after it is submitted;</li>
 *   <li>the time since the run's stage began, and the time left, estimated as the elapsed time of the
 *   running jobs × (tasks left / tasks finished) ({@link #eta}); no estimate before a task finished.</li>
 * </ul>
 *
 * Lines are printed while a job runs, or while a run's stage is open ({@link #stage}) and its work is on the
 * driver (planning the next query, the statistics of the analyze stage, the accounting at the end of an
 * ingest): then the line says so, {@code analyze: on the driver, no Spark job running, 1 min 3 s}. The timer
 * looks every second (or every interval, when shorter) and prints once the interval since the previous
 * line would be exceeded by the next look, so no two lines are more than one interval (and one look)
 * apart from the first job until the stage is closed ({@code stage(spark, null)}); a stage shorter than
 * the interval prints none. Outside an open stage (between stages, after the run) nothing is printed
 * while no job runs.
 */
public final class Heartbeat extends SparkListener implements AutoCloseable {
    /** The local property (of the thread running a stage) naming the run's stage in the lines. */
    public static final String STAGE_PROPERTY = "io.rwe.stage";

    /** One heartbeat per Spark context (a session obtained twice gets one). */
    private static final Map<org.apache.spark.SparkContext, Heartbeat> ATTACHED = new java.util.WeakHashMap<>();
    /** Every heartbeat listening (attached or started), told when a run's stage opens and closes. */
    private static final Set<Heartbeat> LISTENING = ConcurrentHashMap.newKeySet();

    private final PrintStream out;
    private final SparkSession spark;
    private final ScheduledExecutorService timer;
    private final Map<Integer, Job> running = new ConcurrentHashMap<>();
    /** Input records and bytes per job description ("" for none) since the run's stage began. */
    private final Map<String, long[]> read = new ConcurrentHashMap<>();
    /** The description of the job each stage belongs to (as submitted), "" for none. */
    private final Map<Integer, String> stageDescription = new ConcurrentHashMap<>();
    private final long intervalNanos;
    private final long tickNanos;
    // The first line is due one interval after the JVM started (what a user watching the run last saw was
    // the launch), not after the heartbeat was attached a few seconds later.
    private volatile long lastLineNanos = System.nanoTime()
            - TimeUnit.MILLISECONDS.toNanos(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    private volatile String stage = "spark";
    private volatile long stageStartNanos = System.nanoTime();
    /** The run's stage opened by {@link #stage} and not yet closed, or null. */
    private volatile String openStage;

    /**
     * A running job: the parents of each of its stages ({@code parents}), the stages submitted so far
     * ({@code submitted}), and the tasks of the stages it counts ({@code tasksPerStage}: all of them, until
     * a submitted stage shows that a parent was skipped).
     */
    private record Job(String stage, String description, long startNanos, Map<Integer, List<Integer>> parents,
                       Set<Integer> submitted, Map<Integer, Integer> tasksPerStage, AtomicLong finished) {
        int tasks() {
            return tasksPerStage.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private Heartbeat(PrintStream out, SparkSession spark, long intervalMillis, long tickMillis) {
        this.out = out;
        this.spark = spark;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rwe-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Attaches a heartbeat to {@code spark} printing to {@code out} every {@code interval} (nothing when the
     * interval is zero; once per Spark context); the printing thread is a daemon and ends with the JVM.
     */
    public static synchronized void attach(SparkSession spark, Duration interval, PrintStream out) {
        if (interval.isZero() || interval.isNegative() || ATTACHED.containsKey(spark.sparkContext())) {
            return;
        }
        ATTACHED.put(spark.sparkContext(), start(spark, interval, out));
    }

    /** A heartbeat listening to {@code spark} and printing every {@code interval} until {@link #close}d. */
    static Heartbeat start(SparkSession spark, Duration interval, PrintStream out) {
        long ms = Math.max(1, interval.toMillis());
        return start(spark, interval, Duration.ofMillis(Math.min(ms, 1000)), out);
    }

    /** A heartbeat printing every {@code interval}, whose timer looks every {@code tick}. */
    static Heartbeat start(SparkSession spark, Duration interval, Duration tickEvery, PrintStream out) {
        long ms = Math.max(1, interval.toMillis());
        long tick = Math.max(1, Math.min(ms, tickEvery.toMillis()));
        Heartbeat beat = new Heartbeat(out, spark, ms, tick);
        spark.sparkContext().addSparkListener(beat);
        LISTENING.add(beat);
        beat.timer.scheduleAtFixedRate(beat::beat, tick, tick, TimeUnit.MILLISECONDS);
        return beat;
    }

    /** Stops printing and listening. */
    @Override
    public void close() {
        LISTENING.remove(this);
        timer.shutdownNow();
        spark.sparkContext().removeSparkListener(this);
    }

    /**
     * Opens the run's stage {@code name}: names it for the jobs started from this thread (and the threads
     * it starts), and lets the heartbeats of {@code spark} print while its work is on the driver; null
     * closes it (no line while no job runs).
     */
    public static void stage(SparkSession spark, String name) {
        spark.sparkContext().setLocalProperty(STAGE_PROPERTY, name);
        for (Heartbeat h : LISTENING) {
            if (h.spark.sparkContext() == spark.sparkContext()) {
                h.open(name);
            }
        }
    }

    /** The run's stage {@code name} opened (null: closed); a new stage restarts the time and the counts. */
    private synchronized void open(String name) {
        if (name != null && !name.equals(stage)) {
            stage = name;
            stageStartNanos = System.nanoTime();
            read.clear();
        }
        openStage = name;
    }

    /**
     * Tells the heartbeats of {@code spark} that a progress line of the caller's own was just printed to
     * their stream (a stage's closing line), so that the next heartbeat line is due one interval from now
     * rather than at once.
     */
    public static void linePrinted(SparkSession spark) {
        long now = System.nanoTime();
        for (Heartbeat h : LISTENING) {
            if (h.spark.sparkContext() == spark.sparkContext()) {
                h.lastLineNanos = now;
            }
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        Properties p = start.properties();
        String name = p == null ? null : p.getProperty(STAGE_PROPERTY);
        String description = p == null ? null : p.getProperty("spark.job.description");
        String s = name == null ? "spark" : name;
        synchronized (this) {
            if (!s.equals(stage)) {
                stage = s;
                stageStartNanos = System.nanoTime();
                read.clear();
            }
        }
        Map<Integer, Integer> tasks = new ConcurrentHashMap<>();
        Map<Integer, List<Integer>> parents = new ConcurrentHashMap<>();
        scala.collection.Iterator<StageInfo> it = start.stageInfos().iterator();
        while (it.hasNext()) {
            StageInfo info = it.next();
            tasks.put(info.stageId(), info.numTasks());
            parents.put(info.stageId(), parentIds(info));
            stageDescription.put(info.stageId(), description == null ? "" : description);
        }
        running.put(start.jobId(), new Job(s, description, System.nanoTime(), parents, ConcurrentHashMap.newKeySet(),
                tasks, new AtomicLong()));
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        StageInfo info = submitted.stageInfo();
        for (Job j : running.values()) {
            if (!j.parents().containsKey(info.stageId())) {
                continue;
            }
            j.submitted().add(info.stageId());
            j.tasksPerStage().put(info.stageId(), info.numTasks());
            // Spark submits a stage once each parent has run or already had its output (written by an
            // earlier job, which Spark lists in this one and skips): a parent not submitted by now, and
            // the ancestors it needed, never run in this job.
            java.util.ArrayDeque<Integer> skipped = new java.util.ArrayDeque<>(parentIds(info));
            while (!skipped.isEmpty()) {
                int p = skipped.pop();
                if (!j.submitted().contains(p) && j.tasksPerStage().remove(p) != null) {
                    skipped.addAll(j.parents().getOrDefault(p, List.of()));
                }
            }
        }
    }

    private static List<Integer> parentIds(StageInfo info) {
        List<Integer> ids = new ArrayList<>();
        info.parentIds().foreach(id -> ids.add((Integer) id));
        return ids;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics m = end.taskMetrics();
        if (m != null && (m.inputMetrics().recordsRead() > 0 || m.inputMetrics().bytesRead() > 0)) {
            long[] c = read.computeIfAbsent(stageDescription.getOrDefault(end.stageId(), ""), k -> new long[2]);
            synchronized (c) {
                c[0] += m.inputMetrics().recordsRead();
                c[1] += m.inputMetrics().bytesRead();
            }
        }
        for (Job j : running.values()) {
            if (j.tasksPerStage().containsKey(end.stageId())) {
                j.finished().incrementAndGet();
            }
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Job j = running.remove(end.jobId());
        if (j != null) {
            j.tasksPerStage().keySet().forEach(stageDescription::remove);
        }
    }

    /** Prints one line if a job runs. */
    void beat() {
        long now = System.nanoTime();
        if (now - lastLineNanos + tickNanos <= intervalNanos) {
            return; // the next look is still within the interval
        }
        String line = line(now);
        if (line != null) {
            out.println(line);
            out.flush();
            lastLineNanos = now;
        }
    }

    /** The heartbeat line at {@code now} (nanoTime), or null when no job runs and no stage is open. */
    String line(long now) {
        if (running.isEmpty()) {
            String open = openStage;
            return open == null ? null
                    : open + ": on the driver, no Spark job running, " + duration(Duration.ofNanos(now - stageStartNanos));
        }
        long done = 0;
        long total = 0;
        long firstStart = Long.MAX_VALUE;
        List<Job> jobs = new ArrayList<>(running.values());
        jobs.sort(java.util.Comparator.comparingLong(Job::startNanos));
        Set<String> descriptions = new LinkedHashSet<>();
        for (Job j : jobs) {
            done += j.finished().get();
            total += j.tasks();
            firstStart = Math.min(firstStart, j.startNanos());
            descriptions.add(j.description() == null ? "" : j.description());
        }
        long pct = total == 0 ? 0 : Math.min(100, Math.round(100.0 * done / total));
        List<String> parts = new ArrayList<>();
        boolean lastHasRows = false;
        for (String d : descriptions) {
            String shown = d.isEmpty() || d.equals(stage) ? null : d;
            long[] c = read.get(d);
            String rows = null;
            if (c != null) {
                synchronized (c) {
                    rows = c[0] > 0 || c[1] > 0 ? count(c[0]) + " rows read (" + size(c[1]) + ")" : null;
                }
            }
            if (shown == null && rows == null) {
                continue;
            }
            parts.add(shown == null ? rows : rows == null ? shown : shown + ": " + rows);
            lastHasRows = rows != null;
        }
        StringBuilder b = new StringBuilder(stage).append(": ");
        if (!parts.isEmpty()) {
            b.append(String.join("; ", parts)).append(lastHasRows ? ", " : ": ");
        }
        b.append(done).append(" of ").append(total).append(" tasks (").append(pct).append(" %), ")
                .append(duration(Duration.ofNanos(now - stageStartNanos)));
        eta(Duration.ofNanos(now - firstStart), done, total)
                .ifPresent(left -> b.append(", about ").append(duration(left)).append(" left"));
        return b.toString();
    }

    /**
     * The time left when {@code done} of {@code total} tasks finished in {@code elapsed}: elapsed ×
     * (total − done) / done; empty before the first task finished or once every task did.
     */
    static java.util.Optional<Duration> eta(Duration elapsed, long done, long total) {
        if (done <= 0 || done >= total) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos((long) (elapsed.toNanos() * (double) (total - done) / done)));
    }

    /** {@code 950}, {@code 41.2 k}, {@code 41.2 M}, {@code 1.6 G}: a count in SI multiples, one decimal. */
    static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Bytes as {@code 512 B}, {@code 3.4 MB}, {@code 6.3 GB} (powers of 1000, as {@link #count}). */
    static String size(long n) {
        return n < 1000 ? n + " B" : count(n) + "B";
    }

    /** {@code 12 s}, {@code 3 min 12 s}, {@code 1 h 4 min}: whole seconds, the two largest units. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
