package io.jocker.engine.container;

import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.supervisor.LogPipes;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StorageDriver;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;

/** {@code inspect}: what jocker knows of a container, for the CLI to show in the shape of Docker's {@code ContainerJSON}. */
public final class ContainerInspector {

    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Drivers drivers;

    @Inject
    public ContainerInspector(ContainerLookup lookup, ContainerService containers, Drivers drivers) {
        this.lookup = lookup;
        this.containers = containers;
        this.drivers = drivers;
    }

    /** One container (name, id or unique prefix), its state repaired first. */
    public ContainerDetails inspect(String reference) {
        String id = lookup.find(reference).id();
        ContainerRecord r = containers.refresh(id).orElseThrow(() -> new NoSuchContainerException(reference));
        StorageDriver storage = drivers.named(DriverKind.STORAGE, r.storageDriver(), StorageDriver.class);
        return new ContainerDetails(r, containers.directory(r.id()), LogPipes.logFile(containers.directory(r.id())),
                new LinkedHashMap<>(storage.describe(r.id())));
    }
}
