package io.rwe.ingest.omop;

import io.rwe.ingest.omop.OmopRecord.Problem;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;

/**
 * What the translation of a person's records gives: either a row of one of the extract format's six
 * tables ({@code table} set, {@code values} in its column order, as text), or the fate of a record that
 * makes no row of its own ({@code table} null).
 *
 * @param table   the curated table of the row; null for a fate
 * @param line    the record's {@link Lines} number (a row's: the record it comes from)
 * @param at      byte offset of the record's raw CSV line
 * @param length  byte length of the record's raw CSV line
 * @param problem a row: an error that rejects it whatever its values (after its own field rules);
 *                a fate: why the record is quarantined, null when it is not (unless its target is)
 * @param target  a fate: the {@link Lines} number of the row it belongs to (a patients row: the person;
 *                a lesion, treatment or adverse event), quarantined with it; -1 when none
 * @param patient whether the target is the patients row (reason {@code rejected_patient}) or another row
 *                ({@code rejected_record})
 * @param values  a row's values
 */
record Translated(ExtractTable table, long line, long at, int length, Problem problem, long target, boolean patient,
                  String[] values) implements Serializable {

    static Translated row(ExtractTable table, OmopRecord from, Problem problem, String[] values) {
        return new Translated(table, from.line(), from.at(), from.length(), problem, -1, false, values);
    }

    /** A record quarantined for {@code problem}, or (null) accepted, on its own. */
    static Translated fate(OmopRecord r, Problem problem) {
        return new Translated(null, r.line(), r.at(), r.length(), problem, -1, false, null);
    }

    /** A record accepted unless the row at {@code target} is quarantined. */
    static Translated dependent(OmopRecord r, long target, boolean patient) {
        return new Translated(null, r.line(), r.at(), r.length(), null, target, patient, null);
    }
}
