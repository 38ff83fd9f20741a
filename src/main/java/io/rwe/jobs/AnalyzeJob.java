package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.run.RunBuilder;
import io.rwe.run.RunPublisher;
import io.rwe.derive.CohortProvenance;
import io.rwe.derive.CohortStore;
import io.rwe.run.FolderLock;
import java.util.List;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.ingest.IngestAccounting;
import io.rwe.ingest.InputModels;
import io.rwe.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/analyze --warehouse DIR --out DIR}: the analyze and report stages over the cohort
 * that {@code jobs/derive} published in the warehouse, publishing one run folder under
 * {@code --out} exactly as {@code jobs/replicate} does (its manifest takes the inputs and quarantine
 * counts from the warehouse's accounting; ingest and derive time 0).
 */
public final class AnalyzeJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/analyze --warehouse DIR --out DIR [--disclosure POLICY] [--conf FILE] [--cohort-study]",
                "                    [--master URL] [-Dkey=value ...]",
                "  Runs every analysis of rwe.study.analyses over the cohort published in DIR (cohort/CURRENT,",
                "  written by jobs/derive), writes the report, checks the folder against the disclosure policy and",
                "  publishes <out>/<run-id>/ atomically; <out>/latest then points to it. Prints the run folder as",
                "  the last line of standard output. The risk sets are written to DIR/risk_sets/<run-id>/.",
                "  --warehouse DIR  the Parquet warehouse (needs DIR/cohort/CURRENT)",
                "  --out DIR        results root: one folder per run, and latest",
                "  --disclosure P   none (default), ohdsi, opensafely, cms or cdc (docs/disclosure.md)",
                "  --conf FILE      configuration layered over conf/application.conf",
                "  --cohort-study   analyze under the rwe.study values the cohort was derived with (recorded in its",
                "                   derive.json); without it, a cohort derived under other values is refused (exit 2)",
                "  One run at a time per warehouse: waits at most rwe.run.lock-wait for another, then exits 1.",
                "  --master URL     hand the job to spark-submit on that cluster (default: embedded local mode)");
    }

    @Override
    public Set<String> options() {
        return Set.of("warehouse", "out", "conf", "disclosure");
    }

    @Override
    public Set<String> flags() {
        return Set.of("cohort-study");
    }

    @Override
    public void run(Args args) throws Exception {
        Path warehouse = Path.of(args.required("warehouse"));
        Path out = Path.of(args.required("out"));
        RunPublisher.checkResultsRoot(out);
        if (!Files.isDirectory(warehouse)) {
            throw new UsageException("--warehouse " + warehouse + ": not a folder");
        }
        Config given = StudyRun.withDisclosure(Configs.load(args.path("conf")), args.get("disclosure"));
        boolean cohortStudy = args.flag("cohort-study");
        // Checked before waiting for the warehouse, and again once it is held if derive published meanwhile.
        Checked checked = check(given, warehouse, cohortStudy);
        try (FolderLock lock = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/analyze",
                FolderLock.lockWait(given), line -> System.err.println("analyze: " + line))) {
            if (!CohortStore.currentVersion(warehouse).equals(checked.version())) {
                checked = check(given, warehouse, cohortStudy);
            }
            Config config = checked.config();
            Path version = checked.version();
            if (cohortStudy) {
                System.err.println("analyze: under the study configuration the cohort was derived with (" + version
                        + "/derive.json)");
            }
            SparkSession spark = Sparks.session(config, "rwe-analyze");
            RunBuilder run = new RunBuilder(spark, config, System.err);
            IngestAccounting accounting = IngestAccounting.read(warehouse);
            StudyRun.warnWithoutPolicy("analyze", config, accounting.inputs());
            Path published = StudyRun.analyzeAndPublish(run, spark, config, out, warehouse, version,
                    accounting.inputs(), accounting.quarantine(),
                    Json.writeCompact(accounting.inputs()) + "\n" + version.getFileName(),
                    CohortStore.cohort(spark, warehouse), CohortStore.adverseEvents(spark, warehouse),
                    CohortStore.flow(warehouse), InputModels.ofWarehouse(warehouse).facts(config),
                    "the warehouse " + warehouse + " (extracts ingested earlier; see below)");
            System.out.println(published);
        }
    }

    /** The published cohort version and the configuration to analyze it under. */
    private record Checked(Path version, Config config) {
    }

    /**
     * The analyze stage's settings and column keys against the cohort's columns, then the cohort's
     * provenance against the given configuration: refused when it was derived under other rwe.study
     * values, unless {@code cohortStudy}: then its own are taken (and the result checked again).
     */
    private static Checked check(Config given, Path warehouse, boolean cohortStudy) {
        Path version = CohortStore.currentVersion(warehouse);
        List<String> analysisOnly = Configs.schema().analysisOnly();
        CohortProvenance provenance = CohortProvenance.read(version).orElseThrow(() -> new UsageException(
                "the cohort " + version + " records no study configuration (derived by an earlier version of "
                        + "jobs/derive): run jobs/derive again"));
        Preflight.analyze(given, provenance.columns());
        if (!cohortStudy) {
            provenance.check(given, analysisOnly, version);
            return new Checked(version, given);
        }
        Config adopted = provenance.adopt(given, analysisOnly);
        Preflight.analyze(adopted, provenance.columns());
        return new Checked(version, adopted);
    }
}
