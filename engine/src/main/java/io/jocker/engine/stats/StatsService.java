package io.jocker.engine.stats;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupStats;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Host;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code stats}: samples containers' cgroup and host counters; {@link ContainerStats} turns two samples into a line. */
public final class StatsService {

    private static final CgroupStats IDLE = new CgroupStats(0, 0, 0, 0);

    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final Host host;
    private final HostCounters counters;
    private final Clock clock;

    @Inject
    public StatsService(Drivers drivers, ContainerLookup lookup, Host host) {
        this(drivers, lookup, host, Clock.systemUTC());
    }

    StatsService(Drivers drivers, ContainerLookup lookup, Host host, Clock clock) {
        this.drivers = drivers;
        this.lookup = lookup;
        this.host = host;
        this.counters = new HostCounters(host.proc());
        this.clock = clock;
    }

    /** The containers {@code stats} shows when none is named: the running ones. */
    public List<ContainerRecord> running() {
        return lookup.all().stream().filter(ContainerService::isRunning).toList();
    }

    /** Every container, for {@code stats --all}. */
    public List<ContainerRecord> all() {
        return lookup.all();
    }

    /** The container a reference names (Docker's lookup rules). */
    public ContainerRecord find(String reference) {
        return lookup.find(reference);
    }

    /**
     * Reads the container's counters now. A container that has stopped, or whose cgroup or
     * process vanished while it was read, gives a sample that is not running.
     */
    public StatsSample sample(ContainerRecord container) {
        Optional<ContainerRecord> current = lookup.byId(container.id());
        try {
            long system = counters.systemCpuNanos();
            long memory = counters.memoryTotal();
            if (current.isEmpty() || !ContainerService.isRunning(current.get())) {
                return idle(container, system, memory);
            }
            ContainerRecord record = current.get();
            CgroupDriver driver = drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class);
            Optional<ContainerCgroup> cgroup = driver.open(record.id());
            if (cgroup.isEmpty()) {
                return idle(container, system, memory);
            }
            CgroupStats stats = cgroup.get().stats();
            HostCounters.Traffic traffic = network(record.state().pid());
            // The process may have ended while its counters were read; then they describe nothing.
            if (!ContainerService.isRunning(record)) {
                return idle(container, system, memory);
            }
            return new StatsSample(record.id(), record.name(), true, clock.instant(), system, host.cpus(), memory, stats,
                    traffic.received(), traffic.sent());
        } catch (IOException e) {
            throw new EngineException("cannot read the host's counters for stats: " + e.getMessage(), e);
        } catch (CgroupException e) {
            if (current.isPresent() && !ContainerService.isRunning(current.get())) {
                return idle(container, 0, 0);
            }
            throw new EngineException("cannot read the stats of container " + container.id() + ": " + e.getMessage(), e);
        }
    }

    /** The process may exit between the cgroup read and this one; its traffic is then moot. */
    private HostCounters.Traffic network(long pid) {
        try {
            return counters.network(pid);
        } catch (IOException e) {
            return HostCounters.Traffic.NONE;
        }
    }

    private StatsSample idle(ContainerRecord container, long system, long memory) {
        return new StatsSample(container.id(), container.name(), false, clock.instant(), system, host.cpus(), memory,
                IDLE, 0, 0);
    }
}
