package io.jocker.engine.plugin;

import io.jocker.engine.base.EngineException;

/** No driver can be chosen as asked; the message lists the alternatives or the reason. */
public class DriverSelectionException extends EngineException {

    public DriverSelectionException(String message) {
        super(message);
    }
}
