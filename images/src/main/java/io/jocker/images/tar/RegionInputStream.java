package io.jocker.images.tar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A plain layer tar that lies in a file ({@link FileRegion}), read as a stream for its headers,
 * whose regular files' content the kernel copies from the file (sendfile: one copy, where a read
 * and a write make two), and which a {@link RegionHasher} hashes beside it. The tar reader must
 * not read ahead; commons-compress' reads one record at a time, so when it asks for a file's
 * content, the stream stands where that content starts.
 */
public final class RegionInputStream extends LayerTarStream {

    /** Headers are read through this buffer: a few of them, or a header and some content. */
    private static final int BUFFER = 16 * 1024;

    private final FileChannel file;
    private final FileRegion region;
    private final RegionHasher hasher;
    private final long end;
    private final byte[] buffer = new byte[BUFFER];
    /** Where in the file {@code buffer[0]} was read from, and how many bytes it holds. */
    private long bufferStart;
    private int bufferLength;
    private long position;
    /** Content that {@link #write} has copied and the tar reader has yet to read over. */
    private final PassOver passOver = new PassOver();

    private RegionInputStream(FileChannel file, FileRegion region, RegionHasher hasher) {
        this.file = file;
        this.region = region;
        this.hasher = hasher;
        this.position = region.offset();
        this.end = region.end();
    }

    /** Opens the region's file and starts hashing the region with {@code digest}; closing the stream stops both. */
    public static RegionInputStream open(FileRegion region, MessageDigest digest) throws IOException {
        FileChannel file = FileChannel.open(region.file(), StandardOpenOption.READ);
        try {
            return new RegionInputStream(file, region, RegionHasher.start(region, digest));
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /** The region's digest, from the hashing thread. */
    @Override
    public String digest() throws IOException {
        return hasher.digest();
    }

    @Override
    public long size() {
        return region.length();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int passed = passOver.take(length);
        if (passed > 0) {
            position += passed;
            return passed;
        }
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        if (position < bufferStart || position >= bufferStart + bufferLength) {
            fill();
        }
        int n = (int) Math.min(length, bufferStart + bufferLength - position);
        System.arraycopy(buffer, (int) (position - bufferStart), bytes, offset, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        ByteBuffer into = ByteBuffer.wrap(buffer, 0, (int) Math.min(BUFFER, end - position));
        while (into.hasRemaining()) {
            if (file.read(into, position + into.position()) < 0) {
                throw new IOException("the file ends before the layer does: it became shorter while it was read");
            }
        }
        bufferStart = position;
        bufferLength = into.position();
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = Math.max(0, Math.min(n, end - position));
        passOver.take((int) Math.min(skipped, Integer.MAX_VALUE));
        position += skipped;
        return skipped;
    }

    /**
     * Copies the next {@code size} bytes, the content {@code content} (the tar reader) is about to
     * yield, into the new file {@code target}; then the tar reader reads over them.
     */
    @Override
    public void write(InputStream content, long size, Path target) throws IOException {
        if (size > end - position) {
            throw new IOException("Truncated TAR archive");
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            for (long done = 0; done < size; ) {
                long n = file.transferTo(position + done, size - done, out);
                if (n <= 0) {
                    throw new IOException("the file ends before the layer does: it became shorter while it was read");
                }
                done += n;
            }
        }
        passOver.readOver(content, size, target.getFileName().toString());
    }

    @Override
    public void close() throws IOException {
        try (file) {
            hasher.close();
        }
    }
}
