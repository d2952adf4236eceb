package io.jocker.engine.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises read-modify-write cycles on the image metadata across processes (an exclusive
 * {@link FileLock} on a lock file) and across threads of this JVM (file locks are per process, so
 * a JVM-wide lock per file guards them).
 */
final class StoreLock {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;

    StoreLock(Path lockFile) {
        this.lockFile = lockFile.toAbsolutePath().normalize();
    }

    interface Action<T> {
        T run() throws IOException, ImageException;
    }

    <T> T locked(Action<T> action) throws IOException, ImageException {
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        if (threads.isHeldByCurrentThread()) {
            return action.run();
        }
        threads.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock processes = channel.lock()) {
            return action.run();
        } finally {
            threads.unlock();
        }
    }
}
