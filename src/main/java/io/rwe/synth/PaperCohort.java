package io.rwe.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The reconstructed cohort of the paper: reads {@code synth/paper-cohort.csv} from the classpath (a
 * plain comma-separated table without quoted fields; see docs/generator.md for its columns).
 */
public final class PaperCohort {
    /** The classpath resource holding the table. */
    public static final String RESOURCE = "synth/paper-cohort.csv";

    private PaperCohort() {
    }

    public static List<PaperPatient> load() {
        InputStream in = PaperCohort.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",", -1);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                col.put(header[i], i);
            }
            List<PaperPatient> out = new ArrayList<>();
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != header.length) {
                    throw new IllegalStateException(RESOURCE + " line " + no + ": " + f.length + " fields, expected "
                            + header.length);
                }
                out.add(parse(f, col));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static PaperPatient parse(String[] f, Map<String, Integer> col) {
        java.util.function.Function<String, String> v = name -> f[col.get(name)];
        Map<String, String> best = new LinkedHashMap<>();
        for (String scope : List.of("overall", "metastatic", "lung", "extrahepatic_nonlung", "intrahepatic_new")) {
            best.put(scope, v.apply("best_" + scope));
        }
        String ae = v.apply("adverse_events");
        String sp = v.apply("special");
        return new PaperPatient(v.apply("patient_id"), v.apply("center_id"), v.apply("flow"), v.apply("pattern"),
                LocalDate.parse(v.apply("index_date")), LocalDate.parse(v.apply("birth_date")), v.apply("sex"),
                v.apply("smoking"), v.apply("ecog_ps"), v.apply("portal_vein_invasion"), v.apply("bclc_stage"),
                v.apply("child_pugh_class"), v.apply("hbv_dna_iu_ml"), v.apply("antiviral_treatment"),
                v.apply("afp_ug_l"), LocalDate.parse(v.apply("hcc_diagnosis_date")), v.apply("diagnosis_basis"),
                "second".equals(v.apply("setting")), "Y".equals(v.apply("locoregional_liver")),
                PaperPatient.Time.parse(v.apply("pfs")), PaperPatient.Time.parse(v.apply("mpfs")),
                PaperPatient.Time.parse(v.apply("lung_mpfs")), PaperPatient.Time.parse(v.apply("os")), best,
                ae.isEmpty() ? List.of() : Arrays.asList(ae.split(";")),
                sp.isEmpty() ? java.util.Set.of() : new LinkedHashSet<>(Arrays.asList(sp.split(";"))));
    }
}
