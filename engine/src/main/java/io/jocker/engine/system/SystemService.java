package io.jocker.engine.system;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.Version;
import io.jocker.engine.events.EventLog;
import io.jocker.engine.events.EventReader;
import io.jocker.engine.plugin.DiscoveredDriver;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.Host;
import io.jocker.spi.StateStore;
import io.jocker.spi.Support;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The engine as a whole: {@code info}, {@code system df}, {@code events}, and the host it runs on. */
public final class SystemService {

    private final EngineConfig config;
    private final Host host;
    private final Drivers drivers;
    private final Provider<StateStore> store;
    private final Provider<DiskUsageService> diskUsage;
    private final Provider<CgroupInfoService> cgroupInfo;
    private final Provider<EventLog> events;

    @Inject
    public SystemService(EngineConfig config, Host host, Drivers drivers, Provider<StateStore> store,
            Provider<DiskUsageService> diskUsage, Provider<CgroupInfoService> cgroupInfo, Provider<EventLog> events) {
        this.config = config;
        this.host = host;
        this.drivers = drivers;
        this.store = store;
        this.diskUsage = diskUsage;
        this.cgroupInfo = cgroupInfo;
        this.events = events;
    }

    /** The machine the engine runs on: its kernel, cgroup hierarchies and limits. */
    public Host host() {
        return host;
    }

    /** {@code system df}. */
    public DiskUsage diskUsage() {
        return diskUsage.get().usage();
    }

    /** The selected cgroup driver's view of the host, when it has one. */
    public Optional<CgroupInfo> cgroupInfo() {
        return cgroupInfo.get().info();
    }

    /** {@code events}: a reader of the event log, from its start or from now. */
    public EventReader events(boolean fromStart) throws IOException {
        return events.get().reader(fromStart);
    }

    public SystemInfo info() {
        List<DriverInfo> all = new ArrayList<>();
        for (DriverKind kind : DriverKind.values()) {
            String selected = selectedName(kind);
            for (DiscoveredDriver d : drivers.catalog().drivers(kind)) {
                Support support = DriverCatalog.support(d, host);
                all.add(new DriverInfo(kind.label(), d.name(), d.directory().toString(), support.supported(),
                        support.reason(), d.name().equals(selected)));
            }
        }
        return new SystemInfo(Version.get(), host.kernelRelease(), operatingSystem(), System.getProperty("os.arch"),
                host.cpus(), totalMemory(), config.root().toString(), describe(DriverKind.STORAGE),
                describe(DriverKind.CGROUP), describe(DriverKind.ISOLATOR), counts(), all);
    }

    private String selectedName(DriverKind kind) {
        try {
            return drivers.selected(kind).name();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The driver chosen for {@code kind}. A driver asked for by name that cannot be used fails the
     * command, as it fails every other; with {@code auto}, why none could be chosen is part of the
     * answer.
     */
    private String describe(DriverKind kind) {
        if (drivers.askedByName(kind)) {
            return drivers.selected(kind).name();
        }
        try {
            return drivers.selected(kind).name();
        } catch (RuntimeException e) {
            return "none (" + e.getMessage() + ")";
        }
    }

    private SystemInfo.ContainerCounts counts() {
        List<ContainerRecord> records;
        try {
            records = store.get().list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read containers: " + e.getMessage(), e);
        }
        int running = 0;
        int paused = 0;
        for (ContainerRecord r : records) {
            if (r.state().status() == Status.RUNNING) {
                running++;
            } else if (r.state().status() == Status.PAUSED) {
                paused++;
            }
        }
        return new SystemInfo.ContainerCounts(records.size(), running, paused, records.size() - running - paused);
    }

    private String operatingSystem() {
        Path osRelease = host.root().resolve("etc/os-release");
        try {
            for (String line : Files.readAllLines(osRelease)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private long totalMemory() {
        try {
            for (String line : Files.readAllLines(host.proc().resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
