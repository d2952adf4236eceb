package io.jocker.engine.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.AtomicFiles;
import io.jocker.linux.TempFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * {@code ROOT/network/}: the networks in {@code state.json}, the endpoints in {@code
 * endpoints.json}, both read without a lock (each is replaced atomically) and changed only under
 * {@code lock}, an flock that excludes every other process and, with a thread lock, every other
 * thread of this one (the supervisor serves commands concurrently).
 *
 * <p>Only {@code state.json} is fsynced. Endpoints change on every start and release of a
 * container, and none outlives a crash of the machine (each lives as long as its process), so a
 * power loss can cost them nothing worth two fsyncs per change: {@code endpoints.json} is written
 * and renamed into place without them, and if a crash of the machine left it unreadable it is
 * taken for empty. A process killed while writing cannot tear it: the rename is atomic.
 */
final class NetworkStore {

    private static final Logger LOG = Logger.getLogger(NetworkStore.class.getName());
    private static final ReentrantLock THREADS = new ReentrantLock();
    private static final TypeReference<List<EndpointRecord>> ENDPOINTS = new TypeReference<>() {};
    private static final int MODE = 0600;

    private final Path dir;
    private final ObjectMapper json;

    NetworkStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    /** The current state; empty before the first network exists. */
    NetworkState read() {
        NetworkState networks = readNetworks();
        Path file = dir.resolve("endpoints.json");
        try {
            return new NetworkState(networks.networks(), json.readValue(Files.readAllBytes(file), ENDPOINTS));
        } catch (NoSuchFileException e) {
            // No endpoint yet, or an older root's, still in state.json.
            return networks;
        } catch (JsonProcessingException e) {
            LOG.fine("taking " + file + " for empty, as a crash of the machine left it: " + e.getMessage());
            return new NetworkState(networks.networks(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private NetworkState readNetworks() {
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

        /** Saves {@code state} atomically at once; a later crash of the process leaves it saved. */
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
                // An older root keeps its endpoints in state.json: moved out by the first change.
                boolean[] embedded = {!Files.exists(dir.resolve("endpoints.json")) && !current[0].endpoints().isEmpty()};
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
                            // Networks first, so that no saved endpoint names a network not saved yet; endpoints first only
                            // to move an older root's out of state.json (once endpoints.json exists, those are ignored).
                            if (embedded[0]) {
                                saveEndpoints(state);
                            }
                            if (embedded[0] || !state.networks().equals(current[0].networks())) {
                                AtomicFiles.write(dir.resolve("state.json"), json.writeValueAsBytes(new NetworkState(state.networks(), List.of())));
                            }
                            if (!embedded[0] && !state.endpoints().equals(current[0].endpoints())) {
                                saveEndpoints(state);
                            }
                            embedded[0] = false;
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot save the network state in " + dir + ": " + e.getMessage(), e);
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

    /** Replaces endpoints.json atomically for readers and for a killed process, without fsync (see the class's comment). */
    private void saveEndpoints(NetworkState state) throws IOException {
        try (TempFile temp = TempFile.in(dir, MODE)) {
            Files.write(temp.path(), json.writeValueAsBytes(state.endpoints()));
            temp.moveTo(dir.resolve("endpoints.json"));
        }
    }
}
