package io.jocker.engine.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts every byte read through it, so a layer's diff id comes out of the unpacking pass. */
final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private long count;

    DigestingInputStream(InputStream in) {
        this(in, true);
    }

    /** Without {@code hash} it only counts: for a stream whose digest is already known. */
    DigestingInputStream(InputStream in, boolean hash) {
        super(in);
        this.digest = hash ? Digests.sha256() : null;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            if (digest != null) {
                digest.update((byte) b);
            }
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            if (digest != null) {
                digest.update(buffer, offset, n);
            }
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left, so the digest covers the whole stream (tar padding after the end marker included). */
    void drain() throws IOException {
        skip(Long.MAX_VALUE);
    }

    /** The sha256 of everything read; call once, at the end, and only on a hashing stream. */
    String digest() {
        return Digests.format(digest.digest());
    }

    long count() {
        return count;
    }
}
