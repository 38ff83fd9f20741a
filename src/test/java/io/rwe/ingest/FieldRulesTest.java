package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rwe.registry.ExtractTable;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The field rules on one record at a time, without Spark ({@link FieldRules#row}): what a value is typed
 * as, and which reason and message the first failing rule gives. Every expected value is worked out by
 * hand from docs/registry-extract.md and docs/ingest.md. (BadRecordRulesTest checks every reason through a
 * whole ingest.)
 */
class FieldRulesTest {
    private static final LocalDate EXTRACT = LocalDate.of(2024, 1, 31);
    private static final FieldRules TREATMENTS = new FieldRules(ExtractTable.TREATMENTS, RegistryMapping.spec(), EXTRACT);
    // treatments: patient_id, drug, start_date, stop_date, dose_mg, schedule, line; the row's values follow
    // _line, _at, _len (3 columns), and _error is last.

    private static Row treatment(String dose, String schedule, String line, String start) {
        return TREATMENTS.row(2, 0, 10, null, new String[] {"P1", "Apatinib", start, null, dose, schedule, line});
    }

    private static String reason(Row r) {
        Row e = r.getStruct(r.length() - 1);
        return e == null ? null : e.getString(0);
    }

    @Test
    void valuesAreTyped() {
        Row r = treatment("7.", "QD", "2", "2020-02-29");
        assertNull(reason(r));
        assertEquals("apatinib", r.get(4));                    // the spec's spelling, whatever the case
        assertEquals(LocalDate.of(2020, 2, 29), r.get(5));
        assertEquals(7.0, r.get(7));
        assertEquals("qd", r.get(8));
        assertEquals(2, r.get(9));
    }

    @Test
    void aValueEndingInALineBreakIsNotANumberNorADate() {
        Row r = treatment("1.5\n", null, null, "2020-01-01");
        assertEquals("invalid_number", reason(r));
        assertEquals("dose_mg: '1.5\n' is not a plain decimal number", r.getStruct(r.length() - 1).getString(2));
        assertEquals("invalid_date", reason(treatment(null, null, null, "2020-01-01\n")));
    }

    @Test
    void theFirstFailingRuleInColumnOrderIsTheReason() {
        // start_date (column 3) is after the extract, dose_mg (column 5) is 0 (the range is (0, ∞)).
        Row r = treatment("0", null, null, "2024-02-01");
        assertEquals("date_after_extract", reason(r));
        assertEquals("start_date: '2024-02-01' is after the extract date 2024-01-31", r.getStruct(r.length() - 1).getString(2));
        Row d = treatment("0", null, null, "2024-01-31");
        assertEquals("out_of_range", reason(d));
        assertEquals("dose_mg: '0' is outside (0, ∞)", d.getStruct(d.length() - 1).getString(2));
    }

    @Test
    void aWholeNumberOutOfRangeIsTypedAsNull() {
        Row r = treatment(null, null, "0", "2020-01-01");           // line >= 1
        assertEquals("out_of_range", reason(r));
        assertNull(r.get(9));
        assertEquals("invalid_number", reason(treatment(null, null, "1.0", "2020-01-01")));
        assertEquals("invalid_number", reason(treatment(null, null, "1234567890123456789", "2020-01-01"))); // 19 digits
    }

    /**
     * A plain decimal too large for a double (401 digits; Double.parseDouble gives +Infinity) is out of
     * range, never stored as Infinity; the largest finite ones are kept.
     */
    @Test
    void aNumberBeyondADoubleIsOutOfRange() {
        String huge = "1" + "0".repeat(400);
        Row r = treatment(huge, null, null, "2020-01-01");
        assertEquals("out_of_range", reason(r));
        assertEquals("dose_mg: '10000000000000000000…(401 characters)' is too large to be stored as a number",
                r.getStruct(r.length() - 1).getString(2));
        // 1.7976931348623157e308 written out as a plain decimal: Double.MAX_VALUE, finite, accepted.
        String max = new java.math.BigDecimal(Double.MAX_VALUE).toBigInteger().toString();
        Row ok = treatment(max, null, null, "2020-01-01");
        assertNull(reason(ok));
        assertEquals(Double.MAX_VALUE, ok.get(7));
    }

    @Test
    void aMalformedRowHasNoValues() {
        Row r = TREATMENTS.row(5, 0, 3, "field 2: text after the closing quote", new String[7]);
        assertEquals("malformed_row", reason(r));
        assertNull(r.getStruct(r.length() - 1).get(1));
        assertEquals("not a well-formed CSV row: field 2: text after the closing quote", r.getStruct(r.length() - 1).getString(2));
        assertEquals(5L, r.getLong(0));
    }

    @Test
    void plainDecimalsAndWholeNumbers() {
        for (String ok : new String[] {"12", "-3.5", ".5", "7.", "+0", "-0.0"}) {
            assertEquals(true, FieldRules.decimal(ok), ok);
        }
        for (String bad : new String[] {"", ".", "+", "1e5", "1,5", " 1", "1.2.3", "--1", "0x1F", "١"}) {
            assertEquals(false, FieldRules.decimal(bad), bad);
        }
        assertEquals(true, FieldRules.whole("-123456789012345678"));   // 18 digits
        assertEquals(false, FieldRules.whole("+"));
        assertEquals(false, FieldRules.whole("1.0"));
    }

    /**
     * The cross-field rule of patients.csv names both dates as written: a death_date before birth_date,
     * then one after last_contact_date (the message text worked out from docs/registry-extract.md).
     */
    @Test
    void aDeathDateOutOfOrderNamesBothDates() {
        FieldRules patients = new FieldRules(ExtractTable.PATIENTS, RegistryMapping.spec(), EXTRACT);
        java.util.List<String> names = ExtractTable.PATIENTS.columns().stream().map(c -> c.name()).toList();
        // A generated registry's row, its dates changed.
        String[] header = ("patient_id,center_id,birth_date,sex,smoking,hcc_diagnosis_date,diagnosis_basis,bclc_stage,"
                + "child_pugh_class,ecog_ps,portal_vein_invasion,hbv_dna_iu_ml,antiviral_treatment,afp_ug_l,"
                + "last_contact_date,death_date,withdrawn").split(",");
        String[] row = "P1,C033,1950-01-01,M,ever,2014-02-27,noninvasive,C,A,1,N,729,Y,249.3,2023-06-30,1949-12-31,N".split(",");
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (int i = 0; i < header.length; i++) {
            v.put(header[i], row[i]);
        }
        Row before = patients.row(2, 0, 10, null, names.stream().map(v::get).toArray(String[]::new));
        assertEquals(QuarantineReason.DEATH_BEFORE_BIRTH.code(), reason(before));
        assertEquals("death_date: '1949-12-31' precedes birth_date '1950-01-01'", before.getStruct(before.length() - 1).getString(2));
        v.put("death_date", "2023-07-01");
        Row after = patients.row(2, 0, 10, null, names.stream().map(v::get).toArray(String[]::new));
        assertEquals(QuarantineReason.DEATH_AFTER_LAST_CONTACT.code(), reason(after));
        assertEquals("death_date: '2023-07-01' follows last_contact_date '2023-06-30'", after.getStruct(after.length() - 1).getString(2));
    }
}
