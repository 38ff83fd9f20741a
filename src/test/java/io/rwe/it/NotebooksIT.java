package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks of notebooks/ execute headless (jupyter nbconvert) against a freshly generated run. */
class NotebooksIT {

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void freshRun() throws Exception {
        Path extracts = tmp.resolve("extracts");
        // the run the notebooks read, made in-process (InProcess): the notebooks are what is tested here
        ok(InProcess.job("generate", "--profile", "paper", "--out", extracts.toString()), "generate");
        run = Path.of(ok(InProcess.job("replicate", "--extracts", extracts.toString(),
                "--out", tmp.resolve("out").toString()), "replicate").lastLine());
    }

    @Test
    void walkthroughNotebookExecutes() throws Exception {
        String out = execute("01-replication-walkthrough.ipynb");
        assertTrue(out.contains("km-replotted.png"), "the KM figure was re-plotted");
        assertTrue(out.contains("cohort_flow"), "the analyses were listed");
    }

    @Test
    void regroupNotebookExecutes() throws Exception {
        String out = execute("02-regroup-with-jobs-survival.ipynb");
        assertTrue(out.contains("log-rank chi2"), "jobs/survival's log-rank reached the notebook");
    }

    private String execute(String notebook) throws Exception {
        Path outDir = tmp.resolve("executed");
        Files.createDirectories(outDir);
        ok(Scripts.run(Duration.ofMinutes(5), Map.of("RWE_RUN", run.toString(),
                        "RWE_JOBS", Scripts.ROOT.resolve("jobs").toString()),
                List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=600", "--output-dir", outDir.toString(),
                        Scripts.ROOT.resolve("notebooks").resolve(notebook).toString())), "nbconvert " + notebook);
        return Files.readString(outDir.resolve(notebook));
    }
}
