package io.jocker.engine.plugin;

import io.jocker.engine.base.EngineException;

/** A plugin directory could not be loaded; the message names the directory or jar. */
public class PluginLoadException extends EngineException {

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
