package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.derive.CohortStore;
import io.rwe.derive.Pseudonym;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Heartbeat;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.run.FolderLock;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/derive --warehouse DIR [--conf FILE]}: the derive stage alone (docs/cli.md). Reads the
 * published curated tables of the warehouse, derives the analysis cohort of the configured study
 * ({@code rwe.study}), and publishes {@code cohort/<version>/} with {@code cohort/CURRENT}
 * (docs/derive.md). One progress line per stage goes to standard error; the published version folder
 * is the last line of standard output.
 */
public final class DeriveJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/derive --warehouse DIR [--conf FILE] [--master URL] [-Dkey=value ...]",
                "  Derives the analysis cohort (flow, metastasis pattern, Table 1, endpoints, best responses,",
                "  adverse events) from the published curated tables of DIR and publishes",
                "  DIR/cohort/<version>/{cohort,adverse_events}/ (Parquet), flow.json and derive.json,",
                "  then DIR/cohort/CURRENT. Prints the version folder as the last line of standard output.",
                "  --warehouse DIR  the Parquet warehouse written by jobs/ingest (needs DIR/curated/CURRENT); one run",
                "                   at a time per warehouse (waits at most rwe.run.lock-wait for another, then exits 1)",
                "  --conf FILE      a study file layered over conf/application.conf (e.g. conf/study-bone.conf)",
                "  --master URL     hand the job to spark-submit on that cluster (default: embedded local mode)",
                "  Pseudonyms: patient_key = HMAC-SHA-256(patient_id) under rwe.privacy.pseudonym-key",
                "  (environment RWE_PSEUDONYM_KEY); without a key, a random key of this run is used.",
                "  derive.json records the rwe.study configuration the cohort was derived with (docs/derive.md).");
    }

    @Override
    public Set<String> options() {
        return Set.of("warehouse", "conf");
    }

    @Override
    public void run(Args args) {
        Path warehouse = Path.of(args.required("warehouse"));
        if (!Files.isDirectory(warehouse)) {
            throw new UsageException("--warehouse " + warehouse + ": not a folder");
        }
        Config config = Configs.load(args.path("conf"));
        Preflight.derive(config);
        Duration wait = FolderLock.lockWait(config);
        Pseudonym pseudonym = Pseudonym.fromConfig(config);
        long t0 = System.nanoTime();
        Path version;
        try (FolderLock lock = FolderLock.acquire(warehouse, FolderLock.WAREHOUSE, "jobs/derive", wait,
                line -> System.err.println("derive: " + line))) {
            SparkSession spark = Sparks.session(config, "rwe-derive");
            Heartbeat.stage(spark, "derive");
            try {
                CollectedBytes collected = CollectedBytes.attach(spark);
                long bytes0 = collected.dataBytes();
                long t1 = System.nanoTime();
                version = CohortDerivation.deriveAndPublish(spark, config, pseudonym, warehouse, System.err::println);
                long rows = CohortStore.cohort(spark, warehouse).count();
                long aeRows = CohortStore.adverseEvents(spark, warehouse).count();
                System.err.println(String.format(Locale.ROOT,
                        "derive: write: cohort %d rows, adverse_events %d rows (%.1f s)", rows, aeRows, secs(t1)));
                long included = CohortStore.flow(warehouse).included();
                if (rows != included) {
                    throw new IllegalStateException("cohort has " + rows + " rows but the flow counts " + included + " included");
                }
                CollectedBytes.settle(spark);
                Heartbeat.stage(spark, null);
                System.err.println(String.format(Locale.ROOT, "derive: done: %s, %d bytes collected to the driver (%.1f s)",
                        version, collected.dataBytes() - bytes0, secs(t0)));
            } finally {
                // closed above before the last line; here also on a failure, so that no "on the driver"
                // heartbeat line follows the error while the JVM shuts down
                Heartbeat.stage(spark, null);
            }
        }
        System.out.println(version);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
