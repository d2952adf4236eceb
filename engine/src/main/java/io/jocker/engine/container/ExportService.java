package io.jocker.engine.container;

import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.images.tar.LayerTarWriter;
import io.jocker.linux.DescriptorWalk;
import io.jocker.linux.FaultPoints;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * {@code docker export}: the container's merged root file system as one flat tar. As in Docker,
 * that is the root file system as the host sees it: the container's mounts (volumes, the generated
 * /etc files) exist only in its own mount namespace, so what lies beneath them is exported, such
 * as the image's own /etc/hostname and /etc/resolv.conf. A container that
 * is not running has its root file system mounted read-only for the export (unmounting it then
 * syncs nothing) and unmounted afterwards; the
 * container's lock is held throughout, so it cannot start or be removed meanwhile. File content
 * is copied into the channel by the kernel.
 */
public final class ExportService {

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final Events events;

    @Inject
    public ExportService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup, Events events) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
        this.events = events;
    }

    public void export(String reference, WritableByteChannel out) {
        String id = lookup.find(reference).id();
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            StorageDriver storage = drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
            boolean running = ContainerService.isRunning(record);
            Path rootfs = storage.mountRootfsReadOnly(id);
            try {
                FaultPoints.reach("export.mounted");
                write(rootfs, out);
                events.container(record, "export");
            } finally {
                if (!running) {
                    storage.unmountRootfs(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The channel stays open: it may be standard output. The root is walked by descriptor
     * ({@link DescriptorWalk}): a running container may swap a directory for a symbolic link
     * meanwhile, which must never lead the export out of its root.
     */
    static void write(Path rootfs, WritableByteChannel out) throws IOException {
        LayerTarWriter tar = new LayerTarWriter(out);
        DescriptorWalk.walk(rootfs, (relativePath, file, stat) -> {
            tar.add(relativePath, file);
            return true;
        });
        tar.finish();
    }
}
