package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hand-made extract (2024-06-30) holding one bad record of each kind of docs/registry-extract.md
 * ("What is a bad record"), each test checking one rule on its line: the reason, the field named and
 * the raw line kept. Line numbers are physical lines of the file, the header being line 1.
 */
class BadRecordRulesTest {
    static final String DATE = "2024-06-30";
    static final String LONG_ID = "P".repeat(65);

    @TempDir
    static Path tmp;
    static Path warehouse;
    static Extracts.Run run;

    @BeforeAll
    static void ingest() {
        Path root = tmp.resolve("extracts");
        warehouse = tmp.resolve("warehouse");
        // patient_id,center_id,birth_date,sex,bclc_stage,child_pugh_class,ecog_ps,hbv_dna_iu_ml,afp_ug_l,last_contact_date,death_date,withdrawn
        Extracts.folder().rows(ExtractTable.PATIENTS,
                        "P01,C1,1950-01-01,M,C,A,1,,,2024-01-01,,",            // 2 accepted
                        "P02,,1950-01-01,M,C,A,,,,2024-01-01,,",               // 3 missing_required center_id
                        "P03,C1,1950-01-01,X,C,A,,,,2024-01-01,,",             // 4 invalid_code sex
                        "P04,C1,1950-13-01,M,C,A,,,,2024-01-01,,",             // 5 invalid_date birth_date
                        "P05,C1,1950-01-01,M,C,A,,abc,,2024-01-01,,",          // 6 invalid_number hbv_dna_iu_ml
                        "P06,C1,1950-01-01,M,C,A,,-5,,2024-01-01,,",           // 7 out_of_range hbv_dna_iu_ml
                        "P07,C1,1850-01-01,M,C,A,,,,2024-01-01,,",             // 8 date_before_1900 birth_date
                        "P08,C1,1950-01-01,M,C,A,,,,2024-07-01,,",             // 9 date_after_extract last_contact_date
                        "P09,C1,1950-01-01,M,C,A,,,,2024-01-01,1949-12-31,",   // 10 death_before_birth
                        "P10,C1,1950-01-01,M,C,A,,,,2024-01-01,2024-02-01,",   // 11 death_after_last_contact
                        "P11,C1,1950-01-01,F,B,A,,,,2024-01-01,,",             // 12 accepted (first of two identical)
                        "P11,C1,1950-01-01,F,B,A,,,,2024-01-01,,",             // 13 duplicate_row
                        "P12,C1,1950-01-01,F,B,A,,,,2024-01-01,,",             // 14 conflicting_key
                        "P12,C2,1950-01-01,F,B,A,,,,2024-01-01,,",             // 15 conflicting_key
                        "P13,C1",                                              // 16 malformed_row (2 fields)
                        "P14,C1,1950-01-01,M,C,A,5,,,2024-01-01,,",            // 17 out_of_range ecog_ps (integer)
                        "P15,C1,1950-01-01,M,C,A,1.5,,,2024-01-01,,",          // 18 invalid_number ecog_ps
                        "P16,C1,1950-01-01,f,c,b,,0,12.5,2024-01-01,,n",       // 19 accepted: codes in any case
                        LONG_ID + ",C1,1950-01-01,M,C,A,,,,2024-01-01,,",      // 20 value_too_long patient_id
                        "P18,,1950-01-01,X,C,A,,,,2024-01-01,,",               // 21 two faults: first column wins (center_id)
                        "P19,C1,1950-01-01,X,C,A,,,,2024-01-01,1940-01-01,",   // 22 field rule before cross-field rule
                        "P20,C1,1950-01-01,M,C,A,,,,2024-01-01,,",             // 23 accepted: its twin is bad
                        "P20,C9,1950-01-01,Z,C,A,,,,2024-01-01,,",             // 24 invalid_code: key rules among passed rows only
                        "P21,C1,1950-02-30,M,C,A,,,,2024-01-01,,",             // 25 invalid_date (no such day)
                        "P22,C1,1950-01-01,M,C,A,,1e3,,2024-01-01,,",          // 26 invalid_number (no exponent)
                        "P23,C1,1950-01-01,M,C,A,,,,2024-06-30,2024-06-30,Y")  // 27 accepted: dates on the extract date
                .rows(ExtractTable.LESIONS,
                        "P01,L1,lung,Y,2023-01-01",                            // 2 accepted
                        "P01,L1,lung,Y,2023-01-01",                            // 3 duplicate_row
                        "P01,L2,bone,Y,2023-01-01",                            // 4 conflicting_key
                        "P01,L2,adrenal,Y,2023-01-01",                         // 5 conflicting_key
                        "P99,L1,lung,Y,2023-01-01",                            // 6 unknown_patient
                        "P03,L1,lung,Y,2023-01-01",                            // 7 rejected_patient (P03 invalid sex)
                        "P12,L1,lung,Y,2023-01-01",                            // 8 rejected_patient (P12 conflicting)
                        "P01,L3,LUNG,y,2023-01-01",                            // 9 accepted: codes in any case
                        "P99,L5,mars,Y,2023-01-01",                            // 10 invalid_code before patient reference
                        "P11,L1,liver_new,N,2023-02-01",                       // 11 accepted: P11 kept as first duplicate
                        "P03,L1,lung,Y,2023-01-01")                            // 12 duplicate_row before patient reference
                // Columns in another order, names in other cases, an unknown column, quoted fields.
                .text("treatments.csv", "START_DATE,Drug,patient_id,Comment,dose_mg,line\n"
                        + "2023-01-01,Apatinib,P01,\"started, then \"\"paused\"\"\",750,1\n"   // 2 accepted
                        + "2023-02-01,apatinib,P01,\"two\nlines\",500,2\n"                      // 3-4 accepted
                        + "2023-03-01,sorafenib,P01,x,0,1\n"                                    // 5 out_of_range dose_mg
                        + "2023-03-02,sorafenib,P01,\"a \"\"quoted\"\", multi\nline\",400,0\n" // 6-7 out_of_range line
                        + "2023-03-03,sorafenib,P01,bad\"quote\",400,1\n")                       // 8 malformed_row
                .text("assessments.csv", "\uFEFFpatient_id,assessment_date,scope,response\r\n"
                        + "P01,2023-03-01,overall,pd\r\n"                                       // 2 accepted (BOM, CRLF)
                        + "\r\n"                                                               // 3 blank: no row
                        + "P01,2023-03-01,Lung,CR\r\n")                                         // 4 accepted
                .rows(ExtractTable.ADVERSE_EVENTS,
                        "P01,hypertension,3,2023-02-01,none",                   // 2 accepted
                        "P01,hypertension,6,2023-02-02,none",                   // 3 out_of_range grade
                        "P01,diarrhea,2,2023-02-01,Dose_Reduced",               // 4 accepted, canonical action
                        "P01,diarrhea,2,2023-02-01,")                           // 5 conflicting_key with line 4
                .write(root, DATE);
        run = Extracts.ingest(root, warehouse, Extracts.defaults());
    }

    private static void assertQuarantined(String file, long line, QuarantineReason reason, String field) {
        Row q = Extracts.quarantined(warehouse, DATE, file, line);
        assertEquals(reason.code(), q.getString(0), file + " line " + line + ": " + q.getString(2));
        assertEquals(field, q.getString(1));
        if (field != null) {
            assertTrue(q.getString(2).startsWith(field + ":"), "message names the field: " + q.getString(2));
        }
    }

    private static List<Row> acceptedPatients(String id) {
        return Extracts.accepted(warehouse, DATE, ExtractTable.PATIENTS).filter("patient_id = '" + id + "'").collectAsList();
    }

    @Test
    void requiredFieldEmpty() {
        assertQuarantined("patients.csv", 3, QuarantineReason.MISSING_REQUIRED, "center_id");
    }

    @Test
    void codeNotInItsList() {
        assertQuarantined("patients.csv", 4, QuarantineReason.INVALID_CODE, "sex");
        assertEquals("sex: 'X' is not one of M, F", Extracts.quarantined(warehouse, DATE, "patients.csv", 4).getString(2));
    }

    @Test
    void dateDoesNotParse() {
        assertQuarantined("patients.csv", 5, QuarantineReason.INVALID_DATE, "birth_date");
        assertQuarantined("patients.csv", 25, QuarantineReason.INVALID_DATE, "birth_date");
    }

    @Test
    void numberDoesNotParse() {
        assertQuarantined("patients.csv", 6, QuarantineReason.INVALID_NUMBER, "hbv_dna_iu_ml");
        assertQuarantined("patients.csv", 26, QuarantineReason.INVALID_NUMBER, "hbv_dna_iu_ml");
        assertQuarantined("patients.csv", 18, QuarantineReason.INVALID_NUMBER, "ecog_ps");
    }

    @Test
    void numberOutsideItsRange() {
        assertQuarantined("patients.csv", 7, QuarantineReason.OUT_OF_RANGE, "hbv_dna_iu_ml");
        assertQuarantined("patients.csv", 17, QuarantineReason.OUT_OF_RANGE, "ecog_ps");
        assertQuarantined("treatments.csv", 5, QuarantineReason.OUT_OF_RANGE, "dose_mg");   // dose_mg > 0
        assertQuarantined("adverse_events.csv", 3, QuarantineReason.OUT_OF_RANGE, "grade");
    }

    @Test
    void dateBefore1900() {
        assertQuarantined("patients.csv", 8, QuarantineReason.DATE_BEFORE_1900, "birth_date");
    }

    @Test
    void dateAfterTheExtractDate() {
        assertQuarantined("patients.csv", 9, QuarantineReason.DATE_AFTER_EXTRACT, "last_contact_date");
        // On the extract date itself is allowed.
        assertEquals(1, acceptedPatients("P23").size());
    }

    @Test
    void deathBeforeBirth() {
        assertQuarantined("patients.csv", 10, QuarantineReason.DEATH_BEFORE_BIRTH, "death_date");
    }

    @Test
    void deathAfterLastContact() {
        assertQuarantined("patients.csv", 11, QuarantineReason.DEATH_AFTER_LAST_CONTACT, "death_date");
    }

    @Test
    void stringLongerThanItsMaximum() {
        assertQuarantined("patients.csv", 20, QuarantineReason.VALUE_TOO_LONG, "patient_id");
    }

    @Test
    void malformedRow() {
        assertQuarantined("patients.csv", 16, QuarantineReason.MALFORMED_ROW, null);
        assertEquals("P13,C1", Extracts.quarantined(warehouse, DATE, "patients.csv", 16).getString(3));
        assertQuarantined("treatments.csv", 8, QuarantineReason.MALFORMED_ROW, null);
    }

    @Test
    void identicalDuplicateKeepsTheFirst() {
        assertQuarantined("patients.csv", 13, QuarantineReason.DUPLICATE_ROW, "patient_id");
        assertEquals(1, acceptedPatients("P11").size());
        assertEquals(12L, (long) acceptedPatients("P11").get(0).getAs("_line"));
        assertQuarantined("lesions.csv", 3, QuarantineReason.DUPLICATE_ROW, "patient_id, lesion_id");
    }

    @Test
    void conflictingKeyRejectsAll() {
        assertQuarantined("patients.csv", 14, QuarantineReason.CONFLICTING_KEY, "patient_id");
        assertQuarantined("patients.csv", 15, QuarantineReason.CONFLICTING_KEY, "patient_id");
        assertEquals(0, acceptedPatients("P12").size());
        assertQuarantined("lesions.csv", 4, QuarantineReason.CONFLICTING_KEY, "patient_id, lesion_id");
        assertQuarantined("lesions.csv", 5, QuarantineReason.CONFLICTING_KEY, "patient_id, lesion_id");
        // Identical compares decoded values: "Dose_Reduced" and "" differ in action.
        assertQuarantined("adverse_events.csv", 4, QuarantineReason.CONFLICTING_KEY, "patient_id, term, onset_date, grade");
        assertQuarantined("adverse_events.csv", 5, QuarantineReason.CONFLICTING_KEY, "patient_id, term, onset_date, grade");
        // The message names the key's values (a date as written in ISO, a whole number), the rows sharing
        // it and the first line: lines 4 and 5 share (P01, diarrhea, 2023-02-01, 2).
        assertEquals("patient_id, term, onset_date, grade: key (P01, diarrhea, 2023-02-01, 2) is shared by 2 rows that "
                + "differ (first at line 4)", Extracts.quarantined(warehouse, DATE, "adverse_events.csv", 5).getString(2));
        assertEquals("patient_id: key (P12) is shared by 2 rows that differ (first at line 14)",
                Extracts.quarantined(warehouse, DATE, "patients.csv", 15).getString(2));
    }

    @Test
    void orphanNamesNoPatient() {
        assertQuarantined("lesions.csv", 6, QuarantineReason.UNKNOWN_PATIENT, "patient_id");
    }

    @Test
    void childOfRejectedPatient() {
        assertQuarantined("lesions.csv", 7, QuarantineReason.REJECTED_PATIENT, "patient_id");
        assertQuarantined("lesions.csv", 8, QuarantineReason.REJECTED_PATIENT, "patient_id");
    }

    @Test
    void rulesApplyInTheSpecOrder() {
        // Field rules column by column: center_id (column 2) before sex (column 4).
        assertQuarantined("patients.csv", 21, QuarantineReason.MISSING_REQUIRED, "center_id");
        // Field rules before the cross-field date rule.
        assertQuarantined("patients.csv", 22, QuarantineReason.INVALID_CODE, "sex");
        // Key rules among the rows that passed the field rules: P20's bad twin leaves it accepted.
        assertQuarantined("patients.csv", 24, QuarantineReason.INVALID_CODE, "sex");
        assertEquals(1, acceptedPatients("P20").size());
        // Field rules before the patient reference.
        assertQuarantined("lesions.csv", 10, QuarantineReason.INVALID_CODE, "site");
        // Key rules before the patient reference.
        assertQuarantined("lesions.csv", 12, QuarantineReason.DUPLICATE_ROW, "patient_id, lesion_id");
        assertQuarantined("lesions.csv", 7, QuarantineReason.REJECTED_PATIENT, "patient_id");
    }

    @Test
    void codesAreCaseInsensitiveAndStoredCanonical() {
        Row p16 = acceptedPatients("P16").get(0);
        assertEquals("F", p16.getAs("sex"));
        assertEquals("C", p16.getAs("bclc_stage"));
        assertEquals("B", p16.getAs("child_pugh_class"));
        assertEquals("N", p16.getAs("withdrawn"));
        Row l3 = Extracts.accepted(warehouse, DATE, ExtractTable.LESIONS).filter("lesion_id = 'L3'").collectAsList().get(0);
        assertEquals("lung", l3.getAs("site"));
        assertEquals("Y", l3.getAs("measurable"));
        assertEquals(1, Extracts.accepted(warehouse, DATE, ExtractTable.ADVERSE_EVENTS)
                .filter("term = 'hypertension' and grade = 3 and action = 'none'").count());
        assertEquals(1, Extracts.accepted(warehouse, DATE, ExtractTable.ASSESSMENTS)
                .filter("scope = 'lung' and response = 'CR'").count());
    }

    @Test
    void typedColumns() {
        Row p16 = acceptedPatients("P16").get(0);
        assertEquals(0.0, (Double) p16.getAs("hbv_dna_iu_ml"));
        assertEquals(12.5, (Double) p16.getAs("afp_ug_l"));
        assertEquals(java.sql.Date.valueOf("1950-01-01"), p16.getAs("birth_date"));
        assertEquals(java.sql.Date.valueOf(DATE), p16.getAs("extract_date"));
        Row p01 = acceptedPatients("P01").get(0);
        assertEquals(1, (Integer) p01.getAs("ecog_ps"));
        assertNull(p01.getAs("death_date"));
        assertEquals("StructField(ecog_ps,IntegerType,true)",
                Extracts.accepted(warehouse, DATE, ExtractTable.PATIENTS).schema().apply("ecog_ps").toString());
    }

    @Test
    void quotedFieldsWithCommasQuotesAndNewlines() {
        List<Row> t = Extracts.accepted(warehouse, DATE, ExtractTable.TREATMENTS).orderBy("_line").collectAsList();
        assertEquals(2, t.size());
        assertEquals("apatinib", t.get(0).getAs("drug"));
        assertEquals(750.0, (Double) t.get(0).getAs("dose_mg"));
        assertEquals(2L, (long) t.get(0).getAs("_line"));
        assertEquals(3L, (long) t.get(1).getAs("_line"));
        assertEquals(2, (Integer) t.get(1).getAs("line"));
        // The record after a quoted line break starts on physical line 5, and its raw text is kept whole.
        assertQuarantined("treatments.csv", 5, QuarantineReason.OUT_OF_RANGE, "dose_mg");
        assertQuarantined("treatments.csv", 6, QuarantineReason.OUT_OF_RANGE, "line");
        assertEquals("2023-03-02,sorafenib,P01,\"a \"\"quoted\"\", multi\nline\",400,0",
                Extracts.quarantined(warehouse, DATE, "treatments.csv", 6).getString(3));
    }

    @Test
    void byteOrderMarkAndCrlf() {
        List<Row> a = Extracts.accepted(warehouse, DATE, ExtractTable.ASSESSMENTS).orderBy("_line").collectAsList();
        assertEquals(2, a.size());
        assertEquals("P01", a.get(0).getAs("patient_id"));
        assertEquals("PD", a.get(0).getAs("response"));
        assertEquals(2L, (long) a.get(0).getAs("_line"));
        assertEquals(4L, (long) a.get(1).getAs("_line"));   // the blank line 3 holds no row
    }

    @Test
    void headerNamesCaseInsensitiveInAnyOrder() {
        Row t = Extracts.accepted(warehouse, DATE, ExtractTable.TREATMENTS).filter("_line = 2").collectAsList().get(0);
        assertEquals(java.sql.Date.valueOf("2023-01-01"), t.getAs("start_date"));
        assertEquals("P01", t.getAs("patient_id"));
        assertNull(t.getAs("stop_date"));   // absent optional column: all missing
        assertNull(t.getAs("schedule"));
    }

    @Test
    void extraColumnsIgnoredAndReportedOnce() {
        FileAccounting f = run.result().accounting().extracts().get(0).file("treatments.csv");
        assertEquals(List.of("Comment"), f.unknownColumns());
        long reports = run.log().lines().filter(l -> l.contains("Comment")).count();
        assertEquals(1, reports, run.log());
        assertTrue(Extracts.accepted(warehouse, DATE, ExtractTable.TREATMENTS).schema().getFieldIndex("Comment").isEmpty());
    }

    @Test
    void headerOnlyFileHoldsZeroRows() {
        FileAccounting f = run.result().accounting().extracts().get(0).file("procedures.csv");
        assertEquals(0, f.rowsRead());
        assertEquals(0, Extracts.accepted(warehouse, DATE, ExtractTable.PROCEDURES).count());
    }

    @Test
    void accountingRowsReadEqualAcceptedPlusQuarantined() throws Exception {
        ExtractAccounting a = run.result().accounting().extracts().get(0);
        // Counted by hand from the fixture above.
        FileAccounting p = a.file("patients.csv");
        assertEquals(26, p.rowsRead());
        assertEquals(5, p.rowsAccepted());   // P01, P11 (line 12), P16, P20 (line 23), P23
        assertEquals(21, p.rowsQuarantined());
        FileAccounting l = a.file("lesions.csv");
        assertEquals(11, l.rowsRead());
        assertEquals(3, l.rowsAccepted());   // lines 2, 9, 11
        FileAccounting t = a.file("treatments.csv");
        assertEquals(5, t.rowsRead());
        assertEquals(2, t.rowsAccepted());
        FileAccounting s = a.file("assessments.csv");
        assertEquals(2, s.rowsRead());
        FileAccounting e = a.file("adverse_events.csv");
        assertEquals(4, e.rowsRead());
        assertEquals(1, e.rowsAccepted());   // line 2 (3 out of range, 4 and 5 conflict)
        for (FileAccounting f : a.files()) {
            assertEquals(f.rowsRead(), f.rowsAccepted() + f.rowsQuarantined(), f.file());
            long inQuarantine = Extracts.quarantine(warehouse, DATE).filter("file = '" + f.file() + "'").count();
            assertEquals(f.rowsQuarantined(), inQuarantine, f.file());
            byte[] bytes = java.nio.file.Files.readAllBytes(tmp.resolve("extracts").resolve(DATE).resolve(f.file()));
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertEquals(sha, f.sha256(), f.file());
        }
        // Reasons over the whole extract, counted from the fixture comments.
        java.util.Map<String, Object> q = run.result().quarantine();
        assertEquals(2L, q.get("missing_required"));       // patients 3, 21
        assertEquals(4L, q.get("invalid_code"));           // patients 4, 22, 24; lesions 10
        assertEquals(2L, q.get("invalid_date"));           // patients 5, 25
        assertEquals(3L, q.get("invalid_number"));         // patients 6, 18, 26
        assertEquals(5L, q.get("out_of_range"));           // patients 7, 17; treatments 5, 6; adverse events 3
        assertEquals(1L, q.get("date_before_1900"));
        assertEquals(1L, q.get("date_after_extract"));
        assertEquals(1L, q.get("death_before_birth"));
        assertEquals(1L, q.get("death_after_last_contact"));
        assertEquals(1L, q.get("value_too_long"));
        assertEquals(2L, q.get("malformed_row"));          // patients 16; treatments 8
        assertEquals(3L, q.get("duplicate_row"));          // patients 13; lesions 3, 12
        assertEquals(6L, q.get("conflicting_key"));        // patients 14, 15; lesions 4, 5; adverse events 4, 5
        assertEquals(1L, q.get("unknown_patient"));        // lesions 6
        assertEquals(2L, q.get("rejected_patient"));       // lesions 7, 8
        // The manifest's inputs entry (docs/study.md).
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> entry = (java.util.Map<String, Object>) run.result().inputs().get(DATE + "/patients.csv");
        assertEquals(List.of("rows_read", "rows_accepted", "rows_quarantined", "sha256"), List.copyOf(entry.keySet()));
        assertEquals(26L, entry.get("rows_read"));
    }
}
