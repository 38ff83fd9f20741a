package io.rwe.jobs;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import com.typesafe.config.ConfigFactory;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.InputModel;
import io.rwe.ingest.InputModels;
import io.rwe.ingest.IngestSettings;
import io.rwe.core.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/ingest}: every dated extract under {@code --extracts} into the warehouse, then the
 * nightly merge into the published curated tables (docs/ingest.md). Prints the run's summary as JSON
 * (the manifest's {@code inputs} and {@code quarantine}, and what was ingested, skipped, published).
 */
public final class IngestJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/ingest --extracts DIR --warehouse DIR [--format registry|omop] [--conf FILE] [--strict]"
                        + " [--master URL] [-Dkey=value]",
                "  --extracts DIR   root of the dated extract folders (YYYY-MM-DD/*.csv, docs/registry-extract.md)",
                "  --format F       the input model: registry (docs/registry-extract.md) or omop (docs/omop.md);",
                "                   default: the one that recognises the folders under --extracts",
                "  --warehouse DIR  Parquet warehouse: extracts/, quarantine/, accounting/, curated/ (docs/ingest.md)",
                "  --conf FILE      configuration layered over conf/application.conf (e.g. conf/registry-upper.conf)",
                "  --strict         fail (exit 3) when a file's quarantined fraction exceeds",
                "                   rwe.ingest.max-quarantined-fraction (also: rwe.ingest.strict = true)",
                "Prints a JSON summary on standard output; exit 0 ok, 1 failure, 2 usage, 3 bad input.");
    }

    @Override
    public Set<String> options() {
        return Set.of("extracts", "warehouse", "conf", "format");
    }

    @Override
    public Set<String> flags() {
        return Set.of("strict");
    }

    @Override
    public void run(Args args) {
        Path extracts = Path.of(args.required("extracts"));
        Path warehouse = Path.of(args.required("warehouse"));
        Config config = Configs.load(args.path("conf"));
        if (args.flag("strict")) {
            config = ConfigFactory.parseMap(Map.of("rwe.ingest.strict", true)).withFallback(config);
        }
        IngestSettings.fromConfig(config);   // configuration errors before Spark starts
        InputModel model = InputModels.choose(args.get("format"), extracts);
        SparkSession spark = Sparks.session(config, "rwe-ingest");
        IngestResult result = model.ingest(spark, config, extracts, warehouse);
        System.out.print(Json.write(result.toJson()));
    }
}
