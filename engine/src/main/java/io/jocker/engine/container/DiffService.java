package io.jocker.engine.container;

import io.jocker.engine.container.ContainerChanges.Attributes;
import io.jocker.engine.container.ContainerChanges.Change;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Openat2;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriver.ChangeVisitor;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code docker diff}: what a container changed in its file system, read from its writable layer
 * through the storage driver's {@code diff} and compared with the image's layers. What belongs to
 * the container's mounts (volumes' content, the generated /etc files) is not the container's,
 * as it is not in Docker's writable layer. Nothing is ever opened but directories: entries are
 * described with lstat, and the image's layers are looked into by {@code O_PATH} descriptor,
 * never following a symbolic link.
 */
public final class DiffService {

    /** An image layer's entry is looked up as overlayfs does: component by component, no link followed, never above the layer. */
    private static final long IN_LAYER = Openat2.RESOLVE_NO_SYMLINKS | Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_MAGICLINKS;

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final ImageResolver images;

    @Inject
    public DiffService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup, ImageResolver images) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
        this.images = images;
    }

    /** The container's changes, each as Docker prints it ({@code A /path}), in Docker's order. */
    public List<String> changes(String reference) {
        String id = lookup.find(reference).id();
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            StorageDriver storage = drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
            List<String> layers = new ArrayList<>(images.layersOf(record.imageId()));
            Collections.reverse(layers);
            List<Integer> layerFds = new ArrayList<>();
            try {
                for (String layer : layers) {
                    layerFds.add(Fds.open(storage.layerPath(layer).toString(), Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC));
                }
                return walk(storage, record, layerFds).stream().map(Change::toString).toList();
            } finally {
                layerFds.forEach(Fds::closeQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the changes of container " + id + ": " + e.getMessage(), e);
        }
    }

    private static List<Change> walk(StorageDriver storage, ContainerRecord record, List<Integer> layers) throws IOException {
        ContainerChanges changes = new ContainerChanges();
        MountedPaths mounted = MountedPaths.of(record);
        storage.diff(record.id(), new ChangeVisitor() {
            @Override
            public void changed(String relativePath, Path file) throws IOException {
                Attributes upper = attributes(lstat(file));
                if (!mounted.excludes(relativePath, upper.directory())) {
                    FileStat lower = inImage(layers, relativePath);
                    changes.changed("/" + relativePath, upper, lower == null ? null : attributes(lower));
                }
            }

            @Override
            public void deleted(String relativePath) {
                if (!mounted.excludes(relativePath, false)) {
                    changes.deleted("/" + relativePath);
                }
            }

            @Override
            public void opaqued(String relativeDir) throws IOException {
                if (!mounted.excludes(relativeDir, true)) {
                    changes.opaque("/" + relativeDir, inImage(layers, relativeDir) != null);
                }
            }
        });
        return changes.list();
    }

    private static FileStat lstat(Path file) throws LinuxException {
        int fd = Fds.open(file.toString(), Fds.O_PATH | AtFiles.O_NOFOLLOW | Fds.O_CLOEXEC);
        try {
            return AtFiles.stat(fd);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /** The entry at {@code relativePath} in the topmost image layer that has one, null if none has. */
    private static FileStat inImage(List<Integer> layers, String relativePath) throws LinuxException {
        for (int layer : layers) {
            int fd;
            try {
                fd = Openat2.open(layer, relativePath, Fds.O_PATH | AtFiles.O_NOFOLLOW, 0, IN_LAYER);
            } catch (LinuxException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                    continue;
                }
                throw e;
            }
            try {
                return AtFiles.stat(fd);
            } finally {
                Fds.closeQuietly(fd);
            }
        }
        return null;
    }

    private static Attributes attributes(FileStat stat) {
        return new Attributes(stat.isDirectory(), stat.size(), stat.mode(), stat.mtimeSeconds(), stat.mtimeNanos());
    }
}
