package io.jocker.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.json.Json;
import io.jocker.engine.network.NetworkService;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.DriverCatalog.PluginSource;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.engine.plugin.PluginLoader;
import io.jocker.engine.system.SystemService;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ImageStore;
import io.jocker.linux.LinuxKernelOps;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import io.jocker.spi.KernelOps;
import io.jocker.spi.Plugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The jocker engine as a library. Build one with {@link #builder()}; every CLI command is a call
 * on one of its services.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().root(Path.of("/var/lib/jocker")).storageDriver("overlay").build();
 * System.out.println(engine.system().info().storageDriver());
 * }</pre>
 */
public final class Engine {

    private final Injector injector;

    private Engine(Injector injector) {
        this.injector = injector;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** System-wide information ({@code info}). */
    public SystemService system() {
        return injector.getInstance(SystemService.class);
    }

    /** The containers: create, run, stop, exec, inspect, ... */
    public Containers containers() {
        return injector.getInstance(Containers.class);
    }

    /** The image store of the selected storage driver: import, load, save, tag, remove, list. */
    public ImageStore images() {
        return injector.getInstance(ImageStore.class);
    }

    /** The named and anonymous volumes. */
    public VolumeService volumes() {
        return injector.getInstance(VolumeService.class);
    }

    /** The networks: create, list, inspect, remove, connect, disconnect; the containers' endpoints. */
    public NetworkService networks() {
        return injector.getInstance(NetworkService.class);
    }

    /** What the supervisor of detached containers runs on. */
    public Supervision supervision() {
        return new Supervision(injector.getInstance(EngineConfig.class), injector.getInstance(ContainerService.class),
                injector.getInstance(ContainerLookup.class), injector.getProvider(Isolator.class)::get);
    }

    /** The registries: pull, push, login, logout, with a caller's credentials. */
    public Registries registries() {
        return injector.getInstance(Registries.class);
    }

    /** Any engine service: for this package's tests, which check the wiring; callers use the facades above. */
    <T> T service(Class<T> type) {
        return injector.getInstance(type);
    }

    /** Builds an {@link Engine}: finds the plugins and wires the services; loads a plugin when its kind of driver is first needed, and creates no driver yet. */
    public static final class Builder {
        private Path root = EngineConfig.DEFAULT_ROOT;
        private final List<Path> pluginDirs = new ArrayList<>();
        private final List<LoadedPlugin> extraPlugins = new ArrayList<>();
        private String storageDriver = DriverCatalog.AUTO;
        private String cgroupDriver = DriverCatalog.AUTO;
        private String isolator = DriverCatalog.AUTO;
        private String stateStore = DriverCatalog.AUTO;
        private Host host = Host.current();
        private Supplier<KernelOps> kernel = LinuxKernelOps::new;

        private Builder() {}

        public Builder root(Path value) {
            root = Objects.requireNonNull(value);
            return this;
        }

        /** Adds a directory whose subdirectories are plugins (one class loader each). */
        public Builder pluginDir(Path value) {
            pluginDirs.add(value);
            return this;
        }

        /** Adds a plugin instance directly, as if found in a plugin directory named {@code label}. */
        public Builder plugin(String label, Plugin plugin) {
            extraPlugins.add(new LoadedPlugin(Path.of(label), label, plugin));
            return this;
        }

        public Builder storageDriver(String name) {
            storageDriver = name;
            return this;
        }

        public Builder cgroupDriver(String name) {
            cgroupDriver = name;
            return this;
        }

        public Builder isolator(String name) {
            isolator = name;
            return this;
        }

        public Builder stateStore(String name) {
            stateStore = name;
            return this;
        }

        /** The host drivers probe (tests point it at a fake file system root). */
        public Builder host(Host value) {
            host = value;
            return this;
        }

        /** The kernel operations handed to drivers (tests record them). */
        public Builder kernel(Supplier<KernelOps> value) {
            kernel = value;
            return this;
        }

        public Engine build() {
            EngineConfig config = new EngineConfig(root, pluginDirs, storageDriver, cgroupDriver, isolator, stateStore);
            // One JSON mapper for the state store and the services alike: each costs tens of milliseconds.
            Supplier<ObjectMapper> json = new Supplier<>() {
                private ObjectMapper mapper;

                @Override
                public synchronized ObjectMapper get() {
                    if (mapper == null) {
                        mapper = Json.newMapper();
                    }
                    return mapper;
                }
            };
            List<PluginSource> plugins = new ArrayList<>();
            plugins.add(PluginSource.loaded(List.of(new LoadedPlugin(Path.of("(built-in)"), "jocker-engine", new BuiltinPlugin(json)))));
            PluginLoader loader = new PluginLoader();
            for (Path dir : pluginDirs) {
                for (PluginLoader.Found found : loader.findAll(dir)) {
                    plugins.add(new PluginSource(found.kinds(), () -> loader.load(found)));
                }
            }
            plugins.add(PluginSource.loaded(extraPlugins));
            Injector injector = Guice.createInjector(new EngineModule(config, DriverCatalog.of(plugins), host, kernel, json));
            return new Engine(injector);
        }
    }
}
