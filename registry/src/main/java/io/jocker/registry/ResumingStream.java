package io.jocker.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's body that survives dropped connections: when the connection fails or ends before the
 * blob's size, the rest is asked for from where it stopped ({@code Range: bytes=N-}) and read on
 * as if nothing happened, so that the layer being unpacked from it need not start again. A
 * registry that ignores the range sends the whole blob again, whose first N bytes are skipped.
 */
final class ResumingStream extends InputStream {

    /** Opens the blob from an offset: a body that starts there, or the whole blob when {@code skip} is true. */
    @FunctionalInterface
    interface Opener {
        Opened open(long offset) throws IOException, RegistryException;
    }

    /** A body, and whether it starts at the blob's beginning rather than at the offset asked for. */
    record Opened(InputStream body, boolean fromStart) {}

    /** Resumes per blob: a connection that keeps dropping is given up on. */
    static final int MAX_RESUMES = 5;

    private final Opener opener;
    private final String digest;
    private final long size;
    private InputStream in;
    private long offset;
    private int resumes;
    private IOException failed;

    ResumingStream(InputStream first, String digest, long size, Opener opener) {
        this.in = first;
        this.digest = digest;
        this.size = size;
        this.opener = opener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                resume(e);
                continue;
            }
            if (n < 0 && offset < size) {
                resume(new IOException("the connection closed after " + offset + " of " + size + " bytes of blob " + digest));
                continue;
            }
            if (n > 0) {
                offset += n;
            }
            return n;
        }
    }

    /** Opens the rest of the blob, or throws {@code cause} when that is not worth trying (again). */
    private void resume(IOException cause) throws IOException {
        if (failed != null) {
            throw failed;
        }
        if (Thread.currentThread().isInterrupted() || resumes == MAX_RESUMES) {
            // Given up for good: a later read (a consumer's close draining the rest) fails at once.
            failed = cause;
            throw cause;
        }
        resumes++;
        closeQuietly(in);
        Opened opened;
        try {
            opened = opener.open(offset);
        } catch (RegistryException | IOException e) {
            cause.addSuppressed(e);
            failed = cause;
            throw cause;
        }
        in = opened.body();
        if (opened.fromStart()) {
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                cause.addSuppressed(e);
                failed = cause;
                throw cause;
            }
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The connection is gone already.
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
