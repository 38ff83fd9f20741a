package io.rwe.stats;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Executors count, the driver computes: the statistics core works on risk sets alone, without Spark. */
class StatsHasNoSparkTest {

    @Test
    void statisticsPackageDoesNotDependOnSpark() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rwe.stats");
        noClasses().that().resideInAPackage("io.rwe.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(classes);
    }
}
