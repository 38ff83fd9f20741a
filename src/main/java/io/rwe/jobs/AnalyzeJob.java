package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.run.RunBuilder;
import io.rwe.run.RunPublisher;
import io.rwe.derive.CohortStore;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.study.StudyCheck;
import io.rwe.ingest.IngestAccounting;
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
                "usage: jobs/analyze --warehouse DIR --out DIR [--disclosure POLICY] [--conf FILE] [--master URL]",
                "                    [-Dkey=value ...]",
                "  Runs every analysis of rwe.study.analyses over the cohort published in DIR (cohort/CURRENT,",
                "  written by jobs/derive), writes the report, checks the folder against the disclosure policy and",
                "  publishes <out>/<run-id>/ atomically; <out>/latest then points to it. Prints the run folder as",
                "  the last line of standard output. The risk sets are written to DIR/risk_sets/<run-id>/.",
                "  --warehouse DIR  the Parquet warehouse (needs DIR/cohort/CURRENT)",
                "  --out DIR        results root: one folder per run, and latest",
                "  --disclosure P   none (default), ohdsi, opensafely, cms or cdc (docs/disclosure.md)",
                "  --conf FILE      configuration layered over conf/application.conf",
                "  --master URL     hand the job to spark-submit on that cluster (default: embedded local mode)");
    }

    @Override
    public Set<String> options() {
        return Set.of("warehouse", "out", "conf", "disclosure");
    }

    @Override
    public void run(Args args) throws Exception {
        Path warehouse = Path.of(args.required("warehouse"));
        Path out = Path.of(args.required("out"));
        RunPublisher.checkResultsRoot(out);
        if (!Files.isDirectory(warehouse)) {
            throw new UsageException("--warehouse " + warehouse + ": not a folder");
        }
        Config config = StudyRun.withDisclosure(Configs.load(args.path("conf")), args.get("disclosure"));
        StudyCheck.check(config); // a study file naming what does not exist is refused before Spark starts
        SparkSession spark = Sparks.session(config, "rwe-analyze");
        RunBuilder run = new RunBuilder(spark, config, System.err);
        IngestAccounting accounting = IngestAccounting.read(warehouse);
        Path version = CohortStore.currentVersion(warehouse);
        StudyRun.warnWithoutPolicy("analyze", config, accounting.inputs());
        Path published = StudyRun.analyzeAndPublish(run, spark, config, out, warehouse, version, accounting.inputs(),
                accounting.quarantine(), Json.writeCompact(accounting.inputs()) + "\n" + version.getFileName(),
                CohortStore.cohort(spark, warehouse), CohortStore.adverseEvents(spark, warehouse),
                CohortStore.flow(warehouse));
        System.out.println(published);
    }
}
