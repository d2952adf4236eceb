package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;

/** No container matches a name, id or id prefix (Docker's wording). */
public class NoSuchContainerException extends EngineException {

    public NoSuchContainerException(String reference) {
        super("No such container: " + reference);
    }
}
