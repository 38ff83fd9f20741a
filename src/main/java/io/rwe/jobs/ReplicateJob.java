package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.run.RunBuilder;
import io.rwe.run.RunPublisher;
import io.rwe.derive.CohortStore;
import io.rwe.derive.Derive;
import io.rwe.derive.Pseudonym;
import io.rwe.derive.StudyDefinition;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.ingest.InputModel;
import io.rwe.ingest.InputModels;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.run.FolderLock;
import io.rwe.core.Json;
import io.rwe.synth.PaperProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/replicate}: the whole study (docs/cli.md): ingest every extract under {@code --extracts}
 * into the warehouse, derive the analysis cohort, analyze, report, and publish one run folder under
 * {@code --out} (docs/study.md, "Results contract"; docs/analyze.md). One progress line per stage on
 * standard error; the published run folder is the last line of standard output.
 */
public final class ReplicateJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/replicate [--extracts DIR] --out DIR [--format registry|naaccr|omop] [--disclosure POLICY]",
                "                      [--conf FILE] [--warehouse DIR]",
                "                      [--master URL] [-Dkey=value ...]",
                "  Ingests every dated extract under --extracts, derives the analysis cohort, runs every analysis",
                "  of rwe.study.analyses, writes the report, checks the folder against the disclosure policy and",
                "  publishes the run folder <out>/<run-id>/ (results.json, tables/, figures/, report.html,",
                "  manifest.json: aggregates only) atomically; <out>/latest then points to it. Prints the run folder",
                "  as the last line of standard output. The analysis cohort and the risk sets stay in the warehouse.",
                "  --extracts DIR   root of the dated extract folders (YYYY-MM-DD/*.csv, docs/registry-extract.md);",
                "                   without it, the embedded default: the paper's registry, generated once into",
                "                   <out>/extracts-paper (jobs/generate --profile paper)",
                "  --format NAME    the input model of --extracts: registry (docs/registry-extract.md), naaccr",
                "                   (NAACCR XML, docs/naaccr.md), omop (OMOP CDM v5.4, docs/omop.md), or another on",
                "                   the class path; without it, the one",
                "                   that recognises the layout. An analysis whose facts the model lacks is listed",
                "                   under not_available in results.json (docs/study.md)",
                "  --out DIR        results root: one folder per run, and latest",
                "  --disclosure P   none (default: everything as computed, for the paper's published patients), ohdsi,",
                "                   opensafely, cms or cdc (docs/disclosure.md); rwe.disclosure.policy, RWE_DISCLOSURE",
                "  --conf FILE      configuration layered over conf/application.conf",
                "  --warehouse DIR  Parquet warehouse kept between runs (default: <out>/warehouse); extracts",
                "                   already ingested there are not read again",
                "  --master URL     hand the job to spark-submit on that cluster (default: embedded local mode)",
                "  Run id: <UTC yyyyMMddTHHmmss.SSSZ>-<8 hex of SHA-256 of the inputs and configuration>.",
                "  The configuration is checked before any work (docs/configuration.md); one run at a time per",
                "  warehouse (waits at most rwe.run.lock-wait for another run holding it).",
                "Exit: 0 ok, 1 failure (retry may help; or a folder the disclosure check refuses), 2 usage or",
                "configuration, 3 bad input (no run is published unless 0).");
    }

    @Override
    public Set<String> options() {
        return Set.of("extracts", "out", "conf", "warehouse", "format", "disclosure");
    }

    /**
     * The embedded default input: the paper's reconstructed registry ({@code jobs/generate --profile
     * paper}), written once into {@code <out>/extracts-paper} (the same bytes every time).
     */
    private static Path embeddedDefault(Path out) {
        Path root = out.resolve("extracts-paper");
        if (!Files.isDirectory(root.resolve(PaperProfile.EXTRACT_DATE.toString()))) {
            System.err.println("replicate: no --extracts given: generating the paper's registry into " + root);
            PaperProfile.write(root);
        }
        return root;
    }

    @Override
    public void run(Args args) throws Exception {
        Path out = Path.of(args.required("out"));
        RunPublisher.checkResultsRoot(out);
        if (args.get("extracts").isEmpty() && args.get("format").filter(f -> !f.equals("registry")).isPresent()) {
            throw new UsageException("--format " + args.get("format").get() + " needs --extracts (the embedded default is "
                    + "the paper's registry in the extract format)");
        }
        Config config = StudyRun.withDisclosure(Configs.load(args.path("conf")), args.get("disclosure"));
        IngestSettings ingestSettings = Preflight.ingest(config);
        Preflight.derive(config);
        Preflight.analyze(config, Derive.columnNames(config));
        Pseudonym pseudonym = Pseudonym.fromConfig(config);
        Path extracts = args.path("extracts").orElseGet(() -> embeddedDefault(out));
        if (!Files.isDirectory(extracts)) {
            throw new UsageException("--extracts " + extracts + ": not a folder");
        }
        InputModel model = InputModels.choose(args.get("format"), extracts);
        Path warehouse = args.path("warehouse").orElse(out.resolve("warehouse"));
        Set<String> facts = model.facts(config);
        try (FolderLock lock = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/replicate",
                ingestSettings.lockWait(), line -> System.err.println("replicate: " + line))) {
            SparkSession spark = Sparks.session(config, "rwe-replicate");
            RunBuilder run = new RunBuilder(spark, config, System.err);

            IngestResult ingested = run.stage("ingest", () -> model.ingest(spark, config, extracts, warehouse),
                    r -> r.ingested().size() + " extracts read, " + r.skipped().size() + " unchanged; rows read "
                            + r.accounting().rowsRead() + ", accepted " + r.accounting().rowsAccepted() + ", quarantined "
                            + r.accounting().rowsQuarantined());

            Path version = run.stage("derive", () -> CohortDerivation.deriveAndPublish(spark, config, pseudonym, warehouse,
                    System.err::println), v -> {
                        var flow = CohortStore.flow(warehouse);
                        return "reviewed " + flow.reviewed() + ", included " + flow.included() + ", patterns "
                                + flow.patterns() + " (" + v.getFileName() + ")";
                    });

            StudyRun.warnWithoutPolicy("replicate", config, ingested.inputs());
            Path published = StudyRun.analyzeAndPublish(run, spark, config, out, warehouse, version,
                    ingested.inputs(), ingested.quarantine(), Json.writeCompact(ingested.inputs()),
                    CohortStore.cohort(spark, warehouse), CohortStore.adverseEvents(spark, warehouse),
                    CohortStore.flow(warehouse), facts, DataSource.describe(extracts, args.path("extracts").isEmpty()));
            System.out.println(published);
        }
    }
}
