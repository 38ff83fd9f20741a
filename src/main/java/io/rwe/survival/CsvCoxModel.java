package io.rwe.survival;

import io.rwe.core.CollectedBytes;
import io.rwe.riskset.AdjustedCox;
import io.rwe.riskset.CoxSums;
import io.rwe.riskset.TypedResults;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegression;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The adjusted Cox model of {@code jobs/survival --covariates} on CSV input, with the input parsed once: each task
 * reads its byte range line by line by the plain-line rules ({@link PlainLine}) straight into columns (time,
 * event, stratum, and each covariate as a number into a dictionary of its distinct values), which are cached;
 * the design is found on the driver from the tasks' dictionaries (one collect of one entry per distinct value
 * and task, never per row); then the rows are encoded from the cached columns and packed by
 * {@link CoxSums#ofEncoded} into the blocks the Newton steps read.
 *
 * <p>It gives what {@link AdjustedCox#fit} gives on the rows of Spark's CSV reader, bit for bit: the same rows
 * (complete cases), the same design (a covariate is numeric unless named by {@code --factors} or some value
 * present is not a number; the means and absolute deviations are summed as the same exact decimals: a
 * double's decimal of 18 places, rounded half up from its shortest representation, as Spark casts it), the same
 * encoded values, the same blocks' order. When it cannot — a line that is not plain, a covariate value that
 * Spark might read as a number in another spelling ({@code 1e5}, {@code +1}, {@code Inf}), a categorical
 * covariate of more than {@link #DISTINCT_PER_TASK} distinct values in one task — it says so by returning
 * empty, and the caller takes the generic path.
 */
final class CsvCoxModel {

    /** Distinct values of one covariate kept as text in one task; beyond, a numeric covariate is kept as numbers. */
    static final int DISTINCT_PER_TASK = 1 << 16;

    private static final BigDecimal EXACT_LIMIT = BigDecimal.TEN.pow(20);

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
        List<String> names = new ArrayList<>();
        names.add(TypedResults.GROUP);
        names.addAll(o.covariates());
        int[] fields = new int[names.size()];
        fields[0] = header.indexOf(o.group().orElseThrow());
        for (int i = 1; i < fields.length; i++) {
            fields[i] = header.indexOf(names.get(i));
        }
        String value = o.eventValue().map(String::trim).orElse(null);
        Spec spec = new Spec(header.indexOf(o.time()), header.indexOf(o.event()),
                o.strata().map(header::indexOf).orElse(-1), fields, value,
                value == null ? null : SurvivalTable.number(value).orElse(null));

        CollectedBytes counter = CollectedBytes.attach(spark);
        long before = counter.dataBytes();
        JavaRDD<Chunk> chunks = (split > 0 ? CsvRiskSets.lines(spark, o.input(), split)
                : CsvRiskSets.lines(spark, o.input()))
                .mapPartitionsWithInputSplit((InputSplit s, Iterator<Tuple2<LongWritable, Text>> it) ->
                        List.of(Chunk.parse((FileSplit) s, it, spec)).iterator(), false)
                .persist(StorageLevel.MEMORY_AND_DISK());
        CoxSums sums = null;
        try {
            List<Summary> summaries = CollectedBytes.collect(spark, chunks.map(Chunk::summary));
            Optional<Design> found = Design.of(summaries, names, o.factors(), groups);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Design d = found.get();
            CoxDesign design = d.design(spark, chunks);
            long designBytes = counter.dataBytes() - before;
            String why = AdjustedCox.unsupported(design, groups);
            if (why != null) {
                return Optional.of(new AdjustedCox.Outcome(null, design, d.n, d.total - d.n, why,
                        new AdjustedCox.Accounting(designBytes, 0, 0, 0)));
            }
            Encoding encoding = Encoding.of(design);
            sums = CoxSums.ofEncoded(spark, chunks.map(c -> c.encode(encoding)), encoding.p(), d.n);
            chunks.unpersist(false);
            return Optional.of(AdjustedCox.fit(spark, design, d.n, d.total - d.n, designBytes, sums, regression));
        } finally {
            if (sums != null) {
                sums.close();
            }
            chunks.unpersist(false);
        }
    }

    /**
     * The decimal Spark sums a double as ({@code try_cast(x as decimal(38, 18))}): its shortest decimal
     * representation rounded half up to 18 places; null beyond ±10²⁰ (the cast overflows).
     */
    static BigDecimal exact(double x) {
        if (!Double.isFinite(x)) {
            return null;
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).setScale(18, RoundingMode.HALF_UP);
        return d.abs().compareTo(EXACT_LIMIT) >= 0 ? null : d;
    }

    // ---- in the tasks ----

    /**
     * One covariate's values in a task: a dictionary of the distinct values present (text, whether a number,
     * the number, rows among the complete ones) and each complete row's entry; or, once a numeric covariate
     * has more than {@link #DISTINCT_PER_TASK} distinct values, each complete row's number.
     */
    static final class Values implements Serializable {
        private static final long serialVersionUID = 1L;
        byte[][] bytes = new byte[16][];
        String[] text = new String[16];
        boolean[] isNumber = new boolean[16];
        double[] number = new double[16];
        long[] complete = new long[16];
        int size;
        int[] entryOfRow = new int[1024];
        /** Number mode: each complete row's value (entryOfRow is then unused). */
        double[] numberOfRow;
        int rows;
        private transient int[] table = newTable(64);

        private static int[] newTable(int n) {
            int[] t = new int[n];
            java.util.Arrays.fill(t, -1);
            return t;
        }

        boolean numberMode() {
            return numberOfRow != null;
        }

        private static int hash(byte[] b, int s, int e) {
            int h = 1;
            for (int i = s; i < e; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }

        /** The entry of the bytes, -1 when new. */
        int find(byte[] b, int s, int e) {
            int mask = table.length - 1;
            for (int h = hash(b, s, e) & mask;; h = (h + 1) & mask) {
                int at = table[h];
                if (at < 0) {
                    return -1;
                }
                if (java.util.Arrays.equals(bytes[at], 0, bytes[at].length, b, s, e)) {
                    return at;
                }
            }
        }

        int add(byte[] b, int s, int e, boolean num, double v) {
            if (size == bytes.length) {
                int cap = size * 2;
                bytes = java.util.Arrays.copyOf(bytes, cap);
                text = java.util.Arrays.copyOf(text, cap);
                isNumber = java.util.Arrays.copyOf(isNumber, cap);
                number = java.util.Arrays.copyOf(number, cap);
                complete = java.util.Arrays.copyOf(complete, cap);
            }
            bytes[size] = java.util.Arrays.copyOfRange(b, s, e);
            text[size] = new String(b, s, e - s, StandardCharsets.UTF_8);
            isNumber[size] = num;
            number[size] = v;
            int mask = table.length - 1;
            int h = hash(b, s, e) & mask;
            while (table[h] >= 0) {
                h = (h + 1) & mask;
            }
            table[h] = size;
            size++;
            if (size * 2 > table.length) {
                table = newTable(table.length * 2);
                for (int i = 0; i < size; i++) {
                    int k = hash(bytes[i], 0, bytes[i].length) & (table.length - 1);
                    while (table[k] >= 0) {
                        k = (k + 1) & (table.length - 1);
                    }
                    table[k] = i;
                }
            }
            return size - 1;
        }

        /** Keeps numbers from now on: the rows so far get their entries' numbers; the dictionary is dropped. */
        void toNumbers() {
            numberOfRow = new double[Math.max(1024, rows * 2)];
            for (int i = 0; i < rows; i++) {
                numberOfRow[i] = number[entryOfRow[i]];
            }
            entryOfRow = null;
            bytes = null;
            text = null;
            table = null;
        }

        void addRow(int entry, double value) {
            if (numberMode()) {
                if (rows == numberOfRow.length) {
                    numberOfRow = java.util.Arrays.copyOf(numberOfRow, rows * 2);
                }
                numberOfRow[rows++] = value;
            } else {
                if (rows == entryOfRow.length) {
                    entryOfRow = java.util.Arrays.copyOf(entryOfRow, rows * 2);
                }
                entryOfRow[rows++] = entry;
                complete[entry]++;
            }
        }

        /** The value of complete row i as a number (numeric covariates only). */
        double numberAt(int i) {
            return numberMode() ? numberOfRow[i] : number[entryOfRow[i]];
        }

        void trim() {
            if (numberMode()) {
                numberOfRow = java.util.Arrays.copyOf(numberOfRow, rows);
            } else {
                entryOfRow = java.util.Arrays.copyOf(entryOfRow, rows);
            }
        }
    }

    /** One task's complete rows as columns, and its accounting. */
    static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        /** False when a line or a value needs Spark's own rules; nothing else is then kept. */
        boolean plain = true;
        long lines;
        int rows;
        final transient CsvRiskSets.Labels strata = new CsvRiskSets.Labels();
        String[] strataText;
        int[] stratum = new int[1024];
        double[] time = new double[1024];
        boolean[] event = new boolean[1024];
        Values[] covariates;

        static Chunk parse(FileSplit split, Iterator<Tuple2<LongWritable, Text>> lines, Spec spec) {
            Chunk c = new Chunk();
            int k = spec.covariates().length;
            c.covariates = new Values[k];
            for (int i = 0; i < k; i++) {
                c.covariates[i] = new Values();
            }
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
                c.lines++;
                if (!c.line(line, b, n, spec, entry, value)) {
                    Chunk bad = new Chunk();
                    bad.plain = false;
                    return bad;
                }
            }
            c.finish();
            return c;
        }

        /** Reads one line into the columns (when complete); false when it is not plain. */
        private boolean line(PlainLine line, byte[] b, int n, Spec spec, int[] entry, double[] value) {
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
                st = line.label(strata, b, spec.stratum());
                if (st == PlainLine.NOT_PLAIN) {
                    return false;
                }
            }
            boolean complete = ts != PlainLine.MISSING && ev != PlainLine.MISSING && st != PlainLine.MISSING;
            for (int i = 0; i < covariates.length; i++) {
                int f = spec.covariates()[i];
                Values v = covariates[i];
                if (line.missing(b, f)) {
                    complete = false;
                    entry[i] = -1;
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
                    if ((b[s] & 0xFF) <= ' ' || (b[e - 1] & 0xFF) <= ' ') {
                        return false;
                    }
                    boolean num = line.number(b, s, e);
                    if (!num && !text(b, s, e)) {
                        return false;
                    }
                    if (v.size == DISTINCT_PER_TASK) {
                        if (!num || !allNumbers(v)) {
                            return false;
                        }
                        v.toNumbers();
                        value[i] = line.value;
                        continue;
                    }
                    at = v.add(b, s, e, num, num ? line.value : Double.NaN);
                }
                entry[i] = at;
            }
            if (!complete) {
                return true;
            }
            if (rows == time.length) {
                int cap = rows * 2;
                time = java.util.Arrays.copyOf(time, cap);
                event = java.util.Arrays.copyOf(event, cap);
                stratum = java.util.Arrays.copyOf(stratum, cap);
            }
            time[rows] = t;
            event[rows] = ev == 1;
            stratum[rows] = st;
            rows++;
            for (int i = 0; i < covariates.length; i++) {
                covariates[i].addRow(entry[i], value[i]);
            }
            return true;
        }

        private static boolean allNumbers(Values v) {
            for (int i = 0; i < v.size; i++) {
                if (!v.isNumber[i]) {
                    return false;
                }
            }
            return true;
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

        private void finish() {
            time = java.util.Arrays.copyOf(time, rows);
            event = java.util.Arrays.copyOf(event, rows);
            stratum = java.util.Arrays.copyOf(stratum, rows);
            for (Values v : covariates) {
                v.trim();
            }
            strataText = new String[strata.size()];
            for (int i = 0; i < strataText.length; i++) {
                strataText[i] = strata.label(i);
            }
        }

        /** What the design needs from this task. */
        Summary summary() {
            Summary s = new Summary();
            s.plain = plain;
            s.lines = lines;
            s.rows = rows;
            if (!plain) {
                return s;
            }
            s.covariates = new Summary.Covariate[covariates.length];
            for (int i = 0; i < covariates.length; i++) {
                Values v = covariates[i];
                Summary.Covariate c = new Summary.Covariate();
                if (v.numberMode()) {
                    c.numbers = true;
                    c.moments = Moments.of(v.numberOfRow, v.rows, Double.NaN);
                } else {
                    c.text = java.util.Arrays.copyOf(v.text, v.size);
                    c.isNumber = java.util.Arrays.copyOf(v.isNumber, v.size);
                    c.number = java.util.Arrays.copyOf(v.number, v.size);
                    c.complete = java.util.Arrays.copyOf(v.complete, v.size);
                }
                s.covariates[i] = c;
            }
            return s;
        }

        /** Σ|x − mean| of covariate i's complete rows (numeric, number mode), as {@link Moments}. */
        Moments deviations(int i, double mean) {
            Values v = covariates[i];
            return v.numberMode() ? Moments.of(v.numberOfRow, v.rows, mean) : Moments.EMPTY;
        }

        /** The complete rows encoded by the design. */
        CoxSums.EncodedRows encode(Encoding enc) {
            int p = enc.p();
            double[] x = new double[rows * p];
            int col = 0;
            for (int i = 0; i < covariates.length; i++) {
                Values v = covariates[i];
                String[] levels = enc.level()[i];
                int m = levels.length;
                if (m == 0) {
                    continue;
                }
                if (v.numberMode()) {
                    for (int r = 0; r < rows; r++) {
                        x[r * p + col] = enc.encode(i, 0, v.numberOfRow[r]);
                    }
                } else {
                    // Each distinct value's encoded columns, once.
                    double[] byEntry = new double[v.size * m];
                    for (int e = 0; e < v.size; e++) {
                        for (int j = 0; j < m; j++) {
                            double raw = levels[j] == null ? v.number[e] : v.text[e].equals(levels[j]) ? 1.0 : 0.0;
                            byEntry[e * m + j] = enc.encode(i, j, raw);
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(byEntry, v.entryOfRow[r] * m, x, r * p + col, m);
                    }
                }
                col += m;
            }
            return new CoxSums.EncodedRows(strataText, stratum, time, event, x);
        }
    }

    /**
     * Sums of numbers (or of |x − mean| when a mean is given) as Spark's aggregations of the generic path make
     * them: the exact decimal sum of {@link #exact}, the count of values without one ({@code inexact}), the sum
     * of doubles (used only then), and the count of values outside {−1, 0, 1}.
     */
    record Moments(long count, BigDecimal exactSum, long inexact, double doubleSum, long nonUnit)
            implements Serializable {
        static final Moments EMPTY = new Moments(0, BigDecimal.ZERO, 0, 0.0, 0);

        static Moments of(double[] values, int n, double mean) {
            BigDecimal sum = BigDecimal.ZERO;
            long inexact = 0;
            double dsum = 0;
            long nonUnit = 0;
            for (int i = 0; i < n; i++) {
                double x = Double.isNaN(mean) ? values[i] : Math.abs(values[i] - mean);
                BigDecimal d = exact(x);
                if (d == null) {
                    inexact++;
                } else {
                    sum = sum.add(d);
                }
                dsum += x;
                if (!(x == -1.0 || x == 0.0 || x == 1.0)) {
                    nonUnit++;
                }
            }
            return new Moments(n, sum, inexact, dsum, nonUnit);
        }

        /** {@code times} values x more. */
        Moments plus(double x, long times) {
            BigDecimal d = exact(x);
            return new Moments(count + times, d == null ? exactSum : exactSum.add(d.multiply(BigDecimal.valueOf(times))),
                    inexact + (d == null ? times : 0), doubleSum + x * times,
                    nonUnit + (x == -1.0 || x == 0.0 || x == 1.0 ? 0 : times));
        }

        Moments plus(Moments o) {
            return new Moments(count + o.count, exactSum.add(o.exactSum), inexact + o.inexact, doubleSum + o.doubleSum,
                    nonUnit + o.nonUnit);
        }

        /**
         * The sum divided by n as the generic path computes it: the exact decimal sum when every value had one and
         * it stays within decimal(38, 18), else the sum of doubles.
         */
        double over(long n) {
            if (inexact > 0 || exactSum.abs().compareTo(EXACT_LIMIT) >= 0) {
                return doubleSum / n;
            }
            return exactSum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
        }
    }

    /** What one task tells the driver. */
    static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        boolean plain;
        long lines;
        long rows;
        Covariate[] covariates;

        static final class Covariate implements Serializable {
            private static final long serialVersionUID = 1L;
            /** Number mode: only the moments of the complete rows. */
            boolean numbers;
            Moments moments;
            String[] text;
            boolean[] isNumber;
            double[] number;
            long[] complete;
        }
    }

    /** The design found from the tasks' summaries. */
    static final class Design {
        final List<Summary> summaries;
        final List<String> names;
        final boolean[] categorical;
        final List<Set<String>> levels = new ArrayList<>();
        final List<String> groups;
        final long total;
        final long n;

        private Design(List<Summary> summaries, List<String> names, boolean[] categorical, List<String> groups) {
            this.summaries = summaries;
            this.names = names;
            this.categorical = categorical;
            this.groups = groups;
            long t = 0;
            long m = 0;
            for (Summary s : summaries) {
                t += s.lines;
                m += s.rows;
            }
            total = t;
            n = m;
        }

        /**
         * Which covariates are categorical (the group; those of {@code --factors}; those with a value present that
         * is not a number), and their levels among the complete rows; empty when a task needs Spark's rules or a
         * categorical covariate was kept as numbers.
         */
        static Optional<Design> of(List<Summary> summaries, List<String> names, List<String> factors,
                List<String> groups) {
            boolean[] categorical = new boolean[names.size()];
            for (int i = 0; i < names.size(); i++) {
                categorical[i] = i == 0 || factors.contains(names.get(i));
            }
            for (Summary s : summaries) {
                if (!s.plain) {
                    return Optional.empty();
                }
                for (int i = 0; i < names.size(); i++) {
                    Summary.Covariate c = s.covariates[i];
                    if (!c.numbers) {
                        for (boolean num : c.isNumber) {
                            categorical[i] |= !num;
                        }
                    }
                }
            }
            Design d = new Design(summaries, names, categorical, groups);
            for (int i = 0; i < names.size(); i++) {
                Set<String> present = new LinkedHashSet<>();
                for (Summary s : summaries) {
                    Summary.Covariate c = s.covariates[i];
                    if (c.numbers && categorical[i]) {
                        return Optional.empty();
                    }
                    if (!c.numbers) {
                        for (int e = 0; e < c.text.length; e++) {
                            if (c.complete[e] > 0) {
                                present.add(c.text[e]);
                            }
                        }
                    }
                }
                d.levels.add(present);
            }
            return Optional.of(d);
        }

        /** The design: a numeric covariate's mean and Σ|x − mean| over the complete rows, as the generic path sums them. */
        CoxDesign design(SparkSession spark, JavaRDD<Chunk> chunks) {
            List<CoxDesign.Variable> variables = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (categorical[i]) {
                    variables.add(CoxDesign.categorical(names.get(i),
                            CoxDesign.orderLevels(levels.get(i), i == 0 ? groups : List.of(), null)));
                    continue;
                }
                Moments m = Moments.EMPTY;
                boolean numberMode = false;
                for (Summary s : summaries) {
                    Summary.Covariate c = s.covariates[i];
                    if (c.numbers) {
                        numberMode = true;
                        m = m.plus(c.moments);
                    } else {
                        for (int e = 0; e < c.text.length; e++) {
                            if (c.complete[e] > 0) {
                                m = m.plus(c.number[e], c.complete[e]);
                            }
                        }
                    }
                }
                double mean = n == 0 ? Double.NaN : m.over(n);
                Moments dev = Moments.EMPTY;
                for (Summary s : summaries) {
                    Summary.Covariate c = s.covariates[i];
                    if (!c.numbers) {
                        for (int e = 0; e < c.text.length; e++) {
                            if (c.complete[e] > 0) {
                                dev = dev.plus(Math.abs(c.number[e] - mean), c.complete[e]);
                            }
                        }
                    }
                }
                if (numberMode) {
                    int at = i;
                    double mu = mean;
                    for (Moments part : CollectedBytes.collect(spark, chunks.map(c -> c.deviations(at, mu)))) {
                        dev = dev.plus(part);
                    }
                }
                double absDev = n == 0 ? 0.0 : dev.over(1);
                variables.add(CoxDesign.numeric(names.get(i), n, mean, absDev, m.nonUnit() == 0));
            }
            return new CoxDesign(variables);
        }
    }

    /**
     * The design's columns per covariate, for the tasks: covariate i's column j indicates {@code level[i][j]} (null:
     * the covariate's number) and is encoded as (x − {@code center[i][j]})·{@code scale[i][j]}, as
     * {@link CoxDesign.Column#encode} does.
     */
    record Encoding(int p, String[][] level, double[][] center, double[][] scale) implements Serializable {
        static Encoding of(CoxDesign design) {
            int k = design.variables().size();
            String[][] level = new String[k][];
            double[][] center = new double[k][];
            double[][] scale = new double[k][];
            for (int i = 0; i < k; i++) {
                List<CoxDesign.Column> cols = design.variables().get(i).columns();
                level[i] = new String[cols.size()];
                center[i] = new double[cols.size()];
                scale[i] = new double[cols.size()];
                for (int j = 0; j < cols.size(); j++) {
                    level[i][j] = cols.get(j).level();
                    center[i][j] = cols.get(j).center();
                    scale[i][j] = cols.get(j).scale();
                }
            }
            return new Encoding(design.columns().size(), level, center, scale);
        }

        double encode(int i, int j, double x) {
            return (x - center[i][j]) * scale[i][j];
        }
    }
}
