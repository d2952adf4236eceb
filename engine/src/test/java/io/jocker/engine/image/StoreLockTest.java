package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image store's readers-writer lock between the threads of one JVM (ImageStoreIT covers processes). */
class StoreLockTest {

    @TempDir
    Path temp;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    private StoreLock lock() {
        return new StoreLock(temp.resolve("images.lock"));
    }

    /** Holds the lock on another thread until the test ends, once {@link #holding} is counted down. */
    private Future<?> holdOnAnotherThread(boolean exclusive) throws InterruptedException {
        Future<?> holder = threads.submit(() -> {
            StoreLock.Action<Void> hold = () -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            };
            return exclusive ? lock().exclusive(hold) : lock().shared(hold);
        });
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        return holder;
    }

    @Test
    void readersShareTheLock() throws Exception {
        holdOnAnotherThread(false);

        assertEquals("read", lock().shared(() -> "read"));
        assertFalse(lock().tryExclusive(() -> null), "a writer does not get it while a reader holds it");
    }

    @Test
    void aWriterExcludesReadersUntilItIsDone() throws Exception {
        Future<?> writer = holdOnAnotherThread(true);
        AtomicInteger reads = new AtomicInteger();

        Future<?> reader = threads.submit(() -> lock().shared(reads::incrementAndGet));
        assertFalse(lock().tryExclusive(reads::incrementAndGet));
        assertEquals(0, reads.get());
        release.countDown();
        writer.get(30, TimeUnit.SECONDS);
        reader.get(30, TimeUnit.SECONDS);

        assertEquals(1, reads.get());
        assertTrue(lock().tryExclusive(reads::incrementAndGet), "free again");
        assertEquals(2, reads.get());
    }

    @Test
    void aWriterMayReadButAReaderMayNotWrite() throws Exception {
        StoreLock lock = lock();

        assertEquals("nested", lock.exclusive(() -> lock.shared(() -> "nested")));
        assertThrows(IllegalStateException.class, () -> lock.shared(() -> lock.exclusive(() -> null)));
        assertFalse(lock.shared(() -> lock.tryExclusive(() -> null)));
    }
}
