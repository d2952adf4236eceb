package io.jocker.images.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.images.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing a region of a file on a thread of its own: the region's digest, failures, and no thread left behind. */
class RegionHasherTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path temp;

    @AfterEach
    void noHashingThreadIsLeft() throws InterruptedException {
        assertFalse(BackgroundDigestInputStreamTest.hashingThreadAlive(), "a layer-digest thread is still running");
    }

    @Test
    void hashesExactlyTheRegionWhateverItsSizeAndOffset() throws Exception {
        byte[] data = random(3 * MIB + 1000);
        Path file = Files.write(temp.resolve("archive"), data);
        for (int[] region : new int[][] {{0, data.length}, {512, 0}, {777, MIB}, {MIB - 3, 2 * MIB + 5}, {data.length, 0}}) {
            try (RegionHasher hasher = RegionHasher.start(new FileRegion(file, region[0], region[1]), Digests.sha256())) {
                assertEquals(Digests.of(Arrays.copyOfRange(data, region[0], region[0] + region[1])), hasher.digest(),
                        "offset " + region[0] + ", length " + region[1]);
            }
        }
    }

    @Test
    void theJdksDigestTheFallbackWithoutLibcryptoGivesTheSameResult() throws Exception {
        byte[] data = random(2 * MIB + 77);
        Path file = Files.write(temp.resolve("archive"), data);
        try (RegionHasher hasher = RegionHasher.start(new FileRegion(file, 77, 2 * MIB), Digests.jdkSha256())) {
            assertEquals(Digests.of(Arrays.copyOfRange(data, 77, 77 + 2 * MIB)), hasher.digest());
        }
    }

    @Test
    void aRegionBeyondTheEndOfTheFileFails() throws Exception {
        Path file = Files.write(temp.resolve("short"), random(5000));
        try (RegionHasher hasher = RegionHasher.start(new FileRegion(file, 4000, 2000), Digests.sha256())) {
            IOException e = assertThrows(IOException.class, hasher::digest);
            assertTrue(e.getMessage().contains("became shorter"), e.getMessage());
        }
    }

    @Test
    void aFailingDigestFailsWithItsCause() throws Exception {
        Path file = Files.write(temp.resolve("archive"), random(3 * MIB));
        try (RegionHasher hasher = RegionHasher.start(new FileRegion(file, 0, 3 * MIB),
                new BackgroundDigestInputStreamTest.FailingDigest(MIB))) {
            IOException e = assertThrows(IOException.class, hasher::digest);
            assertEquals("cannot hash the layer: digest failed on purpose", e.getMessage());
        }
    }

    @Test
    void closingBeforeTheEndStopsTheThreadAfterItsCurrentChunk() throws Exception {
        Path file = Files.write(temp.resolve("archive"), random(8 * MIB));
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong hashed = new AtomicLong();
        MessageDigest heldAtTheFirstChunk = new BackgroundDigestInputStreamTest.FailingDigest(Long.MAX_VALUE) {
            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                hashed.addAndGet(len);
                hashing.countDown();
                awaitUninterruptibly(release);
            }
        };
        RegionHasher hasher = RegionHasher.start(new FileRegion(file, 0, 8 * MIB), heldAtTheFirstChunk);
        assertTrue(hashing.await(10, TimeUnit.SECONDS), "the hashing thread started");
        Thread closer = new Thread(() -> {
            try {
                hasher.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        closer.start();
        BackgroundDigestInputStreamTest.awaitParked(closer);
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertFalse(closer.isAlive(), "close returns once the thread ended");
        assertEquals(MIB, hashed.get(), "the thread stopped after the chunk it was hashing");
        IOException e = assertThrows(IOException.class, hasher::digest);
        assertEquals("the layer's hashing was stopped", e.getMessage());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
