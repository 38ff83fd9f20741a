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
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One synthetic registry patient, drawn from the patient's own random stream (seeded by the run's seed
 * and the patient's number only, so the output does not depend on how patients are spread over Spark
 * partitions) with the distributions of {@link RegistryParams}. The same patient drawn for a later
 * extract date is the same person with more follow-up: every draw is made before the extract date
 * truncates the record.
 *
 * <p>Model (docs/generator.md): per metastatic site group a Weibull progression time with
 * proportional hazards against the reference median; metastatic progression = the first of them;
 * overall progression = the first of that and progression of the primary; death = metastatic
 * progression + post-progression survival. A progression is recorded as a PD assessment on its day;
 * before it, scans every {@code assessment-interval-days} ± jitter. Imaging and contact stop at
 * death, at loss to follow-up, or at the extract date.
 */
public final class SyntheticPatient {
    private static final String[] EHN_SITES = {"lymph_node", "bone", "adrenal", "peritoneum", "brain", "other"};
    private static final int HORIZON_DAYS = 4000;

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
        return String.format(java.util.Locale.ROOT, "R%010d", number);
    }

    public static Record draw(RegistryParams p, long seed, long number, LocalDate extractDate, boolean withdrawn) {
        SplittableRandom r = new SplittableRandom(streamSeed(seed, number, 1));
        SplittableRandom scanStream = r.split();
        SplittableRandom aeStream = r.split();
        String id = patientId(number);
        Map<ExtractTable, List<String[]>> rows = new EnumMap<>(ExtractTable.class);
        for (ExtractTable t : ExtractTable.values()) {
            rows.put(t, new ArrayList<>(t == ASSESSMENTS ? 24 : 4));
        }
        String center = p.center(r.nextDouble());

        // Flow category and index date.
        Kind kind;
        LocalDate index;
        long windowDays = p.enrolTo.toEpochDay() - p.enrolFrom.toEpochDay();
        if (r.nextDouble() < p.outsideWindow) {
            kind = Kind.NOT_REVIEWED;
            if (r.nextBoolean()) {
                index = p.enrolFrom.minusDays(1 + r.nextInt(365));
            } else {
                long room = p.cutoff.toEpochDay() - p.enrolTo.toEpochDay() - 1;
                index = p.enrolTo.plusDays(1 + r.nextLong(Math.max(1, room)));
            }
        } else {
            index = p.enrolFrom.plusDays(r.nextLong(windowDays + 1));
            double u = r.nextDouble();
            if ((u -= p.notEligible) < 0) {
                kind = Kind.NOT_ELIGIBLE;
            } else if ((u -= p.noMeasurable) < 0) {
                kind = Kind.NO_MEASURABLE;
            } else if ((u -= p.concurrent) < 0) {
                kind = Kind.CONCURRENT;
            } else if ((u -= p.locoregional) < 0) {
                kind = Kind.LOCOREGIONAL;
            } else {
                kind = Kind.INCLUDED;
            }
        }
        int ineligibleWay = r.nextInt(4);

        // Pattern and baseline lesions.
        double pu = r.nextDouble();
        int pattern = pu < p.patternProb[0] ? 0 : pu < p.patternProb[0] + p.patternProb[1] ? 1 : 2;
        boolean lung = pattern != 2;
        boolean ehn = pattern == 1 || (pattern == 2 && r.nextDouble() < p.nonLungExtrahepatic);
        boolean ihn = pattern == 2 && !ehn;
        String ehnSite = EHN_SITES[r.nextInt(EHN_SITES.length)];

        // Table 1.
        int age = (int) Math.round(p.ageMedian + p.ageSd * gaussian(r));
        age = Math.max(p.ageMin, Math.min(p.ageMax, age));
        if (kind == Kind.NOT_ELIGIBLE && ineligibleWay == 0) {
            age = 16;
        }
        LocalDate birth = index.minusYears(age).minusDays(r.nextInt(365));
        String sex = r.nextDouble() < p.male ? "M" : "F";
        String smoking = r.nextDouble() < p.everSmoker ? "ever" : "never";
        double eu = r.nextDouble();
        String ecog = eu < p.ecog0 ? "0" : eu < p.ecog0 + p.ecog1 ? "1" : eu < p.ecog0 + p.ecog1 + p.ecogMissing ? "" : "2";
        String bclc = !lung && !ehn && r.nextDouble() < p.bclcBNonLung ? "B" : "C";
        String pvi;
        if ("B".equals(bclc)) {
            pvi = "N";
        } else {
            pvi = r.nextDouble() < (lung ? p.pviLung : p.pviNonLungC) ? "Y" : "N";
        }
        String childPugh = r.nextDouble() < p.childPughB ? "B" : "A";
        if (kind == Kind.NOT_ELIGIBLE) {
            switch (ineligibleWay) {
                case 1 -> bclc = "D";
                case 2 -> childPugh = "C";
                case 3 -> ecog = "3";
                default -> { }
            }
        }
        double hu = r.nextDouble();
        String hbv = hu < p.hbvBelow ? Integer.toString(20 + r.nextInt(960))
                : hu < p.hbvBelow + p.hbvAbove ? Integer.toString(1200 + r.nextInt(2_000_000)) : "";
        String antiviral = !hbv.isEmpty() && r.nextDouble() < p.antiviralIfExamined ? "Y" : "N";
        double au = r.nextDouble();
        String afp = au < p.afpAbove ? Integer.toString(400 + r.nextInt(120_000))
                : au < p.afpAbove + p.afpMissing ? "" : String.format(java.util.Locale.ROOT, "%.1f", 1 + 398 * r.nextDouble());
        LocalDate diagnosis = index.minusDays(400 + r.nextInt(1200));
        String basis = r.nextDouble() < 0.35 ? "histology" : "noninvasive";
        boolean secondLine = r.nextDouble() < p.secondLine || kind == Kind.CONCURRENT;
        boolean tace = r.nextDouble() < p.locoregionalLiver;

        // Times (days from the index), drawn whatever the extract date.
        double tLung = lung ? weibull(r, p.scaleDays(p.referenceMedianDays, p.hrLung), p.weibullShape) : Double.MAX_VALUE;
        double tEhn = ehn ? weibull(r, p.scaleDays(p.referenceMedianDays, p.hrExtrahepatic), p.weibullShape) : Double.MAX_VALUE;
        double tIhn = ihn ? weibull(r, p.scaleDays(p.referenceMedianDays, p.hrIntrahepatic), p.weibullShape) : Double.MAX_VALUE;
        double tPrimary = weibull(r, p.scaleDays(p.primaryMedianDays, 1), p.weibullShape);
        double pps = weibull(r, p.scaleDays(p.ppsMedianDays, 1), p.weibullShape);
        int dMeta = days(Math.min(tLung, Math.min(tEhn, tIhn)));
        int dLung = lung ? days(tLung) : -1;
        int dEhn = ehn ? days(tEhn) : -1;
        int dIhn = ihn ? days(tIhn) : -1;
        int dOverall = Math.min(dMeta, days(tPrimary));
        int dDeath = dMeta + days(pps);
        int dLost = r.nextDouble() < p.lostToFollowUp ? 30 + r.nextInt(901) : Integer.MAX_VALUE;
        boolean[] pr = {
            r.nextDouble() < p.orrOverall,
            r.nextDouble() < p.orrMetastatic[pattern],
            lung && r.nextDouble() < p.orrLung,
            ehn && r.nextDouble() < p.orrExtrahepatic,
            ihn && r.nextDouble() < p.orrIntrahepatic,
        };
        boolean cr = r.nextDouble() < p.completeShare;
        int apatinibTail = r.nextInt(14);
        int dose = r.nextDouble() < 0.9 ? 500 : 750;
        int priorStart = 120 + r.nextInt(300);
        int priorGap = 14 + r.nextInt(91);
        int taceBefore = 20 + r.nextInt(350);
        int lesionBefore = 3 + r.nextInt(40);
        int excludedDay = 10 + r.nextInt(200);
        int contactSlack = r.nextInt(30);
        boolean extraLung = r.nextDouble() < 0.3;

        long extract = extractDate.toEpochDay();
        long idx = index.toEpochDay();
        int dExtract = (int) (extract - idx);
        boolean dead = dDeath <= dExtract && dDeath <= dLost;
        // Last day with data: the death, else the last contact (loss to follow-up, or a visit in the
        // last 30 days before the extract); no record is dated after it.
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

        // lesions.csv
        String measurable = kind == Kind.NO_MEASURABLE ? "N" : "Y";
        LocalDate seen = index.minusDays(lesionBefore);
        List<String[]> les = rows.get(LESIONS);
        les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L1", "site", "liver_primary",
                "measurable", "Y", "detected_date", diagnosis.toString()));
        int lesionNo = 2;
        if (lung) {
            les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", "lung",
                    "measurable", measurable, "detected_date", seen.toString()));
            if (extraLung) {
                les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", "lung",
                        "measurable", "N", "detected_date", seen.toString()));
            }
        }
        if (ehn) {
            les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", ehnSite,
                    "measurable", measurable, "detected_date", seen.toString()));
        }
        if (ihn) {
            les.add(ExtractRows.row(LESIONS, "patient_id", id, "lesion_id", "L" + lesionNo++, "site", "liver_new",
                    "measurable", measurable, "detected_date", seen.toString()));
        }

        // treatments.csv
        List<String[]> tr = rows.get(TREATMENTS);
        int line = 1;
        if (kind == Kind.CONCURRENT) {
            tr.add(ExtractRows.row(TREATMENTS, "patient_id", id, "drug", "sorafenib", "start_date",
                    index.minusDays(priorStart).toString(), "dose_mg", "400", "schedule", "qd", "line", "1"));
            line = 2;
        } else if (secondLine) {
            tr.add(ExtractRows.row(TREATMENTS, "patient_id", id, "drug", "sorafenib", "start_date",
                    index.minusDays(priorStart).toString(), "stop_date", index.minusDays(priorGap).toString(),
                    "dose_mg", "400", "schedule", "qd", "line", "1"));
            line = 2;
        }
        int stopDay = Math.min(dOverall + apatinibTail, dDeath);
        String stop = stopDay <= end ? index.plusDays(stopDay).toString() : "";
        tr.add(ExtractRows.row(TREATMENTS, "patient_id", id, "drug", "apatinib", "start_date", index.toString(),
                "stop_date", stop, "dose_mg", Integer.toString(dose), "schedule", "qd", "line", Integer.toString(line)));

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

        // assessments.csv: one schedule of scans shared by every scope, drawn to a fixed horizon.
        int[] schedule = new int[HORIZON_DAYS / p.assessmentInterval + 1];
        boolean[] ne = new boolean[schedule.length];
        for (int k = 0; k < schedule.length; k++) {
            schedule[k] = (k + 1) * p.assessmentInterval
                    + (p.assessmentJitter == 0 ? 0 : scanStream.nextInt(2 * p.assessmentJitter + 1) - p.assessmentJitter);
            ne[k] = k > 0 && scanStream.nextDouble() < p.notEvaluable;
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

        // adverse_events.csv: at most one episode per term, in the first 90 days (up to the last day with data).
        for (int t = 0; t < p.aeTerms.size(); t++) {
            boolean any = aeStream.nextDouble() < p.aeAny[t];
            boolean g3 = aeStream.nextDouble() < p.aeGrade3[t];
            boolean g2 = aeStream.nextBoolean();
            int onset = aeStream.nextInt(90);
            double act = aeStream.nextDouble();
            if (!any) {
                continue;
            }
            onset = Math.min(onset, end);   // an event of the last days with data keeps the drawn rate exact
            int grade = g3 ? 3 : g2 ? 2 : 1;
            String action = grade == 3 && act < p.doseReducedIfGrade3 ? "dose_reduced"
                    : grade == 2 && act < p.interruptedIfGrade2 ? "interrupted" : "none";
            rows.get(ADVERSE_EVENTS).add(ExtractRows.row(ADVERSE_EVENTS, "patient_id", id, "term", p.aeTerms.get(t),
                    "grade", Integer.toString(grade), "onset_date", index.plusDays(onset).toString(), "action", action));
        }
        return new Record(id, kind, rows, dead);
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
        return (int) Math.max(1, Math.min(100_000, Math.ceil(t)));
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
