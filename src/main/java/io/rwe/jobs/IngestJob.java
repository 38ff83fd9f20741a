package io.rwe.jobs;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.core.Json;
import java.nio.file.Path;
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
                "usage: jobs/ingest --extracts DIR --warehouse DIR [--conf FILE] [--strict] [--master URL] [-Dkey=value]",
                "  --extracts DIR   root of the dated extract folders (YYYY-MM-DD/*.csv, docs/registry-extract.md)",
                "  --warehouse DIR  Parquet warehouse: extracts/, quarantine/, accounting/, curated/ (docs/ingest.md)",
                "  --conf FILE      configuration layered over conf/application.conf (e.g. conf/registry-upper.conf)",
                "  --strict         fail (exit 3) when a file's quarantined fraction exceeds",
                "                   rwe.ingest.max-quarantined-fraction (also: rwe.ingest.strict = true)",
                "Prints a JSON summary on standard output; exit 0 ok, 1 failure, 2 usage, 3 bad input.");
    }

    @Override
    public Set<String> options() {
        return Set.of("extracts", "warehouse", "conf");
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
        IngestSettings settings = IngestSettings.fromConfig(config);
        if (args.flag("strict")) {
            settings = settings.withStrict(true);
        }
        SparkSession spark = Sparks.session(config, "rwe-ingest");
        IngestResult result = Ingest.run(spark, settings, extracts, warehouse, System.err);
        System.out.print(Json.write(result.toJson()));
    }
}
