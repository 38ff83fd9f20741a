package io.rwe.report;

import io.rwe.run.AtomicFiles;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.Json;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.results.Replication;
import io.rwe.results.Results;
import io.rwe.study.Study;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The report stage (docs/report.md): turns one run folder's results into figures and {@code report.html}.
 *
 * <p>Reads {@code <runDir>/results.json} into the typed results of the study's analyses (docs/study.md,
 * "Results contract"; times in months) and the Kaplan–Meier step tables
 * {@code <runDir>/tables/km_<analysis>.csv} (columns {@code analysis, group, time, n_risk, n_event,
 * n_censor, surv, std_err, lower, upper}; one row per distinct time per group); compares the registry
 * with the paper's published numbers first ({@link PaperComparison}; cell by cell only on the paper's own
 * cohort, {@link #countsComparable}), reads the replication verdict ({@code replication}), then writes
 * {@code <runDir>/figures/*.png} and {@code *.svg} and {@code <runDir>/report.html}. Everything happens
 * on the driver from these small files; no Spark.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Writes the figures and the report of the run folder {@code runDir} under the configuration in
     * force: the study ({@code rwe.study}: its analyses, figures and labels), {@code rwe.report} (the
     * paper, figure settings) and the disclosure policy ({@code rwe.disclosure.policy}: how a suppressed
     * count is shown, and what the report says was suppressed and rounded).
     *
     * @throws io.rwe.core.BadInputException when results.json or a step table is malformed (the
     *         message names the file, line and field)
     */
    public static void write(Path runDir, Config config) {
        write(runDir, config, null);
    }

    /**
     * As {@link #write(Path, Config)}, with the run's provenance shown at the top of the report (null:
     * "not recorded").
     */
    public static void write(Path runDir, Config config, Provenance provenance) {
        Config c = config == null ? ConfigFactory.empty() : config;
        Study study = Study.from(c);
        ReportSettings settings = ReportSettings.of(config);
        Path file = runDir.resolve("results.json");
        Results results = Results.read(file, study.resultKinds());
        Replication replication = Replication.read(Json.read(file), file.toString());
        DisclosurePolicy policy = DisclosurePolicy.of(config == null ? ConfigFactory.empty() : config);
        Cells cells = Cells.of(policy);
        List<Figures.Figure> figures = Figures.writeAll(runDir, results, study, settings, cells);
        Optional<Paper> paper = Paper.load(settings.paper());
        boolean comparable = countsComparable(settings.cellByCell(), paper, results);
        String html = new ReportPage(results, study, cells, paper, figures, settings.medianTolerance(), comparable,
                policy)
                .withMaterialChange(settings.materialChange())
                .withVerdict(replication, Provenance.html(provenance, c))
                .withInlineFigures(runDir.resolve("figures"))
                .render(provenance != null ? provenance.runId() : runDir.getFileName().toString());
        AtomicFiles.writeAtomically(runDir.resolve("report.html"), html);
    }

    /**
     * Whether the paper's counts are comparable cell by cell with the registry's ({@code
     * rwe.report.cell-by-cell}): {@code always}, {@code never}, or {@code auto}: the paper's own cohort,
     * i.e. the registry includes as many patients as the paper prints for {@code cohort_flow.included}.
     */
    static boolean countsComparable(String mode, Optional<Paper> paper, Results results) {
        if (paper.isEmpty() || "never".equals(mode)) {
            return false;
        }
        if ("always".equals(mode)) {
            return true;
        }
        Long included = results.flow() == null ? null : results.flow().included();
        return included != null && paper.get().values().stream()
                .anyMatch(v -> v.path().equals("cohort_flow.included") && v.printed() != null
                        && v.printed().equals(Long.toString(included)));
    }
}
