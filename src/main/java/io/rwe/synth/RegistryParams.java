package io.rwe.synth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic registry's distributions and effects, read from {@code rwe.generator.registry}
 * (conf/generator.conf, where each key is documented). Immutable and serializable: Spark ships it to
 * the executors. Medians are converted to days with 30.4375 days per month.
 */
public final class RegistryParams implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double MONTH_DAYS = 30.4375;
    /** Table 2's terms in the paper's order. */
    static final List<String> PAPER_TERMS = List.of("hypertension", "hand_foot_skin_reaction", "diarrhea",
            "vomiting", "fatigue", "epistaxis", "headache", "anorexia");

    public final long patients;
    public final long seed;
    public final LocalDate firstExtract;
    public final LocalDate enrolFrom;
    public final LocalDate enrolTo;
    public final LocalDate cutoff;
    public final double outsideWindow;
    public final int centerCount;
    public final String centerPrefix;
    public final double zipfExponent;
    public final double notEligible;
    public final double noMeasurable;
    public final double concurrent;
    public final double locoregional;
    /** Pattern weights normalised to probabilities: lung_only, multi_organ, non_lung. */
    public final double[] patternProb;
    public final double nonLungExtrahepatic;
    public final double ageMedian;
    public final double ageSd;
    public final int ageMin;
    public final int ageMax;
    public final double male;
    public final double everSmoker;
    public final double ecog0;
    public final double ecog1;
    public final double ecogMissing;
    public final double bclcBNonLung;
    public final double pviNonLungC;
    public final double pviLung;
    public final double childPughB;
    public final double secondLine;
    public final double locoregionalLiver;
    public final double hbvBelow;
    public final double hbvAbove;
    public final double antiviralIfExamined;
    public final double afpAbove;
    public final double afpMissing;
    public final double weibullShape;
    public final double referenceMedianDays;
    public final double hrLung;
    public final double hrExtrahepatic;
    public final double hrIntrahepatic;
    public final double primaryMedianDays;
    public final double ppsMedianDays;
    public final int assessmentInterval;
    public final int assessmentJitter;
    public final double lostToFollowUp;
    public final double notEvaluable;
    public final double orrOverall;
    public final double orrLung;
    /** Metastatic-scope PR probability per pattern: lung_only, multi_organ, non_lung. */
    public final double[] orrMetastatic;
    public final double orrExtrahepatic;
    public final double orrIntrahepatic;
    public final double completeShare;
    public final List<String> aeTerms;
    public final double[] aeAny;
    public final double[] aeGrade3;
    public final double doseReducedIfGrade3;
    public final double interruptedIfGrade2;
    public final double resend;
    public final double newPerExtract;
    public final double withdraw;
    /** Cumulative center probabilities (Zipf law over {@link #centerCount} centers). */
    private final double[] centerCdf;

    private RegistryParams(Config c) {
        patients = c.getLong("patients");
        seed = c.getLong("seed");
        firstExtract = LocalDate.parse(c.getString("first-extract"));
        enrolFrom = LocalDate.parse(c.getString("enrolment.from"));
        enrolTo = LocalDate.parse(c.getString("enrolment.to"));
        cutoff = LocalDate.parse(c.getString("cutoff"));
        outsideWindow = prob(c, "outside-window");
        centerCount = c.getInt("centers.count");
        centerPrefix = c.getString("centers.prefix");
        zipfExponent = c.getDouble("centers.zipf-exponent");
        notEligible = prob(c, "exclusions.not-eligible");
        noMeasurable = prob(c, "exclusions.no-measurable-metastasis");
        concurrent = prob(c, "exclusions.concurrent-systemic");
        locoregional = prob(c, "exclusions.locoregional-metastasis");
        double lo = c.getDouble("patterns.lung_only");
        double mo = c.getDouble("patterns.multi_organ");
        double nl = c.getDouble("patterns.non_lung");
        patternProb = new double[] {lo / (lo + mo + nl), mo / (lo + mo + nl), nl / (lo + mo + nl)};
        nonLungExtrahepatic = prob(c, "non-lung-extrahepatic");
        ageMedian = c.getDouble("baseline.age.median");
        ageSd = c.getDouble("baseline.age.sd");
        ageMin = c.getInt("baseline.age.min");
        ageMax = c.getInt("baseline.age.max");
        male = prob(c, "baseline.male");
        everSmoker = prob(c, "baseline.ever-smoker");
        ecog0 = prob(c, "baseline.ecog.ps0");
        ecog1 = prob(c, "baseline.ecog.ps1");
        ecogMissing = prob(c, "baseline.ecog.missing");
        bclcBNonLung = prob(c, "baseline.bclc-b-among-non-lung");
        pviNonLungC = prob(c, "baseline.portal-vein-invasion.non-lung-stage-c");
        pviLung = prob(c, "baseline.portal-vein-invasion.lung");
        childPughB = prob(c, "baseline.child-pugh-b");
        secondLine = prob(c, "baseline.second-line");
        locoregionalLiver = prob(c, "baseline.locoregional-liver");
        hbvBelow = prob(c, "baseline.hbv-dna.below-1000");
        hbvAbove = prob(c, "baseline.hbv-dna.above-1000");
        antiviralIfExamined = prob(c, "baseline.antiviral-if-examined");
        afpAbove = prob(c, "baseline.afp.above-400");
        afpMissing = prob(c, "baseline.afp.missing");
        weibullShape = positive(c, "progression.weibull-shape");
        referenceMedianDays = positive(c, "progression.reference-median-months") * MONTH_DAYS;
        hrLung = positive(c, "progression.hazard-ratio.lung");
        hrExtrahepatic = positive(c, "progression.hazard-ratio.extrahepatic_nonlung");
        hrIntrahepatic = positive(c, "progression.hazard-ratio.intrahepatic_new");
        primaryMedianDays = positive(c, "progression.primary-median-months") * MONTH_DAYS;
        ppsMedianDays = positive(c, "progression.post-progression-survival-median-months") * MONTH_DAYS;
        assessmentInterval = c.getInt("follow-up.assessment-interval-days");
        assessmentJitter = c.getInt("follow-up.assessment-jitter-days");
        if (assessmentInterval < 14 || assessmentJitter < 0 || 2 * assessmentJitter >= assessmentInterval) {
            throw new UsageException("configuration: rwe.generator.registry.follow-up needs an interval of at least"
                    + " 14 days and a jitter below half of it");
        }
        lostToFollowUp = prob(c, "follow-up.lost-to-follow-up");
        notEvaluable = prob(c, "follow-up.not-evaluable");
        orrOverall = prob(c, "response.overall");
        orrLung = prob(c, "response.lung");
        orrMetastatic = new double[] {prob(c, "response.metastatic.lung_only"),
            prob(c, "response.metastatic.multi_organ"), prob(c, "response.metastatic.non_lung")};
        orrExtrahepatic = prob(c, "response.extrahepatic_nonlung");
        orrIntrahepatic = prob(c, "response.intrahepatic_new");
        completeShare = prob(c, "response.complete-share");
        Config terms = c.getConfig("adverse-events.terms");
        Map<String, double[]> t = new LinkedHashMap<>();
        for (String term : PAPER_TERMS) {
            if (terms.hasPath(term)) {
                t.put(term, new double[] {prob(terms, term + ".any"), prob(terms, term + ".grade3")});
            }
        }
        List<String> extra = new ArrayList<>(terms.root().keySet());
        extra.removeAll(PAPER_TERMS);
        java.util.Collections.sort(extra);
        for (String term : extra) {
            if (!term.matches("[a-z][a-z0-9_]*")) {
                throw new UsageException("configuration: adverse-event term '" + term
                        + "' must be lower case with '_' for spaces");
            }
            t.put(term, new double[] {prob(terms, term + ".any"), prob(terms, term + ".grade3")});
        }
        aeTerms = List.copyOf(t.keySet());
        aeAny = new double[aeTerms.size()];
        aeGrade3 = new double[aeTerms.size()];
        for (int i = 0; i < aeTerms.size(); i++) {
            aeAny[i] = t.get(aeTerms.get(i))[0];
            aeGrade3[i] = t.get(aeTerms.get(i))[1];
        }
        doseReducedIfGrade3 = prob(c, "adverse-events.dose-reduced-if-grade3");
        interruptedIfGrade2 = prob(c, "adverse-events.interrupted-if-grade2");
        resend = prob(c, "nightly.resend");
        newPerExtract = prob(c, "nightly.new");
        withdraw = prob(c, "nightly.withdraw");
        centerCdf = new double[Math.max(centerCount, 1)];
        double sum = 0;
        for (int i = 0; i < centerCdf.length; i++) {
            sum += Math.pow(i + 1, -zipfExponent);
            centerCdf[i] = sum;
        }
        for (int i = 0; i < centerCdf.length; i++) {
            centerCdf[i] /= sum;
        }
        if (!enrolFrom.isBefore(enrolTo) || !enrolTo.isBefore(cutoff) || !cutoff.isBefore(firstExtract)) {
            throw new UsageException("configuration: rwe.generator.registry needs enrolment.from < enrolment.to"
                    + " < cutoff < first-extract");
        }
        if (notEligible + noMeasurable + concurrent + locoregional >= 1 || hbvBelow + hbvAbove > 1
                || afpAbove + afpMissing > 1 || ecog0 + ecog1 + ecogMissing > 1 || centerCount < 1) {
            throw new UsageException("configuration: rwe.generator.registry has proportions that add up to more than 1"
                    + " (exclusions, hbv-dna, afp or ecog) or no centers");
        }
    }

    /** The parameters under {@code rwe.generator.registry} of {@code config}; one line on a bad key. */
    public static RegistryParams from(Config config) {
        try {
            return new RegistryParams(config.getConfig("rwe.generator.registry"));
        } catch (ConfigException | java.time.format.DateTimeParseException e) {
            throw new UsageException("configuration rwe.generator.registry: " + e.getMessage());
        }
    }

    public long patients() {
        return patients;
    }

    public long seed() {
        return seed;
    }

    private static double prob(Config c, String key) {
        double v = c.getDouble(key);
        if (!(v >= 0 && v <= 1)) {
            throw new UsageException("configuration: rwe.generator.registry." + key + " must lie in [0, 1], got " + v);
        }
        return v;
    }

    private static double positive(Config c, String key) {
        double v = c.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UsageException("configuration: rwe.generator.registry." + key + " must be positive, got " + v);
        }
        return v;
    }

    /** The center of a patient for a uniform draw {@code u} in [0, 1). */
    String center(double u) {
        int i = 0;
        while (i < centerCdf.length - 1 && u >= centerCdf[i]) {
            i++;
        }
        return centerPrefix + String.format(java.util.Locale.ROOT, "%03d", i + 1);
    }

    /** Weibull scale (days) of a site group with hazard ratio {@code hr} against the reference median. */
    double scaleDays(double medianDays, double hr) {
        double k = weibullShape;
        return medianDays / Math.pow(Math.log(2), 1 / k) * Math.pow(hr, -1 / k);
    }
}
