package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code pause} and {@code unpause}: freezes or thaws a running container's cgroup and records
 * PAUSED or RUNNING under the container's lock, so that no other command sees a half-done change.
 */
public final class PauseService {

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Events events;

    @Inject
    public PauseService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup, ContainerService containers,
            Events events) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
        this.containers = containers;
        this.events = events;
    }

    /** Freezes every process of the container; returns its record as saved. */
    public ContainerRecord pause(String reference) {
        return change(reference, true);
    }

    /** Thaws a paused container; returns its record as saved. */
    public ContainerRecord unpause(String reference) {
        return change(reference, false);
    }

    private ContainerRecord change(String reference, boolean freeze) {
        String id = lookup.find(reference).id();
        // A container that an interrupted commit left frozen is thawed first: it is running, not paused.
        containers.thawIfAbandoned(id);
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            if (record.state().status() == Status.RESTARTING) {
                throw freeze ? ContainerService.restarting(id) : new InvalidRequestException("Container " + id + " is not paused");
            }
            if (!ContainerService.isRunning(record)) {
                throw new InvalidRequestException("Container " + id + " is not running");
            }
            boolean paused = record.state().status() == Status.PAUSED;
            if (freeze && paused) {
                throw new InvalidRequestException("Container " + id + " is already paused");
            }
            if (!freeze && !paused) {
                throw new InvalidRequestException("Container " + id + " is not paused");
            }
            String verb = freeze ? "pause" : "unpause";
            ContainerCgroup cgroup = cgroup(record, verb);
            try {
                if (freeze) {
                    cgroup.freeze();
                } else {
                    cgroup.thaw();
                }
            } catch (CgroupException e) {
                throw new EngineException("Cannot " + verb + " container " + id + ": " + e.getMessage(), e);
            }
            ContainerRecord changed = record.withState(record.state().withStatus(freeze ? Status.PAUSED : Status.RUNNING));
            store.get().save(changed);
            events.container(changed, verb);
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container " + id + ": " + e.getMessage(), e);
        }
    }

    private ContainerCgroup cgroup(ContainerRecord record, String verb) {
        CgroupDriver driver = drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class);
        return driver.open(record.id()).orElseThrow(() -> new EngineException(
                "Cannot " + verb + " container " + record.id() + ": its cgroup is gone"));
    }
}
