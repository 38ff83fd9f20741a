package io.rwe.synth;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one extract, per file, each row a list of field values in the column order of
 * {@link ExtractTable#columns()} (empty string: missing value). A mutable builder used while a profile
 * expands its patients; {@link ExtractCsv} writes it.
 */
public final class ExtractRows {
    private final Map<ExtractTable, List<String[]>> rows = new EnumMap<>(ExtractTable.class);

    public ExtractRows() {
        for (ExtractTable t : ExtractTable.values()) {
            rows.put(t, new ArrayList<>());
        }
    }

    /**
     * Adds a row given as alternating column names and values ({@code "patient_id", "P001", ...});
     * columns not named are missing. An unknown column name is a programming error.
     */
    public void add(ExtractTable table, String... namesAndValues) {
        rows.get(table).add(row(table, namesAndValues));
    }

    /** The row array for {@code table} from alternating names and values (see {@link #add}). */
    public static String[] row(ExtractTable table, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        List<ColumnSpec> cols = table.columns();
        String[] r = new String[cols.size()];
        java.util.Arrays.fill(r, "");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            int at = indexOf(table, namesAndValues[i]);
            String v = namesAndValues[i + 1];
            r[at] = v == null ? "" : v;
        }
        return r;
    }

    /** Position of column {@code name} in {@code table}'s column order. */
    public static int indexOf(ExtractTable table, String name) {
        List<ColumnSpec> cols = table.columns();
        for (int c = 0; c < cols.size(); c++) {
            if (cols.get(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + table.fileName());
    }

    public List<String[]> get(ExtractTable table) {
        return rows.get(table);
    }
}
