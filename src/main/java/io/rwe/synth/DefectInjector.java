package io.rwe.synth;

import static io.rwe.registry.ExtractTable.PATIENTS;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ColumnType;
import io.rwe.registry.ExtractTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a fraction of one patient's rows bad, each in exactly one way, and works out what ingest must
 * quarantine, following docs/registry-extract.md's order: field rules (then the cross-field death rules)
 * on every row; key rules among the rows that passed; then the patient reference.
 *
 * <p>Each row (the patient row first, then the children in file order) receives a defect with
 * probability {@code fraction}, the kind uniform among those its file allows. Injected defects never
 * create another: a field defect touches one column with a value that fails only that rule; a
 * duplicate is an exact copy placed right after the original (the copy is quarantined, the original
 * kept); a conflict is a copy that differs in one non-key column (both quarantined); an unknown
 * patient is a child row re-pointed at an identifier that no patient row carries. Children of a
 * rejected patient row are quarantined as {@code rejected_patient} unless an earlier rule already
 * rejected them. Keys never collide by accident: a generated patient's rows have distinct keys.
 */
public final class DefectInjector {
    private static final Defect[] PATIENT_KINDS = {Defect.MISSING_REQUIRED, Defect.INVALID_CODE,
        Defect.INVALID_DATE, Defect.INVALID_NUMBER, Defect.OUT_OF_RANGE, Defect.DATE_BEFORE_1900,
        Defect.DATE_AFTER_EXTRACT, Defect.DEATH_BEFORE_BIRTH, Defect.DEATH_AFTER_LAST_CONTACT,
        Defect.DUPLICATE_ROW, Defect.CONFLICTING_KEY};

    private static final LocalDate FIRST_DAY_OF_1900 = LocalDate.of(1900, 1, 1);

    private DefectInjector() {
    }

    /**
     * The rows as delivered and the expected quarantine: {@code quarantined[table][defect]} counts,
     * {@code accepted[table]} counts, and whether the patient row was accepted.
     */
    public record Result(Map<ExtractTable, List<String[]>> rows, long[][] quarantined, long[] accepted,
                         boolean patientAccepted) {
    }

    public static Result inject(Map<ExtractTable, List<String[]>> clean, double fraction,
                                RegistrySettings.Defects values, SplittableRandom r, LocalDate extractDate) {
        int nt = ExtractTable.values().length;
        long[][] q = new long[nt][Defect.values().length];
        long[] accepted = new long[nt];
        Map<ExtractTable, List<String[]>> out = new EnumMap<>(ExtractTable.class);

        // The patient row.
        String[] patient = clean.get(PATIENTS).get(0);
        List<String[]> pOut = new ArrayList<>(2);
        Defect pk = patientDefect(fraction, r);
        boolean patientAccepted = apply(PATIENTS, patient, pk, values, r, extractDate, pOut, q, accepted, true);
        out.put(PATIENTS, pOut);

        for (ExtractTable t : ExtractTable.values()) {
            if (t == PATIENTS) {
                continue;
            }
            List<String[]> in = clean.get(t);
            List<String[]> o = new ArrayList<>(in.size() + 2);
            Defect[] kinds = childKinds(t);
            for (String[] row : in) {
                Defect k = fraction > 0 && r.nextDouble() < fraction ? kinds[r.nextInt(kinds.length)] : null;
                apply(t, row, k, values, r, extractDate, o, q, accepted, patientAccepted);
            }
            out.put(t, o);
        }
        return new Result(out, q, accepted, patientAccepted);
    }

    /** The defect of the patient row: the first draws of the patient's defect stream (null: clean). */
    static Defect patientDefect(double fraction, SplittableRandom r) {
        return fraction > 0 && r.nextDouble() < fraction ? PATIENT_KINDS[r.nextInt(PATIENT_KINDS.length)] : null;
    }

    /** Emits {@code row} with defect {@code k} (null: clean); returns whether the row (original) is accepted. */
    private static boolean apply(ExtractTable t, String[] row, Defect k, RegistrySettings.Defects values,
                                 SplittableRandom r, LocalDate extractDate, List<String[]> o, long[][] q,
                                 long[] accepted, boolean patientAccepted) {
        int ti = t.ordinal();
        boolean child = t != PATIENTS;
        if (k == null || k == Defect.DUPLICATE_ROW) {
            o.add(row);
            if (k == Defect.DUPLICATE_ROW) {
                o.add(row.clone());
                q[ti][Defect.DUPLICATE_ROW.ordinal()]++;
            }
            if (child && !patientAccepted) {
                q[ti][Defect.REJECTED_PATIENT.ordinal()]++;
                return false;
            }
            accepted[ti]++;
            return true;
        }
        if (k == Defect.CONFLICTING_KEY) {
            o.add(row);
            o.add(conflicting(t, row));
            q[ti][Defect.CONFLICTING_KEY.ordinal()] += 2;
            return false;
        }
        o.add(spoil(t, row.clone(), k, values, r, extractDate));
        q[ti][k.ordinal()]++;
        return false;
    }

    private static Defect[] childKinds(ExtractTable t) {
        List<Defect> k = new ArrayList<>(List.of(Defect.MISSING_REQUIRED, Defect.VALUE_TOO_LONG, Defect.INVALID_DATE,
                Defect.DATE_BEFORE_1900, Defect.DATE_AFTER_EXTRACT, Defect.DUPLICATE_ROW, Defect.UNKNOWN_PATIENT));
        if (!columns(t, ColumnType.CODE).isEmpty()) {
            k.add(Defect.INVALID_CODE);
        }
        if (!numeric(t).isEmpty()) {
            k.add(Defect.INVALID_NUMBER);
            k.add(Defect.OUT_OF_RANGE);
        }
        if (!nonKey(t).isEmpty()) {
            k.add(Defect.CONFLICTING_KEY);
        }
        return k.toArray(new Defect[0]);
    }

    private static List<Integer> columns(ExtractTable t, ColumnType type) {
        List<Integer> out = new ArrayList<>();
        List<ColumnSpec> cols = t.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).type() == type) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Integer> numeric(ExtractTable t) {
        List<Integer> out = new ArrayList<>(columns(t, ColumnType.NUMBER));
        out.addAll(columns(t, ColumnType.INTEGER));
        return out;
    }

    private static List<Integer> nonKey(ExtractTable t) {
        List<Integer> out = new ArrayList<>();
        List<ColumnSpec> cols = t.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (!t.key().contains(cols.get(i).name()) && cols.get(i).type() == ColumnType.CODE) {
                out.add(i);
            }
        }
        if (t == ExtractTable.TREATMENTS) {
            out.clear();
            out.add(ExtractRows.indexOf(t, "dose_mg"));
        }
        return out;
    }

    /** A copy of {@code row} with the same key and one non-key value changed to another valid one. */
    static String[] conflicting(ExtractTable t, String[] row) {
        String[] c = row.clone();
        switch (t) {
            case PATIENTS -> {
                int i = ExtractRows.indexOf(t, "smoking");
                c[i] = "ever".equals(c[i]) ? "never" : "ever";
            }
            case LESIONS -> {
                int i = ExtractRows.indexOf(t, "measurable");
                c[i] = "Y".equals(c[i]) ? "N" : "Y";
            }
            case TREATMENTS -> {
                int i = ExtractRows.indexOf(t, "dose_mg");
                c[i] = "500".equals(c[i]) ? "750" : "500";
            }
            case ASSESSMENTS -> {
                int i = ExtractRows.indexOf(t, "response");
                c[i] = "SD".equals(c[i]) ? "PR" : "SD";
            }
            case ADVERSE_EVENTS -> {
                int i = ExtractRows.indexOf(t, "action");
                c[i] = "none".equals(c[i]) ? "interrupted" : "none";
            }
            default -> throw new IllegalArgumentException("no conflicting copy for " + t);
        }
        return c;
    }

    /** {@code row} with defect {@code k} put into one column ({@code values}: the defects' day offsets). */
    static String[] spoil(ExtractTable t, String[] row, Defect k, RegistrySettings.Defects values, SplittableRandom r,
                          LocalDate extractDate) {
        List<ColumnSpec> cols = t.columns();
        int pid = ExtractRows.indexOf(t, "patient_id");
        switch (k) {
            case MISSING_REQUIRED -> {
                List<Integer> req = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) {
                    if (cols.get(i).required() && (t != PATIENTS || i != pid)) {
                        req.add(i);
                    }
                }
                row[req.get(r.nextInt(req.size()))] = "";
            }
            case VALUE_TOO_LONG -> {
                StringBuilder b = new StringBuilder(row[pid]);
                while (b.length() <= 64) {
                    b.append('X');
                }
                row[pid] = b.toString();
            }
            case INVALID_CODE -> {
                List<Integer> c = columns(t, ColumnType.CODE);
                row[c.get(r.nextInt(c.size()))] = "zz";
            }
            case INVALID_DATE -> row[pick(t, ColumnType.DATE, r)] = r.nextBoolean() ? "2018-02-30" : "2017/03/01";
            case INVALID_NUMBER -> {
                List<Integer> c = numeric(t);
                row[c.get(r.nextInt(c.size()))] = "12x";
            }
            case OUT_OF_RANGE -> {
                List<Integer> c = numeric(t);
                int i = c.get(r.nextInt(c.size()));
                row[i] = switch (cols.get(i).name()) {
                    case "ecog_ps" -> "7";
                    case "grade" -> "6";
                    case "line", "dose_mg" -> "0";
                    default -> "-5";
                };
            }
            case DATE_BEFORE_1900 -> row[pick(t, ColumnType.DATE, r)] =
                    FIRST_DAY_OF_1900.minusDays(values.daysBefore1900().drawWhole(r)).toString();
            case DATE_AFTER_EXTRACT -> row[pick(t, ColumnType.DATE, r)] =
                    extractDate.plusDays(values.dateAfterExtractDays().drawWhole(r)).toString();
            case DEATH_BEFORE_BIRTH -> {
                LocalDate birth = LocalDate.parse(row[ExtractRows.indexOf(t, "birth_date")]);
                row[ExtractRows.indexOf(t, "death_date")] =
                        birth.minusDays(values.deathBeforeBirthDays().drawWhole(r)).toString();
            }
            case DEATH_AFTER_LAST_CONTACT -> {
                int di = ExtractRows.indexOf(t, "death_date");
                int li = ExtractRows.indexOf(t, "last_contact_date");
                LocalDate last = LocalDate.parse(row[li]);
                LocalDate birth = LocalDate.parse(row[ExtractRows.indexOf(t, "birth_date")]);
                row[di] = last.toString();
                LocalDate earlier = last.minusDays(values.contactBeforeDeathDays().drawWhole(r));
                row[li] = (earlier.isBefore(birth) ? birth : earlier).toString();
            }
            case UNKNOWN_PATIENT -> row[pid] = row[pid] + "U";
            default -> throw new IllegalArgumentException("not a field defect: " + k);
        }
        return row;
    }

    private static int pick(ExtractTable t, ColumnType type, SplittableRandom r) {
        List<Integer> c = columns(t, type);
        return c.get(r.nextInt(c.size()));
    }
}
