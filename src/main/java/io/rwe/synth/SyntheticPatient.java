package io.rwe.synth;

import static io.rwe.registry.ExtractTable.ADVERSE_EVENTS;
import static io.rwe.registry.ExtractTable.ASSESSMENTS;
import static io.rwe.registry.ExtractTable.LESIONS;
import static io.rwe.registry.ExtractTable.PATIENTS;
import static io.rwe.registry.ExtractTable.PROCEDURES;
import static io.rwe.registry.ExtractTable.TREATMENTS;

import io.rwe.registry.ExtractTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One synthetic registry patient, drawn from the patient's own random stream (seeded by the run's seed
 * and the patient's number only, so the output does not depend on how patients are spread over Spark
 * partitions) with the distributions of {@link RegistrySettings}. The same patient drawn for a later
 * extract date is the same person with more follow-up: every draw is made before the extract date
 * truncates the record.
 *
 * <p>Model (docs/generator.md): the lung question's pattern by the paper's weights; the baseline
 * metastatic sites given the pattern (extrahepatic non-lung sites each present with its share, drawn
 * again until at least one is); per metastatic site group a Weibull progression time, the group's
 * hazard being the pattern's hazard shared among the patient's groups by their weights, so metastatic
 * progression (the first of them) has the pattern's hazard whatever the sites; overall progression =
 * the first of that and progression of the primary; death = metastatic progression + post-progression
 * survival, whose hazard is multiplied by each baseline site's ratio. A progression is recorded as a PD
 * assessment on its day; before it, scans every {@code assessment-interval-days} ± jitter. Imaging and
 * contact stop at death, at loss to follow-up, or at the extract date.
 */
public final class SyntheticPatient {
    private static final int MULTI_ORGAN = RegistrySettings.PATTERNS.indexOf("multi_organ");
    private static final int NON_LUNG = RegistrySettings.PATTERNS.indexOf("non_lung");
    /** Upper bound of a drawn time in days: keeps day arithmetic in {@code int}, far beyond any follow-up. */
    private static final int MAX_DAYS = 100_000;

    /** Flow category the patient is drawn into (the study's Figure 1 steps, or outside the window). */
    public enum Kind { INCLUDED, NOT_ELIGIBLE, NO_MEASURABLE, CONCURRENT, LOCOREGIONAL, NOT_REVIEWED }

    private SyntheticPatient() {
    }

    /** The rows of one patient in an extract of {@code extractDate}, plus what the truth files need. */
    public record Record(String patientId, Kind kind, Map<ExtractTable, List<String[]>> rows, boolean dead) {
    }

    /** SplitMix64 finaliser of (seed, number, salt): the seed of one patient's stream. */
    static long streamSeed(long seed, long number, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + number * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The registry's identifier of patient {@code number}. */
    public static String patientId(long number) {
        return String.format(Locale.ROOT, "R%010d", number);
    }

    public static Record draw(RegistrySettings s, long seed, long number, LocalDate extractDate, boolean withdrawn) {
        SplittableRandom r = new SplittableRandom(streamSeed(seed, number, 1));
        SplittableRandom scanStream = r.split();
        SplittableRandom aeStream = r.split();
        SplittableRandom siteStream = r.split();
        String id = patientId(number);
        Map<ExtractTable, List<String[]>> rows = new EnumMap<>(ExtractTable.class);
        for (ExtractTable t : ExtractTable.values()) {
            rows.put(t, new ArrayList<>(t == ASSESSMENTS ? 24 : 4));
        }
        RegistrySettings.Dates dates = s.dates();
        RegistrySettings.Exclusions ex = s.exclusions();
        RegistrySettings.Baseline b = s.baseline();
        RegistrySettings.Sites st = s.sites();
        RegistrySettings.Treatment tx = s.treatment();
        RegistrySettings.Progression pg = s.progression();
        String center = s.centers().draw(r.nextDouble());

        // Flow category and index date.
        Kind kind;
        LocalDate index;
        long windowDays = dates.enrolTo().toEpochDay() - dates.enrolFrom().toEpochDay();
        if (r.nextDouble() < s.outsideWindow().share()) {
            kind = Kind.NOT_REVIEWED;
            if (r.nextDouble() < s.outsideWindow().before()) {
                index = dates.enrolFrom().minusDays(s.outsideWindow().daysBefore().drawWhole(r));
            } else {
                long room = dates.cutoff().toEpochDay() - dates.enrolTo().toEpochDay() - 1;
                index = dates.enrolTo().plusDays(1 + r.nextLong(Math.max(1, room)));
            }
        } else {
            index = dates.enrolFrom().plusDays(r.nextLong(windowDays + 1));
            double u = r.nextDouble();
            if ((u -= ex.notEligible()) < 0) {
                kind = Kind.NOT_ELIGIBLE;
            } else if ((u -= ex.noMeasurable()) < 0) {
                kind = Kind.NO_MEASURABLE;
            } else if ((u -= ex.concurrent()) < 0) {
                kind = Kind.CONCURRENT;
            } else if ((u -= ex.locoregional()) < 0) {
                kind = Kind.LOCOREGIONAL;
            } else {
                kind = Kind.INCLUDED;
            }
        }
        String ineligibleBy = ex.notEligibleBy().draw(r.nextDouble());

        // Pattern and baseline metastatic sites.
        int pattern = s.patterns().index(r.nextDouble());
        boolean lung = pattern != NON_LUNG;
        boolean ehn = pattern == MULTI_ORGAN || (pattern == NON_LUNG && r.nextDouble() < st.nonLungExtrahepatic());
        List<String> ehnSites = ehn ? extrahepaticSites(st, siteStream) : List.of();
        boolean ihn = lung ? r.nextDouble() < st.liverNewWithLung()
                : !ehn || r.nextDouble() < st.liverNewWithExtrahepatic();
        boolean intrahepaticOnly = !lung && !ehn;
        List<String> sites = new ArrayList<>(ehnSites.size() + 2);
        if (lung) {
            sites.add("lung");
        }
        sites.addAll(ehnSites);
        if (ihn) {
            sites.add("liver_new");
        }

        // Table 1.
        int age = (int) Math.round(b.age().median() + b.age().sd() * gaussian(r));
        age = Math.max(b.age().min(), Math.min(b.age().max(), age));
        if (kind == Kind.NOT_ELIGIBLE && ineligibleBy.equals("age")) {
            age = ex.age();
        }
        LocalDate anniversary = index.minusYears(age);
        LocalDate yearBefore = anniversary.minusYears(1);
        LocalDate birth = yearBefore.plusDays(1 + r.nextLong(anniversary.toEpochDay() - yearBefore.toEpochDay()));
        String sex = r.nextDouble() < b.male() ? "M" : "F";
        String smoking = r.nextDouble() < b.everSmoker() ? "ever" : "never";
        double eu = r.nextDouble();
        String ecog = eu < b.ecog0() ? "0" : eu < b.ecog0() + b.ecog1() ? "1"
                : eu < b.ecog0() + b.ecog1() + b.ecogMissing() ? "" : "2";
        String bclc = intrahepaticOnly && r.nextDouble() < b.bclcBAmongIntrahepaticOnly() ? "B" : "C";
        String pvi;
        if ("B".equals(bclc)) {
            pvi = "N";
        } else {
            pvi = r.nextDouble() < (intrahepaticOnly ? b.pviIntrahepaticOnlyStageC() : b.pviExtrahepatic()) ? "Y" : "N";
        }
        String childPugh = r.nextDouble() < b.childPughB() ? "B" : "A";
        if (kind == Kind.NOT_ELIGIBLE) {
            switch (ineligibleBy) {
                case "bclc-d" -> bclc = "D";
                case "child-pugh-c" -> childPugh = "C";
                case "ecog-3" -> ecog = "3";
                default -> { }
            }
        }
        double hu = r.nextDouble();
        String hbv = hu < b.hbvBelow1000() ? Integer.toString(b.hbvLow().drawWhole(r))
                : hu < b.hbvBelow1000() + b.hbvAbove1000() ? Integer.toString(b.hbvHigh().drawWhole(r)) : "";
        String antiviral = !hbv.isEmpty() && r.nextDouble() < b.antiviralIfExamined() ? "Y" : "N";
        double au = r.nextDouble();
        String afp = au < b.afpAbove400() ? Integer.toString(b.afpHigh().drawWhole(r))
                : au < b.afpAbove400() + b.afpMissing() ? "" : String.format(Locale.ROOT, "%.1f", b.afpLow().draw(r));
        LocalDate diagnosis = index.minusDays(b.diagnosisBeforeIndexDays().drawWhole(r));
        String basis = r.nextDouble() < b.histology() ? "histology" : "noninvasive";
        boolean secondLine = r.nextDouble() < b.secondLine() || kind == Kind.CONCURRENT;
        boolean tace = r.nextDouble() < b.locoregionalLiver();

        // Times (days from the index), drawn whatever the extract date. The pattern's metastatic hazard is
        // shared among the patient's site groups in proportion to their weights.
        double shape = pg.weibullShape();
        double hr = pg.patternHazardRatio().get(pattern);
        double weights = (lung ? pg.weightLung() : 0) + (ehn ? pg.weightExtrahepatic() : 0)
                + (ihn ? pg.weightIntrahepatic() : 0);
        double ref = pg.referenceMedianDays();
        double tLung = lung ? weibull(r, pg.scaleDays(ref, hr * pg.weightLung() / weights), shape) : Double.MAX_VALUE;
        double tEhn = ehn ? weibull(r, pg.scaleDays(ref, hr * pg.weightExtrahepatic() / weights), shape)
                : Double.MAX_VALUE;
        double tIhn = ihn ? weibull(r, pg.scaleDays(ref, hr * pg.weightIntrahepatic() / weights), shape)
                : Double.MAX_VALUE;
        double tPrimary = weibull(r, pg.scaleDays(pg.primaryMedianDays(), 1), shape);
        double pps = weibull(r, pg.scaleDays(pg.ppsMedianDays(), pg.ppsHazardRatio(sites)), shape);
        int dMeta = days(Math.min(tLung, Math.min(tEhn, tIhn)));
        int dLung = lung ? days(tLung) : -1;
        int dEhn = ehn ? days(tEhn) : -1;
        int dIhn = ihn ? days(tIhn) : -1;
        int dOverall = Math.min(dMeta, days(tPrimary));
        int dDeath = dMeta + days(pps);
        RegistrySettings.FollowUp fu = s.followUp();
        int dLost = r.nextDouble() < fu.lost() ? fu.lostAfterIndexDays().drawWhole(r) : Integer.MAX_VALUE;
        RegistrySettings.Response resp = s.response();
        boolean[] pr = {
            r.nextDouble() < resp.overall(),
            r.nextDouble() < resp.metastatic().get(pattern),
            lung && r.nextDouble() < resp.lung(),
            ehn && r.nextDouble() < resp.extrahepatic(),
            ihn && r.nextDouble() < resp.intrahepatic(),
        };
        boolean cr = r.nextDouble() < resp.completeShare();
        int stopTail = tx.stopAfterProgressionDays().drawWhole(r);
        int dose = r.nextDouble() < tx.highDoseShare() ? tx.highDoseMg() : tx.doseMg();
        RegistrySettings.Course prior = tx.priorCourse();
        int priorStart = prior.startBeforeIndexDays().drawWhole(r);
        int priorGap = prior.stopBeforeIndexDays().drawWhole(r);
        int taceBefore = b.locoregionalLiverBeforeIndexDays().drawWhole(r);
        int lesionBefore = st.detectedBeforeIndexDays().drawWhole(r);
        int excludedDay = ex.locoregionalBeforeIndexDays().drawWhole(r);
        int contactSlack = fu.lastContactBeforeExtractDays().drawWhole(r);
        boolean extraLung = r.nextDouble() < st.lungSecondLesion();

        long extract = extractDate.toEpochDay();
        long idx = index.toEpochDay();
        int dExtract = (int) (extract - idx);
        boolean dead = dDeath <= dExtract && dDeath <= dLost;
        // Last day with data: the death, else the last contact (loss to follow-up, or a visit shortly
        // before the extract); no record is dated after it.
        int end = dead ? dDeath : Math.max(0, Math.min(dLost, dExtract - contactSlack));

        // patients.csv
        LocalDate deathDate = dead ? index.plusDays(dDeath) : null;
        LocalDate lastContact = index.plusDays(end);
        rows.get(PATIENTS).add(ExtractRows.row(PATIENTS, "patient_id", id, "center_id", center,
                "birth_date", birth.toString(), "sex", sex, "smoking", smoking,
                "hcc_diagnosis_date", diagnosis.toString(), "diagnosis_basis", basis, "bclc_stage", bclc,
                "child_pugh_class", childPugh, "ecog_ps", ecog, "portal_vein_invasion", pvi,
                "hbv_dna_iu_ml", hbv, "antiviral_treatment", antiviral, "afp_ug_l", afp,
                "last_contact_date", lastContact.toString(), "death_date", deathDate == null ? "" : deathDate.toString(),
                "withdrawn", withdrawn ? "Y" : "N"));

        // lesions.csv: the primary, then one lesion per baseline metastatic site (a second lung lesion for some).
        String measurable = kind == Kind.NO_MEASURABLE ? "N" : "Y";
        String seen = index.minusDays(lesionBefore).toString();
        List<String[]> les = rows.get(LESIONS);
        les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L1", "site", "liver_primary",
                "measurable", "Y", "detected_date", diagnosis.toString()));
        int lesionNo = 2;
        for (String site : sites) {
            les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", site,
                    "measurable", measurable, "detected_date", seen));
            if (site.equals("lung") && extraLung) {
                les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", "lung",
                        "measurable", "N", "detected_date", seen));
            }
        }

        // treatments.csv
        List<String[]> tr = rows.get(TREATMENTS);
        int line = 1;
        if (kind == Kind.CONCURRENT || secondLine) {
            tr.add(ExtractRows.row(TREATMENTS, "patient_id", id, "drug", prior.drug(), "start_date",
                    index.minusDays(priorStart).toString(),
                    "stop_date", kind == Kind.CONCURRENT ? "" : index.minusDays(priorGap).toString(),
                    "dose_mg", Integer.toString(prior.doseMg()), "schedule", prior.schedule(), "line", "1"));
            line = 2;
        }
        int stopDay = Math.min(dOverall + stopTail, dDeath);
        String stop = stopDay <= end ? index.plusDays(stopDay).toString() : "";
        tr.add(ExtractRows.row(TREATMENTS, "patient_id", id, "drug", tx.drug(), "start_date", index.toString(),
                "stop_date", stop, "dose_mg", Integer.toString(dose), "schedule", tx.schedule(),
                "line", Integer.toString(line)));

        // procedures.csv
        if (tace) {
            rows.get(PROCEDURES).add(ExtractRows.row(PROCEDURES, "patient_id", id, "procedure", "tace",
                    "procedure_date", index.minusDays(taceBefore).toString(), "target", "primary"));
        }
        if (kind == Kind.LOCOREGIONAL) {
            rows.get(PROCEDURES).add(ExtractRows.row(PROCEDURES, "patient_id", id, "procedure",
                    lung ? "rfa" : "ebrt", "procedure_date", index.minusDays(excludedDay).toString(),
                    "target", "metastasis"));
        }

        // assessments.csv: one schedule of scans shared by every scope, drawn to the settings' horizon.
        int[] schedule = new int[s.horizonDays() / fu.interval() + 1];
        boolean[] ne = new boolean[schedule.length];
        for (int k = 0; k < schedule.length; k++) {
            schedule[k] = (k + 1) * fu.interval()
                    + (fu.jitter() == 0 ? 0 : scanStream.nextInt(2 * fu.jitter() + 1) - fu.jitter());
            ne[k] = k > 0 && scanStream.nextDouble() < fu.notEvaluable();
        }
        String best = cr ? "CR" : "PR";
        scope(rows, id, index, "overall", dOverall, end, schedule, ne, pr[0], best);
        scope(rows, id, index, "metastatic", dMeta, end, schedule, ne, pr[1], best);
        if (lung) {
            scope(rows, id, index, "lung", dLung, end, schedule, ne, pr[2], best);
        }
        if (ehn) {
            scope(rows, id, index, "extrahepatic_nonlung", dEhn, end, schedule, ne, pr[3], best);
        }
        if (ihn) {
            scope(rows, id, index, "intrahepatic_new", dIhn, end, schedule, ne, pr[4], best);
        }

        // adverse_events.csv: at most one episode per term (up to the last day with data).
        RegistrySettings.AdverseEvents ae = s.adverseEvents();
        for (RegistrySettings.Term term : ae.terms()) {
            boolean any = aeStream.nextDouble() < term.any();
            boolean g3 = aeStream.nextDouble() < term.grade3();
            boolean g2 = aeStream.nextDouble() < ae.grade2();
            int onset = ae.onsetDays().drawWhole(aeStream);
            double act = aeStream.nextDouble();
            if (!any) {
                continue;
            }
            onset = Math.min(onset, end);   // an event of the last days with data keeps the drawn rate exact
            int grade = g3 ? 3 : g2 ? 2 : 1;
            String action = grade == 3 && act < ae.doseReducedIfGrade3() ? "dose_reduced"
                    : grade == 2 && act < ae.interruptedIfGrade2() ? "interrupted" : "none";
            rows.get(ADVERSE_EVENTS).add(ExtractRows.row(ADVERSE_EVENTS, "patient_id", id, "term", term.name(),
                    "grade", Integer.toString(grade), "onset_date", index.plusDays(onset).toString(), "action", action));
        }
        return new Record(id, kind, rows, dead);
    }

    /**
     * The extrahepatic non-lung sites of a patient who has at least one: each site present independently
     * with its share, all drawn again while none is (so the sites follow the shares conditioned on at
     * least one).
     */
    static List<String> extrahepaticSites(RegistrySettings.Sites st, SplittableRandom r) {
        List<String> out = new ArrayList<>(2);
        while (out.isEmpty()) {
            for (int i = 0; i < st.extrahepatic().size(); i++) {
                if (r.nextDouble() < st.extrahepaticShare().get(i)) {
                    out.add(st.extrahepatic().get(i));
                }
            }
        }
        return out;
    }

    /**
     * One scope's assessments: the scheduled scans before its progression day (and on or before the last
     * day with data), then PD on the progression day when that is within the data. A responder's scans
     * read PR from the first one; a responder progressing before the first scheduled scan gets one
     * unscheduled scan half-way, so that the drawn response is always observable.
     */
    private static void scope(Map<ExtractTable, List<String[]>> rows, String id, LocalDate index, String scope,
                              int progression, int end, int[] schedule, boolean[] ne, boolean responder, String best) {
        List<String[]> out = rows.get(ASSESSMENTS);
        int limit = Math.min(progression - 1, end);
        if (responder && schedule[0] >= progression && progression >= 2 && progression / 2 <= end) {
            out.add(ExtractRows.row(ASSESSMENTS, "patient_id", id, "assessment_date",
                    index.plusDays(progression / 2).toString(), "scope", scope, "response", best));
        }
        for (int k = 0; k < schedule.length && schedule[k] <= limit; k++) {
            String response = responder ? best : ne[k] ? "NE" : "SD";
            out.add(ExtractRows.row(ASSESSMENTS, "patient_id", id, "assessment_date",
                    index.plusDays(schedule[k]).toString(), "scope", scope, "response", response));
        }
        if (progression <= end) {
            out.add(ExtractRows.row(ASSESSMENTS, "patient_id", id, "assessment_date",
                    index.plusDays(progression).toString(), "scope", scope, "response", "PD"));
        }
    }

    /** Whole days (at least 1) of a continuous time. */
    private static int days(double t) {
        return (int) Math.max(1, Math.min(MAX_DAYS, Math.ceil(t)));
    }

    /** Weibull draw by inversion: scale · (−ln U)^(1/shape). */
    private static double weibull(SplittableRandom r, double scale, double shape) {
        double u = 1.0 - r.nextDouble();   // (0, 1]
        return scale * Math.pow(-Math.log(u), 1 / shape);
    }

    /** Standard normal draw (Box–Muller, one of the pair). */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
