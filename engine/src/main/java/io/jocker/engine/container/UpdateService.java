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
import io.jocker.spi.Resources;
import io.jocker.spi.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code update}: changes a container's limits. A running container's cgroup changes first; the
 * record's HostConfig keeps the merged limits for its next start, and is only saved once the
 * kernel accepted them, so that a refused update changes nothing.
 */
public final class UpdateService {

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final Events events;

    @Inject
    public UpdateService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup, Events events) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
        this.events = events;
    }

    /** Applies the fields of {@code update} that are set; returns the record as saved. */
    public ContainerRecord update(String reference, Resources update) {
        String id = lookup.find(reference).id();
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            Resources current = record.hostConfig().resources();
            checkSwap(current, update);
            if (ContainerService.isRunning(record)) {
                apply(record, update);
            }
            ContainerRecord updated = record.withHostConfig(record.hostConfig().withResources(current.merge(update)));
            store.get().save(updated);
            events.container(updated, "update");
            return updated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Docker's rule: a new memory limit above the current memory+swap needs a new memory+swap too. */
    private static void checkSwap(Resources current, Resources update) {
        if (update.memory() != null && update.memorySwap() == null && current.memorySwap() != null
                && current.memorySwap() > 0 && update.memory() > current.memorySwap()) {
            throw new InvalidRequestException("Memory limit should be smaller than already set memoryswap limit, "
                    + "update the memoryswap at the same time");
        }
    }

    private void apply(ContainerRecord record, Resources update) {
        CgroupDriver driver = drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class);
        Optional<ContainerCgroup> cgroup = driver.open(record.id());
        if (cgroup.isEmpty()) {
            throw new EngineException("Cannot update container " + record.id() + ": its cgroup is gone");
        }
        try {
            cgroup.get().update(update);
        } catch (CgroupException e) {
            throw new EngineException("Cannot update container " + record.id() + ": " + e.getMessage(), e);
        }
    }
}
