package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Unix stream sockets by path, and passing a file descriptor over one with a name beside it, as
 * an OCI runtime hands a container's pty master to its caller's {@code --console-socket}.
 */
public final class UnixSockets {

    /** {@code sizeof(sun_path)}, its terminating NUL included. */
    static final int MAX_PATH = 108;
    private static final int MSGHDR = 56;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int MAX_NAME = 4096;
    private static final int MAX_FDS = 16;

    private UnixSockets() {}

    /** A descriptor received with the bytes sent beside it. */
    public record Received(String name, int fd) {}

    /** A connected, close-on-exec socket to the listening socket at {@code path}. */
    public static int connect(String path) throws LinuxException {
        byte[] address = address(path);
        int fd = Fds.socket(Fds.AF_UNIX, Fds.SOCK_STREAM | Fds.SOCK_CLOEXEC);
        try {
            Errno.check(Bindings.connect(fd, address, address.length), "connect", path);
            return fd;
        } catch (LinuxException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** A close-on-exec socket bound to {@code path} (which must not exist) and listening. */
    public static int listen(String path) throws LinuxException {
        byte[] address = address(path);
        int fd = Fds.socket(Fds.AF_UNIX, Fds.SOCK_STREAM | Fds.SOCK_CLOEXEC);
        try {
            Errno.check(Bindings.bind(fd, address, address.length), "bind", path);
            Errno.check(Bindings.listen(fd, 1), "listen", path);
            return fd;
        } catch (LinuxException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** accept4(2): the next connection, close-on-exec. */
    public static int accept(int listening) throws LinuxException {
        return Errno.check(Bindings.accept4(listening, null, null, Fds.SOCK_CLOEXEC), "accept4", "fd " + listening);
    }

    /** Sends {@code fd} over {@code socket} with {@code name} (non-empty) as the message's bytes. */
    public static void sendFd(int socket, String name, int fd) throws LinuxException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME) {
            throw new LinuxException("sendmsg", "a name of " + bytes.length + " bytes", Errno.EINVAL);
        }
        byte[] control = ControlMessages.rights(fd);
        try (Memory data = copy(bytes); Memory controlBuffer = copy(control); Memory iov = new Memory(16);
                Memory message = new Memory(MSGHDR)) {
            iov.setPointer(0, data);
            iov.setLong(8, bytes.length);
            header(message, iov, controlBuffer, control.length);
            while (true) {
                long sent = Bindings.sendmsg(socket, message, 0);
                if (sent >= 0) {
                    return;
                }
                int errno = Errno.last();
                if (errno != Errno.EINTR) {
                    throw new LinuxException("sendmsg", "fd " + socket, errno);
                }
            }
        }
    }

    /**
     * Receives one message with a descriptor (close-on-exec); fails if it carries none, and
     * closes any beyond the first.
     */
    public static Received receiveFd(int socket) throws LinuxException {
        int controlLength = ControlMessages.space(MAX_FDS * Integer.BYTES);
        try (Memory data = new Memory(MAX_NAME); Memory control = new Memory(controlLength); Memory iov = new Memory(16);
                Memory message = new Memory(MSGHDR)) {
            iov.setPointer(0, data);
            iov.setLong(8, MAX_NAME);
            header(message, iov, control, controlLength);
            long received;
            while ((received = Bindings.recvmsg(socket, message, MSG_CMSG_CLOEXEC)) < 0) {
                int errno = Errno.last();
                if (errno != Errno.EINTR) {
                    throw new LinuxException("recvmsg", "fd " + socket, errno);
                }
            }
            int[] fds = ControlMessages.fdsIn(control.getByteArray(0, controlLength), (int) message.getLong(40));
            for (int i = 1; i < fds.length; i++) {
                Fds.closeQuietly(fds[i]);
            }
            if (fds.length == 0) {
                throw new LinuxException("recvmsg", "fd " + socket + " (a message without a descriptor)", Errno.EINVAL);
            }
            return new Received(new String(data.getByteArray(0, (int) received), StandardCharsets.UTF_8), fds[0]);
        }
    }

    /** {@code struct sockaddr_un} for {@code path}. */
    static byte[] address(String path) throws LinuxException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length >= MAX_PATH) {
            throw new LinuxException("connect", path + " (a socket path has 1 to " + (MAX_PATH - 1) + " bytes)",
                    Errno.ENAMETOOLONG);
        }
        return ByteBuffer.allocate(2 + bytes.length + 1).order(ByteOrder.nativeOrder())
                .putShort((short) Fds.AF_UNIX).put(bytes).put((byte) 0).array();
    }

    /** {@code struct msghdr} without an address, with one iovec and the control buffer. */
    private static void header(Memory message, Memory iov, Memory control, int controlLength) {
        message.clear();
        message.setPointer(16, iov);
        message.setLong(24, 1);
        message.setPointer(32, control);
        message.setLong(40, controlLength);
    }

    private static Memory copy(byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int connect(int fd, byte[] address, int length);

        static native int bind(int fd, byte[] address, int length);

        static native int listen(int fd, int backlog);

        static native int accept4(int fd, Pointer address, Pointer length, int flags);

        static native long sendmsg(int fd, Pointer message, int flags);

        static native long recvmsg(int fd, Pointer message, int flags);
    }
}
