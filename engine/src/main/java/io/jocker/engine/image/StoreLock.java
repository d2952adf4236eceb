package io.jocker.engine.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A readers-writer lock on the image metadata, across processes (a {@link FileLock} on a lock file,
 * shared or exclusive) and across threads of this JVM (file locks belong to the process, so a
 * JVM-wide lock per file orders its threads, and the readers of one JVM share one file lock).
 * Writers hold it only to publish what they prepared without it; readers never wait on one
 * another, so a long {@code save} does not hold up {@code images} or {@code run}.
 */
final class StoreLock {

    private static final ConcurrentMap<Path, Holders> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;

    StoreLock(Path lockFile) {
        this.lockFile = lockFile.toAbsolutePath().normalize();
    }

    interface Action<T> {
        T run() throws IOException, ImageException;
    }

    /** Runs {@code action} alone: for a caller that changes the metadata. */
    <T> T exclusive(Action<T> action) throws IOException, ImageException {
        Holders holders = holders();
        if (holders.threads.isWriteLockedByCurrentThread()) {
            return action.run();
        }
        if (holders.threads.getReadHoldCount() > 0) {
            throw new IllegalStateException("a reader of the image store asked to change it: " + lockFile);
        }
        holders.threads.writeLock().lock();
        try (FileChannel channel = open(); FileLock processes = channel.lock()) {
            return action.run();
        } finally {
            holders.threads.writeLock().unlock();
        }
    }

    /** Runs {@code action} alone if nobody holds the lock now; returns false, having done nothing, if somebody does. */
    boolean tryExclusive(Action<?> action) throws IOException, ImageException {
        Holders holders = holders();
        if (holders.threads.isWriteLockedByCurrentThread()) {
            action.run();
            return true;
        }
        if (holders.threads.getReadHoldCount() > 0 || !holders.threads.writeLock().tryLock()) {
            return false;
        }
        try (FileChannel channel = open(); FileLock processes = channel.tryLock()) {
            if (processes == null) {
                return false;
            }
            action.run();
            return true;
        } finally {
            holders.threads.writeLock().unlock();
        }
    }

    /** Runs {@code action} beside other readers, while no writer changes the metadata. */
    <T> T shared(Action<T> action) throws IOException, ImageException {
        Holders holders = holders();
        if (holders.threads.isWriteLockedByCurrentThread() || holders.threads.getReadHoldCount() > 0) {
            return action.run();
        }
        holders.threads.readLock().lock();
        try {
            holders.enter(this);
            try {
                return action.run();
            } finally {
                holders.leave();
            }
        } finally {
            holders.threads.readLock().unlock();
        }
    }

    private Holders holders() {
        return IN_PROCESS.computeIfAbsent(lockFile, p -> new Holders());
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** This JVM's holders of one lock file: its threads, and the shared file lock its readers hold together. */
    private static final class Holders {

        final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
        private int readers;
        private FileChannel shared;

        /** The first reader takes the shared file lock, waiting for writers in other processes. */
        synchronized void enter(StoreLock lock) throws IOException {
            if (readers == 0) {
                FileChannel channel = lock.open();
                try {
                    channel.lock(0, Long.MAX_VALUE, true);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                shared = channel;
            }
            readers++;
        }

        /** The last reader releases it. */
        synchronized void leave() throws IOException {
            if (--readers == 0) {
                FileChannel channel = shared;
                shared = null;
                channel.close();
            }
        }
    }
}
