package io.rwe.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The paper beside the registry, computed before anything is rendered: for every number the paper prints
 * ({@link Published}), the registry's value at its results.json path and whether the two agree
 * ({@link Agreement}): the printed count or value, and the printed percentage against the registry's
 * 100·value/denominator ({@code of_path}). A registry value that is a suppressed small cell is shown but
 * not compared. A printed percentage that is not the paper's own count / denominator is marked
 * self-inconsistent.
 */
final class PaperComparison {

    /**
     * One published number against the registry.
     *
     * @param suppressed       the registry's value is a suppressed small cell (not compared)
     * @param differs          the printed number or percentage differs from the registry's
     * @param selfInconsistent the printed percentage is not the printed count / the paper's denominator
     */
    record Verdict(Published value, boolean suppressed, boolean differs, boolean selfInconsistent) {
    }

    private final List<Verdict> verdicts;
    private final int compared;
    private final int differing;

    private PaperComparison(List<Verdict> verdicts, int compared, int differing) {
        this.verdicts = List.copyOf(verdicts);
        this.compared = compared;
        this.differing = differing;
    }

    /**
     * Every published number of {@code paper} against {@code results}; none without a paper. When the
     * counts are not comparable (a registry, not the paper's own cohort) nothing is compared: the paper's
     * numbers are shown beside the registry's for context and the verdict judges the estimates.
     */
    static PaperComparison of(Optional<Paper> paper, ResultsView results, double medianTolerance, boolean comparable) {
        if (!comparable) {
            List<Verdict> shown = new ArrayList<>();
            paper.map(Paper::values).orElse(List.of()).forEach(p -> shown.add(new Verdict(p,
                    results.suppressedAt(p.path()), false, false)));
            return new PaperComparison(shown, 0, 0);
        }
        List<Verdict> out = new ArrayList<>();
        int compared = 0;
        int differing = 0;
        for (Published p : paper.map(Paper::values).orElse(List.of())) {
            boolean suppressed = results.suppressedAt(p.path());
            boolean differs = false;
            if (!suppressed && p.printed() != null) {
                boolean d = valueDiffers(p, results, medianTolerance);
                compared++;
                differing += d ? 1 : 0;
                differs = d;
            }
            if (!suppressed && p.pct() != null) {
                boolean d = Agreement.pctDiffers(registryPct(p, results), p.pct());
                compared++;
                differing += d ? 1 : 0;
                differs |= d;
            }
            boolean self = p.printed() != null && p.pct() != null && p.of() != null && p.of() > 0
                    && Agreement.pctDiffers(100 * Double.parseDouble(p.printed()) / p.of(), p.pct());
            out.add(new Verdict(p, suppressed, differs, self));
        }
        return new PaperComparison(out, compared, differing);
    }

    /** Whether no registry value at the path agrees with the printed one under its {@link Agreement.Kind}. */
    private static boolean valueDiffers(Published p, ResultsView results, double tolerance) {
        Agreement.Kind kind = Agreement.kind(p.path(), p.printed());
        for (var n : results.all(p.path())) {
            if (n.isNumber() && !Agreement.differs(kind, n.asDouble(), p.printed(), tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** The registry's percentage 100·value/denominator; NaN when either is absent or the denominator 0. */
    private static double registryPct(Published p, ResultsView results) {
        OptionalDouble n = results.number(p.path());
        OptionalDouble of = p.ofPath() == null ? OptionalDouble.empty() : results.number(p.ofPath());
        return n.isPresent() && of.isPresent() && of.getAsDouble() > 0 ? 100 * n.getAsDouble() / of.getAsDouble()
                : Double.NaN;
    }

    /** The verdicts of the numbers printed for {@code path}, in the paper's order. */
    List<Verdict> at(String path) {
        return verdicts.stream().filter(v -> v.value().path().equals(path)).toList();
    }

    List<Verdict> all() {
        return verdicts;
    }

    /** Comparisons made (a printed number and a printed percentage count one each). */
    int compared() {
        return compared;
    }

    int differing() {
        return differing;
    }
}
