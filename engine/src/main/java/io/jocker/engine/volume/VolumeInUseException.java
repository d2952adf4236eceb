package io.jocker.engine.volume;

import io.jocker.engine.base.EngineException;
import java.util.List;

/** A volume that a container still mounts cannot be removed. */
public final class VolumeInUseException extends EngineException {

    public VolumeInUseException(String name, List<String> containerIds) {
        super("remove " + name + ": volume is in use - [" + String.join(", ", containerIds) + "]");
    }
}
