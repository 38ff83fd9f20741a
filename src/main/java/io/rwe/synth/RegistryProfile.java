package io.rwe.synth;

import io.rwe.core.CollectedBytes;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.run.AtomicFiles;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code registry} profile: a series of nightly extracts of synthetic patients made on the Spark
 * executors. Patients are numbered 0, 1, … (the first extract's N, then each later night's new ones,
 * {@link NightlyPlan}) and split into contiguous ranges, one per partition; each task draws its
 * patients from their own seeded streams ({@link SyntheticPatient}, {@link NightlyPlan},
 * {@link DefectInjector}) and writes them to its own part files, returning only counts. The driver
 * then joins the part files of each table, in partition order, behind one header into the single
 * {@code <table>.csv} the extract format asks for — so the files are byte-identical whatever the
 * number of partitions — and writes the expected quarantine. Each extract folder is staged under a
 * hidden name and renamed when complete. A night's files depend on the settings, seed, defect fraction,
 * N and the night only, so appending night K to a series of K nights leaves the earlier ones as they are.
 *
 * <p>Files ({@link SeriesFolder}): {@code <out>/<date>/<table>.csv}; the truth in {@code <out>/.truth/}:
 * {@code <date>/_expected_quarantine.json}, {@code _expected_merged.json} (the registry merging every
 * extract must give) and {@code series.json}.
 */
public final class RegistryProfile {
    static final int TABLES = ExtractTable.values().length;
    static final int DEFECTS = Defect.values().length;
    /** Counter layout of one task's result: per table rows read, accepted, then per defect. */
    static final int SLOT = 2 + DEFECTS;
    /** Patients per partition when none is set. */
    private static final long PATIENTS_PER_PARTITION = 50_000;

    private final RegistrySettings settings;
    private final long seed;
    private final double dirty;
    private final long patients;
    private int partitions;

    /**
     * A series of {@code patients} patients in its first extract (more arrive each later night), made with
     * {@code seed} and a fraction {@code dirty} of defective rows.
     */
    public RegistryProfile(RegistrySettings settings, long seed, double dirty, long patients) {
        this.settings = settings;
        this.seed = seed;
        this.dirty = dirty;
        this.patients = patients;
    }

    /** Uses exactly {@code n} partitions (default: one per 50 000 patients, at least the default parallelism). */
    public RegistryProfile withPartitions(int n) {
        this.partitions = n;
        return this;
    }

    /** The date of extract {@code k} (0-based): nightly after the first. */
    public LocalDate extractDate(int k) {
        return settings.dates().firstExtract().plusDays(k);
    }

    /**
     * Writes nights 0..{@code nights}−1 under {@code out} (made ready by {@link SeriesFolder#prepare});
     * returns the extract folders.
     */
    public List<java.nio.file.Path> write(SparkSession spark, java.nio.file.Path out, int nights) {
        requireNights(nights);
        return writeNights(spark, out, 0, nights);
    }

    /**
     * Adds the next night to the series under {@code out}, which must have been made with this profile's
     * settings, seed, patients and defect fraction (one line otherwise); returns the new extract folder.
     */
    public java.nio.file.Path append(SparkSession spark, java.nio.file.Path out) {
        int k = nextNight(out);
        return writeNights(spark, out, k, k + 1).get(0);
    }

    /**
     * The night (0-based) {@link #append} would add to the series under {@code out}; one line when the
     * series was made otherwise than this profile or has its last night.
     */
    public int nextNight(java.nio.file.Path out) {
        SeriesFolder.Series s = SeriesFolder.read(out);
        if (s.seed() != seed || s.patients() != patients || s.dirty() != dirty) {
            throw new UsageException("--append: " + out + " was made with --seed " + s.seed() + " --patients "
                    + s.patients() + " --dirty " + s.dirty() + ", not " + seed + " / " + patients + " / " + dirty);
        }
        if (!s.settings().equals(settings.fingerprint())) {
            throw new UsageException("--append: the generator configuration differs from the one " + out
                    + " was made with (give the same --conf and -D options)");
        }
        int k = s.extracts().size();
        for (int i = 0; i < k; i++) {
            if (!s.extracts().get(i).equals(extractDate(i))) {
                throw new UsageException("--append: " + out + " holds extract " + s.extracts().get(i) + " where the"
                        + " configuration's series has " + extractDate(i));
            }
        }
        requireNights(k + 1);
        return k;
    }

    private void requireNights(int nights) {
        if (nights < 1 || nights > settings.nightly().maxExtracts()) {
            throw new UsageException("a series has 1 to " + settings.nightly().maxExtracts()
                    + " extracts (rwe.generator.registry.nightly.max-extracts), got " + nights);
        }
    }

    /** Writes nights {@code from}..{@code to}−1, then the merged truth and series file of nights 0..{@code to}−1. */
    private List<java.nio.file.Path> writeNights(SparkSession spark, java.nio.file.Path out, int from, int to) {
        long all = NightlyPlan.delivered(settings.nightly(), patients, to);
        int parts = partitions > 0 ? partitions : (int) Math.max(spark.sparkContext().defaultParallelism(),
                Math.min(100_000, (all + PATIENTS_PER_PARTITION - 1) / PATIENTS_PER_PARTITION));
        String root = out.toAbsolutePath().toUri().toString();
        List<java.nio.file.Path> written = new ArrayList<>();
        for (int k = from; k < to; k++) {
            written.add(writeExtract(spark, root, out, parts, k));
        }
        writeMerged(spark, out, parts, to);
        List<LocalDate> dates = new ArrayList<>();
        for (int k = 0; k < to; k++) {
            dates.add(extractDate(k));
        }
        SeriesFolder.write(out, new SeriesFolder.Series(seed, patients, dirty, settings.fingerprint(), dates));
        return written;
    }

    private java.nio.file.Path writeExtract(SparkSession spark, String root, java.nio.file.Path out, int parts, int k) {
        LocalDate date = extractDate(k);
        String staging = root + "/." + date + ".tmp";
        String partsDir = staging + "/_parts";
        RegistrySettings p = settings;
        long s = seed;
        double f = dirty;
        long n0 = patients;
        JavaRDD<Long> ids = spark.range(0, NightlyPlan.delivered(p.nightly(), n0, k + 1), 1, parts).javaRDD()
                .map(x -> (Long) x);
        Function2<Integer, Iterator<Long>, Iterator<long[]>> task = (partition, it) ->
                List.of(writePart(p, s, f, n0, k, date, partsDir, partition, it)).iterator();
        try {
            FileSystem fs = fileSystem(root);
            fs.delete(new Path(staging), true);
            List<long[]> results = CollectedBytes.collect(spark, ids.mapPartitionsWithIndex(task, false));
            long[] total = new long[TABLES * SLOT + 1];
            for (long[] r : results) {
                for (int i = 0; i < total.length; i++) {
                    total[i] += r[i];
                }
            }
            for (ExtractTable t : ExtractTable.values()) {
                concatenate(fs, new Path(partsDir + "/" + t.tableName()), new Path(staging + "/" + t.fileName()), t,
                        results.size());
            }
            fs.delete(new Path(partsDir), true);
            AtomicFiles.writeAtomically(SeriesFolder.quarantineTruth(out, date), Json.write(quarantineTruth(date, total)));
            Path target = new Path(root + "/" + date);
            fs.delete(target, true);
            if (!fs.rename(new Path(staging), target)) {
                throw new IOException("cannot rename " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write extract " + date + " under " + out, e);
        }
        return out.resolve(date.toString());
    }

    /** One task: the patients of one partition, written to that partition's part files; returns counts. */
    static long[] writePart(RegistrySettings p, long seed, double dirty, long firstNight, int k, LocalDate date,
                            String partsDir, int partition, Iterator<Long> numbers) throws IOException {
        long[] counts = new long[TABLES * SLOT + 1];
        FileSystem fs = fileSystem(partsDir);
        Writer[] w = new Writer[TABLES];
        String name = String.format(java.util.Locale.ROOT, "part-%06d.csv", partition);
        try {
            for (ExtractTable t : ExtractTable.values()) {
                w[t.ordinal()] = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                        fs.create(new Path(partsDir + "/" + t.tableName() + "/" + name), true), StandardCharsets.UTF_8),
                        1 << 16);
            }
            StringBuilder line = new StringBuilder(256);
            while (numbers.hasNext()) {
                long n = numbers.next();
                NightlyPlan plan = NightlyPlan.of(p.nightly(), seed, firstNight, n, k + 1);
                if (!plan.present(k)) {
                    continue;
                }
                SyntheticPatient.Record rec = SyntheticPatient.draw(p, seed, n, date, plan.withdrawnIn(k));
                DefectInjector.Result res = DefectInjector.inject(rec.rows(), dirty, p.defects(),
                        new SplittableRandom(SyntheticPatient.streamSeed(seed, n, 100 + k)), date);
                counts[TABLES * SLOT]++;
                for (Map.Entry<ExtractTable, List<String[]>> e : res.rows().entrySet()) {
                    int ti = e.getKey().ordinal();
                    Writer out = w[ti];
                    for (String[] row : e.getValue()) {
                        line.setLength(0);
                        line.append(ExtractCsv.line(row)).append('\n');
                        out.append(line);
                    }
                    counts[ti * SLOT] += e.getValue().size();
                    counts[ti * SLOT + 1] += res.accepted()[ti];
                    for (int d = 0; d < DEFECTS; d++) {
                        counts[ti * SLOT + 2 + d] += res.quarantined()[ti][d];
                    }
                }
            }
        } finally {
            for (Writer x : w) {
                if (x != null) {
                    x.close();
                }
            }
        }
        return counts;
    }

    private static void concatenate(FileSystem fs, Path partsDir, Path target, ExtractTable t, int parts)
            throws IOException {
        try (OutputStream o = fs.create(target, true)) {
            o.write((ExtractCsv.header(t) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[1 << 20];
            for (int i = 0; i < parts; i++) {
                Path part = new Path(partsDir, String.format(java.util.Locale.ROOT, "part-%06d.csv", i));
                try (InputStream in = fs.open(part)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        o.write(buf, 0, n);
                    }
                }
            }
        }
    }

    private Map<String, Object> quarantineTruth(LocalDate date, long[] total) {
        Map<String, Object> j = Json.object();
        j.put("extract_date", date.toString());
        j.put("seed", seed);
        j.put("dirty_fraction", dirty);
        j.put("patients_delivered", total[TABLES * SLOT]);
        Map<String, Object> files = Json.object();
        Map<String, Long> all = new java.util.LinkedHashMap<>();
        for (ExtractTable t : ExtractTable.values()) {
            int base = t.ordinal() * SLOT;
            Map<String, Object> f = Json.object();
            long read = total[base];
            long accepted = total[base + 1];
            f.put("rows_read", read);
            f.put("rows_accepted", accepted);
            f.put("rows_quarantined", read - accepted);
            Map<String, Object> reasons = Json.object();
            for (Defect d : Defect.values()) {
                long c = total[base + 2 + d.ordinal()];
                if (c > 0) {
                    reasons.put(d.code(), c);
                    all.merge(d.code(), c, Long::sum);
                }
            }
            f.put("reasons", reasons);
            files.put(t.fileName(), f);
        }
        j.put("files", files);
        Map<String, Object> q = Json.object();
        for (Defect d : Defect.values()) {
            if (all.containsKey(d.code())) {
                q.put(d.code(), all.get(d.code()));
            }
        }
        j.put("quarantine", q);
        return j;
    }

    /**
     * The merged registry's truth over nights 0..{@code nights}−1: for each patient the latest extract
     * whose patient row is accepted; counts of patients delivered, accepted at least once, withdrawn
     * (latest accepted record), in the registry (the others) and, among those, alive and dead (a death
     * date in the latest accepted record).
     */
    private void writeMerged(SparkSession spark, java.nio.file.Path out, int parts, int nights) {
        RegistrySettings p = settings;
        long s = seed;
        double f = dirty;
        long n0 = patients;
        LocalDate first = settings.dates().firstExtract();
        JavaRDD<Long> ids = spark.range(0, NightlyPlan.delivered(p.nightly(), n0, nights), 1, parts).javaRDD()
                .map(x -> (Long) x);
        long[] c = ids.map(n -> {
            long[] r = new long[6];
            NightlyPlan plan = NightlyPlan.of(p.nightly(), s, n0, n, nights);
            int latest = -1;
            for (int k = nights - 1; k >= 0 && latest < 0; k--) {
                if (plan.present(k) && patientRowAccepted(f, s, n, k)) {
                    latest = k;
                }
            }
            r[0] = 1;
            if (latest >= 0) {
                r[1] = 1;
                if (plan.withdrawnIn(latest)) {
                    r[2] = 1;
                } else {
                    r[3] = 1;
                    boolean dead = SyntheticPatient.draw(p, s, n, first.plusDays(latest), false).dead();
                    r[dead ? 5 : 4] = 1;
                }
            }
            return r;
        }).reduce((a, b) -> {
            long[] x = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                x[i] = a[i] + b[i];
            }
            return x;
        });
        Map<String, Object> j = Json.object();
        List<String> dates = new ArrayList<>();
        for (int k = 0; k < nights; k++) {
            dates.add(extractDate(k).toString());
        }
        j.put("extracts", dates);
        j.put("seed", seed);
        j.put("dirty_fraction", dirty);
        j.put("patients_delivered", c[0]);
        j.put("patients_accepted", c[1]);
        j.put("withdrawn", c[2]);
        j.put("in_registry", c[3]);
        j.put("alive", c[4]);
        j.put("dead", c[5]);
        AtomicFiles.writeAtomically(SeriesFolder.mergedTruth(out), Json.write(j));
    }

    /**
     * The file system of {@code uri}; for local files the raw one, which writes no {@code .crc}
     * side files into the extract folders.
     */
    static FileSystem fileSystem(String uri) throws IOException {
        FileSystem fs = new Path(uri).getFileSystem(new Configuration());
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /** Whether the patient row of patient {@code n} in extract {@code k} is accepted (the injector's first draws). */
    static boolean patientRowAccepted(double dirty, long seed, long n, int k) {
        if (dirty <= 0) {
            return true;
        }
        SplittableRandom r = new SplittableRandom(SyntheticPatient.streamSeed(seed, n, 100 + k));
        Defect d = DefectInjector.patientDefect(dirty, r);
        return d == null || d == Defect.DUPLICATE_ROW;
    }
}
