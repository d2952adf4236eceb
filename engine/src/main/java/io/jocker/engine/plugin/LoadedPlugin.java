package io.jocker.engine.plugin;

import io.jocker.spi.Plugin;
import java.nio.file.Path;

/**
 * A plugin found in a plugin directory.
 *
 * @param directory the plugin's directory (or a pseudo-path such as {@code (built-in)})
 * @param origin the jar that declared the provider, for error messages
 * @param plugin the instance
 */
public record LoadedPlugin(Path directory, String origin, Plugin plugin) {}
