package io.rwe.core;

/**
 * A failure that may clear by itself, so that running the job again later is the right response
 * ({@link ExitCode#FAILURE}, exit 1): another run holds the warehouse, a delivered file changed while it
 * was being read. The message is the one line printed to the user; nothing was published.
 */
public class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RetryableException(String message) {
        super(message);
    }
}
