package io.jocker.engine.base;

/**
 * An error of jocker itself (not of the container's command), reported to the user as one line;
 * the command that fails chooses the exit status, as Docker's client does.
 */
public class EngineException extends RuntimeException {

    /** Said of a failure that has no message: a bug, whose details are in a log or a stack trace. */
    public static final String NO_DESCRIPTION = "an unexpected error without a description";

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The message of {@code failure} or of the first of its causes that has one of its own, for a
     * user: never a class name, which is what Java puts in a wrapper made from its cause alone.
     */
    public static String messageOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            boolean ownMessage = t.getCause() == null || !t.getCause().toString().equals(t.getMessage());
            if (t.getMessage() != null && ownMessage) {
                return t.getMessage();
            }
        }
        return NO_DESCRIPTION;
    }
}
