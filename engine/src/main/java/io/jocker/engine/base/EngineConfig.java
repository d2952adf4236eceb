package io.jocker.engine.base;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run the engine: where its state lives, where plugins are, which drivers to use.
 *
 * @param root the jocker root (default {@code /var/lib/jocker})
 * @param pluginDirs directories whose subdirectories are plugins
 * @param storageDriver a storage driver name or {@code auto}
 * @param cgroupDriver a cgroup driver name or {@code auto}
 * @param isolator an isolator name or {@code auto}
 * @param stateStore a state store name or {@code auto}
 */
public record EngineConfig(
        Path root,
        List<Path> pluginDirs,
        String storageDriver,
        String cgroupDriver,
        String isolator,
        String stateStore) {

    public static final Path DEFAULT_ROOT = Path.of("/var/lib/jocker");

    public EngineConfig {
        pluginDirs = List.copyOf(pluginDirs);
    }
}
