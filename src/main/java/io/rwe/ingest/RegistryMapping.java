package io.rwe.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.rwe.core.UsageException;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ColumnType;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one registry spells the extract format (docs/registry-extract.md: "a registry whose files use other
 * column names or codes is served by a mapping in configuration"), read from {@code rwe.registry}:
 *
 * <pre>
 * rwe.registry {
 *   name = "spec"                 # a label for reports
 *   delimiter = ","               # one ASCII character
 *   date-format = "yyyy-MM-dd"    # Spark datetime pattern of every date column
 *   columns { patients { sex = "GENDER" } }           # spec column = registry column (default: same name)
 *   codes   { patients { sex { "1" = M, "2" = F } } } # registry code = spec code
 * }
 * </pre>
 *
 * A code column listed under {@code codes} accepts exactly the registry codes listed (compared
 * case-insensitively) and stores their spec spelling; any other code column accepts the spec's codes,
 * case-insensitively, and stores the spelling of {@link ColumnSpec#canonicalCode}.
 *
 * @param name        the registry's label
 * @param delimiter   the field separator
 * @param dateFormat  the date pattern (Spark datetime pattern, parsed strictly)
 * @param columnNames per table, spec column name → the column name in the registry's files
 * @param codeMaps    per table and code column, registry code (matched case-insensitively) → spec code
 */
public record RegistryMapping(String name, char delimiter, String dateFormat,
                              Map<ExtractTable, Map<String, String>> columnNames,
                              Map<ExtractTable, Map<String, Map<String, String>>> codeMaps) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The spec's own names and codes, ISO dates, comma-separated. */
    public static RegistryMapping spec() {
        return build("spec", ',', "yyyy-MM-dd", Map.of(), Map.of());
    }

    /** The column name the registry's file uses for a spec column. */
    public String fileColumn(ExtractTable table, ColumnSpec column) {
        return columnNames.get(table).get(column.name());
    }

    /** For a code column: accepted registry code (matched case-insensitively) → spec code, in a stable order. */
    public Map<String, String> codes(ExtractTable table, ColumnSpec column) {
        return codeMaps.get(table).get(column.name());
    }

    /** Reads {@code rwe.registry}; every key is optional (defaults: {@link #spec()}). */
    public static RegistryMapping fromConfig(Config config) {
        try {
            Config r = config.hasPath("rwe.registry") ? config.getConfig("rwe.registry") : com.typesafe.config.ConfigFactory.empty();
            String name = r.hasPath("name") ? r.getString("name") : "spec";
            String delim = r.hasPath("delimiter") ? r.getString("delimiter") : ",";
            if (delim.length() != 1 || delim.charAt(0) > 127 || delim.charAt(0) == '"' || delim.charAt(0) == '\n'
                    || delim.charAt(0) == '\r') {
                throw new UsageException("configuration: rwe.registry.delimiter must be one ASCII character other "
                        + "than a quote or line break, got '" + delim + "'");
            }
            String dateFormat = r.hasPath("date-format") ? r.getString("date-format") : "yyyy-MM-dd";
            try {
                DateTimeFormatter f = DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT);
                f.format(LocalDate.of(2000, 1, 2));
            } catch (IllegalArgumentException e) {
                throw new UsageException("configuration: rwe.registry.date-format '" + dateFormat + "' is not a date pattern: "
                        + e.getMessage());
            }
            Map<ExtractTable, Map<String, String>> names = new EnumMap<>(ExtractTable.class);
            Map<ExtractTable, Map<String, Map<String, String>>> codes = new EnumMap<>(ExtractTable.class);
            for (ExtractTable t : ExtractTable.values()) {
                String tablePath = "columns." + t.tableName();
                if (r.hasPath(tablePath)) {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Map.Entry<String, ConfigValue> e : r.getConfig(tablePath).root().entrySet()) {
                        ColumnSpec c = t.column(e.getKey()).orElseThrow(() -> new UsageException("configuration: rwe.registry."
                                + tablePath + "." + e.getKey() + ": " + t.fileName() + " has no column '" + e.getKey() + "'"));
                        m.put(c.name(), String.valueOf(e.getValue().unwrapped()));
                    }
                    names.put(t, m);
                }
                String codesPath = "codes." + t.tableName();
                if (r.hasPath(codesPath)) {
                    Map<String, Map<String, String>> m = new LinkedHashMap<>();
                    for (Map.Entry<String, ConfigValue> e : r.getConfig(codesPath).root().entrySet()) {
                        String where = "rwe.registry." + codesPath + "." + e.getKey();
                        ColumnSpec c = t.column(e.getKey()).orElseThrow(() -> new UsageException("configuration: " + where
                                + ": " + t.fileName() + " has no column '" + e.getKey() + "'"));
                        if (c.type() != ColumnType.CODE) {
                            throw new UsageException("configuration: " + where + ": only code columns take a code mapping");
                        }
                        if (!(e.getValue().unwrapped() instanceof Map<?, ?> pairs)) {
                            throw new UsageException("configuration: " + where + " must be an object {registry-code = spec-code}");
                        }
                        Map<String, String> cm = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> p : pairs.entrySet()) {
                            String target = c.canonicalCode(String.valueOf(p.getValue()));
                            if (target == null) {
                                throw new UsageException("configuration: " + where + "." + p.getKey() + " = " + p.getValue()
                                        + ": not a code of " + c.name() + " " + c.codes());
                            }
                            cm.put(String.valueOf(p.getKey()), target);
                        }
                        m.put(c.name(), cm);
                    }
                    codes.put(t, m);
                }
            }
            return build(name, delim.charAt(0), dateFormat, names, codes);
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    private static RegistryMapping build(String name, char delimiter, String dateFormat,
                                         Map<ExtractTable, Map<String, String>> names,
                                         Map<ExtractTable, Map<String, Map<String, String>>> codes) {
        Map<ExtractTable, Map<String, String>> allNames = new EnumMap<>(ExtractTable.class);
        Map<ExtractTable, Map<String, Map<String, String>>> allCodes = new EnumMap<>(ExtractTable.class);
        for (ExtractTable t : ExtractTable.values()) {
            Map<String, String> n = new LinkedHashMap<>();
            Map<String, Map<String, String>> c = new LinkedHashMap<>();
            for (ColumnSpec col : t.columns()) {
                n.put(col.name(), names.getOrDefault(t, Map.of()).getOrDefault(col.name(), col.name()));
                if (col.type() == ColumnType.CODE) {
                    Map<String, String> given = codes.getOrDefault(t, Map.of()).get(col.name());
                    Map<String, String> m = new LinkedHashMap<>();
                    if (given == null) {
                        for (String code : col.codes()) {
                            m.put(code, code);
                        }
                    } else {
                        for (Map.Entry<String, String> e : given.entrySet()) {
                            m.put(e.getKey(), e.getValue());
                        }
                    }
                    c.put(col.name(), java.util.Collections.unmodifiableMap(m));
                }
            }
            allNames.put(t, java.util.Collections.unmodifiableMap(n));
            allCodes.put(t, java.util.Collections.unmodifiableMap(c));
        }
        return new RegistryMapping(name, delimiter, dateFormat, java.util.Collections.unmodifiableMap(allNames),
                java.util.Collections.unmodifiableMap(allCodes));
    }

    /** The registry codes a column accepts, as configured (for messages). */
    public List<String> acceptedCodes(ExtractTable table, ColumnSpec column) {
        return List.copyOf(codes(table, column).keySet());
    }
}
