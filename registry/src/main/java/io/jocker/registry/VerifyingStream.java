package io.jocker.registry;

import io.jocker.images.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * A blob as it is downloaded: hashed and counted on the way through, and refused the moment it
 * grows past the size its descriptor states, so that an endless response ends. {@link #verify}
 * then compares the digest; closing it reads what its consumer left (a tar's trailing padding, a
 * compressed stream's trailer) so that the whole blob is hashed.
 */
final class VerifyingStream extends FilterInputStream {

    private static final long REPORT_EVERY = 512 * 1024;

    private final String digest;
    private final long size;
    private final MessageDigest sha256 = Digests.sha256();
    private final LongConsumer progress;
    private long count;
    private long reported;
    private volatile boolean connectionFailed;
    private volatile boolean overran;
    private boolean closed;

    VerifyingStream(InputStream in, String digest, long size, LongConsumer progress) {
        super(in);
        this.digest = digest;
        this.size = size;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            connectionFailed = true;
            throw e;
        }
        if (n < 0 && count < size) {
            // The connection closed early: the body ended before the blob did.
            connectionFailed = true;
            throw new IOException("the connection closed after " + count + " of " + size + " bytes of blob " + digest);
        }
        if (n > 0) {
            count += n;
            if (count > size) {
                overran = true;
                throw new IOException("blob " + digest + " is larger than the " + size + " bytes its manifest states");
            }
            sha256.update(b, off, n);
            if (count - reported >= REPORT_EVERY || count == size) {
                reported = count;
                progress.accept(count);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            byte[] buffer = new byte[64 * 1024];
            while (read(buffer, 0, buffer.length) >= 0) {
                // Hashes the rest.
            }
        } finally {
            super.close();
        }
    }

    /** Refuses a blob whose size or digest is not the descriptor's. Call after {@link #close}. */
    void verify() throws RegistryException {
        String actual = Digests.format(sha256.digest());
        if (count != size || !actual.equals(digest)) {
            throw new RegistryException("filesystem layer verification failed for digest " + digest + " (got " + actual + ", "
                    + count + " of " + size + " bytes)");
        }
    }

    /** Whether reading from the connection failed, or it ended before the stated size: worth another try. */
    boolean connectionFailed() {
        return connectionFailed;
    }

    /** Whether the blob grew past its stated size: never retried, the registry serves something else. */
    boolean overran() {
        return overran;
    }
}
