package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;

/**
 * The container's command could not be started; {@link #exitCode()} is Docker's status for it
 * (126 not executable, 127 not found, 125 anything else).
 */
public class ContainerStartException extends EngineException {

    private final int exitCode;

    public ContainerStartException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
