package io.rwe.disclosure;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A disclosure policy (docs/disclosure.md): what a run folder may publish of the counts it computed,
 * read from {@code rwe.disclosure.policies.<name>} (conf/disclosure.conf), the one in force named by
 * {@code rwe.disclosure.policy} ({@code --disclosure}).
 *
 * <p>Rules, with {@code k = suppressBelow} and {@code r = roundTo}:
 * <ul>
 *   <li>a count c with 0 &lt; c &lt; k is <em>sensitive</em>: suppressed (with, as {@code suppress} lists,
 *       its percentage, its rate and the rate's CI), and with {@code complementary} enough other counts
 *       that none can be derived from what is published ({@link CountCells});</li>
 *   <li>every published count is rounded to the nearest multiple of r, halves up ({@link #publish});
 *       percentages, rates and their CIs are computed from the published counts;</li>
 *   <li>Kaplan–Meier curves come from cumulative counts rounded in steps of {@code curveMinCount}
 *       ({@link io.rwe.stats.KmRounding}); every count they show is a multiple of ⌊m/2⌋, which the
 *       policy must allow (checked when read);</li>
 *   <li>{@code withholdExtremes}: single patients' values (minimum and maximum age, ranges of
 *       follow-up) are not published; {@code withholdSmallGroups}: neither are the statistics of a group
 *       whose size is suppressed, nor the comparisons involving it.</li>
 * </ul>
 *
 * @param name                 the policy's key
 * @param title                what it is, in words
 * @param sources              where its rules come from (citations)
 * @param suppressBelow        k: counts 1..k−1 are suppressed; 0 or 1: none
 * @param roundTo              r: published counts are rounded to multiples of r; 0 or 1: none
 * @param suppress             what goes with a suppressed count: {@code counts}, {@code percentages},
 *                             {@code rates}, {@code rate-cis}
 * @param complementary        complementary suppression across the run
 * @param suppressedAs         the text shown for a suppressed count
 * @param withholdExtremes     single patients' values are withheld
 * @param withholdSmallGroups  statistics of suppressed groups are withheld
 * @param curveMinCount        m: the rounding step of the Kaplan–Meier counts; 0: curves as computed
 * @param statisticsFromRoundedCurves medians and RMST read off the rounded curves (else the exact ones)
 */
public record DisclosurePolicy(String name, String title, List<String> sources, int suppressBelow, int roundTo,
                               Set<String> suppress, boolean complementary, String suppressedAs,
                               boolean withholdExtremes, boolean withholdSmallGroups, int curveMinCount,
                               boolean statisticsFromRoundedCurves) {

    /** The configuration key naming the policy in force. */
    public static final String KEY = "rwe.disclosure.policy";

    /** The policy of the paper's published patients: everything as computed. */
    public static final String NONE = "none";

    /** The kinds of value {@code suppress} may name. */
    public static final Set<String> KINDS = Set.of("counts", "percentages", "rates", "rate-cis");

    public DisclosurePolicy {
        sources = List.copyOf(sources);
        suppress = Set.copyOf(suppress);
    }

    /**
     * The policy in force ({@code rwe.disclosure.policy}); {@code none} when the key is absent. The former
     * single threshold ({@code rwe.report.suppression.min-cell}, {@code RWE_MIN_CELL}) set to anything but
     * its default 0 is refused with the policies that replace it, so that a job configured for suppression
     * never runs without it.
     */
    public static DisclosurePolicy of(Config config) {
        String former = "rwe.report.suppression.min-cell";
        if (config.hasPath(former) && !config.getValue(former).unwrapped().toString().trim().equals("0")) {
            throw new UsageException("rwe.report.suppression.min-cell (RWE_MIN_CELL) is replaced by the disclosure "
                    + "policies: use --disclosure ohdsi (5), opensafely (8, rounded to 5), cms (11) or cdc (16), or "
                    + KEY + " (docs/disclosure.md)");
        }
        String name = config.hasPath(KEY) ? config.getString(KEY).trim() : NONE;
        return named(config, name);
    }

    /** The policy {@code name} of {@code rwe.disclosure.policies}, refused with one line when unknown or inconsistent. */
    public static DisclosurePolicy named(Config config, String name) {
        String base = "rwe.disclosure.policies";
        Set<String> known = config.hasPath(base) ? new TreeSet<>(config.getObject(base).keySet()) : new TreeSet<>();
        if (!known.contains(name)) {
            if (NONE.equals(name)) {
                return none();
            }
            throw new UsageException("unknown disclosure policy '" + name + "' (" + KEY + " or --disclosure); known: "
                    + String.join(", ", known));
        }
        Config p = config.getConfig(base + "." + com.typesafe.config.ConfigUtil.quoteString(name));
        String at = base + "." + name;
        try {
            Set<String> suppress = new TreeSet<>(p.getStringList("suppress"));
            for (String s : suppress) {
                if (!KINDS.contains(s)) {
                    throw new UsageException(at + ".suppress: unknown kind '" + s + "' (known: "
                            + String.join(", ", new TreeSet<>(KINDS)) + ")" + origin(p, "suppress"));
                }
            }
            String statistics = p.getString("curves.statistics").trim().toLowerCase(Locale.ROOT);
            if (!statistics.equals("rounded") && !statistics.equals("exact")) {
                throw new UsageException(at + ".curves.statistics: expected rounded or exact, got '" + statistics + "'"
                        + origin(p, "curves.statistics"));
            }
            DisclosurePolicy policy = new DisclosurePolicy(name, p.getString("title"), p.getStringList("sources"),
                    p.getInt("suppress-below"), p.getInt("round-to"), suppress, p.getBoolean("complementary"),
                    p.getString("suppressed-as"), p.getBoolean("withhold-extremes"),
                    p.getBoolean("withhold-small-groups"), p.getInt("curves.min-count"), statistics.equals("rounded"));
            policy.check(at, p);
            return policy;
        } catch (ConfigException e) {
            throw new UsageException("disclosure policy '" + name + "': " + e.getMessage());
        }
    }

    /** Everything as computed. */
    public static DisclosurePolicy none() {
        return new DisclosurePolicy(NONE, "No disclosure control", List.of(), 0, 0, Set.of(), false, "suppressed",
                false, false, 0, false);
    }

    private static String origin(Config p, String key) {
        var o = p.hasPath(key) ? p.getValue(key).origin() : p.origin();
        return o.filename() == null ? "" : " (" + o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "") + ")";
    }

    /**
     * Refuses a policy whose own outputs it would forbid: curve counts (multiples of ⌊m/2⌋) below the
     * threshold or off the rounding grid, a threshold without {@code counts}, negative numbers, a marker
     * that reads as a count.
     */
    private void check(String at, Config p) {
        if (suppressBelow < 0 || roundTo < 0 || curveMinCount < 0) {
            throw new UsageException(at + ": suppress-below, round-to and curves.min-count cannot be negative"
                    + origin(p, "suppress-below"));
        }
        if (suppressBelow > 1 && !suppress.contains("counts")) {
            throw new UsageException(at + ".suppress must list counts when suppress-below is " + suppressBelow
                    + origin(p, "suppress"));
        }
        if (suppressedAs.isBlank() || suppressedAs.trim().matches("[-+]?[0-9.]+")) {
            throw new UsageException(at + ".suppressed-as: '" + suppressedAs + "' would read as a count"
                    + origin(p, "suppressed-as"));
        }
        if (active() && curveMinCount == 0) {
            throw new UsageException(at + ".curves.min-count: a policy that suppresses or rounds counts needs "
                    + "rounded curves (a step of 1/n shows one patient's event)" + origin(p, "curves.min-count"));
        }
        if (curveMinCount > 0) {
            int step = curveMinCount / 2;
            if (curveMinCount % 2 != 0 || step < Math.max(1, suppressBelow)
                    || (roundTo > 1 && step % roundTo != 0)) {
                throw new UsageException(at + ".curves.min-count = " + curveMinCount + ": curve counts come in steps of "
                        + "half of it, which must be whole, at least suppress-below (" + suppressBelow + ")"
                        + (roundTo > 1 ? " and a multiple of round-to (" + roundTo + ")" : "")
                        + origin(p, "curves.min-count"));
            }
        }
    }

    /** Whether the policy changes anything at all. */
    public boolean active() {
        return suppressBelow > 1 || roundTo > 1 || curveMinCount > 0 || withholdExtremes;
    }

    /** A count that must not be published: 0 &lt; c &lt; k. */
    public boolean sensitive(long count) {
        return count > 0 && count < suppressBelow;
    }

    /** Whether published counts are rounded. */
    public boolean rounds() {
        return roundTo > 1;
    }

    /** A count as published: rounded to the nearest multiple of r (halves up), or unchanged. */
    public long publish(long count) {
        if (!rounds()) {
            return count;
        }
        return Math.floorDiv(2 * count + roundTo, 2L * roundTo) * roundTo;
    }

    /** Whether a published count is one this policy allows: 0, or at least k and on the rounding grid. */
    public boolean allows(long count) {
        if (count == 0) {
            return true;
        }
        return count >= Math.max(1, suppressBelow) && (!rounds() || count % roundTo == 0);
    }

    /** What a reader is told a published count may be ("0 or ≥ 16", "0, or ≥ 8 and a multiple of 5"). */
    public String allowedCounts() {
        String min = suppressBelow > 1 ? "0 or at least " + suppressBelow : "any";
        return rounds() ? min + ", and a multiple of " + roundTo : min;
    }

    /** Whether {@code kind} (percentages, rates, rate-cis) is suppressed with its count. */
    public boolean suppresses(String kind) {
        return suppress.contains(kind);
    }

    /** The policy as the manifest and results.json record it. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = Json.object();
        o.put("policy", name);
        o.put("title", title);
        o.put("suppress_below", suppressBelow);
        o.put("round_to", roundTo);
        o.put("suppress", new ArrayList<>(new TreeSet<>(suppress)));
        o.put("complementary", complementary);
        o.put("suppressed_as", suppressedAs);
        o.put("withhold_extremes", withholdExtremes);
        o.put("withhold_small_groups", withholdSmallGroups);
        Map<String, Object> curves = Json.object();
        curves.put("min_count", curveMinCount);
        curves.put("statistics", statisticsFromRoundedCurves ? "rounded" : "exact");
        o.put("curves", curves);
        o.put("sources", sources);
        return o;
    }
}
