package io.rwe.report;

import io.rwe.run.AtomicFiles;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.disclosure.DisclosurePolicy;
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
 * with the paper's published numbers first ({@link PaperComparison}), then writes
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
        Study study = Study.from(config == null ? ConfigFactory.empty() : config);
        ReportSettings settings = ReportSettings.of(config);
        Results results = Results.read(runDir.resolve("results.json"), study.resultKinds());
        DisclosurePolicy policy = DisclosurePolicy.of(config == null ? ConfigFactory.empty() : config);
        Cells cells = Cells.of(policy);
        List<Figures.Figure> figures = Figures.writeAll(runDir, results, study, settings, cells);
        Optional<Paper> paper = Paper.load(settings.paper());
        String html = new ReportPage(results, study, cells, paper, figures, settings.medianTolerance(), policy)
                .render(runDir.getFileName().toString());
        AtomicFiles.writeAtomically(runDir.resolve("report.html"), html);
    }
}
