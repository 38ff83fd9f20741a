package io.rwe.report;

import io.rwe.core.BadInputException;
import io.rwe.core.CsvFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kaplan–Meier step table of one analysis, per group in file order: one {@link Step} per
 * distinct time (R's {@code summary(survfit(...), censored = TRUE)}).
 */
record KmSteps(String analysis, Map<String, List<KmSteps.Step>> groups) {

    /**
     * One row of the step table; {@code surv} is S(t) just after {@code time}. A count published as
     * suppressed ({@code <k}, 1..k−1) is {@link #SUPPRESSED}, and {@code nRiskText} keeps its text.
     */
    record Step(double time, long nRisk, long nEvent, long nCensor, double surv, String nRiskText) {
    }

    /** A count the analyze stage published as {@code <k} (between 1 and k − 1). */
    static final long SUPPRESSED = -1;

    static final List<String> COLUMNS =
            List.of("analysis", "group", "time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper");

    /**
     * Reads {@code km_<analysis>.csv}. A malformed file is refused with one line naming the file, the
     * line and the field.
     */
    static KmSteps read(Path file, String analysis) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new BadInputException(file + ": empty file, expected header " + String.join(",", COLUMNS));
        }
        List<String> header = fields(lines.get(0).trim(), file, 0);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        for (String c : List.of("group", "time", "n_risk", "n_event", "n_censor", "surv")) {
            if (!col.containsKey(c)) {
                throw new BadInputException(file + ": line 1: missing column '" + c + "'");
            }
        }
        Map<String, List<Step>> groups = new LinkedHashMap<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            String[] f = fields(line, file, ln).toArray(String[]::new);
            if (f.length != header.size()) {
                throw new BadInputException(file + ": line " + (ln + 1) + ": " + f.length + " fields, expected "
                        + header.size());
            }
            String group = f[col.get("group")];
            double time = dbl(f, col, "time", file, ln);
            double surv = dbl(f, col, "surv", file, ln);
            if (time < 0 || surv < 0 || surv > 1 + 1e-12) {
                throw new BadInputException(file + ": line " + (ln + 1) + ": field "
                        + (time < 0 ? "time" : "surv") + ": out of range");
            }
            long nRisk = lng(f, col, "n_risk", file, ln);
            Step s = new Step(time, nRisk, lng(f, col, "n_event", file, ln),
                    lng(f, col, "n_censor", file, ln), surv,
                    nRisk == SUPPRESSED ? f[col.get("n_risk")].trim() : Long.toString(nRisk));
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(s);
        }
        Map<String, List<Step>> frozen = new LinkedHashMap<>();
        groups.forEach((g, s) -> frozen.put(g, List.copyOf(s)));
        return new KmSteps(analysis, Collections.unmodifiableMap(frozen));
    }

    /**
     * Number at risk at time {@code t} as printed: the {@code n_risk} of the first row at or after {@code t}
     * (nobody leaves the risk set between rows), 0 after the last row; the row's suppression marker
     * ({@code <11}) when its count is suppressed.
     */
    static String atRiskText(List<Step> steps, double t) {
        for (Step s : steps) {
            if (s.time() >= t - 1e-9) {
                return s.nRiskText();
            }
        }
        return "0";
    }

    /** The fields of line {@code ln} (0-based) of {@code file}; a malformed line is refused. */
    private static List<String> fields(String line, Path file, int ln) {
        CsvFields.Fields f = CsvFields.split(line);
        if (f.error() != null) {
            throw new BadInputException(file + ": line " + (ln + 1) + ": " + f.error());
        }
        return f.values();
    }

    private static double dbl(String[] f, Map<String, Integer> col, String name, Path file, int ln) {
        String v = f[col.get(name)].trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": line " + (ln + 1) + ": field " + name + ": not a number: '" + v + "'");
        }
    }

    /** A count; {@code <k} (a suppressed count of 1..k−1) gives {@link #SUPPRESSED}. */
    private static long lng(String[] f, Map<String, Integer> col, String name, Path file, int ln) {
        String v = f[col.get(name)].trim();
        if (v.matches("<\\d+")) {
            return SUPPRESSED;
        }
        try {
            return Math.round(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": line " + (ln + 1) + ": field " + name + ": not a count: '" + v + "'");
        }
    }
}
