package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One analysis of {@code rwe.study.analyses} (docs/study.md, "Analyses"): its {@code results.json} name,
 * its type, and its groups as Spark SQL predicates over the analysis cohort, in the order the
 * analysis reports them (for a comparison: the first-named group, compared with the reference).
 *
 * @param name      the key in {@code results.json}
 * @param type      km, compare, rate, scope-rates or adverse-events (Table 2)
 * @param endpoint  the endpoint of a km or compare analysis ({@code pfs}, {@code mpfs}, {@code lung_mpfs},
 *                  {@code os}); null for rates
 * @param scope     the assessment scope of a rate analysis; null otherwise
 * @param groups    group name → predicate, in reporting order. For scope-rates: scope name → the
 *                  population predicate (the same for every scope)
 * @param reference the reference group of a comparison (the last of {@code groups}); null otherwise
 */
public record AnalysisSpec(String name, Type type, String endpoint, String scope, Map<String, String> groups,
                           String reference) {

    /** The kinds of analysis of the study configuration. */
    public enum Type {
        KM("km"), COMPARE("compare"), RATE("rate"), SCOPE_RATES("scope-rates"), ADVERSE_EVENTS("adverse-events");

        final String key;

        Type(String key) {
            this.key = key;
        }

        static Type of(String analysis, String key) {
            for (Type t : values()) {
                if (t.key.equals(key)) {
                    return t;
                }
            }
            throw new UsageException("rwe.study.analyses." + analysis + ".type: unknown type '" + key
                    + "' (km, compare, rate, scope-rates, adverse-events)");
        }
    }

    public AnalysisSpec {
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** True for the survival analyses (km, compare). */
    public boolean isSurvival() {
        return type == Type.KM || type == Type.COMPARE;
    }

    /** The cohort column of the scope's best response ({@code best_<scope>}). */
    public static String bestResponseColumn(String scope) {
        return "best_" + scope;
    }

    /**
     * Every analysis of {@code rwe.study.analyses}, in a fixed order: survival analyses first, then
     * rates, then adverse events, each sorted by name (HOCON objects carry no key order, so the order is
     * made here).
     */
    public static List<AnalysisSpec> fromConfig(Config config) {
        String base = "rwe.study.analyses";
        if (!config.hasPath(base)) {
            throw new UsageException("configuration: " + base + " is missing");
        }
        Config all = config.getConfig(base);
        List<AnalysisSpec> out = new ArrayList<>();
        for (String name : new TreeMap<>(all.root()).keySet()) {
            if (all.root().get(name).valueType() == com.typesafe.config.ConfigValueType.NULL) {
                continue; // a study file removes an inherited analysis with `name = null`
            }
            out.add(parse(name, all.getConfig(quote(name))));
        }
        out.sort(Comparator.comparing((AnalysisSpec a) -> a.isSurvival() ? 0 : a.type() == Type.ADVERSE_EVENTS ? 2 : 1)
                .thenComparing(AnalysisSpec::name));
        return out;
    }

    static AnalysisSpec parse(String name, Config c) {
        String where = "rwe.study.analyses." + name;
        try {
            Type type = Type.of(name, c.getString("type"));
            Map<String, String> groups = new LinkedHashMap<>();
            if (type == Type.ADVERSE_EVENTS) {
                return new AnalysisSpec(name, type, null, null, groups, null);
            }
            if (type == Type.SCOPE_RATES) {
                String population = c.getString("population");
                for (String scope : c.getStringList("scopes")) {
                    groups.put(scope, population);
                }
                if (groups.size() < 2) {
                    throw new UsageException(where + ".scopes: name at least two scopes");
                }
                return new AnalysisSpec(name, type, null, null, groups, null);
            }
            Config g = c.getConfig("groups");
            List<String> order = c.hasPath("order") ? c.getStringList("order")
                    : new ArrayList<>(new TreeMap<>(g.root()).keySet());
            if (order.size() != g.root().size() || !g.root().keySet().containsAll(order)) {
                throw new UsageException(where + ".order must list every group of " + where + ".groups once");
            }
            for (String group : order) {
                groups.put(group, g.getString(quote(group)));
            }
            String endpoint = null;
            String scope = null;
            String reference = null;
            switch (type) {
                case KM -> endpoint = c.getString("endpoint");
                case COMPARE -> {
                    endpoint = c.getString("endpoint");
                    if (groups.size() != 2) {
                        throw new UsageException(where + ": a comparison needs exactly two groups");
                    }
                    reference = c.hasPath("reference") ? c.getString("reference") : order.get(1);
                    if (!reference.equals(order.get(1))) {
                        throw new UsageException(where + ".reference must be the second group of order");
                    }
                }
                case RATE -> scope = c.getString("scope");
                default -> throw new IllegalStateException();
            }
            return new AnalysisSpec(name, type, endpoint, scope, groups, reference);
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + where + ": " + e.getMessage());
        }
    }

    private static String quote(String key) {
        return "\"" + key.replace("\"", "\\\"") + "\"";
    }
}
