package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.events.Events;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of the image store ({@code images}, {@code run}'s lookup, {@code history}, {@code save})
 * never wait for a writer's layer copy: each writer here is stalled in the middle of its layer (its
 * digest or its output blocks until the test lets it go), and every reader must finish meanwhile.
 */
class ImageStoreConcurrencyTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    /** Longer than a pipe's buffer and several hashing chunks. */
    private static final byte[] BIG = bigTar();

    @TempDir
    Path temp;

    private final Stall stall = new Stall();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ImageStore store;
    private String base;

    @BeforeEach
    void importBase() throws Exception {
        store = newStore("a");
        base = store.importImage(new ByteArrayInputStream(new Tars().file("etc/hostname", "jocker\n").bytes()),
                new ImportRequest("-", "base", List.of(), null));
    }

    @AfterEach
    void releaseAndStop() {
        stall.release();
        threads.shutdownNow();
    }

    private ImageStore newStore(String name) {
        return new ImageStore(temp.resolve(name + "/images"), new DirectoryStorageDriver(temp.resolve(name + "/driver")),
                mock(KernelOps.class), new ObjectMapper(), new TickingClock(START), Events.discarding(), stall::digest);
    }

    @Test
    void aCommitStalledInItsLayerHoldsUpNoReader() throws Exception {
        Path spool = store.newSpool("test-");
        Files.write(spool, BIG);
        stall.arm();

        Future<String> commit = threads.submit(() -> store.commit(spool, Digests.of(BIG),
                new CommitRequest(base, RunConfig.EMPTY, List.of(), null, "sh", "committed")));

        assertReadersFinishWhileStalled(commit);
        assertEquals(commit.get(60, TimeUnit.SECONDS), store.resolve("committed").id());
    }

    @Test
    void aLoadStalledInItsLayerHoldsUpNoReader() throws Exception {
        String big = store.importImage(new ByteArrayInputStream(BIG), new ImportRequest("-", "big", List.of(), null));
        Path archive = temp.resolve("saved.tar");
        try (FileChannel out = FileChannel.open(archive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            store.save(List.of("big"), out);
        }
        ImageStore other = newStore("b");
        other.importImage(new ByteArrayInputStream(new Tars().file("etc/hostname", "jocker\n").bytes()),
                new ImportRequest("-", "base", List.of(), null));
        store = other;
        stall.arm();

        Future<List<String>> load = threads.submit(() -> other.load(archive));

        assertReadersFinishWhileStalled(load);
        assertEquals(List.of("Loaded image: big:latest"), load.get(60, TimeUnit.SECONDS));
        assertEquals(big, other.resolve("big").id());
    }

    @Test
    void anImportStalledInItsLayerHoldsUpNoReader() throws Exception {
        InputStream half = new InputStream() {
            private final InputStream tar = new ByteArrayInputStream(BIG);
            private int read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= BIG.length / 2) {
                    stall.stallHere();
                }
                int n = tar.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };

        Future<String> imported = threads.submit(() -> store.importImage(half, new ImportRequest("-", "big", List.of(), null)));

        assertReadersFinishWhileStalled(imported);
        assertEquals(imported.get(60, TimeUnit.SECONDS), store.resolve("big").id());
    }

    @Test
    void aSaveStalledOnItsReaderHoldsUpNoReader() throws Exception {
        Path saved = temp.resolve("saved.tar");
        try (FileChannel file = FileChannel.open(saved, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WritableByteChannel slow = new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    stall.stallHere();
                    return file.write(src);
                }

                @Override
                public boolean isOpen() {
                    return file.isOpen();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
            Future<Void> save = threads.submit(() -> {
                store.save(List.of("base"), slow);
                return null;
            });

            assertReadersFinishWhileStalled(save);
            save.get(60, TimeUnit.SECONDS);
        }
        assertTrue(Files.size(saved) > 0);
    }

    /** Waits until {@code writer} is stalled, runs every reader to its end, then lets the writer go. */
    private void assertReadersFinishWhileStalled(Future<?> writer) throws Exception {
        stall.awaitStalled(writer);
        assertFalse(writer.isDone());
        finishes(() -> store.list());
        finishes(() -> store.resolve("base"));
        finishes(() -> store.history("base"));
        Path out = Files.createTempFile(temp, "reader-", ".tar");
        finishes(() -> {
            try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
                store.save(List.of("base"), channel);
            }
            return null;
        });
        assertFalse(writer.isDone(), "the writer was still stalled while the readers ran");
        stall.release();
    }

    /** Runs a reader on a thread of its own; one that waits for the stalled writer fails the test instead of hanging it. */
    private void finishes(Callable<?> reader) throws Exception {
        Future<?> result = threads.submit(reader);
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("a reader of the image store waited for the stalled writer", e);
        }
    }

    private static byte[] bigTar() {
        byte[] data = new byte[3 * BackgroundDigestInputStream.CHUNK];
        new Random(11).nextBytes(data);
        return new Tars().file("a", data).file("b", "small").bytes();
    }

    /**
     * The hook: once armed, the first layer digest update (or an explicit {@link #stallHere}) blocks
     * until {@link #release}, and {@link #awaitStalled} returns once something blocks there.
     */
    private static final class Stall {

        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean armed = new AtomicBoolean();

        void arm() {
            armed.set(true);
        }

        void stallHere() {
            stalled.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitStalled(Future<?> writer) throws Exception {
            while (!stalled.await(100, TimeUnit.MILLISECONDS)) {
                if (writer.isDone()) {
                    writer.get();
                    throw new AssertionError("the writer finished without stalling");
                }
            }
        }

        void release() {
            released.countDown();
        }

        MessageDigest digest() {
            return new MessageDigest("stalling") {
                private final MessageDigest sha = Digests.sha256();

                @Override
                protected void engineUpdate(byte input) {
                    engineUpdate(new byte[] {input}, 0, 1);
                }

                @Override
                protected void engineUpdate(byte[] input, int offset, int len) {
                    if (armed.getAndSet(false)) {
                        stallHere();
                    }
                    sha.update(input, offset, len);
                }

                @Override
                protected byte[] engineDigest() {
                    return sha.digest();
                }

                @Override
                protected void engineReset() {
                    sha.reset();
                }
            };
        }
    }
}
