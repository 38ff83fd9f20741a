package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The per-task counting of the analyze stage without Spark: the category table of a Table 1 cell (compared in
 * turn, then indexed past 16 categories), {@link CohortCounts.CellTask} and a risk-set task over hand-made
 * rows, each expected count worked out by hand from the rows.
 */
class TaskCountsTest {

    @Test
    void aCellKeepsEveryCategoryApartBeforeAndAfterItsIndex() {
        CohortCounts.Categories c = new CohortCounts.Categories(2);
        // 40 categories, category k seen k + 1 times, interleaved (k = 0..39): the table passes 16 on the way
        for (int round = 0; round < 40; round++) {
            for (int k = round; k < 40; k++) {
                c.counts(UTF8String.fromString("cat" + k))[0]++;
            }
        }
        for (int k = 0; k < 40; k++) {
            assertEquals(k + 1, c.counts(UTF8String.fromString("cat" + k))[0], "cat" + k);
        }
        // the same text in another buffer is the same category; a prefix is not
        long[] a = c.counts(UTF8String.fromString("cat1"));
        assertSame(a, c.counts(UTF8String.fromBytes("xcat1".getBytes(), 1, 4)));
        assertEquals(0, c.counts(UTF8String.fromString("cat"))[0]);
    }

    @Test
    void cellsAreCountedForTheCohortAndEachGroupNullKept() {
        // cells: sex, stage; one group flag. Rows (sex, stage, in group):
        // (M, B, yes) (F, C, no) (M, null, yes) (null, B, no) (M, B, no)
        List<InternalRow> rows = List.of(row("M", "B", true), row("F", "C", false), row("M", null, true),
                row(null, "B", false), row("M", "B", false));
        // one task's counts, its cells read from field 0, every cell text
        CohortCounts.CellTask task = new CohortCounts.CellTask(0, List.of("sex", "stage"), 1);
        rows.forEach(task::accept);
        Iterator<Row> out = task.finish().iterator();
        Map<String, List<Long>> got = new TreeMap<>();
        while (out.hasNext()) {
            Row r = out.next();
            got.put(r.getString(0) + "=" + r.getString(1), List.of(r.getLong(2), r.getLong(3)));
        }
        Map<String, List<Long>> expected = new TreeMap<>(Map.of(
                "sex=M", List.of(3L, 2L), "sex=F", List.of(1L, 0L), "sex=null", List.of(1L, 0L),
                "stage=B", List.of(3L, 1L), "stage=C", List.of(1L, 0L), "stage=null", List.of(1L, 1L)));
        assertEquals(expected, got);
        assertArrayEquals(new Object[] {"sex", "stage"}, new ArrayList<>(got.keySet()).stream()
                .map(k -> k.substring(0, k.indexOf('='))).distinct().toArray());
    }

    @Test
    void riskSetCountsKeepEveryGroupAndTimeWholeDaysInArraysOthersInTheTable() {
        // two groups, fields per group (in group, days, event); month = 10 days. Rows:
        // g0: days 5 event, 5 censored, 0 event, -3 event (a negative day: the table), 70000 censored (beyond the
        // arrays: the table); g1: days 5 censored, and the first row's g1 flag off.
        double month = 10.0;
        CohortCounts.TimeTask t = new CohortCounts.TimeTask(0, 2, false, month);
        t.accept(times(true, 5, 1, false, 0, 0));
        t.accept(times(true, 5, 0, true, 5, 0));
        t.accept(times(true, 0, 1, false, 0, 0));
        t.accept(times(true, -3, 1, false, 0, 0));
        t.accept(times(true, 70000, 0, false, 0, 0));
        Map<String, List<Long>> got = new TreeMap<>();
        for (Row r : t.finish()) {
            String key = r.getString(2) + "@" + r.getDouble(4);
            assertEquals(null, got.put(key, List.of(r.getLong(5), r.getLong(6))), "one row per group and time: " + key);
            assertEquals(null, r.get(3), "unstratified");
        }
        // (group@time) -> (events, rows), time = days / 10
        Map<String, List<Long>> expected = new TreeMap<>(Map.of(
                "0@0.5", List.of(1L, 2L), "0@0.0", List.of(1L, 1L), "0@-0.3", List.of(1L, 1L),
                "0@7000.0", List.of(0L, 1L), "1@0.5", List.of(0L, 1L)));
        assertEquals(expected, got);
    }

    private static InternalRow times(boolean in0, int days0, int event0, boolean in1, int days1, int event1) {
        return new GenericInternalRow(new Object[] {in0, days0, event0, in1, days1, event1});
    }

    private static InternalRow row(String sex, String stage, boolean in) {
        return new GenericInternalRow(new Object[] {sex == null ? null : UTF8String.fromString(sex),
                stage == null ? null : UTF8String.fromString(stage), in});
    }
}
