package io.rwe.jobs;

import io.rwe.core.BadInputException;
import io.rwe.core.UsageException;

/**
 * One command-line job ({@code jobs/<name>}). Implementations are named {@code io.rwe.jobs.<Name>Job}
 * ({@code survival} → {@code SurvivalJob}) and have a public no-argument constructor; {@link Main}
 * finds them by that name.
 */
public interface Job {

    /** The {@code --help} text: usage line, then one line per option. */
    String usage();

    /** Names (without dashes) of the options that take a value. */
    java.util.Set<String> options();

    /** Names (without dashes) of the options that take no value. */
    default java.util.Set<String> flags() {
        return java.util.Set.of();
    }

    /** How many arguments that are not options the job takes (a run folder); none by default. */
    default int positionals() {
        return 0;
    }

    /**
     * Runs the job. Throws {@link UsageException} for bad arguments, {@link BadInputException} for bad
     * input; anything else is a failure.
     */
    void run(Args args) throws Exception;
}
