package io.jocker.engine.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressor's output, whose read failures say that the archive is truncated or corrupt
 * ({@link CorruptArchiveException}) instead of a bare {@code EOFException}. Decompressors may also
 * throw unchecked exceptions on corrupt input; those are corrupt input too.
 */
final class CheckedDecompression extends FilterInputStream {

    private final String format;

    CheckedDecompression(String format, InputStream decompressed) {
        super(decompressed);
        this.format = format;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    private IOException corrupt(Exception e) {
        return e instanceof CorruptArchiveException already ? already : new CorruptArchiveException(format, e);
    }
}
