package io.rwe.stats;

/** Argument checks shared by the contingency-table tests. */
final class Tables {

    private Tables() {
    }

    static void check(long[][] table) {
        if (table == null || table.length < 2) {
            throw new IllegalArgumentException("a contingency table needs at least 2 rows");
        }
        int c = table[0].length;
        if (c < 2) {
            throw new IllegalArgumentException("a contingency table needs at least 2 columns");
        }
        for (long[] row : table) {
            if (row.length != c) {
                throw new IllegalArgumentException("contingency table rows differ in length");
            }
            for (long v : row) {
                if (v < 0) {
                    throw new IllegalArgumentException("contingency table counts must be >= 0, got " + v);
                }
            }
        }
    }
}
