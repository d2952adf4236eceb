package io.jocker.engine.cp;

import io.jocker.engine.base.EngineException;

/** A copy that cannot be made as asked, worded as Docker words it. */
public class CopyException extends EngineException {

    public CopyException(String message) {
        super(message);
    }

    public CopyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Docker's daemon's words for a container path that does not exist. */
    static CopyException notFound(String path, String container) {
        return new CopyException("Could not find the file " + path + " in container " + container);
    }
}
