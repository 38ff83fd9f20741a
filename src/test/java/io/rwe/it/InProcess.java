package io.rwe.it;

import io.rwe.jobs.JobRun;

/**
 * Runs a job inside the test JVM through the entry point the jobs/ scripts call ({@code io.rwe.jobs.Main}),
 * on the test JVM's shared local Spark session, for the integration tests whose subject is what the jobs
 * compute over several runs (nightly merges, two input formats, disclosure policies), not the scripts,
 * processes and signals around them: those run the scripts ({@link Scripts}). A job run in-process costs
 * its Spark work only, not a JVM's and Spark's start and warm-up (about 10 CPU-s per run on 2 cores).
 */
final class InProcess {

    private InProcess() {
    }

    /** Runs {@code job} with {@code args} and returns what it exited with and printed. */
    static Scripts.Result job(String job, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = job;
        System.arraycopy(args, 0, argv, 1, args.length);
        long start = System.nanoTime();
        JobRun r = JobRun.of(argv);
        System.out.printf("[in-process] %.1f s, exit %d: %s%n", (System.nanoTime() - start) / 1e9, r.exitCode(),
                String.join(" ", argv));
        return new Scripts.Result(r.exitCode(), r.stdout(), r.stderr());
    }
}
