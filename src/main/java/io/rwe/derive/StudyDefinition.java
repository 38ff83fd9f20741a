package io.rwe.derive;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import io.rwe.study.CohortVocabulary;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The study as the derive stage reads it from {@code rwe.study} (conf/study.conf; docs/study.md "Cohort",
 * "Endpoints", "Best response", "Adverse events"). Another drug, window, cut-off or grouping is another
 * configuration file, never other code.
 *
 * @param name                 the study's name
 * @param drug                 the study drug ({@code treatments.drug} code)
 * @param enrolFrom            first day of the enrolment window (included)
 * @param enrolTo              last day of the enrolment window (included)
 * @param cutoff               data cut-off: records dated after it are ignored
 * @param washoutDays          another drug stopped fewer than this many days before the index excludes
 * @param monthDays            days per month (the endpoints are stored in days)
 * @param eligibility          flow step 1
 * @param flowSteps            exclusion steps in the order they are applied
 * @param metastaticSites      lesion sites that are metastases
 * @param siteGroups           site group name → its lesion sites
 * @param baselineFlags        boolean cohort columns over the site-group flags
 * @param patterns             metastasis pattern rules, the first that holds wins
 * @param table1               Table 1 cut points
 * @param endpoints            endpoints, in cohort column order
 * @param responseScopes       assessment scopes with a best response
 * @param doseReducedActions   {@code adverse_events.action} codes that set {@code dose_reduced}
 * @param interruptedActions   {@code adverse_events.action} codes that set {@code interrupted}
 */
public record StudyDefinition(String name, String drug, LocalDate enrolFrom, LocalDate enrolTo, LocalDate cutoff,
                              int washoutDays, double monthDays, Eligibility eligibility, List<String> flowSteps,
                              List<String> metastaticSites, Map<String, List<String>> siteGroups,
                              List<Rule> baselineFlags, List<Rule> patterns, Table1Cuts table1,
                              List<Endpoint> endpoints, List<String> responseScopes,
                              List<String> doseReducedActions, List<String> interruptedActions) {

    /** The exclusion steps this code knows, in the paper's order (docs/study.md "Flow"). */
    public static final List<String> KNOWN_STEPS = CohortVocabulary.FLOW_STEPS;

    /** The assessment scopes of docs/registry-extract.md. */
    public static final Set<String> SCOPES = Set.copyOf(CohortVocabulary.assessmentScopes());

    public StudyDefinition {
        flowSteps = List.copyOf(flowSteps);
        metastaticSites = List.copyOf(metastaticSites);
        siteGroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(siteGroups));
        baselineFlags = List.copyOf(baselineFlags);
        patterns = List.copyOf(patterns);
        endpoints = List.copyOf(endpoints);
        responseScopes = List.copyOf(responseScopes);
        doseReducedActions = List.copyOf(doseReducedActions);
        interruptedActions = List.copyOf(interruptedActions);
        if (enrolTo.isBefore(enrolFrom)) {
            throw new UsageException("rwe.study.enrolment: 'to' (" + enrolTo + ") precedes 'from' (" + enrolFrom + ")");
        }
        if (washoutDays < 0) {
            throw new UsageException("rwe.study.washout-days must be >= 0, got " + washoutDays);
        }
        if (!(monthDays > 0)) {
            throw new UsageException("rwe.study.month-days must be > 0, got " + monthDays);
        }
        for (String s : flowSteps) {
            if (!KNOWN_STEPS.contains(s)) {
                throw new UsageException("rwe.study.flow-steps: unknown step '" + s + "' (known: " + KNOWN_STEPS + ")");
            }
        }
        for (Endpoint e : endpoints) {
            if (e.scope() != null && !SCOPES.contains(e.scope())) {
                throw new UsageException("rwe.study.endpoints." + e.name() + ": unknown scope '" + e.scope() + "'");
            }
        }
        for (String s : responseScopes) {
            if (!SCOPES.contains(s)) {
                throw new UsageException("rwe.study.response-scopes: unknown scope '" + s + "'");
            }
        }
    }

    /**
     * Flow step 1 (docs/study.md): not eligible when age &lt; {@code minAge} at the index, BCLC stage not in
     * {@code bclcStages}, Child-Pugh class not in {@code childPughClasses}, or ECOG &gt; {@code maxEcog}
     * where recorded.
     */
    public record Eligibility(int minAge, List<String> bclcStages, List<String> childPughClasses, int maxEcog) {
        public Eligibility {
            bclcStages = List.copyOf(bclcStages);
            childPughClasses = List.copyOf(childPughClasses);
        }
    }

    /** A named Spark SQL condition (a baseline flag or a pattern rule). */
    public record Rule(String name, String when) {
    }

    /** Table 1 cut points: a value v is {@code "<cut"} when v &lt; cut, else {@code ">=cut"}. */
    public record Table1Cuts(double ageCut, double hbvDnaCut, double afpCut) {
    }

    /** What ends an endpoint. */
    public enum EventKind {
        /** First PD of the endpoint's scope, or death; censored at the scope's last assessment. */
        PROGRESSION_OR_DEATH,
        /** Death; censored at min(last contact, cut-off). */
        DEATH
    }

    /**
     * One endpoint: cohort columns {@code <name>_days} and {@code <name>_event}.
     *
     * @param scope      assessment scope (for {@link EventKind#PROGRESSION_OR_DEATH}), else null
     * @param population Spark SQL condition over the cohort; null = every patient
     */
    public record Endpoint(String name, EventKind event, String scope, String population) {
    }

    /** Reads {@code rwe.study} of the configuration in force; a bad key gives one line naming it. */
    public static StudyDefinition from(Config root) {
        try {
            Config c = root.getConfig("rwe.study");
            Config el = c.getConfig("eligibility");
            Eligibility eligibility = new Eligibility(el.getInt("min-age"), el.getStringList("bclc-stages"),
                    el.getStringList("child-pugh-classes"), el.getInt("max-ecog"));
            Map<String, List<String>> groups = new TreeMap<>();
            Config sg = c.getConfig("site-groups");
            for (String g : sg.root().keySet()) {
                if (sg.hasPath(g)) {
                    groups.put(g, sg.getStringList(g));
                }
            }
            List<Rule> flags = rules(c, "baseline-flags");
            List<Rule> patterns = rules(c, "patterns");
            Config t1 = c.getConfig("table1");
            List<Endpoint> endpoints = new ArrayList<>();
            for (Config e : c.getConfigList("endpoints")) {
                String ev = e.getString("event");
                EventKind kind = switch (ev) {
                    case "progression-or-death" -> EventKind.PROGRESSION_OR_DEATH;
                    case "death" -> EventKind.DEATH;
                    default -> throw new UsageException("rwe.study.endpoints." + e.getString("name")
                            + ".event: '" + ev + "' is neither progression-or-death nor death");
                };
                String scope = e.hasPath("scope") ? e.getString("scope") : null;
                if (kind == EventKind.PROGRESSION_OR_DEATH && scope == null) {
                    throw new UsageException("rwe.study.endpoints." + e.getString("name") + ": needs a scope");
                }
                endpoints.add(new Endpoint(e.getString("name"), kind, kind == EventKind.DEATH ? null : scope,
                        e.hasPath("population") ? e.getString("population") : null));
            }
            Config ae = c.getConfig("adverse-events");
            return new StudyDefinition(c.getString("name"), c.getString("drug"),
                    date(c, "enrolment.from"), date(c, "enrolment.to"), date(c, "cutoff"),
                    c.getInt("washout-days"), c.getDouble("month-days"), eligibility,
                    c.getStringList("flow-steps"), c.getStringList("metastatic-sites"), groups, flags, patterns,
                    new Table1Cuts(t1.getDouble("age-cut"), t1.getDouble("hbv-dna-cut"), t1.getDouble("afp-cut")),
                    endpoints, c.getStringList("response-scopes"),
                    ae.getStringList("dose-reduced-actions"), ae.getStringList("interrupted-actions"));
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    private static List<Rule> rules(Config c, String path) {
        List<Rule> out = new ArrayList<>();
        for (Config r : c.getConfigList(path)) {
            out.add(new Rule(r.getString("name"), r.getString("when")));
        }
        return out;
    }

    private static LocalDate date(Config c, String path) {
        String v = c.getString(path);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException("configuration: rwe.study." + path + ": '" + v + "' is not a YYYY-MM-DD date");
        }
    }
}
