package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Configs;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Derive at registry scale, in local mode: writes {@code rwe.bench.patients} (default 10^6) synthetic
 * patients as a curated warehouse under {@code rwe.bench.warehouse}, then derives and publishes the
 * cohort and checks that its row count equals the flow's {@code included}. Excluded from the default
 * build (tag {@code bench}); run with
 * {@code mvn test -Dtest=DeriveScaleBench -DexcludedGroups=none -Drwe.bench.warehouse=/tmp/wh}.
 */
@Tag("bench")
class DeriveScaleBench {

    @Test
    void deriveAMillionPatients() throws Exception {
        long n = Long.getLong("rwe.bench.patients", 1_000_000L);
        Path wh = Path.of(System.getProperty("rwe.bench.warehouse", "target/bench-warehouse"));
        SparkSession spark = TestSpark.session();
        spark.conf().set("spark.sql.shuffle.partitions", "16");
        if (!Files.exists(wh.resolve("curated/CURRENT"))) {
            long t0 = System.nanoTime();
            CuratedTables t = SyntheticCurated.tables(spark, n, 8, 11);
            for (Map.Entry<ExtractTable, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> e : t.byTable().entrySet()) {
                e.getValue().write().parquet(wh.resolve("curated/v1").resolve(e.getKey().tableName()).toString());
            }
            Files.writeString(wh.resolve("curated/CURRENT"), "v1\n");
            System.err.printf(Locale.ROOT, "bench: wrote %d synthetic patients in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
        CollectedBytes c = CollectedBytes.attach(spark);
        CollectedBytes.settle(spark);
        long b0 = c.bytes();
        long t0 = System.nanoTime();
        CuratedTables tables = CuratedTables.read(spark, wh).check(wh.toString());
        long cohortRows;
        CohortFlow flow;
        try (DerivedCohort d = Derive.run(StudyDefinition.from(Configs.load()), Pseudonym.withKey("bench"), tables,
                System.err::println)) {
            flow = d.flow();
            CohortStore.write(d, wh, Map.of("bench_patients", n));
            cohortRows = CohortStore.cohort(spark, wh).count();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        CollectedBytes.settle(spark);
        System.err.printf(Locale.ROOT, "bench: derive of %d patients: %.1f s; flow %s; cohort rows %d; "
                + "%d bytes collected%n", n, secs, flow.toJson(), cohortRows, c.bytes() - b0);
        org.junit.jupiter.api.Assertions.assertTrue(flow.reviewed() > 0 && flow.reviewed() <= n, flow.toString());
        assertEquals(flow.included(), cohortRows);
    }
}
