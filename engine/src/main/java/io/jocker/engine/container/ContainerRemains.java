package io.jocker.engine.container;

import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.support.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a create or a removal killed half-way left: a container directory without a record (a
 * create writes the directory first and the record last; a removal deletes the record with the
 * directory), with its writable layer and lock file. A create under way holds the names lock, so
 * only a holder of that lock may tell a create's directory from a dead one's.
 */
final class ContainerRemains {

    private static final Logger LOG = Logger.getLogger(ContainerRemains.class.getName());

    private final StateStore store;
    private final ContainerLookup lookup;
    private final Drivers drivers;
    private final Path containers;
    private final Function<String, Path> directory;

    ContainerRemains(StateStore store, ContainerLookup lookup, Drivers drivers, Path containers, Function<String, Path> directory) {
        this.store = store;
        this.lookup = lookup;
        this.drivers = drivers;
        this.containers = containers;
        this.directory = directory;
    }

    /** Removes the remains among the directories that {@code recorded} (the records just read) does not name. */
    void remove(List<ContainerRecord> recorded) {
        List<String> unrecorded = unrecorded(recorded);
        if (unrecorded.isEmpty()) {
            return;
        }
        try (StateStore.Lock names = store.lock(ContainerService.NAMES_LOCK)) {
            removeLockedIds(unrecorded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container names: " + e.getMessage(), e);
        }
    }

    /** {@link #remove} for a caller that holds the names lock. */
    void removeLocked(List<ContainerRecord> recorded) {
        removeLockedIds(unrecorded(recorded));
    }

    private void removeLockedIds(List<String> unrecorded) {
        for (String id : unrecorded) {
            try (StateStore.Lock lock = store.lock(id)) {
                if (lookup.byId(id).isEmpty() && Files.isDirectory(directory.apply(id))) {
                    drivers.get(DriverKind.STORAGE, StorageDriver.class).removeContainer(id);
                    Trees.delete(directory.apply(id));
                    store.delete(id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "cannot remove the remains of container " + id, e);
            }
        }
    }

    private List<String> unrecorded(List<ContainerRecord> recorded) {
        Set<String> ids = new HashSet<>();
        recorded.forEach(r -> ids.add(r.id()));
        List<String> unrecorded = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containers)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (ContainerNames.isId(id) && !ids.contains(id)) {
                    unrecorded.add(id);
                }
            }
        } catch (IOException e) {
            // No containers directory yet, or it cannot be read: nothing to clean.
        }
        return unrecorded;
    }
}
