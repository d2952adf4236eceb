package io.jocker.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.container.ImageResolver;
import io.jocker.engine.container.ImageStoreResolver;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.images.ImageEvents;
import io.jocker.images.ImageStore;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's wiring. Drivers are bound through providers, so a driver is chosen and created
 * only when a command first needs it, after the command line was parsed.
 */
final class EngineModule extends AbstractModule {

    private final EngineConfig config;
    private final DriverCatalog catalog;
    private final Host host;
    private final Supplier<KernelOps> kernel;
    private final Supplier<ObjectMapper> json;

    EngineModule(EngineConfig config, DriverCatalog catalog, Host host, Supplier<KernelOps> kernel,
            Supplier<ObjectMapper> json) {
        this.config = config;
        this.catalog = catalog;
        this.host = host;
        this.kernel = kernel;
        this.json = json;
    }

    @Override
    protected void configure() {
        bind(EngineConfig.class).toInstance(config);
        bind(DriverCatalog.class).toInstance(catalog);
        bind(Host.class).toInstance(host);
        bind(ImageResolver.class).to(ImageStoreResolver.class);
        // Providers bound here, not @Provides methods: Guice finds those by reflecting over every
        // method of the module and parsing their annotations, which every cold command paid for.
        bind(ObjectMapper.class).toProvider(json::get).in(Scopes.SINGLETON);
        bind(KernelOps.class).toProvider(kernel::get).in(Scopes.SINGLETON);
        bind(Drivers.class).toProvider(this::drivers).in(Scopes.SINGLETON);
        Provider<Drivers> drivers = getProvider(Drivers.class);
        bind(StorageDriver.class).toProvider(() -> drivers.get().get(DriverKind.STORAGE, StorageDriver.class)).in(Scopes.SINGLETON);
        bind(CgroupDriver.class).toProvider(() -> drivers.get().get(DriverKind.CGROUP, CgroupDriver.class)).in(Scopes.SINGLETON);
        bind(Isolator.class).toProvider(() -> drivers.get().get(DriverKind.ISOLATOR, Isolator.class)).in(Scopes.SINGLETON);
        bind(StateStore.class).toProvider(() -> drivers.get().get(DriverKind.STATE_STORE, StateStore.class)).in(Scopes.SINGLETON);
        Provider<StorageDriver> storage = getProvider(StorageDriver.class);
        Provider<KernelOps> kernelOps = getProvider(KernelOps.class);
        Provider<ObjectMapper> mapper = getProvider(ObjectMapper.class);
        Provider<Events> events = getProvider(Events.class);
        bind(ImageStore.class).toProvider(() -> imageStore(storage.get(), kernelOps.get(), mapper.get(), events.get()))
                .in(Scopes.SINGLETON);
    }

    private Drivers drivers() {
        Map<DriverKind, String> requested = new EnumMap<>(DriverKind.class);
        requested.put(DriverKind.STORAGE, config.storageDriver());
        requested.put(DriverKind.CGROUP, config.cgroupDriver());
        requested.put(DriverKind.ISOLATOR, config.isolator());
        requested.put(DriverKind.STATE_STORE, config.stateStore());
        Path root = config.root();
        return new Drivers(catalog, host, requested, kind -> switch (kind) {
            case STORAGE -> root;
            case CGROUP -> root.resolve("cgroups");
            case ISOLATOR -> root.resolve("isolator");
            case STATE_STORE -> root;
            case NETWORK -> root.resolve("network");
        }, kernel);
    }

    /** Images live beside the layers of the storage driver that holds them, as Docker keeps them. */
    private ImageStore imageStore(StorageDriver storage, KernelOps kernelOps, ObjectMapper json, Events events) {
        return new ImageStore(config.root().resolve("image").resolve(storage.name()), storage, kernelOps, json,
                Clock.systemUTC(), new ImageEvents() {
                    @Override
                    public void image(String imageId, String name, Map<String, String> labels, String action) {
                        events.image(imageId, name, labels, action);
                    }

                    @Override
                    public void pruned(long reclaimedBytes) {
                        events.pruned(Event.IMAGE, reclaimedBytes);
                    }
                });
    }
}
