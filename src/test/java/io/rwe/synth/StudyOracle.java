package io.rwe.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately plain re-implementation of docs/study.md's cohort, endpoint, response and adverse-event
 * rules over one clean extract folder, written for the tests only and sharing no code with the
 * generator: reads the six CSV files (no quoted fields expected) and derives one {@link Subject} per
 * included patient, plus the flow counts.
 */
final class StudyOracle {
    static final LocalDate FROM = LocalDate.parse("2015-11-07");
    static final LocalDate TO = LocalDate.parse("2018-05-08");
    static final LocalDate CUTOFF = LocalDate.parse("2018-08-07");
    static final Set<String> METASTATIC = Set.of("lung", "liver_new", "lymph_node", "bone", "adrenal", "peritoneum",
            "brain", "other");

    /** Time in days and event flag of one endpoint. */
    record Time(int days, boolean event) {
    }

    record Subject(String id, String pattern, int age, Map<String, String> table1, Time pfs, Time mpfs, Time lungMpfs,
                   Time os, Map<String, String> best, Map<String, Integer> worstGrade, boolean doseReduced,
                   boolean interrupted) {
        boolean lung() {
            return !"non_lung".equals(pattern);
        }
    }

    final Map<String, Integer> flow = new LinkedHashMap<>();
    final List<Subject> cohort = new ArrayList<>();

    static List<Map<String, String>> read(Path folder, String file) {
        try {
            List<String> lines = Files.readAllLines(folder.resolve(file));
            String[] h = lines.get(0).split(",", -1);
            List<Map<String, String>> out = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",", -1);
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < h.length; i++) {
                    m.put(h[i], f[i]);
                }
                out.add(m);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<Map<String, String>>> byPatient(Path folder, String file) {
        Map<String, List<Map<String, String>>> m = new HashMap<>();
        for (Map<String, String> r : read(folder, file)) {
            m.computeIfAbsent(r.get("patient_id"), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    StudyOracle(Path folder) {
        for (String k : List.of("reviewed", "not_eligible", "no_measurable_metastasis", "concurrent_systemic",
                "locoregional_metastasis", "included")) {
            flow.put(k, 0);
        }
        var les = byPatient(folder, "lesions.csv");
        var tr = byPatient(folder, "treatments.csv");
        var pr = byPatient(folder, "procedures.csv");
        var as = byPatient(folder, "assessments.csv");
        var ae = byPatient(folder, "adverse_events.csv");
        for (Map<String, String> p : read(folder, "patients.csv")) {
            String id = p.get("patient_id");
            List<Map<String, String>> t = tr.getOrDefault(id, List.of());
            LocalDate index = null;
            Map<String, String> course = null;
            for (Map<String, String> x : t) {
                LocalDate s = d(x.get("start_date"));
                if (x.get("drug").equals("apatinib") && !s.isBefore(FROM) && !s.isAfter(TO)
                        && (index == null || s.isBefore(index))) {
                    index = s;
                    course = x;
                }
            }
            if (index == null) {
                continue;
            }
            inc("reviewed");
            LocalDate end = course.get("stop_date").isEmpty() || d(course.get("stop_date")).isAfter(CUTOFF) ? CUTOFF
                    : d(course.get("stop_date"));
            int age = Period.between(d(p.get("birth_date")), index).getYears();
            String ecog = p.get("ecog_ps");
            if (age < 18 || !Set.of("B", "C").contains(p.get("bclc_stage"))
                    || !Set.of("A", "B").contains(p.get("child_pugh_class"))
                    || (!ecog.isEmpty() && Integer.parseInt(ecog) > 2)) {
                inc("not_eligible");
                continue;
            }
            final LocalDate idx = index;
            List<Map<String, String>> base = les.getOrDefault(id, List.of()).stream()
                    .filter(l -> METASTATIC.contains(l.get("site")) && !d(l.get("detected_date")).isAfter(idx)).toList();
            if (base.stream().noneMatch(l -> l.get("measurable").equals("Y"))) {
                inc("no_measurable_metastasis");
                continue;
            }
            boolean concurrent = false;
            for (Map<String, String> x : t) {
                if (x.get("drug").equals("apatinib")) {
                    continue;
                }
                LocalDate s = d(x.get("start_date"));
                LocalDate e = x.get("stop_date").isEmpty() ? CUTOFF : d(x.get("stop_date"));
                if (!s.isAfter(end) && !e.isBefore(index)) {
                    concurrent = true;
                }
                if (!x.get("stop_date").isEmpty() && e.isBefore(index) && e.plusDays(14).isAfter(index)) {
                    concurrent = true;
                }
            }
            if (concurrent) {
                inc("concurrent_systemic");
                continue;
            }
            final LocalDate courseEnd = end;
            if (pr.getOrDefault(id, List.of()).stream().anyMatch(x -> x.get("target").equals("metastasis")
                    && !d(x.get("procedure_date")).isAfter(courseEnd))) {
                inc("locoregional_metastasis");
                continue;
            }
            inc("included");
            boolean lung = base.stream().anyMatch(l -> l.get("site").equals("lung"));
            boolean ehn = base.stream().anyMatch(l -> !l.get("site").equals("lung") && !l.get("site").equals("liver_new"));
            boolean ihn = base.stream().anyMatch(l -> l.get("site").equals("liver_new"));
            String pattern = lung ? (ehn ? "multi_organ" : "lung_only") : "non_lung";
            LocalDate death = p.get("death_date").isEmpty() || d(p.get("death_date")).isAfter(CUTOFF) ? null
                    : d(p.get("death_date"));
            List<Map<String, String>> scans = as.getOrDefault(id, List.of()).stream()
                    .filter(x -> d(x.get("assessment_date")).isAfter(idx) && !d(x.get("assessment_date")).isAfter(CUTOFF))
                    .sorted(Comparator.comparing(x -> x.get("assessment_date"))).toList();
            Map<String, String> best = new TreeMap<>();
            for (String scope : List.of("overall", "metastatic", "lung", "extrahepatic_nonlung", "intrahepatic_new")) {
                best.put(scope, best(scans, scope));
            }
            Time os = death != null ? new Time(days(idx, death), true)
                    : new Time(days(idx, d(p.get("last_contact_date")).isAfter(CUTOFF) ? CUTOFF : d(p.get("last_contact_date"))), false);
            Map<String, Integer> worst = new TreeMap<>();
            boolean reduced = false;
            boolean interrupted = false;
            for (Map<String, String> x : ae.getOrDefault(id, List.of())) {
                LocalDate on = d(x.get("onset_date"));
                if (on.isBefore(idx) || on.isAfter(CUTOFF)) {
                    continue;
                }
                worst.merge(x.get("term"), Integer.parseInt(x.get("grade")), Math::max);
                reduced |= x.get("action").equals("dose_reduced");
                interrupted |= x.get("action").equals("interrupted");
            }
            boolean firstLine = t.stream().noneMatch(x -> d(x.get("start_date")).isBefore(idx));
            boolean lrl = pr.getOrDefault(id, List.of()).stream().anyMatch(x -> x.get("target").equals("primary")
                    && d(x.get("procedure_date")).isBefore(idx));
            Map<String, String> t1 = new TreeMap<>();
            t1.put("age_group", age < 65 ? "<65" : ">=65");
            t1.put("sex", p.get("sex"));
            t1.put("smoking", p.get("smoking"));
            t1.put("lung_metastasis", lung ? "yes" : "no");
            t1.put("extrahepatic_nonlung", ehn ? "yes" : "no");
            t1.put("new_intrahepatic", ihn ? "yes" : "no");
            t1.put("portal_vein_invasion", p.get("portal_vein_invasion").equals("Y") ? "yes" : "no");
            t1.put("bclc_stage", p.get("bclc_stage"));
            t1.put("child_pugh_class", p.get("child_pugh_class"));
            t1.put("treatment_setting", firstLine ? "first_line" : "second_line_plus");
            t1.put("locoregional_liver", lrl ? "yes" : "no");
            String h = p.get("hbv_dna_iu_ml");
            t1.put("hbv_dna", h.isEmpty() ? "not_examined" : Double.parseDouble(h) < 1000 ? "<1000" : ">=1000");
            t1.put("antiviral_treatment", p.get("antiviral_treatment").equals("Y") ? "yes" : "no");
            String a = p.get("afp_ug_l");
            t1.put("afp", a.isEmpty() ? "missing" : Double.parseDouble(a) >= 400 ? ">=400" : "<400");
            cohort.add(new Subject(id, pattern, age, t1, endpoint(scans, "overall", idx, death),
                    endpoint(scans, "metastatic", idx, death), lung ? endpoint(scans, "lung", idx, death) : null, os,
                    best, worst, reduced, interrupted));
        }
    }

    private void inc(String k) {
        flow.merge(k, 1, Integer::sum);
    }

    private static int days(LocalDate a, LocalDate b) {
        return (int) (b.toEpochDay() - a.toEpochDay());
    }

    /** First PD of the scope or death (on or before the cut-off), else censored at the last scan (0 if none). */
    private static Time endpoint(List<Map<String, String>> scans, String scope, LocalDate idx, LocalDate death) {
        LocalDate event = null;
        LocalDate last = null;
        for (Map<String, String> x : scans) {
            if (!x.get("scope").equals(scope)) {
                continue;
            }
            last = d(x.get("assessment_date"));
            if (x.get("response").equals("PD")) {
                event = last;
                break;
            }
        }
        if (death != null && (event == null || death.isBefore(event))) {
            event = death;
        }
        if (event != null) {
            return new Time(days(idx, event), true);
        }
        return new Time(last == null ? 0 : days(idx, last), false);
    }

    private static String best(List<Map<String, String>> scans, String scope) {
        List<String> seen = new ArrayList<>();
        for (Map<String, String> x : scans) {
            if (x.get("scope").equals(scope)) {
                seen.add(x.get("response"));
                if (x.get("response").equals("PD")) {
                    break;
                }
            }
        }
        if (seen.isEmpty()) {
            return null;
        }
        for (String r : List.of("CR", "PR", "SD", "PD")) {
            if (seen.contains(r)) {
                return r;
            }
        }
        return "NE";
    }
}
