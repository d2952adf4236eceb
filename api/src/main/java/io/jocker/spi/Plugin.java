package io.jocker.spi;

import java.util.List;

/**
 * The entry point of a jocker plugin, found with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.jocker.spi.Plugin} of a jar under {@code plugins/<name>/}.
 *
 * <p>Every method has a default returning an empty list, so the SPI can grow without breaking
 * existing plugins. Implementations must have a public no-argument constructor that does no I/O:
 * the engine instantiates every plugin on start-up and only probes the host through
 * {@link DriverFactory#isSupported(Host)} when a command needs a driver.
 */
public interface Plugin {

    /** Storage drivers (layer stores and container root filesystems) this plugin offers. */
    default List<StorageDriverFactory> storageDrivers() {
        return List.of();
    }

    /** Resource limiters (cgroup drivers) this plugin offers. */
    default List<CgroupDriverFactory> cgroupDrivers() {
        return List.of();
    }

    /** Isolators (process spawners into namespaces) this plugin offers. */
    default List<IsolatorFactory> isolators() {
        return List.of();
    }

    /** Network drivers ({@code network create -d NAME}) this plugin offers. */
    default List<NetworkDriverFactory> networkDrivers() {
        return List.of();
    }

    /** Container state stores this plugin offers. */
    default List<StateStoreFactory> stateStores() {
        return List.of();
    }
}
