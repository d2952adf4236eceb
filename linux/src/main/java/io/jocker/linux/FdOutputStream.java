package io.jocker.linux;

import java.io.OutputStream;
import java.util.Arrays;

/** An unbuffered stream onto a raw file descriptor, which it does not own (closing it does nothing). */
public final class FdOutputStream extends OutputStream {

    private final int fd;

    public FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws LinuxException {
        Fds.writeFully(fd, new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] data, int offset, int length) throws LinuxException {
        Fds.writeFully(fd, offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length));
    }
}
