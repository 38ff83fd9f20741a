package io.rwe.ingest.naaccr;

import com.imsweb.naaccrxml.NaaccrErrorUtils;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Why a NAACCR patient record was quarantined (docs/naaccr.md, "What is quarantined"). A record is one
 * {@code <Patient>} element with its tumors; it is quarantined whole, with the first reason found in
 * this order: the element is not a well-formed NAACCR patient, it has no {@code patientIdNumber}, one of
 * its items holds a value that is not valid for the item's definition in the file's dictionaries (the
 * checks of {@code com.imsweb:naaccr-xml}), and last, among the records that passed, its patient is
 * delivered more than once in the same extract. {@link #code()} is the name in the quarantine table,
 * the accounting and {@code manifest.json}.
 */
public enum NaaccrReason {
    /**
     * Not a well-formed NAACCR {@code <Patient>} element: broken XML, an item at the wrong level, an item
     * given twice, an unexpected tag (the library's message is kept).
     */
    MALFORMED_RECORD,
    /** No {@code patientIdNumber} item (or an empty one). */
    MISSING_PATIENT_ID,
    /** A value longer than its item's length. */
    VALUE_TOO_LONG,
    /** A value shorter than its item's length where the item's type needs the full length (alpha, digits, mixed). */
    VALUE_TOO_SHORT,
    /** A value that is not of its item's type (digits, alpha, mixed, numeric, date: {@code YYYY[MM[DD]]}). */
    INVALID_FOR_TYPE,
    /** A value that starts or ends with a space. */
    SURROUNDING_SPACE,
    /** An item whose {@code naaccrNum} attribute is not the number of its {@code naaccrId}. */
    WRONG_ITEM_NUMBER,
    /** The patient ({@code patientIdNumber}) comes more than once in the extract: every copy is rejected. */
    DUPLICATE_PATIENT;

    /** The reason's name in data and JSON: lower snake case ({@code missing_patient_id}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every reason code, in the order above. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(NaaccrReason::code).toList();
    }

    /**
     * The reason of a validation error of {@code com.imsweb:naaccr-xml} ({@link NaaccrErrorUtils} codes),
     * or null for an error that does not reject the record (an unknown item, which is ignored and reported).
     */
    static NaaccrReason ofLibraryCode(String code) {
        if (NaaccrErrorUtils.CODE_BAD_NAACCR_ID.equals(code)) {
            return null;
        }
        if (NaaccrErrorUtils.CODE_VAL_TOO_LONG.equals(code)) {
            return VALUE_TOO_LONG;
        }
        if (NaaccrErrorUtils.CODE_VAL_TOO_SHORT.equals(code)) {
            return VALUE_TOO_SHORT;
        }
        if (NaaccrErrorUtils.CODE_VAL_DATA_TYPE.equals(code)) {
            return INVALID_FOR_TYPE;
        }
        if (NaaccrErrorUtils.CODE_VAL_START_SPACE.equals(code) || NaaccrErrorUtils.CODE_VAL_END_SPACE.equals(code)) {
            return SURROUNDING_SPACE;
        }
        if (NaaccrErrorUtils.CODE_BAD_NAACCR_NUM.equals(code)) {
            return WRONG_ITEM_NUMBER;
        }
        return MALFORMED_RECORD;
    }
}
