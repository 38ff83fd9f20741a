package io.rwe.core;

/** Exit codes a scheduler can act on (docs/cli.md): each job exits with exactly one of these. */
public enum ExitCode {
    /** Finished; outputs published. */
    OK(0),
    /** An unexpected failure (a bug, a lost cluster, a full disk): retrying may help. */
    FAILURE(1),
    /** Bad command-line arguments or configuration: fix the call. */
    USAGE(2),
    /** Bad input data (a refused file, a missing column, a non-numeric time): fix the data. */
    BAD_INPUT(3);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
