package io.jocker.engine.network;

import io.jocker.engine.base.EngineException;

/** No network has this id, name or id prefix. */
public class NoSuchNetworkException extends EngineException {

    public NoSuchNetworkException(String reference) {
        super("network " + reference + " not found");
    }
}
