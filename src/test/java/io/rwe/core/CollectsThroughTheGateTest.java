package io.rwe.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.rwe.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Executors count, the driver computes: everything the jobs bring to the driver goes through
 * {@link CollectedBytes}, so the manifest's {@code collected_bytes} sees all of it. The rule forbids
 * Spark's collecting actions anywhere else in the main code (benchmarks excepted), and the gate's
 * counter is checked against sizes derived by hand.
 */
class CollectsThroughTheGateTest {

    static final String[] COLLECTING = {"collect", "collectAsList", "first", "head", "take", "takeAsList",
        "tail", "toLocalIterator", "collectAsMap", "top", "takeOrdered"};

    static JavaClasses mainClasses() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rwe");
    }

    static ArchRule noCollectOutsideTheGate() {
        return noClasses().that().resideOutsideOfPackage("io.rwe.bench..")
                .and().doNotHaveFullyQualifiedName(CollectedBytes.class.getName())
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a collecting action of a Spark Dataset or RDD",
                        call -> {
                            String owner = call.getTarget().getOwner().getName();
                            boolean spark = owner.equals("org.apache.spark.sql.Dataset")
                                    || owner.startsWith("org.apache.spark.api.java.")
                                    || owner.equals("org.apache.spark.rdd.RDD");
                            return spark && List.of(COLLECTING).contains(call.getTarget().getName());
                        }));
    }

    @Test
    void jobsCollectOnlyThroughCollectedBytes() {
        noCollectOutsideTheGate().check(mainClasses());
    }

    @Test
    void theRuleCatchesADirectCollect() {
        JavaClasses offender = new ClassFileImporter().importClasses(DirectCollect.class);
        assertThrows(AssertionError.class, () -> noCollectOutsideTheGate().check(offender));
    }

    /** A class that collects without the gate (test code: the rule must reject it). */
    static final class DirectCollect {
        static List<Row> all(Dataset<Row> ds) {
            return ds.collectAsList();
        }
    }

    @Test
    void theGateCountsWhatItCollects() {
        SparkSession spark = TestSpark.session();
        CollectedBytes c = CollectedBytes.attach(spark);
        Dataset<Row> ds = spark.range(0, 1000).toDF("id").selectExpr("id % 3 AS g").groupBy("g").count();
        long before = c.dataBytes();
        List<Row> rows = CollectedBytes.collect(ds);
        long got = c.dataBytes() - before;
        assertEquals(3, rows.size());
        assertEquals(CollectedBytes.serializedSize(rows), got);
        // Java serialization of a java.util.ArrayList of rows is never empty and (3 small rows plus their
        // shared schema) well under 4 kB.
        assertTrue(got > 0 && got < 4_000, "3 rows counted as " + got + " bytes");

        // 1000 one-column rows cost more than 3: the counter grows with what is collected.
        long before2 = c.dataBytes();
        CollectedBytes.collect(spark.range(0, 1000).toDF("id"));
        assertTrue(c.dataBytes() - before2 > 10 * got, "1000 rows counted as " + (c.dataBytes() - before2));
    }

    @Test
    void serializedSizeOfAKnownValue() {
        // java.io serialization of a java.lang.Long: stream header (4 bytes), the class descriptors of
        // Long and Number with their fields, and the 8-byte value; ObjectOutputStream gives 82 bytes
        // (checked with `new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(1L)`, size()).
        assertEquals(82, CollectedBytes.serializedSize(1L));
        assertEquals(0, CollectedBytes.serializedSize(null));
    }
}
