package io.rwe.core;

/**
 * Input that cannot be processed. The message is one line naming the file, and where known the line
 * and the field, and what is wrong (docs/registry-extract.md, "What is a bad record": whole-file refusals).
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
