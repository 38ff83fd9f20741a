package io.rwe.jobs;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Heartbeat;
import io.rwe.core.Sparks;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.UsageException;
import io.rwe.ingest.ExtractWithdrawal;
import io.rwe.ingest.ExtractFormatModel;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.InputModel;
import io.rwe.ingest.InputModels;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.omop.OmopModel;
import io.rwe.ingest.IngestSettings;
import io.rwe.core.Json;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
                "usage: jobs/ingest --extracts DIR --warehouse DIR [--format registry|naaccr|omop] [--conf FILE] [--strict]",
                "                   [--master URL] [-Dkey=value]",
                "       jobs/ingest --warehouse DIR --withdraw-extract YYYY-MM-DD [--reason TEXT] [--conf FILE]",
                "  --extracts DIR   root of the dated extract folders (YYYY-MM-DD/*.csv, docs/registry-extract.md;",
                "                   YYYY-MM-DD/*.xml, docs/naaccr.md)",
                "  --format NAME    the input model: registry (the extract format), naaccr (NAACCR XML), omop (OMOP CDM",
                "                   v5.4 tables, docs/omop.md), or another on the class path; without it, the one that",
                "                   recognises the layout of --extracts",
                "  --warehouse DIR  Parquet warehouse: extracts/, quarantine/, accounting/, curated/ (docs/ingest.md)",
                "  --conf FILE      configuration layered over conf/application.conf (e.g. conf/registry-upper.conf)",
                "  --strict         fail (exit 3) when a file's quarantined fraction exceeds",
                "                   rwe.ingest.max-quarantined-fraction (also: rwe.ingest.strict = true; extract format and OMOP)",
                "  --withdraw-extract DATE  withdraw an ingested extract: the curated tables are rebuilt without it,",
                "                   its accounting kept in accounting/withdrawn/, its folder ignored from then on",
                "  --reason TEXT    why, recorded with the withdrawal",
                "Deliveries (docs/delivery.md): a folder dated after today or before rwe.registry.first-extract is",
                "refused; a _manifest.csv, when present, must match; a changed ingested extract is read again.",
                "Prints a JSON summary on standard output; exit 0 ok, 1 failure (retry may help), 2 usage, 3 bad input.");
    }

    @Override
    public Set<String> options() {
        return Set.of("extracts", "warehouse", "conf", "format", "withdraw-extract", "reason");
    }

    @Override
    public Set<String> flags() {
        return Set.of("strict");
    }

    @Override
    public void run(Args args) {
        Path warehouse = Path.of(args.required("warehouse"));
        Config config = Configs.load(args.path("conf"));
        if (args.get("withdraw-extract").isPresent()) {
            if (args.get("extracts").isPresent()) {
                throw new UsageException("--withdraw-extract works on the warehouse alone: leave out --extracts");
            }
            LocalDate date = date(args.required("withdraw-extract"));
            String reason = args.get("reason").orElse("withdrawn by jobs/ingest --withdraw-extract");
            IngestSettings settings = Preflight.ingest(config);
            SparkSession spark = Sparks.session(config, "rwe-ingest-withdraw");
            IngestResult result = ExtractWithdrawal.run(spark, settings, warehouse, date, reason, System.err);
            System.out.print(Json.write(result.toJson()));
            return;
        }
        if (args.get("reason").isPresent()) {
            throw new UsageException("--reason goes with --withdraw-extract");
        }
        Path extracts = Path.of(args.required("extracts"));
        InputModel model = InputModels.choose(args.get("format"), extracts);
        IngestResult result;
        if (model instanceof ExtractFormatModel) {
            IngestSettings settings = Preflight.ingest(config);
            if (args.flag("strict")) {
                settings = settings.withStrict(true);
            }
            SparkSession spark = Sparks.session(config, "rwe-ingest");
            Heartbeat.stage(spark, "ingest");
            try {
                result = Ingest.run(spark, settings, extracts, warehouse, System.err);
            } finally {
                Heartbeat.stage(spark, null);
            }
        } else {
            if (args.flag("strict")) {
                if (!(model instanceof OmopModel)) {
                    throw new UsageException("--strict applies to the extract format and OMOP (--format registry|omop) only");
                }
                config = ConfigFactory.parseMap(Map.of("rwe.ingest.strict", true)).withFallback(config);
            }
            SparkSession spark = Sparks.session(config, "rwe-ingest");
            Heartbeat.stage(spark, "ingest");
            try {
                result = model.ingest(spark, config, extracts, warehouse);
            } finally {
                Heartbeat.stage(spark, null);
            }
        }
        System.out.print(Json.write(result.toJson()));
    }

    private static LocalDate date(String v) {
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException("--withdraw-extract needs a date YYYY-MM-DD, got '" + v + "'");
        }
    }
}
