package io.rwe.riskset;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxDesign;
import io.rwe.stats.CoxRegression;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Cox model's rows as columns in the tasks (docs/statistics-cox.md): each task keeps its complete rows (time,
 * event, stratum, every covariate present: R's {@code na.omit}) as primitive columns, each covariate as a
 * dictionary of its distinct values with each row's entry (a numeric covariate of more than
 * {@link #DISTINCT_PER_TASK} distinct values in one task as numbers instead); the columns are cached. The design is
 * found on the driver from the tasks' dictionaries (one entry per distinct value and task comes back, never a
 * row): a categorical covariate's levels present, a numeric one's mean and Σ|x − mean| summed as exact decimals
 * (a double's shortest decimal form rounded half up to 18 places, as Spark's {@code try_cast(x as decimal(38,
 * 18))} makes it: exact in any order, so the centres are the same bits however the input is partitioned; a sum
 * beyond ±10²⁰ falls back to a sum of doubles). The rows are then encoded from the cached columns and packed by
 * {@link CoxSums#ofEncoded} into the blocks the Newton steps read.
 *
 * <p>The columns are filled either from Spark rows ({@link #ofRows}: the study's models, Parquet input) or by a
 * reader of its own (the CSV line reader of {@code jobs/survival}), through {@link Chunk}'s methods.
 */
public final class CoxColumns {

    /** Distinct values of one covariate kept in one task's dictionary; beyond, a numeric covariate is kept as numbers. */
    public static final int DISTINCT_PER_TASK = 1 << 16;

    private static final BigDecimal EXACT_LIMIT = BigDecimal.TEN.pow(20);

    private CoxColumns() {
    }

    /**
     * A covariate of the model.
     *
     * @param name        its name in term names
     * @param categorical true or false; null to decide from the values (numeric unless a value present is text)
     * @param levels      a categorical covariate's preferred level order ({@link CoxDesign#orderLevels})
     * @param reference   its reference level, or null for the first
     */
    public record Variable(String name, Boolean categorical, List<String> levels, String reference)
            implements Serializable {
        public Variable {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
        }
    }

    /**
     * Fits the model on {@code chunks} (built lazily, one per task; cached here and released after the fit);
     * empty when a chunk is not {@link Chunk#plain()} or a categorical covariate was kept as numbers.
     *
     * @param variables in formula order (the group first, when there is one)
     * @param groups    the compared groups (levels the group must have), or empty
     */
    public static Optional<AdjustedCox.Outcome> fit(SparkSession spark, JavaRDD<Chunk> chunks, List<Variable> variables,
            List<String> groups, CoxRegression regression) {
        CollectedBytes counter = CollectedBytes.attach(spark);
        long before = counter.dataBytes();
        JavaRDD<Chunk> cached = chunks.persist(StorageLevel.MEMORY_AND_DISK());
        CoxSums sums = null;
        try {
            List<Summary> summaries = CollectedBytes.collect(spark, cached.map(Chunk::summary));
            Optional<Design> found = Design.of(summaries, variables);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Design d = found.get();
            CoxDesign design = d.design(spark, cached);
            long designBytes = counter.dataBytes() - before;
            String why = AdjustedCox.unsupported(design, groups);
            if (why != null) {
                return Optional.of(new AdjustedCox.Outcome(null, design, d.n, d.total - d.n, why,
                        new AdjustedCox.Accounting(designBytes, 0, 0, 0)));
            }
            Encoding encoding = Encoding.of(design);
            sums = CoxSums.ofEncoded(spark, cached.map(c -> c.encode(encoding)), encoding.p(), d.n);
            cached.unpersist(false); // the blocks hold what the Newton steps need
            return Optional.of(AdjustedCox.fit(spark, design, d.n, d.total - d.n, designBytes, sums, regression));
        } finally {
            if (sums != null) {
                sums.close();
            }
            cached.unpersist(false);
        }
    }

    /**
     * One task's chunk from Spark's internal rows, as the query produces them (not converted to external rows):
     * column 0 the time (double), 1 the event (boolean), 2 the stratum
     * (string), then each covariate (a categorical one as a string, a numeric one as a double); null is missing.
     */
    public static Chunk ofRows(Iterator<InternalRow> rows, boolean[] categorical, boolean stratified) {
        int[] at = new int[3 + categorical.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
        }
        RowReader reader = new RowReader(categorical, stratified);
        while (rows.hasNext()) {
            reader.add(rows.next(), at, null);
        }
        return reader.finish();
    }

    /**
     * One task's chunk filled a row at a time, from Spark's internal rows: a row's time (double), event (boolean),
     * stratum (string) and covariates (a categorical one as a string, a numeric one as a double) are read at the
     * given field positions, so one wider row can feed several models (null is missing).
     */
    public static final class RowReader {
        private final boolean[] categorical;
        private final boolean stratified;
        private final Chunk c;
        private final int[] entry;
        private final double[] value;
        private final byte[] bits = new byte[8];
        /** Per covariate, the constant texts given (up to {@link #CONSTANTS}) and their entries, by object. */
        private static final int CONSTANTS = 8;
        private final UTF8String[][] constantSeen;
        private final int[][] constantEntry;

        public RowReader(boolean[] categorical, boolean stratified) {
            this.categorical = categorical.clone();
            this.stratified = stratified;
            this.c = new Chunk(categorical.length);
            this.entry = new int[categorical.length];
            this.value = new double[categorical.length];
            this.constantSeen = new UTF8String[categorical.length][CONSTANTS];
            this.constantEntry = new int[categorical.length][CONSTANTS];
        }

        /**
         * A covariate's position ({@code at[3 + i]}) for a categorical value that is not in the row: the row is added
         * with its entry left open, to be set by {@link #setLater} (from a column batch) before {@link #finish}.
         */
        public static final int LATER = Integer.MIN_VALUE;

        /**
         * Adds one row (complete or not): {@code at[0]}, {@code at[1]}, {@code at[2]} the positions of its time,
         * event and stratum in {@code r}, {@code at[3 + i]} covariate i's; a covariate at a negative position is
         * categorical and takes the text {@code constant} (a model's group, say), one at {@link #LATER} is set
         * later. Returns the row's number among the complete rows, or −1 when it is not complete.
         */
        public int add(InternalRow r, int[] at, UTF8String constant) {
            c.lines++;
            boolean complete = !r.isNullAt(at[0]) && !r.isNullAt(at[1]);
            int st = -1;
            if (stratified) {
                if (r.isNullAt(at[2])) {
                    complete = false;
                } else {
                    st = c.strata.entry(r.getUTF8String(at[2]));
                }
            }
            for (int i = 0; i < categorical.length; i++) {
                entry[i] = -1;
                int f = at[3 + i];
                if (f < 0) {
                    if (f != LATER) {
                        entry[i] = entryOfConstant(i, constant);
                    }
                    continue;
                }
                if (r.isNullAt(f)) {
                    complete = false;
                    continue;
                }
                Values v = c.covariates[i];
                if (categorical[i]) {
                    entry[i] = v.entry(r.getUTF8String(f));
                    continue;
                }
                double x = r.getDouble(f);
                value[i] = x;
                if (v.numberMode()) {
                    continue;
                }
                long b = Double.doubleToLongBits(x);
                int found = v.findBits(b);
                if (found < 0) {
                    for (int j = 0; j < 8; j++) {
                        bits[j] = (byte) (b >>> (8 * j));
                    }
                    found = v.find(bits, 0, 8);
                    if (found < 0) {
                        if (v.full()) {
                            v.toNumbers();
                            continue;
                        }
                        found = v.add(bits, 0, 8, null, true, x);
                    }
                    v.indexBits(b, found);
                }
                entry[i] = found;
            }
            if (!complete) {
                return -1;
            }
            c.addComplete(r.getDouble(at[0]), r.getBoolean(at[1]), st, entry, value);
            return c.rows - 1;
        }

        /** Categorical covariate i's entry of {@code text} (added when new). */
        public int entryOf(int i, UTF8String text) {
            return c.covariates[i].entry(text);
        }

        /** Sets categorical covariate i of complete row {@code row} (added with i at {@link #LATER}) to an entry. */
        public void setLater(int row, int i, int entry) {
            c.covariates[i].setEntry(row, entry);
        }

        /**
         * Covariate i's entry of {@code constant}, remembered by the object given (a model hands over one object per
         * group, and its rows alternate between the groups; a batch reader one per yes, no, missing).
         */
        public int entryOfConstant(int i, UTF8String constant) {
            UTF8String[] seen = constantSeen[i];
            for (int k = 0; k < seen.length; k++) {
                if (seen[k] == constant) {
                    return constantEntry[i][k];
                }
                if (seen[k] == null) {
                    seen[k] = constant;
                    return constantEntry[i][k] = c.covariates[i].entry(constant);
                }
            }
            return c.covariates[i].entry(constant); // more constants than remembered: looked up each time
        }

        /** The task's chunk, its rows ended. */
        public Chunk finish() {
            c.finish();
            return c;
        }
    }

    /**
     * The decimal Spark sums a double as ({@code try_cast(x as decimal(38, 18))}): its shortest decimal
     * representation rounded half up to 18 places; null beyond ±10²⁰ (the cast overflows) or when not finite.
     */
    public static BigDecimal exact(double x) {
        if (!Double.isFinite(x)) {
            return null;
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).setScale(18, RoundingMode.HALF_UP);
        return d.abs().compareTo(EXACT_LIMIT) >= 0 ? null : d;
    }

    // ---- in the tasks ----

    /**
     * One covariate's values in a task: a dictionary of the distinct values present (by their bytes: text, or a
     * double's bits; the text, whether a number, the number, rows among the complete ones) and each complete
     * row's entry; or, once a numeric covariate has more than {@link #DISTINCT_PER_TASK} distinct values, each
     * complete row's number.
     */
    public static final class Values implements Serializable {
        private static final long serialVersionUID = 1L;
        private byte[][] bytes = new byte[16][];
        private String[] text = new String[16];
        private boolean[] isNumber = new boolean[16];
        private double[] number = new double[16];
        private long[] complete = new long[16];
        private int size;
        private int[] entryOfRow = new int[1024];
        /** Number mode: each complete row's value (entryOfRow is then unused). */
        private double[] numberOfRow;
        private int rows;
        private transient int[] table = newTable(64);
        /** A number's bits → its entry (open addressing; -1 free), kept by {@link RowReader} beside the table. */
        private transient long[] bitsKey;
        private transient int[] bitsEntry;
        private transient int bitsSize;

        private static int[] newTable(int n) {
            int[] t = new int[n];
            Arrays.fill(t, -1);
            return t;
        }

        /** Whether the rows are kept as numbers (no dictionary). */
        public boolean numberMode() {
            return numberOfRow != null;
        }

        /** Whether the dictionary holds {@link #DISTINCT_PER_TASK} values. */
        public boolean full() {
            return size == DISTINCT_PER_TASK;
        }

        private static int hash(byte[] b, int s, int e) {
            int h = 1;
            for (int i = s; i < e; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }

        /** The entry of the bytes, -1 when new. */
        public int find(byte[] b, int s, int e) {
            int mask = table.length - 1;
            for (int h = hash(b, s, e) & mask;; h = (h + 1) & mask) {
                int at = table[h];
                if (at < 0) {
                    return -1;
                }
                if (Arrays.equals(bytes[at], 0, bytes[at].length, b, s, e)) {
                    return at;
                }
            }
        }

        /** The entry of a number by its bits, as {@link #indexBits} recorded it; -1 when not recorded. */
        int findBits(long bits) {
            if (bitsKey == null) {
                return -1;
            }
            int mask = bitsKey.length - 1;
            for (int h = bitsHash(bits) & mask;; h = (h + 1) & mask) {
                int at = bitsEntry[h];
                if (at < 0 || bitsKey[h] == bits) {
                    return at;
                }
            }
        }

        /** Records that the number with these bits has {@code entry}. */
        void indexBits(long bits, int entry) {
            if (bitsKey == null || (bitsSize + 1) * 2 > bitsKey.length) {
                long[] oldKey = bitsKey;
                int[] oldEntry = bitsEntry;
                int cap = oldKey == null ? 64 : oldKey.length * 2;
                bitsKey = new long[cap];
                bitsEntry = new int[cap];
                Arrays.fill(bitsEntry, -1);
                bitsSize = 0;
                if (oldKey != null) {
                    for (int i = 0; i < oldKey.length; i++) {
                        if (oldEntry[i] >= 0) {
                            putBits(oldKey[i], oldEntry[i]);
                        }
                    }
                }
            }
            putBits(bits, entry);
        }

        private void putBits(long bits, int entry) {
            int mask = bitsKey.length - 1;
            int h = bitsHash(bits) & mask;
            while (bitsEntry[h] >= 0) {
                h = (h + 1) & mask;
            }
            bitsKey[h] = bits;
            bitsEntry[h] = entry;
            bitsSize++;
        }

        private static int bitsHash(long bits) {
            long h = bits * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        /** A text's entry, added when new; its bytes are looked up where Spark's row holds them, not copied. */
        int entry(UTF8String u) {
            byte[] b;
            int s;
            if (u.getBaseObject() instanceof byte[] base) {
                b = base;
                s = (int) (u.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
            } else {
                b = u.getBytes();
                s = 0;
            }
            int e = s + u.numBytes();
            int at = find(b, s, e);
            return at >= 0 ? at : add(b, s, e, u.toString(), false, Double.NaN);
        }

        /**
         * Adds a new value: its bytes, its text (null: not text), whether it is a number and which; returns its
         * entry.
         */
        public int add(byte[] b, int s, int e, String valueText, boolean num, double v) {
            if (size == bytes.length) {
                int cap = size * 2;
                bytes = Arrays.copyOf(bytes, cap);
                text = Arrays.copyOf(text, cap);
                isNumber = Arrays.copyOf(isNumber, cap);
                number = Arrays.copyOf(number, cap);
                complete = Arrays.copyOf(complete, cap);
            }
            bytes[size] = Arrays.copyOfRange(b, s, e);
            text[size] = valueText;
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

        /** Whether every value in the dictionary is a number. */
        public boolean allNumbers() {
            for (int i = 0; i < size; i++) {
                if (!isNumber[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Keeps numbers from now on: the rows so far get their entries' numbers; the dictionary is dropped. */
        public void toNumbers() {
            numberOfRow = new double[Math.max(1024, rows * 2)];
            for (int i = 0; i < rows; i++) {
                numberOfRow[i] = number[entryOfRow[i]];
            }
            entryOfRow = null;
            bytes = null;
            text = null;
            table = null;
            bitsKey = null;
            bitsEntry = null;
        }

        /** Sets the entry of row {@code row}, added with entry −1 (its value read later, from a column batch). */
        void setEntry(int row, int entry) {
            entryOfRow[row] = entry;
            complete[entry]++;
        }

        void addRow(int entry, double value) {
            if (numberMode()) {
                if (rows == numberOfRow.length) {
                    numberOfRow = Arrays.copyOf(numberOfRow, rows * 2);
                }
                numberOfRow[rows++] = value;
            } else {
                if (rows == entryOfRow.length) {
                    entryOfRow = Arrays.copyOf(entryOfRow, rows * 2);
                }
                entryOfRow[rows++] = entry;
                if (entry >= 0) {
                    complete[entry]++;
                }
            }
        }

        void trim() {
            if (numberMode()) {
                numberOfRow = Arrays.copyOf(numberOfRow, rows);
            } else {
                entryOfRow = Arrays.copyOf(entryOfRow, rows);
            }
        }
    }

    /** One task's complete rows as columns, and its accounting. */
    public static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        /** False when the task's input needs another reader; nothing else is then kept. */
        private boolean plain = true;
        private long lines;
        private int rows;
        private final Values strata = new Values();
        private String[] strataText;
        private int[] stratum = new int[1024];
        private double[] time = new double[1024];
        private boolean[] event = new boolean[1024];
        private final Values[] covariates;

        /** An empty chunk for {@code k} covariates. */
        public Chunk(int k) {
            covariates = new Values[k];
            for (int i = 0; i < k; i++) {
                covariates[i] = new Values();
            }
        }

        /** A chunk that says its task's input needs another reader. */
        public static Chunk notPlain() {
            Chunk c = new Chunk(0);
            c.plain = false;
            return c;
        }

        public boolean plain() {
            return plain;
        }

        /** Counts one input row (complete or not). */
        public void countLine() {
            lines++;
        }

        /** The stratum labels (text entries). */
        public Values strata() {
            return strata;
        }

        /** Covariate i's values. */
        public Values covariate(int i) {
            return covariates[i];
        }

        /**
         * Adds a complete row: its time, event, stratum entry (-1: unstratified) and each covariate's entry (or,
         * in number mode, its value).
         */
        public void addComplete(double t, boolean ev, int st, int[] entry, double[] value) {
            if (rows == time.length) {
                int cap = rows * 2;
                time = Arrays.copyOf(time, cap);
                event = Arrays.copyOf(event, cap);
                stratum = Arrays.copyOf(stratum, cap);
            }
            time[rows] = t;
            event[rows] = ev;
            stratum[rows] = st;
            rows++;
            for (int i = 0; i < covariates.length; i++) {
                covariates[i].addRow(entry[i], value[i]);
            }
        }

        /** Ends the task's rows. */
        public void finish() {
            time = Arrays.copyOf(time, rows);
            event = Arrays.copyOf(event, rows);
            stratum = Arrays.copyOf(stratum, rows);
            for (Values v : covariates) {
                v.trim();
            }
            strataText = new String[strata.size];
            for (int i = 0; i < strataText.length; i++) {
                strataText[i] = strata.text[i];
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
                    c.text = Arrays.copyOf(v.text, v.size);
                    c.isNumber = Arrays.copyOf(v.isNumber, v.size);
                    c.number = Arrays.copyOf(v.number, v.size);
                    c.complete = Arrays.copyOf(v.complete, v.size);
                }
                s.covariates[i] = c;
            }
            return s;
        }

        /** Σ|x − mean| of covariate i's complete rows when kept as numbers, as {@link Moments}. */
        Moments deviations(int i, double mean) {
            Values v = covariates[i];
            return v.numberMode() ? Moments.of(v.numberOfRow, v.rows, mean) : Moments.EMPTY;
        }

        /** The complete rows encoded by the design, rows of the same encoded columns sharing a kind. */
        CoxSums.EncodedRows encode(Encoding enc) {
            int p = enc.p();
            double[][] byEntry = new double[covariates.length][];
            for (int i = 0; i < covariates.length; i++) {
                Values v = covariates[i];
                String[] levels = enc.level()[i];
                int m = levels.length;
                if (m == 0 || v.numberMode()) {
                    continue;
                }
                // Each distinct value's encoded columns, once.
                byEntry[i] = new double[v.size * m];
                for (int e = 0; e < v.size; e++) {
                    for (int j = 0; j < m; j++) {
                        double raw = levels[j] == null ? v.number[e] : levels[j].equals(v.text[e]) ? 1.0 : 0.0;
                        byEntry[i][e * m + j] = enc.encode(i, j, raw);
                    }
                }
            }
            CoxSums.KindTable kinds = new CoxSums.KindTable(p);
            double[] x = new double[p];
            int[] kind = new int[rows];
            for (int r = 0; r < rows; r++) {
                int col = 0;
                for (int i = 0; i < covariates.length; i++) {
                    Values v = covariates[i];
                    int m = enc.level()[i].length;
                    if (m == 0) {
                        continue;
                    }
                    if (v.numberMode()) {
                        x[col] = enc.encode(i, 0, v.numberOfRow[r]);
                    } else {
                        System.arraycopy(byEntry[i], v.entryOfRow[r] * m, x, col, m);
                    }
                    col += m;
                }
                kind[r] = kinds.id(x, 0);
            }
            return new CoxSums.EncodedRows(strataText, stratum, time, event, p, kind, kinds.columns());
        }
    }

    /**
     * Sums of numbers (or of |x − mean| when a mean is given) as the design needs them: the exact decimal sum of
     * {@link #exact}, the count of values without one ({@code inexact}), the sum of doubles (used only then), and
     * the count of values outside {−1, 0, 1}.
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
         * The sum divided by n: the exact decimal sum when every value had one and it stays within
         * decimal(38, 18), else the sum of doubles (whose last bits depend on the order of the additions).
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
        final List<Variable> variables;
        final boolean[] categorical;
        final List<Set<String>> levels = new ArrayList<>();
        final long total;
        final long n;

        private Design(List<Summary> summaries, List<Variable> variables, boolean[] categorical) {
            this.summaries = summaries;
            this.variables = variables;
            this.categorical = categorical;
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
         * Which covariates are categorical (as given; when not given, those with a value present that is not a
         * number), and their levels among the complete rows; empty when a task's input needs another reader or a
         * categorical covariate was kept as numbers.
         */
        static Optional<Design> of(List<Summary> summaries, List<Variable> variables) {
            boolean[] categorical = new boolean[variables.size()];
            for (int i = 0; i < variables.size(); i++) {
                categorical[i] = Boolean.TRUE.equals(variables.get(i).categorical());
            }
            for (Summary s : summaries) {
                if (!s.plain) {
                    return Optional.empty();
                }
                for (int i = 0; i < variables.size(); i++) {
                    Summary.Covariate c = s.covariates[i];
                    if (!c.numbers && variables.get(i).categorical() == null) {
                        for (boolean num : c.isNumber) {
                            categorical[i] |= !num;
                        }
                    }
                }
            }
            Design d = new Design(summaries, variables, categorical);
            for (int i = 0; i < variables.size(); i++) {
                Set<String> present = new LinkedHashSet<>();
                for (Summary s : summaries) {
                    Summary.Covariate c = s.covariates[i];
                    if (c.numbers && categorical[i]) {
                        return Optional.empty();
                    }
                    if (!c.numbers && categorical[i]) {
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

        /** The design: a numeric covariate's mean and Σ|x − mean| over the complete rows, summed exactly. */
        CoxDesign design(SparkSession spark, JavaRDD<Chunk> chunks) {
            List<CoxDesign.Variable> out = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                if (categorical[i]) {
                    out.add(CoxDesign.categorical(v.name(),
                            CoxDesign.orderLevels(levels.get(i), v.levels(), v.reference())));
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
                        for (int e = 0; e < c.number.length; e++) {
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
                        for (int e = 0; e < c.number.length; e++) {
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
                out.add(CoxDesign.numeric(v.name(), n, mean, absDev, m.nonUnit() == 0));
            }
            return new CoxDesign(out);
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
