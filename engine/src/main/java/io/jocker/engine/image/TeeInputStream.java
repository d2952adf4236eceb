package io.jocker.engine.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies every byte read to a sink. Closing it leaves the source open: the caller owns stdin. */
final class TeeInputStream extends FilterInputStream {

    private final OutputStream sink;

    TeeInputStream(InputStream source, OutputStream sink) {
        super(source);
        this.sink = sink;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sink.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sink.write(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        int read = read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        sink.flush();
    }
}
