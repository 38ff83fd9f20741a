package io.rwe.synth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The synthetic registry's distributions, probabilities and effects, read from
 * {@code rwe.generator.registry} (conf/generator.conf, where each key is documented with its source).
 * Immutable (lists and maps are unmodifiable copies) and serializable: Spark ships it to the
 * executors. Medians are converted to days with 30.4375 days per month.
 *
 * @param patients      patients of the first extract (default of {@code --patients})
 * @param seed          default of {@code --seed}
 * @param patterns      the lung question's metastasis patterns ({@link #PATTERNS}) by the paper's weights
 * @param centers       treating institutions, sizes following a Zipf law
 */
public record RegistrySettings(long patients, long seed, Dates dates, OutsideWindow outsideWindow,
                               Categorical centers, Exclusions exclusions, Categorical patterns, Sites sites,
                               Baseline baseline, Treatment treatment, Progression progression, FollowUp followUp,
                               Response response, AdverseEvents adverseEvents, Nightly nightly, Defects defects)
        implements Serializable {

    static final double MONTH_DAYS = 30.4375;
    /** The lung question's patterns (docs/study.md), in this order wherever a value is given per pattern. */
    public static final List<String> PATTERNS = List.of("lung_only", "multi_organ", "non_lung");
    /** Table 2's terms in the paper's order (other configured terms follow, sorted). */
    static final List<String> PAPER_TERMS = List.of("hypertension", "hand_foot_skin_reaction", "diarrhea",
            "vomiting", "fatigue", "epistaxis", "headache", "anorexia");
    /** The extract format's metastatic sites (docs/registry-extract.md): every site but the primary. */
    static final List<String> METASTATIC_SITES = ExtractTable.LESIONS.columns().stream()
            .filter(c -> c.name().equals("site")).findFirst().orElseThrow().codes().stream()
            .filter(s -> !s.equals("liver_primary")).toList();

    /** First extract, enrolment window (both days included) and the study's cut-off. */
    public record Dates(LocalDate firstExtract, LocalDate enrolFrom, LocalDate enrolTo, LocalDate cutoff)
            implements Serializable {
    }

    /** Patients whose study drug started outside the window: a share {@code before} of them before it. */
    public record OutsideWindow(double share, double before, Range daysBefore) implements Serializable {
    }

    /** Figure 1's exclusions: probabilities, and how each is made. */
    public record Exclusions(double notEligible, double noMeasurable, double concurrent, double locoregional,
                             Categorical notEligibleBy, int age, Range locoregionalBeforeIndexDays)
            implements Serializable {
    }

    /**
     * Baseline metastatic sites.
     *
     * @param extrahepatic      extrahepatic non-lung sites, each present independently with the parallel
     *                          {@code extrahepaticShare}, drawn again until at least one is
     */
    public record Sites(double nonLungExtrahepatic, List<String> extrahepatic, List<Double> extrahepaticShare,
                        double liverNewWithLung, double liverNewWithExtrahepatic, double lungSecondLesion,
                        Range detectedBeforeIndexDays) implements Serializable {
        public Sites {
            extrahepatic = List.copyOf(extrahepatic);
            extrahepaticShare = List.copyOf(extrahepaticShare);
        }

        /**
         * P(site {@code i} | at least one extrahepatic non-lung site) = share(i) / (1 − Π(1 − share)),
         * the share of a site among patients with extrahepatic non-lung metastasis.
         */
        public double shareAmongExtrahepatic(int i) {
            double none = 1;
            for (double s : extrahepaticShare) {
                none *= 1 - s;
            }
            return extrahepaticShare.get(i) / (1 - none);
        }
    }

    /** Age at the index: a rounded normal, clamped to {@code [min, max]}. */
    public record Age(double median, double sd, int min, int max) implements Serializable {
    }

    /** Table 1's attributes. */
    public record Baseline(Age age, double male, double everSmoker, double ecog0, double ecog1, double ecogMissing,
                           double bclcBAmongIntrahepaticOnly, double pviIntrahepaticOnlyStageC, double pviExtrahepatic,
                           double childPughB, double histology, Range diagnosisBeforeIndexDays, double secondLine,
                           double locoregionalLiver, Range locoregionalLiverBeforeIndexDays, double hbvBelow1000,
                           double hbvAbove1000, Range hbvLow, Range hbvHigh, double antiviralIfExamined,
                           double afpAbove400, double afpMissing, Range afpHigh, Range afpLow) implements Serializable {
    }

    /** A systemic course before the index (second line, or ongoing for a concurrent-systemic exclusion). */
    public record Course(String drug, int doseMg, String schedule, Range startBeforeIndexDays,
                         Range stopBeforeIndexDays) implements Serializable {
    }

    /** The study drug. */
    public record Treatment(String drug, String schedule, int doseMg, double highDoseShare, int highDoseMg,
                            Range stopAfterProgressionDays, Course priorCourse) implements Serializable {
    }

    /**
     * Progression and death.
     *
     * @param patternHazardRatio metastatic progression hazard ratio per pattern ({@link #PATTERNS} order)
     * @param ppsHazardRatio     post-progression survival hazard ratio per metastatic site (absent: 1)
     */
    public record Progression(double weibullShape, double referenceMedianDays, List<Double> patternHazardRatio,
                              double weightLung, double weightExtrahepatic, double weightIntrahepatic,
                              double primaryMedianDays, double ppsMedianDays, Map<String, Double> ppsHazardRatio)
            implements Serializable {
        public Progression {
            patternHazardRatio = List.copyOf(patternHazardRatio);
            ppsHazardRatio = Collections.unmodifiableMap(new TreeMap<>(ppsHazardRatio));
        }

        /** Weibull scale (days) of a time with hazard ratio {@code hr} against {@code medianDays}. */
        public double scaleDays(double medianDays, double hr) {
            return medianDays / Math.pow(Math.log(2), 1 / weibullShape) * Math.pow(hr, -1 / weibullShape);
        }

        /** The post-progression survival hazard ratio of a patient with these baseline sites. */
        public double ppsHazardRatio(Iterable<String> sites) {
            double hr = 1;
            for (String s : sites) {
                hr *= ppsHazardRatio.getOrDefault(s, 1.0);
            }
            return hr;
        }
    }

    /** Imaging schedule and the end of follow-up. */
    public record FollowUp(int interval, int jitter, double lost, Range lostAfterIndexDays,
                           Range lastContactBeforeExtractDays, double notEvaluable) implements Serializable {
    }

    /** Probabilities of a partial response per scope; {@code metastatic} per pattern ({@link #PATTERNS} order). */
    public record Response(double overall, double lung, List<Double> metastatic, double extrahepatic,
                           double intrahepatic, double completeShare) implements Serializable {
        public Response {
            metastatic = List.copyOf(metastatic);
        }
    }

    /** One adverse-event term: probability of any grade, and of grade 3 among those. */
    public record Term(String name, double any, double grade3) implements Serializable {
    }

    /** Table 2's adverse events. */
    public record AdverseEvents(List<Term> terms, double grade2, Range onsetDays, double doseReducedIfGrade3,
                                double interruptedIfGrade2) implements Serializable {
        public AdverseEvents {
            terms = List.copyOf(terms);
        }
    }

    /** Nightly series: re-sends, new patients (a share of the first night's), withdrawals. */
    public record Nightly(double resend, double newShare, double withdraw, int maxExtracts) implements Serializable {
        /** New patients each later night brings, for {@code firstNight} patients in the first extract. */
        public long newPerNight(long firstNight) {
            return Math.round(firstNight * newShare);
        }
    }

    /** The values of the defects that need one. */
    public record Defects(Range dateAfterExtractDays, Range daysBefore1900, Range deathBeforeBirthDays,
                          Range contactBeforeDeathDays) implements Serializable {
    }

    /** The settings under {@code rwe.generator.registry} of {@code config}; one line on a bad key. */
    public static RegistrySettings from(Config config) {
        try {
            return read(new Reader(config.getConfig("rwe.generator.registry"), "rwe.generator.registry."));
        } catch (ConfigException | DateTimeParseException e) {
            throw new UsageException("configuration rwe.generator.registry: " + e.getMessage());
        }
    }

    /** Days of follow-up the generator can need: from the earliest index to the last possible extract. */
    public int horizonDays() {
        LocalDate earliest = dates.enrolFrom.minusDays((long) outsideWindow.daysBefore.to());
        LocalDate last = dates.firstExtract.plusDays(nightly.maxExtracts);
        return (int) (last.toEpochDay() - earliest.toEpochDay());
    }

    /**
     * A digest of every setting but {@code patients} and {@code seed} (which a run may override): two
     * series made with the same digest, seed, patients and defect fraction have the same nights.
     */
    public String fingerprint() {
        String text = new RegistrySettings(0, 0, dates, outsideWindow, centers, exclusions, patterns, sites,
                baseline, treatment, progression, followUp, response, adverseEvents, nightly, defects).toString();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RegistrySettings read(Reader c) {
        Dates dates = new Dates(c.date("first-extract"), c.date("enrolment.from"), c.date("enrolment.to"),
                c.date("cutoff"));
        if (!dates.enrolFrom.isBefore(dates.enrolTo) || !dates.enrolTo.isBefore(dates.cutoff)
                || !dates.cutoff.isBefore(dates.firstExtract)) {
            throw c.bad("", "needs enrolment.from < enrolment.to < cutoff < first-extract");
        }
        OutsideWindow outside = new OutsideWindow(c.prob("outside-window.share"), c.prob("outside-window.before"),
                c.days("outside-window.days-before"));
        int centerCount = c.whole("centers.count", 1);
        double zipf = c.nonNegative("centers.zipf-exponent");
        List<String> centerNames = new ArrayList<>();
        List<Double> centerWeights = new ArrayList<>();
        for (int i = 1; i <= centerCount; i++) {
            centerNames.add(c.string("centers.prefix") + String.format(Locale.ROOT, "%03d", i));
            centerWeights.add(Math.pow(i, -zipf));
        }
        Exclusions exclusions = new Exclusions(c.prob("exclusions.not-eligible"),
                c.prob("exclusions.no-measurable-metastasis"), c.prob("exclusions.concurrent-systemic"),
                c.prob("exclusions.locoregional-metastasis"),
                c.weights("exclusions.not-eligible-by", List.of("age", "bclc-d", "child-pugh-c", "ecog-3")),
                c.whole("exclusions.age", 0), c.days("exclusions.locoregional-before-index-days"));
        if (exclusions.notEligible + exclusions.noMeasurable + exclusions.concurrent + exclusions.locoregional >= 1) {
            throw c.bad("exclusions", "add up to 1 or more");
        }
        if (exclusions.age >= 18) {
            throw c.bad("exclusions.age", "must be below 18 (the study's minimum age), got " + exclusions.age);
        }
        Sites sites = sites(c);
        Baseline baseline = baseline(c);
        Treatment treatment = new Treatment(c.code("treatment.drug", ExtractTable.TREATMENTS, "drug"),
                c.code("treatment.schedule", ExtractTable.TREATMENTS, "schedule"), c.whole("treatment.dose-mg", 1),
                c.prob("treatment.high-dose.share"), c.whole("treatment.high-dose.dose-mg", 1),
                c.days("treatment.stop-after-progression-days"),
                new Course(c.code("treatment.prior-course.drug", ExtractTable.TREATMENTS, "drug"),
                        c.whole("treatment.prior-course.dose-mg", 1),
                        c.code("treatment.prior-course.schedule", ExtractTable.TREATMENTS, "schedule"),
                        c.days("treatment.prior-course.start-before-index-days"),
                        c.days("treatment.prior-course.stop-before-index-days")));
        if (treatment.drug.equals(treatment.priorCourse.drug)) {
            throw c.bad("treatment.prior-course.drug", "must differ from treatment.drug");
        }
        if (treatment.priorCourse.startBeforeIndexDays.from() <= treatment.priorCourse.stopBeforeIndexDays.to()) {
            throw c.bad("treatment.prior-course", "must start before it stops (start-before-index-days above"
                    + " stop-before-index-days)");
        }
        Progression progression = progression(c);
        int interval = c.whole("follow-up.assessment-interval-days", 14);
        int jitter = c.whole("follow-up.assessment-jitter-days", 0);
        if (2 * jitter >= interval) {
            throw c.bad("follow-up", "needs a jitter below half of the assessment interval");
        }
        FollowUp followUp = new FollowUp(interval, jitter, c.prob("follow-up.lost-to-follow-up.share"),
                c.days("follow-up.lost-to-follow-up.after-index-days"),
                c.days("follow-up.last-contact-before-extract-days"), c.prob("follow-up.not-evaluable"));
        Response response = new Response(c.prob("response.overall"), c.prob("response.lung"),
                PATTERNS.stream().map(pt -> c.prob("response.metastatic." + pt)).toList(),
                c.prob("response.extrahepatic_nonlung"), c.prob("response.intrahepatic_new"),
                c.prob("response.complete-share"));
        AdverseEvents adverseEvents = new AdverseEvents(terms(c), c.prob("adverse-events.grade2"),
                c.days("adverse-events.onset-days"), c.prob("adverse-events.dose-reduced-if-grade3"),
                c.prob("adverse-events.interrupted-if-grade2"));
        Nightly nightly = new Nightly(c.prob("nightly.resend"), c.prob("nightly.new"), c.prob("nightly.withdraw"),
                c.whole("nightly.max-extracts", 1));
        Defects defects = new Defects(c.days("defects.date-after-extract-days"), c.days("defects.days-before-1900"),
                c.days("defects.death-before-birth-days"), c.days("defects.contact-before-death-days"));
        if (defects.dateAfterExtractDays.from() < 1 || defects.daysBefore1900.from() < 1
                || defects.deathBeforeBirthDays.from() < 1 || defects.contactBeforeDeathDays.from() < 1) {
            throw c.bad("defects", "ranges must start at 1 day or more (a defect must break its rule)");
        }
        return new RegistrySettings(c.longValue("patients"), c.longValue("seed"), dates, outside,
                Categorical.of(centerNames, centerWeights), exclusions, c.weights("patterns", PATTERNS), sites,
                baseline, treatment, progression, followUp, response, adverseEvents, nightly, defects);
    }

    private static Sites sites(Reader c) {
        List<String> names = new ArrayList<>(c.keys("sites.extrahepatic"));
        Collections.sort(names);
        List<Double> shares = new ArrayList<>();
        for (String s : names) {
            if (!METASTATIC_SITES.contains(s) || s.equals("lung") || s.equals("liver_new")) {
                throw c.bad("sites.extrahepatic." + s, "is not an extrahepatic non-lung site of the extract format"
                        + " (docs/registry-extract.md)");
            }
            shares.add(c.prob("sites.extrahepatic." + s));
        }
        if (names.isEmpty() || shares.stream().allMatch(x -> x == 0)) {
            throw c.bad("sites.extrahepatic", "needs at least one site with a share above 0");
        }
        return new Sites(c.prob("sites.non-lung-extrahepatic"), names, shares, c.prob("sites.liver-new.with-lung"),
                c.prob("sites.liver-new.with-extrahepatic"), c.prob("sites.lung-second-lesion"),
                c.days("sites.detected-before-index-days"));
    }

    private static Baseline baseline(Reader c) {
        Age age = new Age(c.doubleValue("baseline.age.median"), c.nonNegative("baseline.age.sd"),
                c.whole("baseline.age.min", 18), c.whole("baseline.age.max", 18));
        Baseline b = new Baseline(age, c.prob("baseline.male"), c.prob("baseline.ever-smoker"),
                c.prob("baseline.ecog.ps0"), c.prob("baseline.ecog.ps1"), c.prob("baseline.ecog.missing"),
                c.prob("baseline.bclc-b-among-intrahepatic-only"),
                c.prob("baseline.portal-vein-invasion.intrahepatic-only-stage-c"),
                c.prob("baseline.portal-vein-invasion.extrahepatic"), c.prob("baseline.child-pugh-b"),
                c.prob("baseline.histology"), c.days("baseline.diagnosis-before-index-days"),
                c.prob("baseline.second-line"), c.prob("baseline.locoregional-liver"),
                c.days("baseline.locoregional-liver-before-index-days"), c.prob("baseline.hbv-dna.below-1000"),
                c.prob("baseline.hbv-dna.above-1000"), c.wholeRange("baseline.hbv-dna.low"),
                c.wholeRange("baseline.hbv-dna.high"), c.prob("baseline.antiviral-if-examined"),
                c.prob("baseline.afp.above-400"), c.prob("baseline.afp.missing"), c.wholeRange("baseline.afp.high"),
                c.range("baseline.afp.low"));
        if (age.min > age.max) {
            throw c.bad("baseline.age", "needs min <= max");
        }
        if (b.hbvBelow1000 + b.hbvAbove1000 > 1 || b.afpAbove400 + b.afpMissing > 1
                || b.ecog0 + b.ecog1 + b.ecogMissing > 1) {
            throw c.bad("baseline", "has proportions that add up to more than 1 (hbv-dna, afp or ecog)");
        }
        if (b.hbvLow.to() >= 1000 || b.hbvHigh.from() < 1000 || b.afpLow.to() >= 400 || b.afpHigh.from() < 400
                || b.hbvLow.from() < 0 || b.afpLow.from() < 0) {
            throw c.bad("baseline", "hbv-dna ranges must lie below / at or above 1000 and afp ranges below / at or"
                    + " above 400, none negative");
        }
        return b;
    }

    private static Progression progression(Reader c) {
        Map<String, Double> pps = new TreeMap<>();
        for (String s : c.keys("progression.post-progression-hazard-ratio")) {
            if (!METASTATIC_SITES.contains(s)) {
                throw c.bad("progression.post-progression-hazard-ratio." + s,
                        "is not a metastatic site of the extract format (docs/registry-extract.md)");
            }
            pps.put(s, c.positive("progression.post-progression-hazard-ratio." + s));
        }
        return new Progression(c.positive("progression.weibull-shape"),
                c.positive("progression.reference-median-months") * MONTH_DAYS,
                PATTERNS.stream().map(pt -> c.positive("progression.pattern-hazard-ratio." + pt)).toList(),
                c.positive("progression.site-group-weight.lung"),
                c.positive("progression.site-group-weight.extrahepatic_nonlung"),
                c.positive("progression.site-group-weight.intrahepatic_new"),
                c.positive("progression.primary-median-months") * MONTH_DAYS,
                c.positive("progression.post-progression-survival-median-months") * MONTH_DAYS, pps);
    }

    private static List<Term> terms(Reader c) {
        List<String> order = new ArrayList<>();
        List<String> configured = c.keys("adverse-events.terms");
        for (String t : PAPER_TERMS) {
            if (configured.contains(t)) {
                order.add(t);
            }
        }
        List<String> extra = new ArrayList<>(configured);
        extra.removeAll(PAPER_TERMS);
        Collections.sort(extra);
        order.addAll(extra);
        List<Term> terms = new ArrayList<>();
        for (String t : order) {
            if (!t.matches("[a-z][a-z0-9_]*")) {
                throw c.bad("adverse-events.terms." + t, "must be lower case with '_' for spaces");
            }
            terms.add(new Term(t, c.prob("adverse-events.terms." + t + ".any"),
                    c.prob("adverse-events.terms." + t + ".grade3")));
        }
        return terms;
    }

    /** Reads keys of the generator's configuration, each checked, naming the full key on a bad value. */
    private record Reader(Config c, String prefix) {

        UsageException bad(String key, String what) {
            return new UsageException("configuration: " + prefix + key + " " + what);
        }

        double doubleValue(String key) {
            return c.getDouble(key);
        }

        long longValue(String key) {
            return c.getLong(key);
        }

        String string(String key) {
            return c.getString(key);
        }

        LocalDate date(String key) {
            return LocalDate.parse(c.getString(key));
        }

        List<String> keys(String key) {
            return new ArrayList<>(c.getConfig(key).root().keySet());
        }

        double prob(String key) {
            double v = c.getDouble(key);
            if (!(v >= 0 && v <= 1)) {
                throw bad(key, "must lie in [0, 1], got " + v);
            }
            return v;
        }

        double positive(String key) {
            double v = c.getDouble(key);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw bad(key, "must be positive, got " + v);
            }
            return v;
        }

        double nonNegative(String key) {
            double v = c.getDouble(key);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw bad(key, "must be 0 or more, got " + v);
            }
            return v;
        }

        int whole(String key, int min) {
            int v = c.getInt(key);
            if (v < min) {
                throw bad(key, "must be at least " + min + ", got " + v);
            }
            return v;
        }

        Range range(String key) {
            List<Double> v = c.getDoubleList(key);
            if (v.size() != 2 || !(v.get(0) <= v.get(1))) {
                throw bad(key, "must be a range [from, to] with from <= to, got " + v);
            }
            return new Range(v.get(0), v.get(1));
        }

        Range wholeRange(String key) {
            Range r = range(key);
            if (!r.whole()) {
                throw bad(key, "must have whole-number bounds, got [" + r.from() + ", " + r.to() + "]");
            }
            return r;
        }

        /** A range of whole days, 0 or more. */
        Range days(String key) {
            Range r = wholeRange(key);
            if (r.from() < 0) {
                throw bad(key, "must not count negative days, got [" + r.from() + ", " + r.to() + "]");
            }
            return r;
        }

        String code(String key, ExtractTable table, String column) {
            String v = c.getString(key);
            ColumnSpec spec = table.columns().get(ExtractRows.indexOf(table, column));
            if (!spec.codes().contains(v)) {
                throw bad(key, "must be one of the extract format's " + column + " codes " + spec.codes() + ", got '"
                        + v + "'");
            }
            return v;
        }

        /** The weights of {@code names} under {@code key} as a distribution. */
        Categorical weights(String key, List<String> names) {
            List<Double> w = new ArrayList<>();
            for (String n : names) {
                w.add(nonNegative(key + "." + n));
            }
            if (w.stream().allMatch(x -> x == 0)) {
                throw bad(key, "needs a weight above 0");
            }
            return Categorical.of(names, w);
        }
    }
}
