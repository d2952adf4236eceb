package io.jocker.oci;

import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.DriverSelectionException;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.engine.plugin.PluginLoadException;
import io.jocker.engine.plugin.PluginLoader;
import io.jocker.linux.LinuxKernelOps;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's drivers, found and chosen exactly as the engine finds and chooses them (the
 * plugin directories, {@code auto} selection), without the engine's injector: the runtime's
 * commands need two drivers, not its services.
 */
final class PluginDrivers implements RuntimeDrivers {

    private final List<Path> pluginDirs;
    private final Path home;
    private Drivers drivers;

    /** {@code home} is where drivers keep their files, under the runtime's root. */
    PluginDrivers(List<Path> pluginDirs, Path home) {
        this.pluginDirs = List.copyOf(pluginDirs);
        this.home = home;
    }

    @Override
    public Isolator isolator() throws OciException {
        return get(DriverKind.ISOLATOR, null, Isolator.class);
    }

    @Override
    public CgroupDriver cgroups() throws OciException {
        return get(DriverKind.CGROUP, null, CgroupDriver.class);
    }

    @Override
    public CgroupDriver cgroups(String name) throws OciException {
        return get(DriverKind.CGROUP, name, CgroupDriver.class);
    }

    private <D> D get(DriverKind kind, String name, Class<D> type) throws OciException {
        try {
            Drivers loaded = drivers();
            return name == null ? loaded.get(kind, type) : loaded.named(kind, name, type);
        } catch (DriverSelectionException | PluginLoadException e) {
            throw new OciException(e.getMessage(), e);
        }
    }

    private Drivers drivers() {
        if (drivers == null) {
            PluginLoader loader = new PluginLoader();
            List<LoadedPlugin> plugins = new ArrayList<>();
            for (Path dir : pluginDirs) {
                plugins.addAll(loader.loadAll(dir));
            }
            drivers = new Drivers(new DriverCatalog(plugins), Host.current(), Map.of(),
                    kind -> home.resolve(kind.name().toLowerCase(Locale.ROOT)), LinuxKernelOps::new);
        }
        return drivers;
    }
}
