package io.jocker.engine.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.AtomicFiles;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.support.Trees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The default state store: {@code <root>/containers/<id>/config.json}, written atomically
 * ({@link AtomicFiles}: an unnamed file, fsync, rename, fsync of the directory). Locks are
 * {@code fcntl} locks on {@code <root>/locks/<id>.lock}, which the kernel releases when a process
 * dies, combined with an in-process lock because Java file locks are per process, not per thread.
 */
public final class FileStateStore implements StateStore {

    static final String FILE = "config.json";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path containers;
    private final Path locks;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, ReentrantLock> threadLocks = new ConcurrentHashMap<>();

    public FileStateStore(Path root, ObjectMapper json) {
        this.containers = root.resolve("containers");
        this.locks = root.resolve("locks");
        this.json = json;
    }

    /** The directory holding a container's files (state, logs, generated /etc files). */
    public Path directory(String id) {
        return containers.resolve(checkId(id));
    }

    @Override
    public Optional<ContainerRecord> load(String id) throws IOException {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(directory(id).resolve(FILE)), ContainerRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void save(ContainerRecord record) throws IOException {
        try {
            AtomicFiles.write(directory(record.id()).resolve(FILE), json.writeValueAsBytes(record));
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the jocker root must be on a file system with atomic rename: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) throws IOException {
        Path dir = directory(id);
        if (Files.exists(dir)) {
            Trees.delete(dir);
        }
        Files.deleteIfExists(locks.resolve(id + ".lock"));
    }

    @Override
    public List<ContainerRecord> list() throws IOException {
        List<ContainerRecord> records = new ArrayList<>();
        if (!Files.isDirectory(containers)) {
            return records;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containers)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (ID.matcher(id).matches()) {
                    readQuietly(id).ifPresent(records::add);
                }
            }
        }
        return records;
    }

    private Optional<ContainerRecord> readQuietly(String id) {
        try {
            return load(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Lock lock(String id) throws IOException {
        checkId(id);
        ReentrantLock threadLock = threadLocks.computeIfAbsent(id, k -> new ReentrantLock());
        threadLock.lock();
        try {
            Files.createDirectories(locks);
            FileChannel channel = FileChannel.open(locks.resolve(id + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try (channel) {
                    fileLock.release();
                } finally {
                    threadLock.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a container id: " + id);
        }
        return id;
    }
}
