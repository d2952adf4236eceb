package io.jocker.images.tar;

import io.jocker.images.Digests;
import io.jocker.linux.NativeBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Hashes a {@link FileRegion} on a thread of its own, beside the {@link RegionInputStream} that
 * unpacks the same bytes: hashing a layer costs about as much as unpacking it. The thread reads
 * the region itself, into native memory that OpenSSL hashes in place, so that the unpacking
 * thread copies each byte only once. {@link #close} stops the thread.
 */
final class RegionHasher implements Closeable {

    /** Few large reads and updates: at 1 MiB the calls cost little beside the hashing. */
    private static final int CHUNK = 1 << 20;

    private final FileRegion region;
    private final MessageDigest digest;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    private RegionHasher(FileRegion region, MessageDigest digest) {
        this.region = region;
        this.digest = digest;
        this.thread = new Thread(this::hash, "layer-digest");
        thread.setDaemon(true);
    }

    /** Starts hashing {@code region} with {@code digest}, a fresh SHA-256 but in tests. */
    static RegionHasher start(FileRegion region, MessageDigest digest) {
        RegionHasher hasher = new RegionHasher(region, digest);
        hasher.thread.start();
        return hasher;
    }

    private void hash() {
        try (FileChannel file = FileChannel.open(region.file(), StandardOpenOption.READ);
                NativeBuffer buffer = new NativeBuffer(CHUNK)) {
            ByteBuffer bytes = buffer.bytes();
            for (long position = region.offset(); position < region.end() && !stopped; ) {
                bytes.clear().limit((int) Math.min(CHUNK, region.end() - position));
                int n = file.read(bytes, position);
                if (n < 0) {
                    throw new IOException("the file ends before the layer does: it became shorter while it was read");
                }
                bytes.flip();
                digest.update(bytes);
                position += n;
            }
            if (stopped) {
                digest.reset();
                result.cancel(false);
            } else {
                result.complete(digest.digest());
            }
        } catch (IOException | RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    /** Waits for the region's digest, as {@code sha256:<hex>}. */
    String digest() throws IOException {
        try {
            return Digests.format(result.get());
        } catch (CancellationException e) {
            throw new IOException("the layer's hashing was stopped", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot hash the layer: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the layer");
        }
    }

    /** Stops the thread (after its current chunk) and waits for it. */
    @Override
    public void close() throws IOException {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the layer's hashing thread");
        }
    }
}
