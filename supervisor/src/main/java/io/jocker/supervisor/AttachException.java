package io.jocker.supervisor;

import io.jocker.engine.base.EngineException;

/** The supervisor refused an attach, or could not start the container to attach to. */
public class AttachException extends EngineException {

    private final int exitCode;

    public AttachException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Docker's status for the failure: 1 for a refusal, 125 to 127 for a start that failed. */
    public int exitCode() {
        return exitCode;
    }
}
