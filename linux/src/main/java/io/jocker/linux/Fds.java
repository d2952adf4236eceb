package io.jocker.linux;

import com.sun.jna.Pointer;
import java.util.Arrays;

/** File descriptor calls: pipes, socket pairs, read, write, close, poll and ioctl. */
public final class Fds {

    public static final int O_CLOEXEC = 02000000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_APPEND = 02000;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;
    public static final int O_NOCTTY = 0400;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_PATH = 010000000;
    /** A regular file without a name, in the directory given as the path (includes O_DIRECTORY). */
    public static final int O_TMPFILE = 020200000;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;
    public static final short POLLIN = 1;
    public static final short POLLOUT = 4;
    public static final short POLLERR = 8;
    public static final short POLLHUP = 0x10;
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;

    private Fds() {}

    /** A pair of fds, for example a pipe's read and write ends. */
    public record Pair(int first, int second) {}

    /** pipe2(2): {@code first} is the read end. */
    public static Pair pipe(int flags) throws LinuxException {
        int[] fds = new int[2];
        Errno.check(Bindings.pipe2(fds, flags), "pipe2", null);
        return new Pair(fds[0], fds[1]);
    }

    /** socketpair(2) of connected Unix sockets. */
    public static Pair socketPair(int type) throws LinuxException {
        int[] fds = new int[2];
        Errno.check(Bindings.socketpair(AF_UNIX, type, 0, fds), "socketpair", null);
        return new Pair(fds[0], fds[1]);
    }

    /** socket(2). */
    public static int socket(int domain, int type) throws LinuxException {
        return socket(domain, type, 0);
    }

    /** socket(2) of a given protocol. */
    public static int socket(int domain, int type, int protocol) throws LinuxException {
        return Errno.check(Bindings.socket(domain, type, protocol), "socket", null);
    }

    /** bind(2) to an address given as the bytes of its {@code struct sockaddr}. */
    public static void bind(int fd, byte[] address) throws LinuxException {
        Errno.check(Bindings.bind(fd, address, address.length), "bind", "fd " + fd);
    }

    /** open(2). */
    public static int open(String path, int flags) throws LinuxException {
        return Errno.check(Bindings.open(CStrings.of(path), flags, 0), "open", path);
    }

    /** open(2) with the mode of a file it creates (before the umask). */
    public static int open(String path, int flags, int mode) throws LinuxException {
        return Errno.check(Bindings.open(CStrings.of(path), flags, mode), "open", path);
    }

    /**
     * linkat(2) following {@code from} if it is a symbolic link: with {@code /proc/self/fd/N},
     * gives a name to a file opened with {@link #O_TMPFILE}. Fails with EEXIST if {@code to} exists.
     */
    public static void linkFollowing(String from, String to) throws LinuxException {
        Errno.check(Bindings.linkat(AT_FDCWD, CStrings.of(from), AT_FDCWD, CStrings.of(to), AT_SYMLINK_FOLLOW), "linkat", to);
    }

    /** mkfifo(3). */
    public static void mkfifo(String path, int mode) throws LinuxException {
        Errno.check(Bindings.mkfifo(CStrings.of(path), mode), "mkfifo", path);
    }

    /** read(2), retried on EINTR; returns 0 at end of file. */
    public static int read(int fd, byte[] buffer, int length) throws LinuxException {
        while (true) {
            long n = Bindings.read(fd, buffer, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new LinuxException("read", "fd " + fd, errno);
            }
        }
    }

    /** Writes all of {@code data}, retrying short writes and EINTR. */
    public static void writeFully(int fd, byte[] data) throws LinuxException {
        int offset = 0;
        while (offset < data.length) {
            byte[] rest = offset == 0 ? data : Arrays.copyOfRange(data, offset, data.length);
            long n = Bindings.write(fd, rest, rest.length);
            if (n < 0) {
                int errno = Errno.last();
                if (errno != Errno.EINTR) {
                    throw new LinuxException("write", "fd " + fd, errno);
                }
            } else {
                offset += (int) n;
            }
        }
    }

    /**
     * write(2) once on a non-blocking fd: returns how many bytes were written, 0 when the fd is
     * not ready (EAGAIN); EINTR is retried.
     */
    public static int writeSome(int fd, byte[] data, int offset, int length) throws LinuxException {
        byte[] part = offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
        while (true) {
            long n = Bindings.write(fd, part, part.length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Errno.last();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            if (errno != Errno.EINTR) {
                throw new LinuxException("write", "fd " + fd, errno);
            }
        }
    }

    /** dup(2), close-on-exec (F_DUPFD_CLOEXEC). */
    public static int dup(int fd) throws LinuxException {
        return Errno.check(Bindings.fcntl(fd, F_DUPFD_CLOEXEC, 0), "fcntl F_DUPFD_CLOEXEC", "fd " + fd);
    }

    /** dup(2) onto the lowest free fd not below {@code lowest}, close-on-exec (F_DUPFD_CLOEXEC). */
    public static int dup(int fd, int lowest) throws LinuxException {
        return Errno.check(Bindings.fcntl(fd, F_DUPFD_CLOEXEC, lowest), "fcntl F_DUPFD_CLOEXEC", "fd " + fd);
    }

    /** dup2(2). */
    public static void dup2(int from, int to) throws LinuxException {
        Errno.check(Bindings.dup2(from, to), "dup2", from + " to " + to);
    }

    /** close(2). */
    public static void close(int fd) throws LinuxException {
        Errno.check(Bindings.close(fd), "close", "fd " + fd);
    }

    /** Closes without reporting errors, for clean-up paths that already have a failure to report. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            Bindings.close(fd);
        }
    }

    /**
     * poll(2) of one fd; returns the revents (0 on timeout). EINTR counts as a timeout so callers
     * re-check their own state and poll again.
     */
    public static int poll(int fd, short events, int timeoutMillis) throws LinuxException {
        int[] pollfd = {fd, events & 0xffff};
        int rc = Bindings.poll(pollfd, 1, timeoutMillis);
        if (rc < 0) {
            int errno = Errno.last();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new LinuxException("poll", "fd " + fd, errno);
        }
        return rc == 0 ? 0 : (pollfd[1] >>> 16) & 0xffff;
    }

    /**
     * poll(2) of several fds for the same events; returns each fd's revents, in order (all 0 on
     * timeout or EINTR).
     */
    public static int[] poll(int[] fds, short events, int timeoutMillis) throws LinuxException {
        int[] pollfds = new int[fds.length * 2];
        for (int i = 0; i < fds.length; i++) {
            pollfds[2 * i] = fds[i];
            pollfds[2 * i + 1] = events & 0xffff;
        }
        int[] revents = new int[fds.length];
        int rc = Bindings.poll(pollfds, fds.length, timeoutMillis);
        if (rc < 0) {
            int errno = Errno.last();
            if (errno == Errno.EINTR) {
                return revents;
            }
            throw new LinuxException("poll", fds.length + " fds", errno);
        }
        for (int i = 0; i < fds.length; i++) {
            revents[i] = (pollfds[2 * i + 1] >>> 16) & 0xffff;
        }
        return revents;
    }

    /** Clears O_NONBLOCK, for an fd that had to be opened without blocking (a FIFO's write end). */
    public static void setBlocking(int fd) throws LinuxException {
        int flags = Errno.check(Bindings.fcntl(fd, F_GETFL, 0), "fcntl F_GETFL", "fd " + fd);
        Errno.check(Bindings.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK), "fcntl F_SETFL", "fd " + fd);
    }

    /** Sets O_NONBLOCK, for an fd that a single thread polls among others. */
    public static void setNonBlocking(int fd) throws LinuxException {
        int flags = Errno.check(Bindings.fcntl(fd, F_GETFL, 0), "fcntl F_GETFL", "fd " + fd);
        Errno.check(Bindings.fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl F_SETFL", "fd " + fd);
    }

    /**
     * flock(2): a lock that shell scripts can wait for with flock(1), unlike Java's
     * {@code FileLock} (fcntl record locks, which flock(1) does not see).
     */
    public static void flock(int fd, int operation) throws LinuxException {
        Errno.check(Bindings.flock(fd, operation), "flock", "fd " + fd);
    }

    /** ioctl(2) with a pointer argument. */
    public static void ioctl(int fd, long request, Pointer argument, String what) throws LinuxException {
        Errno.check(Bindings.ioctl(fd, request, argument), "ioctl " + what, "fd " + fd);
    }

    /** ioctl(2) with an integer argument. */
    public static void ioctl(int fd, long request, long argument, String what) throws LinuxException {
        Errno.check(Bindings.ioctl(fd, request, argument), "ioctl " + what, "fd " + fd);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int pipe2(int[] fds, int flags);

        static native int socketpair(int domain, int type, int protocol, int[] fds);

        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, byte[] address, int length);

        static native int open(byte[] path, int flags, int mode);

        static native int mkfifo(byte[] path, int mode);

        static native int linkat(int fromDir, byte[] from, int toDir, byte[] to, int flags);

        static native long read(int fd, byte[] buffer, long count);

        static native long write(int fd, byte[] buffer, long count);

        static native int close(int fd);

        static native int dup2(int from, int to);

        static native int poll(int[] fds, long nfds, int timeout);

        static native int ioctl(int fd, long request, Pointer argument);

        static native int ioctl(int fd, long request, long argument);

        static native int fcntl(int fd, int command, long argument);

        static native int flock(int fd, int operation);
    }
}
