package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import io.rwe.core.UsageException;
import io.rwe.results.AnalysisResult;
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
 * @param type      km, compare, rate or scope-rates
 * @param endpoint  the endpoint of a km or compare analysis (a name of {@code rwe.study.endpoints}); null
 *                  for rates
 * @param scope     the assessment scope of a rate analysis; null otherwise
 * @param groups    group name → predicate, in reporting order. For scope-rates: scope name → the
 *                  population predicate (the same for every scope)
 * @param reference the reference group of a comparison (the last of {@code groups}); null otherwise
 */
public record AnalysisSpec(String name, Type type, String endpoint, String scope, Map<String, String> groups,
                           String reference) {

    /** The kinds of analysis of the study configuration. */
    public enum Type {
        KM("km"), COMPARE("compare"), RATE("rate"), SCOPE_RATES("scope-rates");

        final String key;

        Type(String key) {
            this.key = key;
        }

        static Type of(String key) {
            for (Type t : values()) {
                if (t.key.equals(key)) {
                    return t;
                }
            }
            return null;
        }

        /** How results.json holds an analysis of this type. */
        public AnalysisResult.Kind resultKind() {
            return switch (this) {
                case KM -> AnalysisResult.Kind.KM;
                case COMPARE -> AnalysisResult.Kind.COMPARE;
                case RATE, SCOPE_RATES -> AnalysisResult.Kind.RATE;
            };
        }
    }

    public AnalysisSpec {
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** True for the survival analyses (km, compare). */
    public boolean isSurvival() {
        return type == Type.KM || type == Type.COMPARE;
    }

    /** The assessment scope of each group: the analysis's scope, or for scope-rates the group itself. */
    public String scopeOf(String group) {
        return type == Type.SCOPE_RATES ? group : scope;
    }

    /**
     * Every analysis of {@code rwe.study.analyses}, in a fixed order: survival analyses first, then
     * rates, each sorted by name (HOCON objects carry no key order, so the order is made here).
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
            out.add(parse(config, name));
        }
        out.sort(Comparator.comparing((AnalysisSpec a) -> a.type().ordinal() >= Type.RATE.ordinal())
                .thenComparing(AnalysisSpec::name));
        return out;
    }

    static AnalysisSpec parse(Config config, String name) {
        String where = ConfigUtil.joinPath("rwe", "study", "analyses", name);
        try {
            Config c = config.getConfig(where);
            String typeKey = c.getString("type");
            Type type = Type.of(typeKey);
            if (type == null) {
                throw StudyKeys.refuse(config, where + ".type", "unknown analysis type '" + typeKey
                        + "' (km, compare, rate, scope-rates)");
            }
            Map<String, String> groups = new LinkedHashMap<>();
            if (type == Type.SCOPE_RATES) {
                String population = c.getString("population");
                for (String scope : c.getStringList("scopes")) {
                    groups.put(scope, population);
                }
                if (groups.size() < 2) {
                    throw StudyKeys.refuse(config, where + ".scopes", "name at least two scopes");
                }
                return new AnalysisSpec(name, type, null, null, groups, null);
            }
            Config g = c.getConfig("groups");
            List<String> order = c.hasPath("order") ? c.getStringList("order")
                    : new ArrayList<>(new TreeMap<>(g.root()).keySet());
            if (order.size() != g.root().size() || !g.root().keySet().containsAll(order)) {
                throw StudyKeys.refuse(config, where + (c.hasPath("order") ? ".order" : ".groups"),
                        "order must list every group of " + where + ".groups once");
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
                        throw StudyKeys.refuse(config, where + ".groups", "a comparison needs exactly two groups");
                    }
                    reference = c.hasPath("reference") ? c.getString("reference") : order.get(1);
                    if (!reference.equals(order.get(1))) {
                        throw StudyKeys.refuse(config, where + ".reference", "unknown reference group '" + reference
                                + "': the reference must be the second group of order " + order);
                    }
                }
                case RATE -> scope = c.getString("scope");
                default -> throw new IllegalStateException();
            }
            return new AnalysisSpec(name, type, endpoint, scope, groups, reference);
        } catch (ConfigException e) {
            throw StudyKeys.refuse(config, where, e.getMessage());
        }
    }

    private static String quote(String key) {
        return "\"" + key.replace("\"", "\\\"") + "\"";
    }
}
