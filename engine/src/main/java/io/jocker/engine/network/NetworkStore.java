package io.jocker.engine.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code ROOT/network/state.json}: read without a lock (it is replaced atomically), changed only
 * under {@code ROOT/network/lock}, an flock that excludes every other process and, with a
 * thread lock, every other thread of this one (the supervisor serves commands concurrently).
 */
final class NetworkStore {

    private static final ReentrantLock THREADS = new ReentrantLock();

    private final Path dir;
    private final ObjectMapper json;

    NetworkStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    /** The current state; empty before the first network exists. */
    NetworkState read() {
        try {
            return json.readValue(Files.readAllBytes(dir.resolve("state.json")), NetworkState.class);
        } catch (NoSuchFileException e) {
            return NetworkState.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("state.json") + ": " + e.getMessage(), e);
        }
    }

    /** The state while the lock is held: what a change reads and writes. */
    interface Locked {
        NetworkState state();

        /** Saves {@code state} atomically at once; a later crash leaves it saved. */
        void save(NetworkState state);
    }

    /** Runs {@code work} under the lock. */
    <T> T locked(java.util.function.Function<Locked, T> work) {
        THREADS.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                NetworkState[] current = {read()};
                return work.apply(new Locked() {
                    @Override
                    public NetworkState state() {
                        return current[0];
                    }

                    @Override
                    public void save(NetworkState state) {
                        if (state.equals(current[0])) {
                            return;
                        }
                        try {
                            AtomicFiles.write(dir.resolve("state.json"), json.writeValueAsBytes(state));
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot save " + dir.resolve("state.json") + ": " + e.getMessage(), e);
                        }
                        current[0] = state;
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve("lock") + ": " + e.getMessage(), e);
        } finally {
            THREADS.unlock();
        }
    }
}
