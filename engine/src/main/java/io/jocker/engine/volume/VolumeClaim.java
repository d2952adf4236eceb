package io.jocker.engine.volume;

import io.jocker.engine.events.Events;
import io.jocker.spi.Mount;
import io.jocker.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The mounts of a container being created, with the volumes made for it, held under the volume
 * lock so that no {@code volume rm} or {@code prune} slips in before the container's record is
 * saved. Closing without {@link #keep()} removes the volumes this claim created.
 */
public final class VolumeClaim implements AutoCloseable {

    private final VolumeStore store;
    private final StateStore.Lock lock;
    private final List<Mount> mounts;
    private final List<String> created;
    private final Events events;
    private boolean kept;

    VolumeClaim(VolumeStore store, StateStore.Lock lock, List<Mount> mounts, List<String> created, Events events) {
        this.store = store;
        this.lock = lock;
        this.mounts = List.copyOf(mounts);
        this.created = List.copyOf(created);
        this.events = events;
    }

    /** The mounts to record: volumes as bind mounts of their data directories, binds and tmpfs as asked. */
    public List<Mount> mounts() {
        return mounts;
    }

    /** The container's record is saved: its volumes stay, and were created. */
    public void keep() {
        kept = true;
        created.forEach(name -> events.volume(name, "create"));
    }

    @Override
    public void close() {
        try (lock) {
            if (!kept) {
                for (String name : created) {
                    store.delete(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the volumes of a failed create " + created + ": " + e.getMessage(), e);
        }
    }
}
