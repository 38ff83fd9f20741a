package io.rwe;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(SparkCodegen.class)}: the test class runs with Spark's code generation (whole-stage
 * and expression), as jobs/ runs a large input, on the shared session of {@link TestSpark}, which
 * evaluates interpreted otherwise; interpreted again after the class. For the classes whose inputs are
 * large (10^4 patients and more), where interpreted evaluation costs more than compiling: measured one
 * class at a time, AnalyzeCollectsNothingTest 96 s interpreted against 33 s compiled, RegistryRecoveryTest
 * 48 against 37 s, CoxSumsTest 32 against 29 s, DeriveCollectsNothingTest 27 against 24 s.
 */
public final class SparkCodegen implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestSpark.compiled(true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestSpark.compiled(false);
    }
}
