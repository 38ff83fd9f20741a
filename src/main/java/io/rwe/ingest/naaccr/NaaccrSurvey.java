package io.rwe.ingest.naaccr;

import io.rwe.core.CollectedBytes;
import io.rwe.ingest.FileDigest;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The first, cheap pass over NAACCR XML files, in one Spark job: the SHA-256 of every file, and for
 * every byte range (split) of the files to read, its line feeds and the first {@code <Patient>} start
 * tag at or after its start. From these few numbers per split the driver cuts each file into read
 * tasks that start on a start tag, on a known line ({@link PatientRecords.Task}).
 */
final class NaaccrSurvey {

    /** Hash a whole file, or scan one split of it. */
    record Work(int file, String path, boolean hash, long start, long end) implements Serializable {
    }

    /** A hash, or what a split scan found (tag -1 when no start tag follows the split's start). */
    record Found(int file, String sha256, long start, long newlines, long tag, long tagNewlines)
            implements Serializable {
    }

    /** What the survey knows about the files: hashes by path, read tasks per file to read. */
    record Result(Map<Path, String> sha256, Map<Path, List<PatientRecords.Task>> tasks) {
    }

    private NaaccrSurvey() {
    }

    /**
     * Hashes every file of {@code toHash} and cuts every file of {@code toRead} into read tasks of about
     * {@code settings.splitBytes()} bytes.
     */
    static Result run(SparkSession spark, List<Path> toHash, List<NaaccrFile> toRead,
                      NaaccrSettings settings) {
        List<Work> work = new ArrayList<>();
        List<Path> files = new ArrayList<>(toHash);
        for (int i = 0; i < toHash.size(); i++) {
            work.add(new Work(i, toHash.get(i).toString(), true, 0, 0));
        }
        for (NaaccrFile f : toRead) {
            int id = files.size();
            files.add(f.path());
            work.add(new Work(id, f.path().toString(), true, 0, 0));
            for (long s = f.headerEnd(); s < f.size(); s += settings.splitBytes()) {
                work.add(new Work(id, f.path().toString(), false, s, Math.min(f.size(), s + settings.splitBytes())));
            }
        }
        Map<Path, String> hashes = new HashMap<>();
        Map<Path, List<PatientRecords.Task>> tasks = new HashMap<>();
        if (work.isEmpty()) {
            return new Result(hashes, tasks);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobDescription("ingest: hash and survey " + files.size() + " NAACCR files");
        List<Found> found = CollectedBytes.collect(spark, jsc.parallelize(work, work.size()).map(NaaccrSurvey::survey));
        spark.sparkContext().setJobDescription(null);
        Map<Integer, List<Found>> splits = new HashMap<>();
        for (Found f : found) {
            if (f.sha256() != null) {
                hashes.put(files.get(f.file()), f.sha256());
            } else {
                splits.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f);
            }
        }
        for (int i = 0; i < toRead.size(); i++) {
            NaaccrFile file = toRead.get(i);
            List<Found> ss = new ArrayList<>(splits.getOrDefault(toHash.size() + i, List.of()));
            ss.sort(Comparator.comparingLong(Found::start));
            // newlines before the header's end: those of the header text
            long newlines = file.header().chars().filter(c -> c == '\n').count();
            TreeMap<Long, Long> tagLines = new TreeMap<>();
            for (Found s : ss) {
                if (s.tag() >= 0) {
                    tagLines.putIfAbsent(s.tag(), 1 + newlines + s.tagNewlines());
                }
                newlines += s.newlines();
            }
            List<PatientRecords.Task> fileTasks = new ArrayList<>();
            List<Long> starts = new ArrayList<>(tagLines.keySet());
            for (int k = 0; k < starts.size(); k++) {
                long start = starts.get(k);
                boolean last = k + 1 == starts.size();
                fileTasks.add(new PatientRecords.Task(file.path().toString(), file.name(), start,
                        last ? file.size() : starts.get(k + 1), last, tagLines.get(start), file.header(), settings));
            }
            tasks.put(file.path(), fileTasks);
        }
        return new Result(hashes, tasks);
    }

    private static Found survey(Work w) {
        if (w.hash()) {
            return new Found(w.file(), FileDigest.sha256(w.path()), 0, 0, -1, 0);
        }
        PatientTags.Scan s = PatientTags.scan(w.path(), w.start(), w.end(), 1, true);
        PatientTags.Tag t = s.tags().isEmpty() ? null : s.tags().get(0);
        return new Found(w.file(), null, w.start(), s.newlines(), t == null ? -1 : t.offset(),
                t == null ? 0 : t.line() - 1);
    }
}
