package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.SparkCodegen;
import io.rwe.TestSpark;
import io.rwe.core.CollectedBytes;
import io.rwe.core.Configs;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors count, the driver computes: the derive stage (derivation, flow count, writing the cohort)
 * must bring home no patient-level rows. What tasks send back to the driver is measured with
 * {@link CollectedBytes} on 500 and on 5000 synthetic patients; it must not grow with the patients.
 * The same listener sees a deliberate collect of the cohort, so the test can fail.
 */
@ExtendWith(SparkCodegen.class)
class DeriveCollectsNothingTest {

    @TempDir
    Path tmp;

    long deriveAndWrite(SparkSession spark, long n, Path out) {
        CollectedBytes c = CollectedBytes.attach(spark);
        CollectedBytes.settle(spark);
        long before = c.bytes();
        CuratedTables t = SyntheticCurated.tables(spark, n, 2, 7);
        try (DerivedCohort d = Derive.run(StudyDefinition.from(Configs.load()), Pseudonym.withKey("k"), t, s -> { })) {
            CohortStore.write(d, out, Map.of());
            assertEquals(d.flow().included(), CohortStore.cohort(spark, out).count());
            assertTrue(d.flow().included() > n / 20, "the synthetic cohort should not be empty: " + d.flow());
        }
        CollectedBytes.settle(spark);
        return c.bytes() - before;
    }

    @Test
    void collectedBytesDoNotGrowWithPatients() {
        SparkSession spark = TestSpark.session();
        long small = deriveAndWrite(spark, 500, tmp.resolve("small"));
        long large = deriveAndWrite(spark, 5000, tmp.resolve("large"));
        // Same number of tasks; per-task results (metrics, commit messages, flow counts) do not depend on
        // the rows. A collect of 4500 more patients would add hundreds of kilobytes.
        assertTrue(large < small * 1.25 + 20_000,
                "derive collected " + small + " bytes for 500 patients but " + large + " for 5000");

        // The listener does see a patient-level collect: 5000 patients' cohort rows are well over 100 kB.
        CollectedBytes c = CollectedBytes.attach(spark);
        CollectedBytes.settle(spark);
        long before = c.bytes();
        long rows = CohortStore.cohort(spark, tmp.resolve("large")).collectAsList().size();
        CollectedBytes.settle(spark);
        long collect = c.bytes() - before;
        assertTrue(collect > rows * 100, "a collect of " + rows + " cohort rows measured only " + collect + " bytes");
        System.err.println("collected bytes: derive 500 → " + small + ", 5000 → " + large + "; collect of "
                + rows + " cohort rows → " + collect);
    }
}
