package io.jocker.spi;

/** Setting up isolation failed before the user command ran (Docker reports these with exit 125). */
public class IsolationException extends Exception {

    public IsolationException(String message) {
        super(message);
    }

    public IsolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
