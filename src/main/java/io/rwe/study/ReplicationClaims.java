package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published estimates the replication verdict compares ({@code rwe.study.replication}, docs/study.md
 * "The replication verdict"): each claim names the paper's estimate and the registry estimate it maps
 * to. The claims are data of the study, beside its paper: another paper is another list.
 *
 * @param alpha  the significance level of {@code significance_agrees} (0.05)
 * @param z      the normal quantile of the 95% intervals and of {@code std_diff_agrees} (1.959964)
 * @param claims in the order the report lists them
 */
public record ReplicationClaims(double alpha, double z, List<Claim> claims) {

    /** How a claim's registry estimate is read from the analysis. */
    public enum Measure {
        /** The log-rank HR of a comparison (first-named group vs its reference), compared on the log scale. */
        HAZARD_RATIO("hazard-ratio"),
        /** First-named minus second response rate, with a Wald CI. */
        RATE_DIFFERENCE("rate-difference"),
        /** One group's response rate with its Clopper–Pearson CI. */
        RATE("rate"),
        /** One group's Kaplan–Meier median with its CI. */
        MEDIAN("median");

        final String key;

        Measure(String key) {
            this.key = key;
        }
    }

    /**
     * The paper's side of a claim, as printed. Where the paper prints counts instead of an estimate
     * (a rate, a difference of rates) they are given and the estimate and its CI derived from them.
     *
     * @param estimate   the printed estimate, or null
     * @param ci         the printed CI [lower, upper], or null
     * @param p          the printed p ("0.346", "<0.001"), or null
     * @param responders responders per group (rate: one, difference: two), or empty
     * @param n          patients per group, or empty
     * @param direction  -1 or +1: the side of the null the paper reports when it prints no estimate
     *                   (e.g. from its medians); 0 when not given
     */
    public record Paper(Double estimate, List<Double> ci, String p, List<Long> responders, List<Long> n,
                        int direction) {
    }

    /**
     * One published estimate.
     *
     * @param id       the claim's key in results.json
     * @param label    the claim in words ("mPFS, lung only vs non-lung")
     * @param analysis the analysis of results.json holding the registry's estimate
     * @param measure  what is compared
     * @param groups   the groups (or scopes) of the analysis the estimate is read from, in order
     * @param test     for a rate difference, the test of the analysis whose p is the registry's p
     *                 (chisq, chisq_yates, fisher, or mcnemar_exact for a paired comparison)
     * @param where    where the paper prints it
     */
    public record Claim(String id, String label, String analysis, Measure measure, List<String> groups, String test,
                        Paper paper, String where) {
    }

    private static final String ROOT = "rwe.study.replication";
    private static final Set<String> TESTS = Set.of("chisq", "chisq_yates", "fisher", "mcnemar_exact");

    /** No claims (a study without a paper). */
    public static ReplicationClaims none() {
        return new ReplicationClaims(0.05, 1.959964, List.of());
    }

    /**
     * The claims of {@code config}, checked against the study's analyses: an unknown analysis, measure,
     * group or test is refused with one line naming the file, the line and the key.
     */
    public static ReplicationClaims from(Config config, Study study) {
        if (!config.hasPath(ROOT)) {
            return none();
        }
        Config r = config.getConfig(ROOT);
        double alpha = r.hasPath("alpha") ? r.getDouble("alpha") : 0.05;
        double z = r.hasPath("z") ? r.getDouble("z") : 1.959964;
        List<Claim> claims = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        List<? extends Config> list = r.hasPath("claims") ? r.getConfigList("claims") : List.of();
        for (int i = 0; i < list.size(); i++) {
            Config c = list.get(i);
            String at = ROOT + ".claims[" + i + "]";
            try {
                claims.add(claim(c, at, study, ids));
            } catch (ConfigException e) {
                throw new UsageException(at + ": " + e.getMessage());
            }
        }
        return new ReplicationClaims(alpha, z, List.copyOf(claims));
    }

    private static Claim claim(Config c, String at, Study study, Set<String> ids) {
        String id = c.getString("id");
        if (!ids.add(id)) {
            throw refuse(c, "id", at, "claim '" + id + "' given twice");
        }
        Measure measure = null;
        for (Measure m : Measure.values()) {
            if (m.key.equals(c.getString("measure"))) {
                measure = m;
            }
        }
        if (measure == null) {
            throw refuse(c, "measure", at, "unknown measure '" + c.getString("measure")
                    + "' (known: hazard-ratio, rate-difference, rate, median)");
        }
        String analysis = c.getString("analysis");
        AnalysisSpec spec = study.analyses().stream().filter(a -> a.name().equals(analysis)).findFirst()
                .orElseThrow(() -> refuse(c, "analysis", at, "unknown analysis '" + analysis + "'"));
        boolean survival = spec.isSurvival();
        boolean wantsSurvival = measure == Measure.HAZARD_RATIO || measure == Measure.MEDIAN;
        if (survival != wantsSurvival || (measure == Measure.HAZARD_RATIO && spec.reference() == null)) {
            throw refuse(c, "analysis", at, "analysis '" + analysis + "' is a " + spec.type().key
                    + " analysis, not one a " + measure.key + " is read from");
        }
        List<String> groups = c.hasPath("groups") ? c.getStringList("groups") : List.copyOf(spec.groups().keySet());
        for (String g : groups) {
            if (!spec.groups().containsKey(g)) {
                throw refuse(c, "groups", at, "analysis '" + analysis + "' has no group '" + g + "' (known: "
                        + String.join(", ", spec.groups().keySet()) + ")");
            }
        }
        int wanted = switch (measure) {
            case HAZARD_RATIO -> 0;
            case RATE_DIFFERENCE -> 2;
            case RATE, MEDIAN -> 1;
        };
        if (wanted > 0 && groups.size() != wanted) {
            throw refuse(c, "groups", at, "a " + measure.key + " needs " + wanted + " group" + (wanted > 1 ? "s" : ""));
        }
        String test = c.hasPath("test") ? c.getString("test") : "chisq";
        if (!TESTS.contains(test)) {
            throw refuse(c, "test", at, "unknown test '" + test + "' (known: chisq, chisq_yates, fisher, mcnemar_exact)");
        }
        Config p = c.hasPath("paper") ? c.getConfig("paper") : com.typesafe.config.ConfigFactory.empty();
        List<Long> responders = p.hasPath("responders") ? p.getLongList("responders") : List.of();
        List<Long> n = p.hasPath("n") ? p.getLongList("n") : List.of();
        if (responders.size() != n.size() || (!n.isEmpty() && n.size() != Math.max(1, wanted))) {
            throw refuse(c, "paper", at, "paper.responders and paper.n need one count per group of the claim");
        }
        List<Double> ci = p.hasPath("ci") ? p.getDoubleList("ci") : null;
        if (ci != null && (ci.size() != 2 || ci.get(0) > ci.get(1))) {
            throw refuse(c, "paper.ci", at, "a CI is [lower, upper]");
        }
        int direction = p.hasPath("direction") ? p.getInt("direction") : 0;
        if (Math.abs(direction) > 1) {
            throw refuse(c, "paper.direction", at, "-1 (below the null), +1 (above) or 0");
        }
        Paper paper = new Paper(p.hasPath("estimate") ? p.getDouble("estimate") : null, ci,
                p.hasPath("p") ? p.getString("p") : null, responders, n, direction);
        return new Claim(id, c.hasPath("label") ? c.getString("label") : id, analysis, measure, List.copyOf(groups),
                test, paper, c.hasPath("where") ? c.getString("where") : null);
    }

    private static UsageException refuse(Config c, String key, String at, String problem) {
        String origin = c.hasPathOrNull(key) ? StudyKeys.describe(c.getValue(key).origin()) : null;
        return new UsageException((origin == null ? "" : origin + ": ") + at + "." + key + ": " + problem);
    }

    /** The claims by id. */
    public Map<String, Claim> byId() {
        Map<String, Claim> m = new java.util.LinkedHashMap<>();
        claims.forEach(c -> m.put(c.id(), c));
        return m;
    }
}
