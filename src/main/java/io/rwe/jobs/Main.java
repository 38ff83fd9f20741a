package io.rwe.jobs;

import io.rwe.core.BadInputException;
import io.rwe.core.ExitCode;
import io.rwe.core.RetryableException;
import io.rwe.core.UsageException;
import io.rwe.disclosure.DisclosureRefused;

import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of the shaded jar: {@code Main <job> [options]}, where {@code <job>} is one of the
 * {@code jobs/} scripts. Maps outcomes to {@link ExitCode}s and prints one line on error; the stack
 * trace follows only when {@code RWE_DEBUG} is set.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    /** Runs a job and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String[] argv) {
        if (argv.length == 0) {
            System.err.println("usage: Main <job> [options]   (jobs: survival, ingest, derive, analyze, replicate, "
                    + "generate)");
            return ExitCode.USAGE.code;
        }
        String name = argv[0];
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        Job job;
        try {
            job = find(name);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCode.USAGE.code;
        }
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            System.out.println(job.usage());
            return ExitCode.OK.code;
        }
        try {
            job.run(Args.parse(rest, job.options(), job.flags(), job.positionals()));
            return ExitCode.OK.code;
        } catch (Throwable e) {
            // The project's own exceptions may arrive wrapped (by Spark, by a stage's callable): the
            // first of them in the cause chain decides the exit code.
            Throwable root = e;
            while (!known(root) && root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            debug(e);
            if (root instanceof UsageException) {
                System.err.println("error: " + root.getMessage());
                return ExitCode.USAGE.code;
            }
            if (root instanceof BadInputException) {
                System.err.println("bad input: " + root.getMessage());
                return ExitCode.BAD_INPUT.code;
            }
            if (root instanceof DisclosureRefused) {
                System.err.println("refused: " + root.getMessage() + "; nothing published");
                return ExitCode.FAILURE.code;
            }
            if (root instanceof RetryableException) {
                System.err.println("failed: " + root.getMessage() + " (retry may help)");
                return ExitCode.FAILURE.code;
            }
            System.err.println("failed: " + root.getClass().getSimpleName() + ": " + root.getMessage()
                    + " (set RWE_DEBUG=1 for the stack trace)");
            return ExitCode.FAILURE.code;
        }
    }

    private static boolean known(Throwable t) {
        return t instanceof UsageException || t instanceof BadInputException || t instanceof RetryableException
                || t instanceof DisclosureRefused;
    }

    private static void debug(Throwable e) {
        if (System.getenv("RWE_DEBUG") != null) {
            e.printStackTrace();
        }
    }

    static Job find(String name) {
        if (!name.matches("[a-z][a-z-]*")) {
            throw new UsageException("unknown job '" + name + "'");
        }
        StringBuilder cls = new StringBuilder("io.rwe.jobs.");
        for (String part : name.split("-")) {
            cls.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        cls.append("Job");
        try {
            return (Job) Class.forName(cls.toString()).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new UsageException("unknown job '" + name + "'");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create job " + cls, e);
        }
    }
}
