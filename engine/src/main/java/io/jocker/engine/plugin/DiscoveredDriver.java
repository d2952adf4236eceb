package io.jocker.engine.plugin;

import io.jocker.spi.DriverFactory;
import java.nio.file.Path;

/**
 * A driver factory and the plugin it came from.
 *
 * @param kind what kind of driver
 * @param factory the factory
 * @param directory the plugin directory
 * @param origin the jar, for messages
 */
public record DiscoveredDriver(DriverKind kind, DriverFactory<?> factory, Path directory, String origin) {

    public String name() {
        return factory.name();
    }
}
