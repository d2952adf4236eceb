package io.jocker.engine.container;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.json.Json;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.engine.state.FileStateStore;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.engine.volume.VolumeService;
import io.jocker.linux.Fds;
import io.jocker.linux.ProcStat;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.Host;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Isolator;
import io.jocker.spi.KernelOps;
import io.jocker.spi.Plugin;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real file state store and driver selection around a mocked cgroup driver, for the services
 * that act on existing containers. A "running" container is this JVM, so liveness checks pass.
 */
public final class ContainerTestbed {

    public static final String DRIVER = "fake-cgroups";

    public static final String STORAGE = "fake-storage";

    public final CgroupDriver cgroups = mock(CgroupDriver.class);
    public final StorageDriver storage = mock(StorageDriver.class);
    public final FileStateStore store;
    public final Drivers drivers;
    public final ContainerLookup lookup;
    /** What the services built here recorded. */
    public final List<Event> recorded = new CopyOnWriteArrayList<>();
    public final Events events = new Events(recorded::add, Clock.systemUTC());
    private final Path root;

    public ContainerTestbed(Path root) {
        this.root = root;
        CgroupDriverFactory factory = mock(CgroupDriverFactory.class);
        when(factory.name()).thenReturn(DRIVER);
        when(factory.isSupported(any())).thenReturn(Support.yes());
        when(factory.create(any())).thenReturn(cgroups);
        StorageDriverFactory storageFactory = mock(StorageDriverFactory.class);
        when(storageFactory.name()).thenReturn(STORAGE);
        when(storageFactory.isSupported(any())).thenReturn(Support.yes());
        when(storageFactory.create(any())).thenReturn(storage);
        when(storage.name()).thenReturn(STORAGE);
        Plugin plugin = new Plugin() {
            @Override
            public List<CgroupDriverFactory> cgroupDrivers() {
                return List.of(factory);
            }

            @Override
            public List<StorageDriverFactory> storageDrivers() {
                return List.of(storageFactory);
            }
        };
        DriverCatalog catalog = new DriverCatalog(List.of(new LoadedPlugin(Path.of("test"), "test.jar", plugin)));
        drivers = new Drivers(catalog, new Host(root, "6.18", 2), Map.of(), kind -> root, () -> mock(KernelOps.class));
        store = new FileStateStore(root, Json.newMapper());
        lookup = new ContainerLookup(() -> store);
    }

    /** Saves a container whose PID 1 is this JVM, in the given status. */
    public ContainerRecord running(String name, ContainerState.Status status, Resources resources) throws IOException {
        long pid = ProcessHandle.current().pid();
        ContainerState state = ContainerState.created().running(pid, ProcStat.startTime(pid).orElseThrow(), Instant.now())
                .withStatus(status);
        return save(name, state, resources);
    }

    /** Saves a container that has exited. */
    public ContainerRecord exited(String name, Resources resources) throws IOException {
        return save(name, ContainerState.created().exited(0, false, Instant.now(), ""), resources);
    }

    /** Saves a container whose PID 1 is {@code process}, with a restart policy. */
    public ContainerRecord running(String name, Process process, RestartPolicy policy) throws IOException {
        return running(name, process, policy, "");
    }

    /** Saves a container whose PID 1 is {@code process}, with a restart policy and a {@code --stop-signal}. */
    public ContainerRecord running(String name, Process process, RestartPolicy policy, String stopSignal) throws IOException {
        ContainerState state = ContainerState.created().running(process.pid(), ProcStat.startTime(process.pid()).orElseThrow(),
                Instant.now());
        return save(name, state, Resources.none(), policy, 0, stopSignal);
    }

    /** Saves a container in its restart policy's back-off after exiting with {@code code}. */
    public ContainerRecord restarting(String name, int code, int restartCount) throws IOException {
        ContainerState state = ContainerState.created().running(1, 1, Instant.now().minusSeconds(5))
                .exited(code, false, Instant.now(), "").withStatus(ContainerState.Status.RESTARTING);
        return save(name, state, Resources.none(), new RestartPolicy("always", 0), restartCount, "");
    }

    /** The container service over this store and these drivers (its isolator and images unused). */
    public ContainerService containers() {
        EngineConfig config = new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto");
        return new ContainerService(config, () -> store, drivers, () -> mock(Isolator.class), mock(ImageResolver.class), lookup,
                new VolumeService(config, () -> store, Json.newMapper(), events), events, () -> TestNetworks.service(config));
    }

    /**
     * Holds the supervisor's lock of this root, as a running supervisor does, until closed: a
     * restarting record is then not stale.
     */
    public StateStore.Lock supervisorRuns() throws IOException {
        return supervisorRuns(root);
    }

    /** {@link #supervisorRuns()} for any jocker root. */
    public static StateStore.Lock supervisorRuns(Path root) throws IOException {
        Path lock = SupervisorPaths.under(root).lock();
        Files.createDirectories(lock.getParent());
        int fd = Fds.open(lock.toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_CLOEXEC);
        Fds.flock(fd, Fds.LOCK_EX);
        return () -> Fds.closeQuietly(fd);
    }

    private ContainerRecord save(String name, ContainerState state, Resources resources) throws IOException {
        return save(name, state, resources, RestartPolicy.NO, 0, "");
    }

    private ContainerRecord save(String name, ContainerState state, Resources resources, RestartPolicy policy, int restartCount,
            String stopSignal) throws IOException {
        ContainerConfig config = ContainerConfig.builder().hostname(name).cmd(List.of("sh")).stopSignal(stopSignal).build();
        HostConfig hostConfig = HostConfig.builder().resources(resources).restartPolicy(policy).build();
        ContainerRecord record = ContainerRecord.builder().id(ContainerNames.newId()).name(name).created(Instant.now())
                .image("busybox").imageId("sha256:" + "1".repeat(64)).config(config).hostConfig(hostConfig).state(state)
                .storageDriver(STORAGE).cgroupDriver(DRIVER).restartCount(restartCount).build();
        store.save(record);
        return record;
    }
}
