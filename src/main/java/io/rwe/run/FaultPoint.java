package io.rwe.run;

/**
 * Fault injection for the reliability tests: when the environment variable {@code RWE_FAULT_AT}
 * names a point ({@code ingest}, {@code derive}, {@code analyze}, {@code report} — the end of that
 * stage's work, before the next stage; {@code publish} — the run folder renamed into place but
 * {@code latest} not yet updated), the JVM halts there with exit code 137, as a {@code kill -9}
 * would: no shutdown hook, no {@code finally}, no clean-up. Unset (always, outside tests), it does
 * nothing.
 */
public final class FaultPoint {

    /** The environment variable naming the point at which to halt. */
    public static final String VARIABLE = "RWE_FAULT_AT";

    private FaultPoint() {
    }

    /** Halts the JVM (exit 137) when {@code RWE_FAULT_AT} equals {@code point}. */
    public static void at(String point) {
        if (point.equals(System.getenv(VARIABLE))) {
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
