package io.jocker.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.AtomicFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runtime's state: one directory per container under the root, holding {@code state.json}
 * (written atomically, once the container is created), {@code exec.fifo}, the start gate
 * its init waits on until {@code start}, and {@code paused} while its cgroup is frozen. A directory without a state file is a container being
 * created.
 */
final class ContainerStore {

    static final String STATE = "state.json";
    static final String GATE = "exec.fifo";
    static final String PAUSED = "paused";

    /** An id is a file name under the root, never a path, and the name of its cgroup (CgroupNames' rule). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path root;
    private final ObjectMapper mapper;
    private final HostProcesses host;

    ContainerStore(Path root, ObjectMapper mapper, HostProcesses host) {
        this.root = root;
        this.mapper = mapper;
        this.host = host;
    }

    static void checkId(String id) throws OciException {
        if (!ID.matcher(id).matches()) {
            throw new OciException("invalid container id \"" + id + "\": use letters, digits, '_', '.' and '-', starting with a"
                    + " letter or digit, at most 128 characters");
        }
    }

    Path directory(String id) {
        return root.resolve(id);
    }

    Path gate(String id) {
        return directory(id).resolve(GATE);
    }

    /** Reserves the id: its directory, made exclusively. */
    Path reserve(String id) throws OciException {
        checkId(id);
        try {
            Files.createDirectories(root);
            return Files.createDirectory(directory(id));
        } catch (FileAlreadyExistsException e) {
            throw new OciException("container with id exists: " + id);
        } catch (IOException e) {
            throw new OciException("cannot create the state of " + id + " under " + root + ": " + e.getMessage(), e);
        }
    }

    void save(SavedState state) throws OciException {
        try {
            AtomicFiles.write(directory(state.id()).resolve(STATE), mapper.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new OciException("cannot write the state of " + state.id() + ": " + e.getMessage(), e);
        }
    }

    /** The container's directory exists; its saved state is empty while it is being created. */
    Optional<SavedState> load(String id) throws OciException {
        checkId(id);
        Path dir = directory(id);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchContainerException(id);
        }
        try {
            return Optional.of(mapper.readValue(dir.resolve(STATE).toFile(), SavedState.class));
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OciException("the state of " + id + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Observed: created while its init waits at the gate, running once started, stopped once its init is gone. */
    Status status(String id, Optional<SavedState> state) {
        if (state.isEmpty()) {
            return Status.CREATING;
        }
        if (!host.alive(state.get().pid(), state.get().startTime())) {
            return Status.STOPPED;
        }
        if (Files.exists(gate(id))) {
            return Status.CREATED;
        }
        return Files.exists(directory(id).resolve(PAUSED)) ? Status.PAUSED : Status.RUNNING;
    }

    /** Marks the container paused (before its cgroup is frozen) or not (after it is thawed). */
    void markPaused(String id, boolean paused) throws OciException {
        Path marker = directory(id).resolve(PAUSED);
        try {
            if (paused) {
                Files.write(marker, new byte[0]);
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw new OciException("cannot record the pause of " + id + ": " + e.getMessage(), e);
        }
    }

    List<String> ids() throws OciException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // What is no id (the drivers' directory) is no container.
                if (ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new OciException("cannot list " + root + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /** Removes the container's directory and everything in it. */
    void remove(String id) throws OciException {
        Path dir = directory(id);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            throw new OciException("cannot remove the state of " + id + ": " + e.getMessage(), e);
        }
    }
}
