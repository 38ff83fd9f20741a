package io.rwe.core;

/** Bad arguments or configuration; the message is the one line printed to the user. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
