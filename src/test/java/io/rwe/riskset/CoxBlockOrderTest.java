package io.rwe.riskset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order in which a {@link CoxSums.Block} adds its rows: by (stratum, time, event, x0 … x(p−1)), doubles as
 * {@link Double#compare} orders them (−0.0 before 0.0). The expectation is a plain sort of the rows as lists
 * of boxed keys, written here independently of the block's rank-key sort.
 */
class CoxBlockOrderTest {

    /** The rows' keys in the order the block puts them, as comparable lists. */
    private static List<List<Double>> keysInOrder(int[] order, int p, int[] label, double[] t, boolean[] ev,
            double[] x) {
        List<List<Double>> out = new ArrayList<>();
        for (int r : order) {
            out.add(key(r, p, label, t, ev, x));
        }
        return out;
    }

    private static List<Double> key(int r, int p, int[] label, double[] t, boolean[] ev, double[] x) {
        List<Double> k = new ArrayList<>();
        k.add((double) label[r]);
        k.add(t[r]);
        k.add(ev[r] ? 1.0 : 0.0);
        for (int j = 0; j < p; j++) {
            k.add(x[r * p + j]);
        }
        return k;
    }

    private static final Comparator<List<Double>> LEXICOGRAPHIC = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = Double.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static void check(long seed, int n, int p, int strata, int times, int distinct) {
        Random rnd = new Random(seed);
        int[] label = new int[n];
        double[] t = new double[n];
        boolean[] ev = new boolean[n];
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            label[i] = strata == 0 ? -1 : rnd.nextInt(strata + 1) - 1;
            t[i] = rnd.nextInt(times) * 0.5;
            ev[i] = rnd.nextBoolean();
            for (int j = 0; j < p; j++) {
                int v = rnd.nextInt(distinct);
                // Signed zeros and a few large values: Double.compare's order, not ==.
                x[i * p + j] = v == 0 ? -0.0 : v == 1 ? 0.0 : distinct > 1000 ? rnd.nextGaussian() : v * 0.25 - 1;
            }
        }
        int[] order = CoxSums.Block.order(p, Math.max(strata, 0), label, t, ev, x);
        int[] sortedRows = order.clone();
        Arrays.sort(sortedRows);
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sortedRows, "a permutation of the rows");
        List<List<Double>> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(key(i, p, label, t, ev, x));
        }
        expected.sort(LEXICOGRAPHIC);
        assertEquals(expected, keysInOrder(order, p, label, t, ev, x));
    }

    @Test
    void fewDistinctValuesAreOrderedThroughPackedKeys() {
        // 3 strata + unstratified (2 bits), 40 times (6), event (1), 5 columns of 6 values (15), rows (12): 36 bits.
        check(1, 3000, 5, 3, 40, 6);
    }

    @Test
    void manyDistinctValuesAreOrderedByComparingKeys() {
        // 9 columns of Gaussian values: each needs about 12 bits, too many for one long.
        check(2, 3000, 9, 2, 200, 5000);
    }

    @Test
    void unstratifiedAndSingleRowBlocks() {
        check(3, 1, 3, 0, 1, 2);
        check(4, 500, 1, 0, 3, 2);
        check(5, 0, 2, 0, 1, 2);
    }

    @Test
    void columnsOfMoreDistinctValuesThanTheHashTableHoldsAreRankedBySorting() {
        // 20,000 Gaussian values per column: beyond the 16,384 distinct values numbered through the hash table.
        check(6, 20_000, 2, 1, 30, 5000);
    }

    @Test
    void ranksAreThePositionsAmongTheSortedDistinctValues() {
        Random rnd = new Random(7);
        for (int n : new int[] {0, 1, 50, 20_000}) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(6);
                column[i] = k == 0 ? -0.0 : k == 1 ? 0.0 : k == 2 ? Double.NaN : n > 1000 ? rnd.nextGaussian() : k;
            }
            java.util.TreeSet<Double> distinct = new java.util.TreeSet<>(); // Double.compareTo: -0.0 < 0.0 < NaN
            for (double v : column) {
                distinct.add(v);
            }
            List<Double> sorted = new ArrayList<>(distinct);
            int[] rank = new int[n];
            assertEquals(sorted.size(), CoxSums.Block.rank(column, rank), "distinct values of " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(sorted.indexOf(column[i]), rank[i], "rank of " + column[i]);
            }
        }
    }

    /**
     * A block's sums at β are those of its rows added one by one in the (stratum, time, event, x) order, each
     * row's terms computed from its own columns: the definition, written here row by row, compared bit for bit
     * with the block, whose rows share their kinds' terms (few distinct rows) or compute them per row (many).
     */
    @Test
    void sumsAreEachRowsTermsAddedInOrder() {
        for (int distinct : new int[] {3, 5000}) {
            Random rnd = new Random(11 + distinct);
            int n = 4000;
            int p = 4;
            int[] label = new int[n];
            double[] t = new double[n];
            boolean[] ev = new boolean[n];
            double[] x = new double[n * p];
            for (int i = 0; i < n; i++) {
                label[i] = rnd.nextInt(3) - 1;
                t[i] = rnd.nextInt(30) * 0.5;
                ev[i] = rnd.nextBoolean();
                for (int j = 0; j < p; j++) {
                    x[i * p + j] = distinct > 1000 ? rnd.nextGaussian() : rnd.nextInt(distinct) - 1.0;
                }
            }
            double[] beta = {0.3, -0.7, 0.11, 1.9};
            CoxSums.BlockSums block = CoxSums.Block.sorted(p, new String[] {"a", "b"}, label, t, ev, x).sums(beta);

            Integer[] rows = new Integer[n];
            Arrays.setAll(rows, i -> i);
            Arrays.sort(rows, (a, b) -> LEXICOGRAPHIC.compare(key(a, p, label, t, ev, x), key(b, p, label, t, ev, x)));
            int packed = p * (p + 1) / 2;
            int width = 2 + 2 * (1 + p + packed) + p + 2;
            List<Double> expected = new ArrayList<>();
            double[] g = null;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (i == 0 || label[r] != label[rows[i - 1]] || t[r] != t[rows[i - 1]]) {
                    if (g != null) {
                        for (double v : g) {
                            expected.add(v);
                        }
                    }
                    g = new double[width];
                    g[width - 1] = Double.NEGATIVE_INFINITY;
                }
                double eta = 0.0;
                for (int j = 0; j < p; j++) {
                    eta = eta + x[r * p + j] * beta[j];
                }
                double w = Math.exp(eta);
                g[0]++;
                for (int band = 0; band < (ev[r] ? 2 : 1); band++) {
                    int k = 2 + band * (1 + p + packed);
                    g[k++] += w;
                    for (int a = 0; a < p; a++) {
                        g[k++] += w * x[r * p + a];
                    }
                    for (int a = 0; a < p; a++) {
                        for (int b = 0; b <= a; b++) {
                            g[k++] += w * x[r * p + a] * x[r * p + b];
                        }
                    }
                }
                if (ev[r]) {
                    g[1]++;
                    for (int a = 0; a < p; a++) {
                        g[2 + 2 * (1 + p + packed) + a] += x[r * p + a];
                    }
                    g[width - 2] += eta;
                }
                g[width - 1] = Math.max(g[width - 1], eta);
            }
            for (double v : g) {
                expected.add(v);
            }
            double[] want = expected.stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(want, block.sums(), "sums of rows with " + distinct + " distinct values per column");
        }
    }
}
