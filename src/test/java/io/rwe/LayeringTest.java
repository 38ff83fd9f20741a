package io.rwe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages depend one way (docs/architecture.md, "Packages"): {@code jobs} on top, the stages
 * below it, {@code core} at the bottom; no cycle between packages. Each rule is checked on the
 * compiled main classes.
 */
class LayeringTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rwe");
    }

    @Test
    void onlyTheEntryPointsUseTheEntryPoints() {
        noClasses().that().resideOutsideOfPackage("io.rwe.jobs..")
                .should().dependOnClassesThat().resideInAPackage("io.rwe.jobs..")
                .check(main);
    }

    @Test
    void coreDependsOnNoOtherPackageOfTheProject() {
        noClasses().that().resideInAPackage("io.rwe.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.rwe.registry..", "io.rwe.ingest..", "io.rwe.derive..", "io.rwe.study..",
                        "io.rwe.riskset..", "io.rwe.stats..", "io.rwe.analyze..", "io.rwe.report..",
                        "io.rwe.run..", "io.rwe.synth..", "io.rwe.survival..", "io.rwe.jobs..", "io.rwe.results..",
                        "io.rwe.disclosure..")
                .check(main);
    }

    @Test
    void disclosureControlReadsTheStudyAndNoStage() {
        noClasses().that().resideInAPackage("io.rwe.disclosure..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.rwe.registry..", "io.rwe.ingest..", "io.rwe.derive..", "io.rwe.riskset..",
                        "io.rwe.analyze..", "io.rwe.report..", "io.rwe.run..", "io.rwe.synth..", "io.rwe.survival..",
                        "io.rwe.jobs..", "org.apache.spark..", "scala..")
                .check(main);
    }

    @Test
    void theTypedResultsArePureJavaOverCore() {
        noClasses().that().resideInAPackage("io.rwe.results..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.rwe.registry..", "io.rwe.ingest..", "io.rwe.derive..", "io.rwe.study..",
                        "io.rwe.riskset..", "io.rwe.stats..", "io.rwe.analyze..", "io.rwe.report..",
                        "io.rwe.run..", "io.rwe.synth..", "io.rwe.survival..", "io.rwe.jobs..", "io.rwe.disclosure..",
                        "org.apache.spark..", "scala..")
                .check(main);
    }

    @Test
    void runPublishingDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("io.rwe.run..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.rwe.registry..", "io.rwe.ingest..", "io.rwe.derive..", "io.rwe.study..",
                        "io.rwe.riskset..", "io.rwe.stats..", "io.rwe.analyze..", "io.rwe.report..",
                        "io.rwe.synth..", "io.rwe.survival..", "io.rwe.jobs..", "io.rwe.results..",
                        "io.rwe.disclosure..")
                .check(main);
    }

    @Test
    void analyzeDoesNotReachIntoTheReport() {
        noClasses().that().resideInAPackage("io.rwe.analyze..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rwe.report..")
                .check(main);
    }

    @Test
    void theStudyIsDataWithoutSpark() {
        noClasses().that().resideInAPackage("io.rwe.study..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rwe.ingest..", "io.rwe.derive..",
                        "io.rwe.riskset..", "io.rwe.stats..", "io.rwe.analyze..", "io.rwe.report..", "io.rwe.run..",
                        "io.rwe.synth..", "io.rwe.survival..", "org.apache.spark..", "scala..")
                .check(main);
    }

    @Test
    void theReportNeedsNoSpark() {
        noClasses().that().resideInAPackage("io.rwe.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.rwe.(*)..").should().beFreeOfCycles().check(main);
    }
}
