package io.jocker.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A path's owner, mode and times, changed without opening it and without following a final
 * symbolic link; and files opened for reading only once they are known to be regular files.
 *
 * <p>Opening a FIFO blocks until a writer comes, opening a device runs its driver (ptmx allocates
 * a terminal, a tape rewinds, a missing disk fails), and a socket cannot be opened at all. The
 * JDK opens a file to change its mode or times without following links, so code that handles
 * image layers or container file systems goes through here instead: owners and times by path
 * with {@code AT_SYMLINK_NOFOLLOW}, modes and reads through an {@code O_PATH} descriptor, which
 * opens nothing.
 */
public final class Inodes {

    /** File types of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int STATX_TYPE = 1;
    /** {@code struct statx}: 256 bytes, {@code stx_mode} (u16) at offset 28; the same on every architecture. */
    private static final int STATX_LENGTH = 256;
    private static final int STATX_MODE_OFFSET = 28;
    private static final byte[] EMPTY = {0};

    private Inodes() {}

    /** lchown(2): a symbolic link's own owner, never its target's. */
    public static void setOwner(Path path, int uid, int gid) throws LinuxException {
        Errno.check(Bindings.fchownat(AT_FDCWD, CStrings.of(path.toString()), uid, gid, AT_SYMLINK_NOFOLLOW),
                "lchown", path.toString());
    }

    /** Sets access and modification time to {@code seconds} and {@code nanos}; a symbolic link's own times. */
    public static void setTimes(Path path, long seconds, int nanos) throws LinuxException {
        long[] times = {seconds, nanos, seconds, nanos};
        Errno.check(Bindings.utimensat(AT_FDCWD, CStrings.of(path.toString()), times, AT_SYMLINK_NOFOLLOW),
                "utimensat", path.toString());
    }

    /**
     * chmod(2) of anything but a symbolic link, which has no mode of its own on Linux: returns
     * false for one and changes nothing. The permission bits and set-id and sticky bits are set.
     */
    public static boolean setMode(Path path, int mode) throws LinuxException {
        int fd = openPath(path);
        try {
            if (type(fd, path) == S_IFLNK) {
                return false;
            }
            Errno.check(Bindings.chmod(CStrings.of(procPath(fd)), mode & 07777), "chmod", path.toString());
            return true;
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /**
     * Opens {@code path} for reading if it is a regular file, never following a final symbolic
     * link; anything else (a FIFO, a device, a socket, a directory, a link) is refused without
     * having been opened. The file that is opened is the very one whose type was checked.
     */
    public static FileChannel openRegular(Path path) throws IOException {
        int fd = openPath(path);
        try {
            if (type(fd, path) != S_IFREG) {
                throw new FileSystemException(path.toString(), null, "not a regular file");
            }
            // /proc/self/fd/N leads to the inode the O_PATH descriptor holds, whatever the path names now.
            return FileChannel.open(Path.of(procPath(fd)), StandardOpenOption.READ);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    private static int openPath(Path path) throws LinuxException {
        return Fds.open(path.toString(), Fds.O_PATH | O_NOFOLLOW | Fds.O_CLOEXEC);
    }

    private static int type(int fd, Path path) throws LinuxException {
        byte[] statx = new byte[STATX_LENGTH];
        Errno.check(Bindings.statx(fd, EMPTY, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE, statx),
                "statx", path.toString());
        return mode(statx) & S_IFMT;
    }

    private static int mode(byte[] statx) {
        return ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder()).getShort(STATX_MODE_OFFSET) & 0xffff;
    }

    private static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

        static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

        static native int chmod(byte[] path, int mode);

        static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx);
    }
}
