package io.jocker.engine.base;

/** The request cannot be carried out as given (bad flag value, clashing name, wrong state). */
public class InvalidRequestException extends EngineException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
