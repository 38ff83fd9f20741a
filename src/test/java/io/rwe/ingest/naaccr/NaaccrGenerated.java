package io.rwe.ingest.naaccr;

import com.imsweb.datagenerator.naaccr.NaaccrDataGeneratorOptions;
import com.imsweb.datagenerator.naaccr.NaaccrDataGeneratorPatientRule;
import com.imsweb.datagenerator.naaccr.NaaccrDataGeneratorTumorRule;
import com.imsweb.datagenerator.naaccr.NaaccrXmlDataGenerator;
import com.imsweb.naaccrxml.entity.Patient;
import com.imsweb.naaccrxml.entity.Tumor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * NAACCR XML written by the NAACCR data generator ({@code com.imsweb:data-generator}), not by this
 * project: the generator draws patients, tumors, dates and demographics; where it leaves the items the
 * study reads empty or unrealistic (the metastatic sites at diagnosis, an HCC primary, a follow-up after
 * the diagnosis), this fixture sets them through the generator's rule API, never by editing the XML.
 * Some values are made unusable on purpose (sites unknown, a partial last contact) so every step of the
 * cohort flow is exercised; {@link #invalid(double)} makes a fraction of the records invalid for their
 * item's type (quarantined by ingest).
 */
public final class NaaccrGenerated {
    private final long seed;
    private double hcc = 0.85;
    private double invalid;
    private String layout = "naaccr-xml-23-abstract";
    private int minDxYear = 2014;
    private int maxDxYear = 2024;
    private Integer tumorsPerPatient;
    private final Set<String> invalidIds = new TreeSet<>();

    private NaaccrGenerated(long seed) {
        this.seed = seed;
    }

    /** A generator of HCC-rich registries, its own draws seeded with {@code seed}. */
    public static NaaccrGenerated hcc(long seed) {
        return new NaaccrGenerated(seed);
    }

    /** The fraction of records given a value invalid for its item ({@code ageAtDiagnosis} = {@code "A65"}). */
    public NaaccrGenerated invalid(double fraction) {
        this.invalid = fraction;
        return this;
    }

    /** The generator's NAACCR XML layout ({@code naaccr-xml-23-abstract}, {@code naaccr-xml-22-abstract}, …). */
    public NaaccrGenerated layout(String id) {
        this.layout = id;
        return this;
    }

    /** Every patient gets this many tumors (default: the generator's own distribution). */
    public NaaccrGenerated tumorsPerPatient(int n) {
        this.tumorsPerPatient = n;
        return this;
    }

    /** The patientIdNumbers made invalid by the last {@link #write}. */
    public Set<String> invalidIds() {
        return invalidIds;
    }

    /**
     * Writes a file of about {@code tumors} tumors (the generator counts tumors, not patients) and
     * returns it. Patient ids run from {@code firstId} (the generator numbers them from 1; a later
     * delivery of the same patients is a second call with the same first id).
     */
    public Path write(Path file, int tumors) {
        Random random = new Random(seed);
        invalidIds.clear();
        NaaccrXmlDataGenerator g = new NaaccrXmlDataGenerator(layout);
        g.addTumorRule(new HccTumorRule(random));
        g.addTumorRule(new FollowUpRule(random));
        if (invalid > 0) {
            g.addTumorRule(new InvalidAgeRule(random, invalid, invalidIds));
        }
        NaaccrDataGeneratorOptions options = new NaaccrDataGeneratorOptions();
        options.setMinDxYear(minDxYear);
        options.setMaxDxYear(maxDxYear);
        if (tumorsPerPatient != null) {
            options.setNumTumorsPerPatient(tumorsPerPatient);
        }
        try {
            Files.createDirectories(file.getParent());
            g.generateFile(file.toFile(), tumors, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A patient-level rule run once per patient: sets the patient's id ({@code patientIdNumber}) to a fixed value. */
    static NaaccrDataGeneratorPatientRule fixedId(String id) {
        return new NaaccrDataGeneratorPatientRule("fixed-id", "fixed id") {
            @Override
            public void execute(Patient patient, NaaccrDataGeneratorOptions options, Map<String, Object> context) {
                setValue(patient, "patientIdNumber", id);
            }
        };
    }

    /** A metastatic-site value: 1 with probability {@code p}, else 0; a few unknown (9), not applicable (8) or absent (null). */
    static String site(Random r, double p) {
        double u = r.nextDouble();
        if (u < 0.02) {
            return "9";
        }
        if (u < 0.03) {
            return "8";
        }
        if (u < 0.04) {
            return null;
        }
        return r.nextDouble() < p ? "1" : "0";
    }

    /** Makes a tumor an HCC (C22.0, 8170–8175/3) with probability {@code hcc}, and draws its metastatic sites at diagnosis. */
    private final class HccTumorRule extends NaaccrDataGeneratorTumorRule {
        private final Random random;

        HccTumorRule(Random random) {
            super("hcc-sites", "HCC primary and metastatic sites at diagnosis");
            this.random = random;
        }

        @Override
        public void execute(Tumor tumor, Patient patient, NaaccrDataGeneratorOptions options, Map<String, Object> context) {
            if (random.nextDouble() < hcc) {
                setValue(tumor, "primarySite", "C220");
                setValue(tumor, "histologicTypeIcdO3", random.nextDouble() < 0.8 ? "8170" : "817" + (1 + random.nextInt(5)));
                setValue(tumor, "behaviorCodeIcdO3", random.nextDouble() < 0.97 ? "3" : "2");
            }
            // Half of the patients have distant metastases at all; among them lung is the commonest site.
            boolean distant = random.nextDouble() < 0.6;
            set(tumor, "metsAtDxLung", site(random, distant ? 0.55 : 0));
            set(tumor, "metsAtDxBone", site(random, distant ? 0.3 : 0));
            set(tumor, "metsAtDxBrain", site(random, distant ? 0.05 : 0));
            set(tumor, "metsAtDxDistantLn", site(random, distant ? 0.25 : 0));
            set(tumor, "metsAtDxOther", site(random, distant ? 0.2 : 0));
            set(tumor, "metsAtDxLiver", site(random, 0.4));
        }

        private void set(Tumor tumor, String item, String value) {
            if (value != null) {
                setValue(tumor, item, value);
            } else if (tumor.getItem(item) != null) {
                tumor.removeItem(item);
            }
        }
    }

    /**
     * Follow-up after the diagnosis: the date of last contact a random time after the diagnosis
     * (exponential, shorter with lung metastasis), dead (vital status 0) or alive (1); a few last contacts
     * partial (year only) or unknown vital status (9).
     */
    private static final class FollowUpRule extends NaaccrDataGeneratorTumorRule {
        private final Random random;

        FollowUpRule(Random random) {
            super("follow-up", "follow-up after the diagnosis");
            this.random = random;
        }

        @Override
        public void execute(Tumor tumor, Patient patient, NaaccrDataGeneratorOptions options, Map<String, Object> context) {
            LocalDate dx = LocalDate.of(Integer.parseInt(tumor.getItemValue("dateOfDiagnosisYear")),
                    Integer.parseInt(tumor.getItemValue("dateOfDiagnosisMonth")),
                    Integer.parseInt(tumor.getItemValue("dateOfDiagnosisDay")));
            double mean = "1".equals(tumor.getItemValue("metsAtDxLung")) ? 200 : 320;
            LocalDate last = dx.plusDays((long) Math.floor(-mean * Math.log(1 - random.nextDouble())));
            setValue(patient, "dateOfLastContactYear", Integer.toString(last.getYear()));
            double u = random.nextDouble();
            if (u < 0.02) {
                setValue(patient, "dateOfLastContactMonth", "");
                setValue(patient, "dateOfLastContactDay", "");
            } else {
                setValue(patient, "dateOfLastContactMonth", Integer.toString(last.getMonthValue()));
                setValue(patient, "dateOfLastContactDay", Integer.toString(last.getDayOfMonth()));
            }
            setValue(patient, "vitalStatus", u > 0.985 ? "9" : random.nextDouble() < 0.75 ? "0" : "1");
        }
    }

    /** Gives a fraction of the records an {@code ageAtDiagnosis} that is not digits (invalid for its type). */
    private static final class InvalidAgeRule extends NaaccrDataGeneratorTumorRule {
        private final Random random;
        private final double fraction;
        private final Set<String> ids;

        InvalidAgeRule(Random random, double fraction, Set<String> ids) {
            super("invalid-age", "an age at diagnosis that is not digits");
            this.random = random;
            this.fraction = fraction;
            this.ids = ids;
        }

        @Override
        public void execute(Tumor tumor, Patient patient, NaaccrDataGeneratorOptions options, Map<String, Object> context) {
            if (random.nextDouble() < fraction) {
                setValue(tumor, "ageAtDiagnosis", "A65");
                ids.add(patient.getItemValue("patientIdNumber"));
            }
        }
    }
}
