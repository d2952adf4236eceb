package io.jocker.spi;

/**
 * The user command could not be executed: not found (exit 127) or not executable (exit 126).
 * The message follows Docker's wording, for example {@code exec: "foo": executable file not
 * found in $PATH}.
 */
public class CommandInvocationException extends IsolationException {

    private final boolean notFound;

    public CommandInvocationException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** Whether the command was not found (127) rather than found but not executable (126). */
    public boolean notFound() {
        return notFound;
    }

    /** Docker's exit code for this failure. */
    public int exitCode() {
        return notFound ? 127 : 126;
    }
}
