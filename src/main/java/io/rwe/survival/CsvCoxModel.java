package io.rwe.survival;

import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.CoxColumns;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.CoxRegression;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The adjusted Cox model of {@code jobs/survival --covariates} on CSV input, with the input parsed once: each task
 * reads its byte range line by line by the plain-line rules ({@link PlainLine}) straight into the columns of
 * {@link CoxColumns} (time, event, stratum, and each covariate as a dictionary of its distinct values), which
 * then find the design and fit the model.
 *
 * <p>It gives what the model gives on the rows of Spark's CSV reader with the column rules of
 * {@link SurvivalTable}, bit for bit: the same rows (complete cases), the same design (a covariate is numeric
 * unless named by {@code --factors} or some value present, in any row, is not a number), the same encoded values.
 * When it cannot — a line that is not plain, a covariate value that Spark might read as a number in another
 * spelling ({@code 1e5}, {@code +1}, {@code Inf}), a covariate with text among more than
 * {@link CoxColumns#DISTINCT_PER_TASK} distinct values in one task — it says so by returning empty, and the
 * caller reads the rows through Spark.
 */
final class CsvCoxModel {

    private CsvCoxModel() {
    }

    /**
     * What a task needs: the field numbers of time, event and stratum (-1: none) and of the covariates (the
     * group first), the event value of {@code --event-value} and its number.
     */
    record Spec(int time, int event, int stratum, int[] covariates, String eventValue, Double eventNumber)
            implements Serializable {
    }

    /**
     * Fits the model of the group (levels {@code groups}, the first the reference) adjusted for
     * {@code --covariates} on a CSV input; empty when the input needs Spark's own CSV rules.
     */
    static Optional<AdjustedCox.Outcome> fit(SparkSession spark, SurvivalTable table, List<String> groups,
            CoxRegression regression) {
        return fit(spark, table, groups, regression, 0);
    }

    /** {@link #fit} with byte ranges of at most {@code split} bytes (0: about a quarter of the input per core). */
    static Optional<AdjustedCox.Outcome> fit(SparkSession spark, SurvivalTable table, List<String> groups,
            CoxRegression regression, long split) {
        SurvivalOptions o = table.options();
        List<String> header = table.header();
        List<CoxColumns.Variable> variables = new ArrayList<>();
        variables.add(new CoxColumns.Variable(TypedResults.GROUP, true, groups, null));
        for (String c : o.covariates()) {
            variables.add(new CoxColumns.Variable(c, o.factors().contains(c) ? Boolean.TRUE : null, List.of(), null));
        }
        int[] fields = new int[variables.size()];
        fields[0] = header.indexOf(o.group().orElseThrow());
        for (int i = 1; i < fields.length; i++) {
            fields[i] = header.indexOf(variables.get(i).name());
        }
        String value = o.eventValue().map(String::trim).orElse(null);
        Spec spec = new Spec(header.indexOf(o.time()), header.indexOf(o.event()),
                o.strata().map(header::indexOf).orElse(-1), fields, value,
                value == null ? null : SurvivalTable.number(value).orElse(null));
        JavaRDD<CoxColumns.Chunk> chunks = (split > 0 ? CsvRiskSets.lines(spark, o.input(), split)
                : CsvRiskSets.lines(spark, o.input()))
                .mapPartitionsWithInputSplit((InputSplit s, Iterator<Tuple2<LongWritable, Text>> it) ->
                        List.of(parse((FileSplit) s, it, spec)).iterator(), false);
        return CoxColumns.fit(spark, chunks, variables, groups, regression);
    }

    // ---- in the tasks ----

    /** One byte range's lines as a chunk, or {@link CoxColumns.Chunk#notPlain()} at the first line that is not plain. */
    static CoxColumns.Chunk parse(FileSplit split, Iterator<Tuple2<LongWritable, Text>> lines, Spec spec) {
        int k = spec.covariates().length;
        CoxColumns.Chunk c = new CoxColumns.Chunk(k);
        int[] needed = new int[k + 3];
        needed[0] = spec.time();
        needed[1] = spec.event();
        needed[2] = spec.stratum();
        System.arraycopy(spec.covariates(), 0, needed, 3, k);
        PlainLine line = new PlainLine(needed, spec.eventValue(), spec.eventNumber());
        int[] entry = new int[k];
        double[] value = new double[k];
        boolean header = split.getStart() == 0;
        while (lines.hasNext()) {
            Text t = lines.next()._2();
            byte[] b = t.getBytes();
            int n = t.getLength();
            if (CsvRiskSets.blank(b, n)) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            c.countLine();
            if (!line(c, line, b, n, spec, entry, value)) {
                return CoxColumns.Chunk.notPlain();
            }
        }
        c.finish();
        return c;
    }

    /** Reads one line into the chunk (its values always, its row when complete); false when it is not plain. */
    private static boolean line(CoxColumns.Chunk c, PlainLine line, byte[] b, int n, Spec spec, int[] entry,
            double[] value) {
        if (!line.split(b, n)) {
            return false;
        }
        int ts = line.time(b, spec.time());
        if (ts == PlainLine.NOT_PLAIN) {
            return false;
        }
        double t = line.value;
        int ev = line.event(b, spec.event());
        if (ev == PlainLine.NOT_PLAIN) {
            return false;
        }
        int st = -1;
        if (spec.stratum() >= 0) {
            st = label(c.strata(), line, b, spec.stratum());
            if (st == PlainLine.NOT_PLAIN) {
                return false;
            }
        }
        boolean complete = ts != PlainLine.MISSING && ev != PlainLine.MISSING && st != PlainLine.MISSING;
        for (int i = 0; i < spec.covariates().length; i++) {
            int f = spec.covariates()[i];
            CoxColumns.Values v = c.covariate(i);
            entry[i] = -1;
            if (line.missing(b, f)) {
                complete = false;
                continue;
            }
            int s = line.start(f);
            int e = line.end(f);
            if (v.numberMode()) {
                if (!line.number(b, s, e)) {
                    return false; // text (or another spelling of a number) among too many values
                }
                value[i] = line.value;
                continue;
            }
            int at = v.find(b, s, e);
            if (at < 0) {
                if (PlainLine.padded(b, s, e)) {
                    return false;
                }
                boolean num = line.number(b, s, e);
                if (!num && !text(b, s, e)) {
                    return false;
                }
                if (v.full()) {
                    if (!num || !v.allNumbers()) {
                        return false;
                    }
                    v.toNumbers();
                    value[i] = line.value;
                    continue;
                }
                at = v.add(b, s, e, new String(b, s, e - s, StandardCharsets.UTF_8), num, num ? line.value : Double.NaN);
            }
            entry[i] = at;
        }
        if (complete) {
            c.addComplete(t, ev == 1, st, entry, value);
        }
        return true;
    }

    /** A label's entry, MISSING, or NOT_PLAIN when it starts or ends with a space or control byte. */
    private static int label(CoxColumns.Values labels, PlainLine line, byte[] b, int f) {
        if (line.missing(b, f)) {
            return PlainLine.MISSING;
        }
        int s = line.start(f);
        int e = line.end(f);
        if (PlainLine.padded(b, s, e)) {
            return PlainLine.NOT_PLAIN;
        }
        int at = labels.find(b, s, e);
        return at >= 0 ? at : labels.add(b, s, e, new String(b, s, e - s, StandardCharsets.UTF_8), false, Double.NaN);
    }

    /**
     * Text that no spelling of Spark's cast reads as a number: no digit (a digit with letters may be
     * {@code 1e5} or {@code 1d}) and not one of Spark's special literals (inf, infinity, nan, signed).
     */
    private static boolean text(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                return false;
            }
        }
        String t = new String(b, s, e - s, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return !(t.equals("inf") || t.equals("infinity") || t.equals("nan"));
    }
}
