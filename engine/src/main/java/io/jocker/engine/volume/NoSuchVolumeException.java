package io.jocker.engine.volume;

import io.jocker.engine.base.EngineException;

/** No volume has the given name. */
public final class NoSuchVolumeException extends EngineException {

    public NoSuchVolumeException(String name) {
        super("get " + name + ": no such volume");
    }
}
