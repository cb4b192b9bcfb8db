package dev.llmcost.collector;

/** A problem the user can fix, said in one message; the command exits with status 2. */
public final class CollectorException extends Exception {

    private static final long serialVersionUID = 1L;

    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
