package io.rwe.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The generic checks of a configuration (docs/configuration.md), made before a job does any work; each
 * failure is a {@link UsageException} of one line naming the key, the value and where it came from.
 *
 * <ul>
 *   <li><b>Known keys.</b> The keys under {@code rwe} are those of the defaults tree
 *       ({@code conf/application.conf} and its includes, optional keys such as
 *       {@code pseudonym-key = ${?RWE_PSEUDONYM_KEY}} included). A key below an <i>open</i> path of the
 *       schema (where a study or registry file adds names of its own) is free; a launcher key is ignored;
 *       any other key is refused with the known key at the smallest edit distance suggested when it is
 *       close (distance at most max(2, a third of the key's last part)).</li>
 *   <li><b>Types by example.</b> A value must have the type of the default it replaces: an object for
 *       an object, a list for a list, a number (or text that reads as one, as environment variables and
 *       system properties give) for a number, a boolean ({@code true false yes no on off}) for a
 *       boolean, a scalar for a string, and an ISO date ({@code YYYY-MM-DD}) where the default is
 *       one. {@code null} is accepted anywhere (it removes a default).</li>
 *   <li><b>Ranges</b> declared in the schema: {@code min} (inclusive), {@code above} (exclusive),
 *       {@code max} (inclusive), {@code whole}.</li>
 *   <li><b>Column names</b> ({@link #checkColumns}): the values of the schema's column keys must name
 *       columns the caller knows (the analysis cohort's).</li>
 * </ul>
 * The schema is data ({@code conf/config-schema.conf}), not a list in Java.
 */
public final class ConfigSchema {
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off");

    private final Set<List<String>> known;
    private final Config examples;
    private final List<List<String>> open;
    private final Set<List<String>> launcher;
    private final List<List<String>> columns;
    private final List<String> analysisOnly;
    private final Map<List<String>, Range> ranges;

    /** A numeric range of the schema; null bounds are absent. */
    record Range(Double min, Double above, Double max, boolean whole) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (whole) {
                parts.add("a whole number");
            }
            if (min != null) {
                parts.add(">= " + num(min));
            }
            if (above != null) {
                parts.add("> " + num(above));
            }
            if (max != null) {
                parts.add("<= " + num(max));
            }
            return String.join(", ", parts);
        }

        boolean holds(double x) {
            return (!whole || x == Math.rint(x)) && (min == null || x >= min) && (above == null || x > above)
                    && (max == null || x <= max);
        }

        private static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    private ConfigSchema(Set<List<String>> known, Config examples, List<List<String>> open,
                         Set<List<String>> launcher, List<List<String>> columns, List<String> analysisOnly,
                         Map<List<String>, Range> ranges) {
        this.known = known;
        this.examples = examples;
        this.open = open;
        this.launcher = launcher;
        this.columns = columns;
        this.analysisOnly = analysisOnly;
        this.ranges = ranges;
    }

    /**
     * The schema of {@code defaults} (parsed, not resolved: optional keys such as
     * {@code ${?VAR}} count as known) with the declarations of {@code schemaFile}.
     */
    public static ConfigSchema of(Config defaults, Config schemaFile) {
        Set<List<String>> known = new LinkedHashSet<>();
        ConfigValue rwe = defaults.root().get("rwe");
        if (rwe instanceof ConfigObject o) {
            collectKeys(o, List.of("rwe"), known);
        }
        // The defaults' own values are the examples: resolved without the environment, so that
        // min-cell = ${?RWE_MIN_CELL} with RWE_MIN_CELL=abc still has the example 0.
        Config examples = defaults.resolve(com.typesafe.config.ConfigResolveOptions.noSystem().setAllowUnresolved(true));
        Map<List<String>, Range> ranges = new LinkedHashMap<>();
        if (schemaFile.hasPath("ranges")) {
            Config r = schemaFile.getConfig("ranges");
            for (Map.Entry<String, ConfigValue> e : r.entrySet()) {
                // entrySet gives leaf paths (".min", ".max", ...): group them by their key path
                List<String> leaf = ConfigUtil.splitPath(e.getKey());
                List<String> key = leaf.subList(0, leaf.size() - 1);
                ranges.computeIfAbsent(List.copyOf(key), k -> range(r.getConfig(ConfigUtil.joinPath(k))));
            }
        }
        return new ConfigSchema(known, examples, paths(schemaFile, "open"), new LinkedHashSet<>(paths(schemaFile, "launcher")),
                paths(schemaFile, "columns"),
                paths(schemaFile, "analysis-only").stream().map(ConfigUtil::joinPath).toList(), ranges);
    }

    private static Range range(Config c) {
        return new Range(c.hasPath("min") ? c.getDouble("min") : null, c.hasPath("above") ? c.getDouble("above") : null,
                c.hasPath("max") ? c.getDouble("max") : null, c.hasPath("whole") && c.getBoolean("whole"));
    }

    private static List<List<String>> paths(Config schema, String key) {
        if (!schema.hasPath(key)) {
            return List.of();
        }
        return schema.getStringList(key).stream().map(p -> List.copyOf(ConfigUtil.splitPath(p))).toList();
    }

    private static void collectKeys(ConfigObject o, List<String> at, Set<List<String>> out) {
        out.add(at);
        Set<String> keys;
        try {
            keys = o.keySet();
        } catch (ConfigException.NotResolved e) {
            return; // an object merged with a substitution: its keys are known only once resolved
        }
        for (String k : keys) {
            List<String> p = append(at, k);
            ConfigValue v;
            try {
                v = o.get(k);
            } catch (ConfigException.NotResolved e) {
                out.add(p);
                continue;
            }
            if (v instanceof ConfigObject child) {
                collectKeys(child, p, out);
            } else {
                out.add(p);
            }
        }
    }

    private static List<String> append(List<String> at, String k) {
        List<String> p = new ArrayList<>(at.size() + 1);
        p.addAll(at);
        p.add(k);
        return List.copyOf(p);
    }

    /** Whether {@code path} (HOCON) is a key of the defaults tree. */
    public boolean isKnown(String path) {
        return known.contains(List.copyOf(ConfigUtil.splitPath(path)));
    }

    /** The keys of {@code rwe.study} that only the analyze and report stages read (HOCON paths). */
    public List<String> analysisOnly() {
        return analysisOnly;
    }

    /**
     * Checks the keys, types and ranges of the resolved {@code config}; throws a {@link UsageException}
     * at the first problem.
     */
    public void check(Config config) {
        ConfigValue rwe = config.root().get("rwe");
        if (rwe == null) {
            return;
        }
        if (!(rwe instanceof ConfigObject o)) {
            throw new UsageException("configuration: rwe must be an object, got " + describe(rwe));
        }
        walk(o, List.of("rwe"));
    }

    private void walk(ConfigObject o, List<String> at) {
        for (Map.Entry<String, ConfigValue> e : new java.util.TreeMap<>(o).entrySet()) {
            List<String> p = append(at, e.getKey());
            ConfigValue v = e.getValue();
            if (launcher.contains(p) || isOpen(p)) {
                continue;
            }
            if (!known.contains(p)) {
                throw new UsageException("configuration: unknown key " + ConfigUtil.joinPath(p) + origin(v) + suggestion(p));
            }
            checkType(p, v);
            if (v instanceof ConfigObject child) {
                walk(child, p);
            }
        }
    }

    /** True when a strict prefix of {@code p} matches an open path of the schema. */
    private boolean isOpen(List<String> p) {
        for (List<String> pattern : open) {
            if (pattern.size() < p.size() && matches(pattern, p.subList(0, pattern.size()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<String> pattern, List<String> p) {
        if (pattern.size() != p.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            if (!pattern.get(i).equals("*") && !pattern.get(i).equals(p.get(i))) {
                return false;
            }
        }
        return true;
    }

    private void checkType(List<String> p, ConfigValue v) {
        if (v.valueType() == ConfigValueType.NULL) {
            return;
        }
        String path = ConfigUtil.joinPath(p);
        ConfigValue example = examples.hasPathOrNull(path) ? examples.getValue(path) : null;
        if (example == null || example.valueType() == ConfigValueType.NULL) {
            return;
        }
        String problem = switch (example.valueType()) {
            case OBJECT -> v.valueType() == ConfigValueType.OBJECT ? null : "is not an object ({ ... })";
            case LIST -> v.valueType() == ConfigValueType.LIST ? null : "is not a list ([ ... ])";
            case NUMBER -> number(v) != null ? null : "is not a number";
            case BOOLEAN -> v.valueType() == ConfigValueType.BOOLEAN || v.valueType() == ConfigValueType.STRING
                    && BOOLEANS.contains(String.valueOf(v.unwrapped()).trim().toLowerCase(Locale.ROOT))
                    ? null : "is not true or false";
            case STRING -> scalarProblem(example, v);
            default -> null;
        };
        if (problem != null) {
            throw new UsageException("configuration: " + path + " = " + describe(v) + origin(v) + " " + problem);
        }
        Range r = ranges.get(p);
        if (r != null) {
            Double x = number(v);
            if (x != null && !r.holds(x)) {
                throw new UsageException("configuration: " + path + " = " + describe(v) + origin(v) + " must be "
                        + r.describe());
            }
        }
    }

    private static String scalarProblem(ConfigValue example, ConfigValue v) {
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            return "is not a single value";
        }
        if (ISO_DATE.matcher(String.valueOf(example.unwrapped())).matches()) {
            String s = String.valueOf(v.unwrapped()).trim();
            try {
                if (!ISO_DATE.matcher(s).matches()) {
                    throw new DateTimeParseException("shape", s, 0);
                }
                LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return "is not a date (YYYY-MM-DD)";
            }
        }
        return null;
    }

    /** The value as a number: a number, or text that reads as a finite one; else null. */
    private static Double number(ConfigValue v) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return ((Number) v.unwrapped()).doubleValue();
        }
        if (v.valueType() == ConfigValueType.STRING) {
            try {
                double d = Double.parseDouble(((String) v.unwrapped()).trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Checks that every value of the schema's column keys (a string, empty for none, or a list of
     * strings) names one of {@code known}, the columns of {@code what}.
     */
    public void checkColumns(Config config, Collection<String> knownColumns, String what) {
        for (List<String> pattern : columns) {
            for (List<String> p : expand(config.root(), pattern, 0, List.of())) {
                String path = ConfigUtil.joinPath(p);
                ConfigValue v = config.getValue(path);
                List<String> names = new ArrayList<>();
                if (v.valueType() == ConfigValueType.LIST) {
                    for (ConfigValue item : (ConfigList) v) {
                        names.add(String.valueOf(item.unwrapped()).trim());
                    }
                } else if (v.valueType() != ConfigValueType.NULL) {
                    String s = String.valueOf(v.unwrapped()).trim();
                    if (!s.isEmpty()) {
                        names.add(s);
                    }
                }
                for (String n : names) {
                    if (!knownColumns.contains(n)) {
                        String close = closest(n, knownColumns);
                        throw new UsageException("configuration: " + path + " = '" + n + "'" + origin(v)
                                + " names no column of " + what
                                + (close != null ? "; did you mean " + close + "?" : " (its columns: "
                                + String.join(", ", new TreeSet<>(knownColumns)) + ")"));
                    }
                }
            }
        }
    }

    /** The paths of {@code root} matching {@code pattern} from segment {@code i} on. */
    private static List<List<String>> expand(ConfigObject root, List<String> pattern, int i, List<String> at) {
        if (i == pattern.size()) {
            return List.of(at);
        }
        List<List<String>> out = new ArrayList<>();
        String seg = pattern.get(i);
        for (String k : seg.equals("*") ? new TreeSet<>(root.keySet()) : Set.of(seg)) {
            ConfigValue v = root.get(k);
            if (v == null) {
                continue;
            }
            if (i + 1 == pattern.size()) {
                out.add(append(at, k));
            } else if (v instanceof ConfigObject child) {
                out.addAll(expand(child, pattern, i + 1, append(at, k)));
            }
        }
        return out;
    }

    private String suggestion(List<String> p) {
        List<String> candidates = known.stream().filter(k -> !k.equals(List.of("rwe"))).map(ConfigUtil::joinPath).toList();
        String close = closest(ConfigUtil.joinPath(p), candidates, p.get(p.size() - 1).length());
        if (close != null) {
            return "; did you mean " + close + "?";
        }
        List<String> parent = p.subList(0, p.size() - 1);
        List<String> siblings = known.stream().filter(k -> k.size() == p.size() && k.subList(0, parent.size()).equals(parent))
                .map(k -> k.get(k.size() - 1)).sorted().toList();
        if (siblings.isEmpty()) {
            return "";
        }
        return " (known keys of " + ConfigUtil.joinPath(parent) + ": " + String.join(", ", siblings) + ")";
    }

    private static String closest(String name, Collection<String> candidates) {
        return closest(name, candidates, name.length());
    }

    /** The candidate at the smallest edit distance from {@code name}, if it is close enough. */
    private static String closest(String name, Collection<String> candidates, int partLength) {
        int limit = Math.max(2, partLength / 3);
        return candidates.stream()
                .map(c -> Map.entry(c, editDistance(name, c)))
                .filter(e -> e.getValue() <= limit)
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String describe(ConfigValue v) {
        return switch (v.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case STRING -> "'" + v.unwrapped() + "'";
            default -> String.valueOf(v.unwrapped());
        };
    }

    /** Where a value came from, as " (from …)", for the message. */
    static String origin(ConfigValue v) {
        String d = v.origin() == null ? null : v.origin().description();
        if (d == null || d.isBlank()) {
            return "";
        }
        if (d.startsWith("system properties")) {
            return " (from -D)";
        }
        if (d.startsWith("env variables") || d.contains("env var")) {
            return " (from the environment)";
        }
        return " (" + d + ")";
    }
}
