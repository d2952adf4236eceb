package io.jocker.engine;

/**
 * An error of jocker itself (not of the container's command), reported to the user as one line
 * and with Docker's exit status 125.
 */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
