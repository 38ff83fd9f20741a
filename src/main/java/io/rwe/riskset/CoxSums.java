package io.rwe.riskset;

import static org.apache.spark.sql.functions.col;

import io.rwe.core.CollectedBytes;
import io.rwe.stats.CoxSumsSource;
import io.rwe.stats.CoxTimeSums;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark side of a Cox regression: at each β of the Newton–Raphson iteration, the sums of
 * {@link CoxTimeSums} for every (stratum, distinct time), with η = x'β and w = exp(η): the row and event
 * counts, Σw, Σw·x, Σw·xx' over all rows and over the events, Σx and Ση over the events, and max η.
 *
 * <p><b>Once per model</b> the encoded rows ({@link CoxCovariates.Encoded}) are hash-partitioned by
 * (stratum, time) and each partition is packed into one columnar block of primitive arrays, its rows sorted
 * by (stratum, time, event, x0 … x(p−1)) as they are packed; the blocks are cached. <b>At each β</b> every block computes
 * its groups' sums in one pass over its arrays, adding the rows of a group in their sorted order, and the
 * driver collects them. Every (stratum, time) group lies whole in one block and its rows are added in an
 * order that depends on the rows alone (rows that tie on every sort key are identical and contribute
 * identical terms), so the sums, and every number of the fit, are the same bits however the input was
 * partitioned: on one machine or a cluster, from a fresh warehouse or after nightly merges.
 *
 * <p>The collected result has one entry per stratum and distinct time, each of
 * 2 + 2(1 + p + p(p+1)/2) + p + 2 doubles (counts as doubles, exact below 2⁵³): its size depends on the
 * distinct times, p and the number of blocks, never on the number of patients. It is collected through
 * {@link CollectedBytes}.
 */
public final class CoxSums implements CoxSumsSource, AutoCloseable {

    /**
     * Rows per cached block, about: a row is its kind (an int), event flag and sort key while the block is
     * packed (about 30 bytes), so 2,000,000 rows are some 60 MB then and 10 MB once packed, plus their kinds.
     */
    static final long ROWS_PER_BLOCK = 2_000_000;

    private final SparkSession spark;
    private final JavaRDD<Block> blocks;
    private final int p;

    /**
     * @param rows encoded rows: {@code t} (double), {@code e} (boolean), {@code s} (string or null),
     *             {@code x0 … x(p−1)} (doubles); read once, here, into cached blocks (the input may be
     *             released once this returns)
     * @param p    number of design columns
     * @param n    number of rows (sizes the blocks: at most about {@link #ROWS_PER_BLOCK} rows each)
     */
    public CoxSums(Dataset<Row> rows, int p, long n) {
        this.spark = rows.sparkSession();
        this.p = p;
        List<Column> select = new ArrayList<>(List.of(col("s"), col("t"), col("e")));
        for (int j = 0; j < p; j++) {
            select.add(col("x" + j).cast("double"));
        }
        // Blocks of bounded size: a block is built in one task's memory and cached as one object. The number
        // of blocks changes no sum (a group is whole in one block whatever their number).
        int partitions = blockCount(spark, n);
        // Each block sorts its own rows (Block.of), as primitive arrays, instead of Spark sorting the rows by
        // a dozen keys first.
        Dataset<Row> hashed = rows.select(select.toArray(new Column[0])).repartition(partitions, col("s"), col("t"));
        int columns = p;
        this.blocks = hashed.toJavaRDD().mapPartitions(it -> List.of(Block.of(it, columns)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        blocks.count(); // built now, so that the caller can release the rows' own cache
    }

    private CoxSums(SparkSession spark, JavaRDD<Block> blocks, int p) {
        this.spark = spark;
        this.p = p;
        this.blocks = blocks;
    }

    /**
     * Over rows encoded elsewhere (e.g. parsed by the tasks that read a text file): each element of
     * {@code parts} holds some rows in any order and partitioning. They are sent by (stratum, time) to as many
     * blocks as {@link #CoxSums(Dataset, int, long)} makes for {@code n} rows, each block sorting its rows as
     * {@link Block#sorted} does: the same blocks' sums, the same bits, as from a {@code Dataset} of the
     * same rows. {@code parts} may be released once this returns.
     */
    public static CoxSums ofEncoded(SparkSession spark, JavaRDD<EncodedRows> parts, int p, long n) {
        int blocks = blockCount(spark, n);
        JavaRDD<Block> packed = parts.flatMapToPair(rows -> rows.byBlock(blocks).iterator())
                .partitionBy(new org.apache.spark.HashPartitioner(blocks))
                .values()
                .mapPartitions(it -> List.of(EncodedRows.block(it, p)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        packed.count();
        return new CoxSums(spark, packed, p);
    }

    /**
     * Blocks for n rows: a multiple of the cores (each Newton step is one task per block, all of them at once),
     * at most about {@link #ROWS_PER_BLOCK} rows each.
     */
    private static int blockCount(SparkSession spark, long n) {
        long cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long needed = Math.min(100_000, (n + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
        return (int) (Math.max(1, (needed + cores - 1) / cores) * cores);
    }

    /**
     * Encoded rows of a Cox model as columns: row i has the stratum {@code strata[stratum[i]]} (−1: unstratified),
     * the time, the event flag and the p design columns of its kind, {@code kindX[kind[i]·p …]} (rows of the same
     * columns, bit for bit, may share a kind: a registry's rows take an int each instead of p doubles, in memory
     * and in the shuffle to the blocks).
     */
    public record EncodedRows(String[] strata, int[] stratum, double[] time, boolean[] event, int p, int[] kind,
                              double[] kindX) implements Serializable {

        int size() {
            return time.length;
        }

        int kinds() {
            return p == 0 ? (time.length == 0 ? 0 : 1) : kindX.length / p;
        }

        /** The block a (stratum, time) group belongs to: a function of the label and the time only. */
        static int blockOf(String stratum, double time, int blocks) {
            long h = Double.doubleToLongBits(time == 0.0 ? 0.0 : time) * 0x9E3779B97F4A7C15L
                    + (stratum == null ? 0 : stratum.hashCode() + 1L) * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return (int) Math.floorMod(h, (long) blocks);
        }

        /** These rows cut by block: (block, its rows, with the kinds they use) for every block that gets some. */
        List<scala.Tuple2<Integer, EncodedRows>> byBlock(int blocks) {
            int n = size();
            int[] target = new int[n];
            int[] count = new int[blocks];
            for (int i = 0; i < n; i++) {
                target[i] = blockOf(stratum[i] < 0 ? null : strata[stratum[i]], time[i], blocks);
                count[target[i]]++;
            }
            List<scala.Tuple2<Integer, EncodedRows>> out = new ArrayList<>();
            int[][] rowsOf = new int[blocks][];
            for (int b = 0; b < blocks; b++) {
                rowsOf[b] = new int[count[b]];
            }
            int[] filled = new int[blocks];
            for (int i = 0; i < n; i++) {
                rowsOf[target[i]][filled[target[i]]++] = i;
            }
            int[] local = new int[kinds()];
            for (int b = 0; b < blocks; b++) {
                int[] rows = rowsOf[b];
                if (rows.length == 0) {
                    continue;
                }
                java.util.Arrays.fill(local, -1);
                int used = 0;
                int[] s = new int[rows.length];
                double[] t = new double[rows.length];
                boolean[] e = new boolean[rows.length];
                int[] k = new int[rows.length];
                GrowingDoubles xs = new GrowingDoubles();
                for (int m = 0; m < rows.length; m++) {
                    int r = rows[m];
                    s[m] = stratum[r];
                    t[m] = time[r];
                    e[m] = event[r];
                    int own = kind[r];
                    if (local[own] < 0) {
                        local[own] = used++;
                        for (int j = 0; j < p; j++) {
                            xs.add(kindX[own * p + j]);
                        }
                    }
                    k[m] = local[own];
                }
                out.add(new scala.Tuple2<>(b, new EncodedRows(strata, s, t, e, p, k, xs.toArray())));
            }
            return out;
        }

        /**
         * One block from the parts sent to it: labels merged in sorted order, the parts' kinds numbered anew by
         * their columns, rows sorted by {@link Block#sorted}.
         */
        static Block block(Iterator<EncodedRows> parts, int p) {
            List<EncodedRows> all = new ArrayList<>();
            java.util.TreeSet<String> labels = new java.util.TreeSet<>();
            int n = 0;
            while (parts.hasNext()) {
                EncodedRows r = parts.next();
                all.add(r);
                n += r.size();
                for (int i = 0; i < r.size(); i++) {
                    if (r.stratum[i] >= 0) {
                        labels.add(r.strata[r.stratum[i]]);
                    }
                }
            }
            String[] strata = labels.toArray(new String[0]);
            int[] label = new int[n];
            double[] t = new double[n];
            boolean[] e = new boolean[n];
            int[] kind = new int[n];
            KindTable kinds = new KindTable(p);
            double[] none = new double[0];
            int at = 0;
            for (EncodedRows r : all) {
                int[] rank = new int[r.strata.length];
                for (int k = 0; k < rank.length; k++) {
                    rank[k] = java.util.Arrays.binarySearch(strata, r.strata[k]);
                }
                int[] kindOf = new int[r.kinds()];
                for (int k = 0; k < kindOf.length; k++) {
                    kindOf[k] = kinds.id(p == 0 ? none : r.kindX, k * p);
                }
                for (int i = 0; i < r.size(); i++) {
                    label[at + i] = r.stratum[i] < 0 ? -1 : rank[r.stratum[i]];
                    kind[at + i] = kindOf[r.kind[i]];
                }
                System.arraycopy(r.time, 0, t, at, r.size());
                System.arraycopy(r.event, 0, e, at, r.size());
                at += r.size();
            }
            return Block.sorted(p, strata, label, t, e, kinds.kinds(kind));
        }
    }

    /** Over the rows of an encoding. */
    public static CoxSums of(CoxCovariates.Encoded encoded) {
        return new CoxSums(encoded.rows(), encoded.design().columns().size(), encoded.n());
    }

    @Override
    public List<CoxTimeSums> at(double[] beta) {
        if (beta.length != p) {
            throw new IllegalArgumentException("β of " + beta.length + " coefficients for " + p + " columns");
        }
        double[] b = beta.clone();
        List<BlockSums> collected = CollectedBytes.collect(spark, blocks.map(block -> block.sums(b)));
        List<CoxTimeSums> out = new ArrayList<>();
        for (BlockSums s : collected) {
            s.addTo(out, p);
        }
        return out;
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** Numbers per group in a {@link BlockSums}: rows, events, two moments, Σx dead, Ση dead, max η. */
    static int width(int p) {
        return 2 + 2 * (1 + p + p * (p + 1) / 2) + p + 2;
    }

    /**
     * One partition's rows, sorted by (stratum, time, event, x): the groups' boundaries
     * ({@code start[g]} to {@code start[g + 1]}), their stratum (an index into {@code strata}) and time, each
     * row's event flag and its <em>kind</em>: rows whose p columns are the same doubles (bit for bit) share a kind,
     * and each kind's columns are kept once ({@code kindX}, row-major). A registry's covariates are categories and
     * whole ages, so a block of half a million rows has a few thousand kinds: the rows take an int each instead
     * of p doubles, and at each β the terms a row adds (w, w·x, w·xx') are computed once per kind.
     */
    static final class Block implements Serializable {
        private static final long serialVersionUID = 2L;
        final int p;
        final String[] strata;
        final int[] stratum;
        final double[] time;
        final int[] start;
        final boolean[] event;
        final int[] kind;
        final double[] kindX;

        private Block(int p, String[] strata, int[] stratum, double[] time, int[] start, boolean[] event, int[] kind,
                double[] kindX) {
            this.p = p;
            this.strata = strata;
            this.stratum = stratum;
            this.time = time;
            this.start = start;
            this.event = event;
            this.kind = kind;
            this.kindX = kindX;
        }

        /**
         * Packs one partition's rows (in any order) into a block: the rows are read into primitive arrays, then
         * put in the order of (stratum, time, event, x0 … x(p−1)) — strata by their labels, unstratified rows
         * first, doubles as {@link Double#compare} orders them — so that rows which tie on every key are
         * identical, and the groups are the runs of equal (stratum, time).
         */
        static Block of(Iterator<Row> rows, int p) {
            java.util.TreeMap<String, Integer> labels = new java.util.TreeMap<>();
            GrowingInts rowLabel = new GrowingInts();
            GrowingDoubles rowTime = new GrowingDoubles();
            GrowingDoubles xs = new GrowingDoubles();
            java.util.BitSet events = new java.util.BitSet();
            int n = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                rowLabel.add(r.isNullAt(0) ? -1 : labels.computeIfAbsent(r.getString(0), k -> labels.size()));
                rowTime.add(r.getDouble(1));
                if (r.getBoolean(2)) {
                    events.set(n);
                }
                for (int j = 0; j < p; j++) {
                    xs.add(r.getDouble(3 + j));
                }
                n++;
            }
            // Stratum indices in the labels' order (null first: -1).
            String[] strata = labels.keySet().toArray(new String[0]);
            int[] rank = new int[strata.length];
            int k = 0;
            for (Integer first : labels.values()) {
                rank[first] = k++;
            }
            int[] label = rowLabel.toArray();
            for (int i = 0; i < n; i++) {
                label[i] = label[i] < 0 ? -1 : rank[label[i]];
            }
            double[] t = rowTime.toArray();
            double[] x0 = xs.toArray();
            boolean[] ev = new boolean[n];
            for (int i = 0; i < n; i++) {
                ev[i] = events.get(i);
            }
            return sorted(p, strata, label, t, ev, x0);
        }

        /**
         * A block of rows given as arrays (row i: stratum index {@code label[i]} into {@code strata}, which is
         * sorted, or -1 when unstratified; time, event and the p columns at {@code x[i·p …]}), put in the order of
         * (stratum, time, event, x0 … x(p−1)) and cut into groups.
         */
        static Block sorted(int p, String[] strata, int[] label, double[] t, boolean[] ev, double[] x0) {
            return sorted(p, strata, label, t, ev, Kinds.of(x0, t.length, p));
        }

        /** As {@link #sorted(int, String[], int[], double[], boolean[], double[])}, the rows' columns as kinds. */
        static Block sorted(int p, String[] strata, int[] label, double[] t, boolean[] ev, Kinds kinds) {
            int n = t.length;
            int[] order = order(strata.length, label, t, ev, kinds);
            GrowingInts groupStratum = new GrowingInts();
            GrowingDoubles groupTime = new GrowingDoubles();
            GrowingInts groupStart = new GrowingInts();
            boolean[] e = new boolean[n];
            int[] kind = new int[n];
            for (int i = 0; i < n; i++) {
                int r = order[i];
                if (i == 0 || label[r] != label[order[i - 1]] || Double.compare(t[r], t[order[i - 1]]) != 0) {
                    groupStratum.add(label[r]);
                    groupTime.add(t[r]);
                    groupStart.add(i);
                }
                e[i] = ev[r];
                kind[i] = kinds.ofRow[r];
            }
            groupStart.add(n);
            return new Block(p, strata, groupStratum.toArray(), groupTime.toArray(), groupStart.toArray(), e, kind,
                    kinds.x);
        }

        /**
         * The rows' order by (stratum, time, event, x0 … x(p−1)), doubles as {@link Double#compare} orders them.
         * Rows tie on every key exactly when they are identical.
         */
        static int[] order(int p, int strataCount, int[] label, double[] t, boolean[] ev, double[] x) {
            return order(strataCount, label, t, ev, Kinds.of(x, t.length, p));
        }

        /**
         * The order by (stratum, time, event, kind's rank), the kinds ranked as their columns compare
         * (lexicographically, {@link Double#compare}): the same as by (stratum, time, event, x0 … x(p−1)). Each
         * key is replaced by its rank among the block's distinct values of it, and when the ranks and the row
         * number fit in 63 bits the rows are put in order by sorting one {@code long} per row (a primitive sort);
         * otherwise by comparing the keys. Both give the same order up to rows that tie on every key, and such
         * rows are identical.
         */
        private static int[] order(int strataCount, int[] label, double[] t, boolean[] ev, Kinds kinds) {
            int n = t.length;
            int[] timeRank = new int[n];
            int timeBits = bitsFor(rank(t, timeRank));
            int[] kindRank = kinds.ranks();
            int labelBits = bitsFor(strataCount + 1);
            int kindBits = bitsFor(kinds.count);
            int rowBits = bitsFor(n);
            int[] order = new int[n];
            if (labelBits + timeBits + 1 + kindBits + rowBits <= 63) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) {
                    long key = label[i] + 1; // unstratified (-1) first
                    key = (key << timeBits) | timeRank[i];
                    key = (key << 1) | (ev[i] ? 1 : 0);
                    key = (key << kindBits) | kindRank[kinds.ofRow[i]];
                    keys[i] = (key << rowBits) | i;
                }
                java.util.Arrays.sort(keys);
                long mask = (1L << rowBits) - 1;
                for (int i = 0; i < n; i++) {
                    order[i] = (int) (keys[i] & mask);
                }
                return order;
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            java.util.Arrays.sort(boxed, (a, b) -> {
                int c = Integer.compare(label[a], label[b]);
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(timeRank[a], timeRank[b]);
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(ev[a], ev[b]);
                return c != 0 ? c : Integer.compare(kindRank[kinds.ofRow[a]], kindRank[kinds.ofRow[b]]);
            });
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
            return order;
        }

        /**
         * The distinct rows of p columns: each row's kind ({@code ofRow}) and each kind's columns ({@code x},
         * row-major), found by the columns' bits ({@link Double#doubleToLongBits}, as {@link Double#compare} tells
         * values apart).
         */
        record Kinds(int[] ofRow, double[] x, int count, int p) {

            static Kinds of(double[] x, int n, int p) {
                KindTable table = new KindTable(p);
                int[] ofRow = new int[n];
                for (int i = 0; i < n; i++) {
                    ofRow[i] = table.id(x, i * p);
                }
                return table.kinds(ofRow);
            }

            /** Each kind's rank as its columns compare, lexicographically by {@link Double#compare}. */
            int[] ranks() {
                Integer[] byColumns = new Integer[count];
                for (int k = 0; k < count; k++) {
                    byColumns[k] = k;
                }
                java.util.Arrays.sort(byColumns, (a, b) -> {
                    for (int j = 0; j < p; j++) {
                        int c = Double.compare(x[a * p + j], x[b * p + j]);
                        if (c != 0) {
                            return c;
                        }
                    }
                    return 0;
                });
                int[] rank = new int[count];
                for (int r = 0; r < count; r++) {
                    rank[byColumns[r]] = r;
                }
                return rank;
            }
        }

        /** Distinct values a column may have for {@link #rank} to number them through a hash table. */
        private static final int HASHED_DISTINCT = 1 << 14;

        /**
         * Each value's rank among the column's distinct values as {@link Double#compare} orders them, into
         * {@code rank}; returns the number of distinct values. Few distinct values (the usual case: times of a
         * block, categories, whole years) are found through a hash table and only they are sorted; otherwise the
         * column is sorted.
         */
        static int rank(double[] column, int[] rank) {
            int n = column.length;
            int[] table = new int[2 * HASHED_DISTINCT];
            java.util.Arrays.fill(table, -1);
            long[] keys = new long[HASHED_DISTINCT];
            int size = 0;
            int mask = table.length - 1;
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToLongBits(column[i]);
                long m = bits * 0x9E3779B97F4A7C15L;
                int h = (int) (m ^ (m >>> 32)) & mask;
                int id;
                while (true) {
                    id = table[h];
                    if (id < 0 || keys[id] == bits) {
                        break;
                    }
                    h = (h + 1) & mask;
                }
                if (id < 0) {
                    if (size == HASHED_DISTINCT) {
                        return rankBySorting(column, rank);
                    }
                    id = size++;
                    keys[id] = bits;
                    table[h] = id;
                }
                rank[i] = id;
            }
            double[] distinct = new double[size];
            for (int id = 0; id < size; id++) {
                distinct[id] = Double.longBitsToDouble(keys[id]);
            }
            double[] sorted = distinct.clone();
            java.util.Arrays.sort(sorted);
            int[] rankOfId = new int[size];
            for (int id = 0; id < size; id++) {
                rankOfId[id] = java.util.Arrays.binarySearch(sorted, distinct[id]);
            }
            for (int i = 0; i < n; i++) {
                rank[i] = rankOfId[rank[i]];
            }
            return size;
        }

        private static int rankBySorting(double[] column, int[] rank) {
            double[] distinct = distinct(column);
            for (int i = 0; i < column.length; i++) {
                rank[i] = java.util.Arrays.binarySearch(distinct, column[i]);
            }
            return distinct.length;
        }

        /** The distinct values, sorted as {@link Double#compare} orders them. */
        private static double[] distinct(double[] values) {
            double[] s = values.clone();
            java.util.Arrays.sort(s);
            int m = 0;
            for (int i = 0; i < s.length; i++) {
                if (m == 0 || Double.compare(s[i], s[m - 1]) != 0) {
                    s[m++] = s[i];
                }
            }
            return java.util.Arrays.copyOf(s, m);
        }

        /** Bits that hold the numbers 0 … count − 1. */
        private static int bitsFor(long count) {
            return count <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(count - 1);
        }

        /**
         * The sums of every group at β, one pass over the rows in their sorted order. A row adds its kind's terms
         * (η = x'β, w = exp η, w·x, w·xx'), each computed by the same operations as for the row alone, so the
         * sums are the same bits whether the terms are computed once per kind (when there are far fewer kinds
         * than rows) or per row.
         */
        BlockSums sums(double[] beta) {
            int groups = time.length;
            int packed = p * (p + 1) / 2;
            int width = width(p);
            int terms = 1 + p + packed;
            int kinds = kindX.length / Math.max(p, 1);
            int n = event.length;
            boolean perKind = p > 0 ? (long) kinds * 4 <= n : n > 0;
            double[] etaOf = null;
            double[] termsOf = null;
            double[] xi = new double[p];
            if (perKind) {
                int count = p > 0 ? kinds : 1;
                etaOf = new double[count];
                termsOf = new double[count * terms];
                for (int k = 0; k < count; k++) {
                    etaOf[k] = eta(k, beta, xi);
                    termsOf[k * terms] = 0.0;
                    moments(termsOf, k * terms, Math.exp(etaOf[k]), xi);
                }
            }
            double[] own = new double[terms];
            double[] out = new double[groups * width];
            for (int g = 0; g < groups; g++) {
                int o = g * width;
                int all = o + 2;
                int dead = all + 1 + p + packed;
                int xDead = dead + 1 + p + packed;
                int etaDead = xDead + p;
                int etaMax = etaDead + 1;
                out[etaMax] = Double.NEGATIVE_INFINITY;
                long events = 0;
                for (int r = start[g]; r < start[g + 1]; r++) {
                    int k = p > 0 ? kind[r] : 0;
                    double eta;
                    double[] t;
                    int at;
                    if (perKind) {
                        eta = etaOf[k];
                        t = termsOf;
                        at = k * terms;
                    } else {
                        eta = eta(k, beta, xi);
                        java.util.Arrays.fill(own, 0.0);
                        moments(own, 0, Math.exp(eta), xi);
                        t = own;
                        at = 0;
                    }
                    for (int m = 0; m < terms; m++) {
                        out[all + m] += t[at + m];
                    }
                    if (event[r]) {
                        events++;
                        for (int m = 0; m < terms; m++) {
                            out[dead + m] += t[at + m];
                        }
                        for (int j = 0; j < p; j++) {
                            out[xDead + j] += kindX[k * p + j];
                        }
                        out[etaDead] += eta;
                    }
                    out[etaMax] = Math.max(out[etaMax], eta);
                }
                out[o] = start[g + 1] - start[g];
                out[o + 1] = events;
            }
            return new BlockSums(strata, stratum, time, out);
        }

        /** η of kind k at β, its columns copied into {@code xi}. */
        private double eta(int k, double[] beta, double[] xi) {
            double eta = 0.0;
            for (int j = 0; j < p; j++) {
                xi[j] = kindX[k * p + j];
                eta = eta + xi[j] * beta[j];
            }
            return eta;
        }

        /** A row's terms at {@code at} of {@code out} (zero there): w, w·x, then w·x_i·x_j for j ≤ i. */
        private void moments(double[] out, int at, double w, double[] xi) {
            out[at] += w;
            int k = at + 1;
            for (int i = 0; i < p; i++) {
                out[k++] += w * xi[i];
            }
            for (int i = 0; i < p; i++) {
                double wx = w * xi[i];
                for (int j = 0; j <= i; j++) {
                    out[k++] += wx * xi[j];
                }
            }
        }
    }

    /**
     * What one block returns at a β: per group its stratum (index into the block's labels), its time and
     * {@link #width} doubles.
     */
    record BlockSums(String[] strata, int[] stratum, double[] time, double[] sums) implements Serializable {

        void addTo(List<CoxTimeSums> out, int p) {
            int packed = p * (p + 1) / 2;
            int width = width(p);
            for (int g = 0; g < time.length; g++) {
                int k = g * width;
                long rows = (long) sums[k++];
                long events = (long) sums[k++];
                CoxTimeSums.Moments[] m = new CoxTimeSums.Moments[2];
                for (int b = 0; b < 2; b++) {
                    double w = sums[k++];
                    double[] wx = new double[p];
                    for (int i = 0; i < p; i++) {
                        wx[i] = sums[k++];
                    }
                    double[] wxx = new double[packed];
                    for (int i = 0; i < packed; i++) {
                        wxx[i] = sums[k++];
                    }
                    m[b] = new CoxTimeSums.Moments(w, wx, wxx);
                }
                double[] xDead = new double[p];
                for (int i = 0; i < p; i++) {
                    xDead[i] = sums[k++];
                }
                double etaDead = sums[k++];
                double etaMax = sums[k];
                out.add(new CoxTimeSums(stratum[g] < 0 ? null : strata[stratum[g]], time[g], rows, events, m[0], m[1],
                        xDead, etaDead, etaMax));
            }
        }
    }

    /**
     * Numbers the distinct rows of p doubles (by their bits) as they are given: the kinds of {@link Block.Kinds}.
     */
    static final class KindTable {
        private final int p;
        private int count;
        private long[] hashOf = new long[32];
        private int[] table = new int[64];
        private final GrowingDoubles x = new GrowingDoubles();

        KindTable(int p) {
            this.p = p;
            java.util.Arrays.fill(table, -1);
        }

        /** The kind of the row {@code src[at … at + p − 1]}, numbered when new. */
        int id(double[] src, int at) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = 0; j < p; j++) {
                h = (h ^ Double.doubleToLongBits(src[at + j])) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            int mask = table.length - 1;
            int slot = (int) h & mask;
            while (true) {
                int k = table[slot];
                if (k < 0) {
                    break;
                }
                if (hashOf[k] == h && same(k * p, src, at)) {
                    return k;
                }
                slot = (slot + 1) & mask;
            }
            int k = count++;
            if (k == hashOf.length) {
                hashOf = java.util.Arrays.copyOf(hashOf, k * 2);
            }
            hashOf[k] = h;
            for (int j = 0; j < p; j++) {
                x.add(src[at + j]);
            }
            table[slot] = k;
            if (count * 2 > table.length) {
                table = new int[table.length * 2];
                java.util.Arrays.fill(table, -1);
                int m = table.length - 1;
                for (int c = 0; c < count; c++) {
                    int s = (int) hashOf[c] & m;
                    while (table[s] >= 0) {
                        s = (s + 1) & m;
                    }
                    table[s] = c;
                }
            }
            return k;
        }

        private boolean same(int at, double[] b, int bt) {
            for (int j = 0; j < p; j++) {
                if (Double.doubleToLongBits(x.a[at + j]) != Double.doubleToLongBits(b[bt + j])) {
                    return false;
                }
            }
            return true;
        }

        int count() {
            return count;
        }

        /** The kinds numbered so far, their columns row-major. */
        double[] columns() {
            return x.toArray();
        }

        Block.Kinds kinds(int[] ofRow) {
            return new Block.Kinds(ofRow, columns(), count, p);
        }
    }

    /** An int array that grows. */
    private static final class GrowingInts {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** A double array that grows. */
    private static final class GrowingDoubles {
        private double[] a = new double[256];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
