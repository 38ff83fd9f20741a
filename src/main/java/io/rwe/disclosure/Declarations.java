package io.rwe.disclosure;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a policy acts on in one document (conf/disclosure.conf, {@code rwe.disclosure.results} and
 * {@code rwe.disclosure.manifest}): its counts, the relations among them, the values derived from them,
 * single patients' values and the statistics of groups. A new count field of results.json is covered by
 * declaring it here: nothing in the code names a field.
 *
 * @param counts    every count, with who it counts and what is derived from it
 * @param relations each {@code total = Σ parts (+ an unseen cell)}
 * @param extremes  values of single patients
 * @param withheld  values withheld when a count is suppressed
 */
public record Declarations(List<Count> counts, List<Relation> relations, List<PathPattern> extremes,
                           List<Withheld> withheld) {

    /**
     * A count field.
     *
     * @param path       where it is
     * @param population who it counts (a template over the path's variables), or null: its own cell
     * @param percentage the sibling field holding 100·count/of, or null
     * @param rate       the sibling fields holding count/of and its exact 95% CI, or null
     */
    public record Count(PathPattern path, String population, Derived percentage, Derived rate) {
    }

    /**
     * A value derived from a count and the count {@code of} it is a part of.
     *
     * @param field the sibling field of the count holding the value
     * @param ci    the sibling field holding its CI (rates only), or null
     * @param of    the denominator's path (over the count's variables)
     */
    public record Derived(String field, String ci, PathPattern of) {
    }

    /**
     * {@code total = Σ parts (+ unseen)}: once per binding of the named variables, {@code *} summed over.
     *
     * @param total  the total's path, or {@code =name}: a total that is never published
     * @param parts  the parts' paths
     * @param unseen the label of a part that is never published (total − the others), or null
     */
    public record Relation(String total, List<PathPattern> parts, String unseen) {
        /** Whether the total is published (a path) or only named. */
        boolean totalPublished() {
            return !total.startsWith("=");
        }
    }

    /**
     * Values withheld when a count is suppressed.
     *
     * @param whenSuppressed the count(s); once per binding of its named variables, any hidden one withholds
     * @param values         the values withheld (set to null)
     * @param reasonAt       the object receiving {@code <value name>: <reason>}, or null
     */
    public record Withheld(PathPattern whenSuppressed, List<PathPattern> values, PathPattern reasonAt) {
    }

    public Declarations {
        counts = List.copyOf(counts);
        relations = List.copyOf(relations);
        extremes = List.copyOf(extremes);
        withheld = List.copyOf(withheld);
    }

    /** The declarations of the results ({@code rwe.disclosure.results}). */
    public static Declarations results(Config config) {
        return read(config, "rwe.disclosure.results");
    }

    /** The declarations of the manifest ({@code rwe.disclosure.manifest}). */
    public static Declarations manifest(Config config) {
        return read(config, "rwe.disclosure.manifest");
    }

    /** Nothing declared. */
    public static Declarations empty() {
        return new Declarations(List.of(), List.of(), List.of(), List.of());
    }

    static Declarations read(Config config, String base) {
        if (!config.hasPath(base)) {
            return empty();
        }
        try {
            Config c = config.getConfig(base);
            List<Count> counts = new ArrayList<>();
            for (Config d : list(c, "counts")) {
                PathPattern p = path(d, "path", base);
                counts.add(new Count(p, d.hasPath("population") ? d.getString("population") : null,
                        derived(d, "percentage", base, false), derived(d, "rate", base, true)));
            }
            List<Relation> relations = new ArrayList<>();
            for (Config d : list(c, "relations")) {
                List<PathPattern> parts = new ArrayList<>();
                for (String s : d.getStringList("parts")) {
                    parts.add(PathPattern.parse(s));
                }
                Set<String> extra = null;
                Set<String> inTotal = d.getString("total").startsWith("=") ? Set.of()
                        : PathPattern.parse(d.getString("total")).variables();
                for (PathPattern part : parts) {
                    Set<String> mine = new HashSet<>(part.variables());
                    mine.removeAll(inTotal);
                    if (extra != null && !extra.equals(mine)) {
                        throw new UsageException(base + ".relations: the parts of " + d.getString("total")
                                + " bind different variables " + extra + " and " + mine);
                    }
                    extra = mine;
                }
                relations.add(new Relation(d.getString("total"), parts, d.hasPath("unseen") ? d.getString("unseen") : null));
            }
            List<PathPattern> extremes = new ArrayList<>();
            for (String s : c.hasPath("extremes") ? c.getStringList("extremes") : List.<String>of()) {
                extremes.add(PathPattern.parse(s));
            }
            List<Withheld> withheld = new ArrayList<>();
            for (Config d : list(c, "withheld")) {
                List<PathPattern> values = new ArrayList<>();
                for (String s : d.getStringList("values")) {
                    values.add(PathPattern.parse(s));
                }
                withheld.add(new Withheld(path(d, "when-suppressed", base), values,
                        d.hasPath("reason-at") ? PathPattern.parse(d.getString("reason-at")) : null));
            }
            return new Declarations(counts, relations, extremes, withheld);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UsageException(base + ": " + e.getMessage());
        }
    }

    private static List<? extends Config> list(Config c, String key) {
        return c.hasPath(key) ? c.getConfigList(key) : List.of();
    }

    private static PathPattern path(Config d, String key, String base) {
        if (!d.hasPath(key)) {
            throw new UsageException(base + ": an entry without '" + key + "' (" + d.origin().description() + ")");
        }
        return PathPattern.parse(d.getString(key));
    }

    private static Derived derived(Config d, String key, String base, boolean withCi) {
        if (!d.hasPath(key)) {
            return null;
        }
        Config x = d.getConfig(key);
        return new Derived(x.getString("field"), withCi && x.hasPath("ci") ? x.getString("ci") : null,
                path(x, "of", base));
    }
}
