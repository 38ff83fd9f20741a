package io.rwe.report;

import io.rwe.run.AtomicFiles;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The report stage: turns one run folder's results into figures and {@code report.html}.
 *
 * <p>Reads {@code <runDir>/results.json} (docs/study.md, "Results contract"; times in months) and the
 * Kaplan–Meier step tables {@code <runDir>/tables/km_<analysis>.csv} (columns {@code analysis, group,
 * time, n_risk, n_event, n_censor, surv, std_err, lower, upper}; one row per distinct time per group),
 * and writes {@code <runDir>/figures/*.png} and {@code *.svg} and {@code <runDir>/report.html}.
 * Everything happens on the driver from these small files; no Spark.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Writes the figures and the report of the run folder {@code runDir} under the configuration in
     * force ({@code rwe.study} for the analyses and figures, {@code rwe.report} for the paper's
     * published numbers and small-cell display).
     *
     * @throws io.rwe.core.BadInputException when results.json or a step table is malformed (the
     *         message names the file, line and field)
     */
    public static void write(Path runDir, Config config) {
        ResultsView results = ResultsView.read(runDir.resolve("results.json"));
        StudyView study = StudyView.of(config);
        Cells cells = Cells.of(results, study);
        List<Figures.Figure> figures = Figures.writeAll(runDir, results, study, cells);
        Optional<Paper> paper = Paper.load(study);
        String html = new ReportPage(results, study, cells, paper, figures).render(runDir.getFileName().toString());
        AtomicFiles.writeAtomically(runDir.resolve("report.html"), html);
    }
}
