package io.jocker.engine.plugin;

import io.jocker.spi.DriverContext;
import io.jocker.spi.DriverFactory;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates drivers on first use: the one the user selected for new containers, and any other by
 * name for containers that an earlier command created with a different driver.
 */
public final class Drivers {

    private final DriverCatalog catalog;
    private final Host host;
    private final Map<DriverKind, String> requested;
    private final Function<DriverKind, Path> homes;
    private final Supplier<KernelOps> kernel;
    private final Map<String, Object> created = new ConcurrentHashMap<>();

    /**
     * @param requested the name asked for each kind ({@code auto} when absent)
     * @param homes where each kind's drivers keep their files (the driver name is appended for storage and networks)
     * @param kernel the kernel operations handed to drivers, created only when a driver is
     */
    public Drivers(DriverCatalog catalog, Host host, Map<DriverKind, String> requested,
            Function<DriverKind, Path> homes, Supplier<KernelOps> kernel) {
        this.catalog = catalog;
        this.host = host;
        this.requested = Map.copyOf(requested);
        this.homes = homes;
        this.kernel = kernel;
    }

    /** The driver chosen for new work of this kind (by name or {@code auto}), without creating it. */
    public DiscoveredDriver selected(DriverKind kind) {
        return catalog.select(kind, requested.getOrDefault(kind, DriverCatalog.AUTO), host);
    }

    /** Whether the user named the driver of this kind, rather than leaving it to {@code auto}. */
    public boolean askedByName(DriverKind kind) {
        String name = requested.get(kind);
        return name != null && !name.isBlank() && !name.equals(DriverCatalog.AUTO);
    }

    /** The selected driver of this kind, created once. */
    public <D> D get(DriverKind kind, Class<D> type) {
        return named(kind, selected(kind).name(), type);
    }

    /** The driver with this name, created once; it must be known and supported. */
    public <D> D named(DriverKind kind, String name, Class<D> type) {
        Object driver = created.computeIfAbsent(kind + "/" + name, key -> create(catalog.select(kind, name, host)));
        return type.cast(driver);
    }

    public DriverCatalog catalog() {
        return catalog;
    }

    private Object create(DiscoveredDriver driver) {
        Path home = homes.apply(driver.kind());
        if (driver.kind() == DriverKind.STORAGE || driver.kind() == DriverKind.NETWORK) {
            home = home.resolve(driver.name());
        }
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home, e);
        }
        DriverFactory<?> factory = driver.factory();
        try {
            return factory.create(new DriverContext(host, home, kernel.get(), Map.of()));
        } catch (RuntimeException | LinkageError e) {
            throw new PluginLoadException(driver.kind().label() + " \"" + driver.name() + "\" from " + driver.origin()
                    + " failed to start: " + e.getMessage(), e);
        }
    }
}
