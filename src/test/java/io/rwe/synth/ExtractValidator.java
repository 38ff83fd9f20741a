package io.rwe.synth;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plain, test-only reading of docs/registry-extract.md's "What is a bad record" over one extract folder
 * (no quoted fields expected), independent of the generator's injector: field rules column by column
 * (required, length, code, number parse, range, date parse, date bounds), the death rules, then the
 * key rules among the rows that passed, then the patient reference. Counts per file and reason,
 * reasons named as ingest names them.
 */
final class ExtractValidator {
    /** file → reason → count, and file → accepted. */
    final Map<String, Map<String, Long>> reasons = new TreeMap<>();
    final Map<String, Long> accepted = new TreeMap<>();
    final Map<String, Long> read = new TreeMap<>();
    /** The accepted patient rows (column → value) by patient id. */
    final Map<String, Map<String, String>> patients = new HashMap<>();

    ExtractValidator(Path folder, LocalDate extractDate) {
        Set<String> patientIdsPresent = new HashSet<>();
        Set<String> acceptedPatients = new HashSet<>();
        for (ExtractTable t : ExtractTable.values()) {
            List<String[]> rows = lines(folder.resolve(t.fileName()));
            String[] header = rows.get(0);
            List<String[]> data = rows.subList(1, rows.size());
            read.put(t.fileName(), (long) data.size());
            String[] reason = new String[data.size()];
            for (int i = 0; i < data.size(); i++) {
                reason[i] = fieldReason(t, header, data.get(i), extractDate);
            }
            // Key rules among the rows that passed.
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (int i = 0; i < data.size(); i++) {
                if (reason[i] == null) {
                    StringBuilder k = new StringBuilder();
                    for (String col : t.key()) {
                        k.append(value(t, header, data.get(i), col)).append('\u0001');
                    }
                    byKey.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(i);
                }
            }
            for (List<Integer> group : byKey.values()) {
                if (group.size() < 2) {
                    continue;
                }
                Set<String> distinct = new HashSet<>();
                for (int i : group) {
                    distinct.add(String.join(",", data.get(i)));
                }
                if (distinct.size() == 1) {
                    for (int i : group.subList(1, group.size())) {
                        reason[i] = "duplicate_row";
                    }
                } else {
                    for (int i : group) {
                        reason[i] = "conflicting_key";
                    }
                }
            }
            int pid = column(header, "patient_id");
            if (t == ExtractTable.PATIENTS) {
                for (int i = 0; i < data.size(); i++) {
                    patientIdsPresent.add(data.get(i)[pid]);
                    if (reason[i] == null) {
                        acceptedPatients.add(data.get(i)[pid]);
                        Map<String, String> m = new HashMap<>();
                        for (int c = 0; c < header.length; c++) {
                            m.put(header[c], data.get(i)[c]);
                        }
                        patients.put(data.get(i)[pid], m);
                    }
                }
            } else {
                for (int i = 0; i < data.size(); i++) {
                    if (reason[i] == null && !acceptedPatients.contains(data.get(i)[pid])) {
                        reason[i] = patientIdsPresent.contains(data.get(i)[pid]) ? "rejected_patient" : "unknown_patient";
                    }
                }
            }
            Map<String, Long> r = new TreeMap<>();
            long ok = 0;
            for (String x : reason) {
                if (x == null) {
                    ok++;
                } else {
                    r.merge(x, 1L, Long::sum);
                }
            }
            reasons.put(t.fileName(), r);
            accepted.put(t.fileName(), ok);
        }
    }

    private static List<String[]> lines(Path file) {
        try {
            List<String[]> out = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                if (l.indexOf('"') >= 0) {
                    throw new IllegalStateException("quoted field not expected: " + l);
                }
                out.add(l.split(",", -1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name);
    }

    private static String value(ExtractTable t, String[] header, String[] row, String col) {
        String v = row[column(header, col)];
        ColumnSpec spec = t.column(col).orElseThrow();
        if (spec.type() == io.rwe.registry.ColumnType.NUMBER || spec.type() == io.rwe.registry.ColumnType.INTEGER) {
            return v.isEmpty() ? v : new BigDecimal(v).stripTrailingZeros().toPlainString();
        }
        return v;
    }

    private static String fieldReason(ExtractTable t, String[] header, String[] row, LocalDate extractDate) {
        if (row.length != header.length) {
            return "malformed_row";
        }
        for (ColumnSpec c : t.columns()) {
            String v = row[column(header, c.name())];
            if (v.isEmpty()) {
                if (c.required()) {
                    return "missing_required";
                }
                continue;
            }
            switch (c.type()) {
                case STRING -> {
                    if (c.maxLength() > 0 && v.length() > c.maxLength()) {
                        return "value_too_long";
                    }
                }
                case CODE -> {
                    if (c.canonicalCode(v) == null) {
                        return "invalid_code";
                    }
                }
                case NUMBER, INTEGER -> {
                    BigDecimal b;
                    try {
                        b = new BigDecimal(v);
                    } catch (NumberFormatException e) {
                        return "invalid_number";
                    }
                    if (c.type() == io.rwe.registry.ColumnType.INTEGER && b.stripTrailingZeros().scale() > 0) {
                        return "invalid_number";
                    }
                    double x = b.doubleValue();
                    if (x < c.min() || (c.minExclusive() && x == c.min()) || x > c.max()) {
                        return "out_of_range";
                    }
                }
                case DATE -> {
                    LocalDate d;
                    try {
                        d = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        return "invalid_date";
                    }
                    if (d.isBefore(LocalDate.of(1900, 1, 1))) {
                        return "date_before_1900";
                    }
                    if (d.isAfter(extractDate)) {
                        return "date_after_extract";
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        if (t == ExtractTable.PATIENTS) {
            String death = row[column(header, "death_date")];
            if (!death.isEmpty()) {
                LocalDate d = LocalDate.parse(death);
                if (d.isBefore(LocalDate.parse(row[column(header, "birth_date")]))) {
                    return "death_before_birth";
                }
                if (d.isAfter(LocalDate.parse(row[column(header, "last_contact_date")]))) {
                    return "death_after_last_contact";
                }
            }
        }
        return null;
    }
}
