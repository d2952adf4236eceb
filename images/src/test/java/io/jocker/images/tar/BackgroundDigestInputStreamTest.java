package io.jocker.images.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.images.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing on a second thread: the same digest as hashing inline, bounded read-ahead, and failures from either side. */
public class BackgroundDigestInputStreamTest {

    private static final int CHUNK = BackgroundDigestInputStream.CHUNK;

    @TempDir
    Path temp;

    @AfterEach
    void noHashingThreadIsLeft() throws InterruptedException {
        assertFalse(hashingThreadAlive(), "a layer-digest thread is still running");
    }

    public static boolean hashingThreadAlive() throws InterruptedException {
        // A thread whose stream was closed ends right after; give it a moment to be gone from the list.
        for (int i = 0; i < 100; i++) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("layer-digest"))) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void digestAndCountMatchHashingInlineWhateverTheSizeAndReadPattern() throws Exception {
        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 7}) {
            byte[] data = random(size);
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try (BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(data),
                    Digests.sha256())) {
                // a single byte, a skip, then odd-sized reads, and the rest left to digest()
                int first = in.read();
                if (first >= 0) {
                    seen.write(first);
                }
                long skipped = in.skip(Math.min(1000, Math.max(0, size - 1)));
                seen.write(data, seen.size(), (int) skipped);
                byte[] buffer = new byte[77_777];
                for (int i = 0; i < 40; i++) {
                    int n = in.read(buffer, 3, buffer.length - 3);
                    if (n < 0) {
                        break;
                    }
                    seen.write(buffer, 3, n);
                }
                assertEquals(Digests.of(data), in.digest(), "size " + size);
                assertEquals(size, in.size());
            }
            byte[] read = seen.toByteArray();
            byte[] prefix = new byte[read.length];
            System.arraycopy(data, 0, prefix, 0, read.length);
            assertArrayEquals(prefix, read, "the reader sees the stream's bytes in order, size " + size);
        }
    }

    @Test
    void aFilesContentIsWrittenFromTheChunksAcrossTheirBoundariesAndTheTarReaderPassesOverIt() throws Exception {
        byte[] data = random(4 * CHUNK);
        int start = CHUNK - 100;
        int size = 2 * CHUNK + 300;
        Path target = temp.resolve("content");
        try (BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(data),
                Digests.sha256())) {
            assertEquals(start, in.readNBytes(new byte[start], 0, start));

            in.write(in, size, target);

            assertArrayEquals(Arrays.copyOfRange(data, start, start + size), Files.readAllBytes(target));
            byte[] next = new byte[10];
            assertEquals(10, in.read(next, 0, 10));
            assertArrayEquals(Arrays.copyOfRange(data, start + size, start + size + 10), next);
            assertEquals(Digests.of(data), in.digest());
        }
    }

    @Test
    void theJdksDigestTheFallbackWithoutLibcryptoHashesTheNativeChunksToo() throws Exception {
        byte[] data = random(3 * CHUNK + 5);
        try (BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(data),
                Digests.jdkSha256())) {
            assertEquals(Digests.of(data), in.digest());
        }
    }

    @Test
    void aStreamOfOneChunkIsHashedByTheReaderAndALongerOneOnASecondThread() throws Exception {
        for (int size : new int[] {10, CHUNK, CHUNK + 1}) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            MessageDigest recording = new FailingDigest(Long.MAX_VALUE) {
                @Override
                protected void engineUpdate(byte[] input, int offset, int len) {
                    threads.add(Thread.currentThread().getName());
                    super.engineUpdate(input, offset, len);
                }
            };
            byte[] data = random(size);
            try (BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(data), recording)) {
                assertEquals(Digests.of(data), in.digest());
            }
            assertEquals(Set.of(size > CHUNK ? "layer-digest" : Thread.currentThread().getName()), threads, "size " + size);
        }
    }

    @Test
    void theReaderStaysAtMostFourChunksAheadOfTheHasher() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong consumed = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                consumed.incrementAndGet();
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                consumed.addAndGet(len);
                return len;
            }
        };
        MessageDigest stalled = new FailingDigest(Long.MAX_VALUE) {
            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        BackgroundDigestInputStream in = new BackgroundDigestInputStream(endless, stalled);
        CompletableFuture<Void> skipped = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                in.skip(100L * CHUNK);
                skipped.complete(null);
            } catch (IOException | RuntimeException e) {
                skipped.completeExceptionally(e);
            }
        });
        reader.start();
        // Parked, the reader waits for a free buffer, which only the stalled hasher can give back.
        awaitParked(reader);
        assertFalse(skipped.isDone(), "the reader waits for the hasher");
        assertEquals(4L * CHUNK, consumed.get(), "memory is bounded by four chunks");
        release.countDown();
        skipped.get(10, TimeUnit.SECONDS);
        in.close();
    }

    @Test
    void aFailureOfTheHasherEndsTheReaderWithAnError() throws Exception {
        byte[] data = random(10 * CHUNK);
        IOException e;
        try (BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(data),
                new FailingDigest(2L * CHUNK))) {
            e = assertThrows(IOException.class, () -> {
                in.readAllBytes();
                in.digest();
            });
        }
        assertTrue(e.getMessage().startsWith("cannot hash the layer: "), e.getMessage());
        assertEquals("digest failed on purpose", e.getCause().getMessage());
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAndCloseStopsTheHasher() throws Exception {
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(random(3 * CHUNK))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("source failed on purpose");
                }
                return n;
            }
        };
        BackgroundDigestInputStream in = new BackgroundDigestInputStream(failing, Digests.sha256());
        IOException e = assertThrows(IOException.class, in::digest);
        assertEquals("source failed on purpose", e.getMessage());
        in.close();
    }

    @Test
    void closingBeforeTheEndStopsTheHasher() throws Exception {
        BackgroundDigestInputStream in = new BackgroundDigestInputStream(new ByteArrayInputStream(random(6 * CHUNK)),
                Digests.sha256());
        assertEquals(CHUNK, in.readNBytes(new byte[CHUNK], 0, CHUNK));
        in.close();
    }

    /** Waits (at most 10 s) until {@code thread} is parked, as a thread blocked on a queue or a lock is. */
    static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(thread.isAlive() && System.nanoTime() < deadline, "the thread never blocked");
            Thread.onSpinWait();
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** A SHA-256 that throws once it has been given more than {@code limit} bytes. */
    public static class FailingDigest extends MessageDigest {

        private final long limit;
        private final MessageDigest sha = Digests.sha256();
        private long seen;

        public FailingDigest(long limit) {
            super("failing");
            this.limit = limit;
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            seen += len;
            if (seen > limit) {
                throw new IllegalStateException("digest failed on purpose");
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
            seen = 0;
        }
    }
}
