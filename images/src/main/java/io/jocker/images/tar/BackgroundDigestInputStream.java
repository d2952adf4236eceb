package io.jocker.images.tar;

import io.jocker.images.Digests;
import io.jocker.linux.NativeBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A layer tar read in large chunks of native memory that are hashed with SHA-256 on a second
 * thread, so that hashing a layer (as costly as unpacking it) runs beside the reader instead of
 * after it; it counts the bytes too. It is also the {@link TarUnpacker.ContentWriter} of the tar it
 * streams: a file's content goes from the chunks to the file in one write each, and OpenSSL
 * hashes the chunks where they lie, so that no byte is copied again on its way to either. At most {@value #CHUNKS} chunks of {@value #CHUNK} bytes exist, whatever the
 * stream's size. A stream of one chunk (a typical commit) is hashed by the reader itself: handing
 * it to a thread costs more than it saves, and on a busy machine each hand-off can wait for a
 * time slice. A failure of the hashing thread ends the reader's next chunk and {@link #digest}
 * with an exception. One reader only; {@link #close} stops the thread and frees the chunks.
 */
public final class BackgroundDigestInputStream extends LayerTarStream {

    /**
     * Few large updates and reads: at 1 MiB the calls cost little beside the hashing (the JDK's
     * SHA-256, the fallback, also reaches its compiled intrinsic much sooner in large updates).
     */
    public static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;
    private static final Chunk END = new Chunk(null, null);

    private final InputStream source;
    /** Bytes pass through here from the source into a chunk. */
    private final byte[] staging = new byte[64 * 1024];
    private final MessageDigest digest;
    /** Every chunk allocated, freed by {@link #close}. */
    private final List<NativeBuffer> chunks = new ArrayList<>();
    /** Chunks the hasher is done with; only the reader takes from it, and only when it is done with its current chunk. */
    private final BlockingQueue<NativeBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
    /** Chunks to hash in order, then {@link #END}; never full, as there are never more than {@value #CHUNKS} chunks. */
    private final BlockingQueue<Chunk> queued = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Thread hasher;
    /** The first chunk, held back until a second one shows that a thread is worth starting. */
    private Chunk first;
    /** The chunk being read: its position is the next byte, its limit the end of its data. */
    private ByteBuffer current = ByteBuffer.allocate(0);
    private long count;
    private boolean ended;
    /** Content that {@link #write} has written already and the tar reader has yet to read over. */
    private final PassOver passOver = new PassOver();

    /** A chunk handed to the hasher, with a view of its data of its own. */
    private record Chunk(NativeBuffer buffer, ByteBuffer data) {}

    /** Reads {@code source}, which closing this closes, and hashes it with {@code digest}, a fresh SHA-256 but in tests. */
    public BackgroundDigestInputStream(InputStream source, MessageDigest digest) {
        this.source = source;
        this.digest = digest;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        int passed = passOver.take(length);
        if (passed > 0) {
            return passed;
        }
        if (!current.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(buffer, offset, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = passOver.take((int) Math.min(n, Integer.MAX_VALUE));
        while (skipped < n && (current.hasRemaining() || fill())) {
            int step = (int) Math.min(n - skipped, current.remaining());
            current.position(current.position() + step);
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return current.remaining();
    }

    /**
     * Writes the next {@code size} bytes, the content {@code content} (the tar reader) is about to
     * yield, from the chunks into the new file {@code target}. Then the tar reader reads over
     * them, so that it (and whoever counts what it reads) moves past them as if it had copied them.
     */
    @Override
    public void write(InputStream content, long size, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            writeFromChunks(size, out);
        }
        passOver.readOver(content, size, target.getFileName().toString());
    }

    private void writeFromChunks(long size, FileChannel out) throws IOException {
        for (long left = size; left > 0; ) {
            if (!current.hasRemaining() && !fill()) {
                throw new IOException("Truncated TAR archive");
            }
            int n = (int) Math.min(left, current.remaining());
            ByteBuffer slice = current.slice().limit(n);
            while (slice.hasRemaining()) {
                out.write(slice);
            }
            current.position(current.position() + n);
            left -= n;
        }
    }

    /**
     * Reads what is left (a tar's padding after its end blocks included, so that the digest covers
     * the whole stream) and returns the stream's digest as {@code sha256:<hex>}.
     */
    @Override
    public String digest() throws IOException {
        while (fill()) {
            current.position(current.limit());
        }
        try {
            return Digests.format(result.get());
        } catch (ExecutionException e) {
            throw hashingFailed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the layer");
        }
    }

    /** The number of bytes read from the source so far. */
    @Override
    public long size() {
        return count;
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        if (result.isCompletedExceptionally()) {
            try {
                result.join();
            } catch (CompletionException e) {
                throw hashingFailed(e.getCause());
            }
        }
        NativeBuffer buffer = nextBuffer();
        ByteBuffer bytes = buffer.bytes();
        bytes.clear();
        int n = read(bytes);
        if (n == 0) {
            free.add(buffer);
            ended = true;
            endOfStream();
            current = ByteBuffer.allocate(0);
            return false;
        }
        bytes.flip();
        hand(new Chunk(buffer, bytes.duplicate()));
        current = bytes;
        count += n;
        return true;
    }

    /** Fills {@code chunk} from the source up to its limit, or less at the end; returns the bytes read. */
    private int read(ByteBuffer chunk) throws IOException {
        int total = 0;
        while (chunk.hasRemaining()) {
            int n = source.readNBytes(staging, 0, Math.min(staging.length, chunk.remaining()));
            if (n == 0) {
                break;
            }
            chunk.put(staging, 0, n);
            total += n;
        }
        return total;
    }

    private NativeBuffer nextBuffer() throws IOException {
        NativeBuffer buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        if (chunks.size() < CHUNKS) {
            buffer = new NativeBuffer(CHUNK);
            chunks.add(buffer);
            return buffer;
        }
        try {
            while ((buffer = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
                if (!hasher.isAlive()) {
                    throw new IOException("the layer's hashing thread stopped unexpectedly");
                }
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the layer");
        }
    }

    private void hand(Chunk chunk) {
        if (hasher != null) {
            queued.add(chunk);
        } else if (first == null) {
            first = chunk;
        } else {
            hasher = new Thread(this::hashChunks, "layer-digest");
            hasher.setDaemon(true);
            hasher.start();
            queued.add(first);
            queued.add(chunk);
            first = null;
        }
    }

    private void endOfStream() {
        if (hasher != null) {
            queued.add(END);
            return;
        }
        try {
            if (first != null) {
                digest.update(first.data());
                free.add(first.buffer());
                first = null;
            }
            result.complete(digest.digest());
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    /** The hasher: after a failure it keeps handing chunks back, so the reader never waits for one in vain. */
    private void hashChunks() {
        try {
            for (Chunk chunk = queued.take(); chunk != END; chunk = queued.take()) {
                if (!result.isDone()) {
                    try {
                        digest.update(chunk.data());
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                }
                free.add(chunk.buffer());
            }
            result.complete(digest.digest());
        } catch (InterruptedException e) {
            result.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private static IOException hashingFailed(Throwable cause) {
        return new IOException("cannot hash the layer: " + cause, cause);
    }

    /** Stops the hashing thread (after the chunks already read), frees the chunks and closes the source. */
    @Override
    public void close() throws IOException {
        try {
            if (hasher != null) {
                if (!ended) {
                    ended = true;
                    queued.add(END);
                }
                joinHasher();
            }
        } finally {
            // A hasher still running (its join interrupted) may be reading a chunk: the chunks are then left to the collector.
            if (hasher == null || !hasher.isAlive()) {
                chunks.forEach(NativeBuffer::close);
            }
            chunks.clear();
            current = ByteBuffer.allocate(0);
            source.close();
        }
    }

    private void joinHasher() throws InterruptedIOException {
        try {
            hasher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the layer's hashing thread");
        }
    }
}
