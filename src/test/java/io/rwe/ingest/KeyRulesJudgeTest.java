package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rwe.registry.ExtractTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The judging of one group of rows with one key hash ({@link KeyRules.Judge}), on rows made by hand:
 * a group can hold several keys (a hash collision), rows already in error take no part, a duplicate
 * keeps its lowest line whatever the order of the rows, and numbers are compared as numbers. The
 * expected errors are worked out by hand from docs/registry-extract.md's key rules.
 */
class KeyRulesJudgeTest {

    /** lesions.csv after the field rules: _line, _at, _len, the spec columns, _error; then the hash. */
    private static final StructType SCHEMA = FieldRules.schema(ExtractTable.LESIONS);

    private static Row lesion(long line, String patient, String lesion, String site, Row error) {
        Object[] v = new Object[SCHEMA.length() + 1];
        v[SCHEMA.fieldIndex("_line")] = line;
        v[SCHEMA.fieldIndex("_at")] = 0L;
        v[SCHEMA.fieldIndex("_len")] = 0;
        v[SCHEMA.fieldIndex("patient_id")] = patient;
        v[SCHEMA.fieldIndex("lesion_id")] = lesion;
        v[SCHEMA.fieldIndex("site")] = site;
        v[SCHEMA.fieldIndex("_error")] = error;
        v[SCHEMA.length()] = 42L; // one hash for the whole group
        return RowFactory.create(v);
    }

    private static List<Row> judge(Row... rows) {
        ArrayDeque<Row> out = new ArrayDeque<>();
        new KeyRules.Judge(SCHEMA, ExtractTable.LESIONS).judge(List.of(rows), out);
        return new ArrayList<>(out);
    }

    private static String reason(Row r) {
        Row e = r.getStruct(SCHEMA.fieldIndex("_error"));
        return e == null ? null : e.getString(0);
    }

    @Test
    void keysThatShareAHashAreJudgedApart() {
        List<Row> out = judge(
                lesion(9, "P1", "L1", "lung", null),    // P1/L1 twice, identical: line 9 is the duplicate
                lesion(5, "P2", "L1", "bone", null),    // P2/L1 alone: accepted
                lesion(3, "P1", "L1", "lung", null));   // the first of P1/L1: kept
        assertEquals(3, out.size());
        assertEquals("duplicate_row", reason(out.get(0)));
        assertEquals("patient_id, lesion_id: identical to the row at line 3, which is kept",
                out.get(0).getStruct(SCHEMA.fieldIndex("_error")).getString(2));
        assertNull(reason(out.get(1)));
        assertNull(reason(out.get(2)));
        assertEquals(SCHEMA.length(), out.get(0).length(), "the hash is dropped");
    }

    @Test
    void aRowInErrorTakesNoPartAndKeepsItsError() {
        Row missing = RowFactory.create("missing_required", "site", "site: required value is empty");
        List<Row> out = judge(
                lesion(2, "P1", "L1", "lung", null),
                lesion(4, "P1", "L1", null, missing),   // failed the field rules: not a second row of the key
                lesion(6, "P1", "L1", "bone", null));   // differs from line 2: both conflicting
        assertEquals("conflicting_key", reason(out.get(0)));
        assertEquals("missing_required", reason(out.get(1)));
        assertEquals("conflicting_key", reason(out.get(2)));
        assertEquals("patient_id, lesion_id: key (P1, L1) is shared by 2 rows that differ (first at line 2)",
                out.get(2).getStruct(SCHEMA.fieldIndex("_error")).getString(2));
    }

    @Test
    void aLoneRowPassesThrough() {
        List<Row> out = judge(lesion(7, "P1", "L1", "lung", null));
        assertNull(reason(out.get(0)));
        assertEquals(7L, out.get(0).getLong(0));
    }

    @Test
    void zeroAndMinusZeroAreOneNumber() {
        StructType s = FieldRules.schema(ExtractTable.TREATMENTS);
        int dose = s.fieldIndex("dose_mg");
        Object[] a = new Object[s.length() + 1];
        a[s.fieldIndex("_line")] = 2L;
        a[s.fieldIndex("patient_id")] = "P1";
        a[dose] = 0.0;
        a[s.length()] = 1L;
        Object[] b = a.clone();
        b[s.fieldIndex("_line")] = 3L;
        b[dose] = -0.0;
        ArrayDeque<Row> out = new ArrayDeque<>();
        new KeyRules.Judge(s, ExtractTable.TREATMENTS).judge(List.of(RowFactory.create(a), RowFactory.create(b)), out);
        List<Row> rows = new ArrayList<>(out);
        assertNull(rows.get(0).get(s.fieldIndex("_error")));
        assertEquals("duplicate_row", rows.get(1).getStruct(s.fieldIndex("_error")).getString(0));
    }
}
