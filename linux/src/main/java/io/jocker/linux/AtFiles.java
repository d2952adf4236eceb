package io.jocker.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * File calls relative to a directory descriptor, each on one name in that directory and never
 * following a final symbolic link: code that holds a directory by descriptor (see {@link Openat2})
 * can create, inspect and change what is in it without ever resolving a path string through the
 * host's file system. A name that another process swaps for a symbolic link meanwhile is acted on
 * as the link, never followed.
 */
public final class AtFiles {

    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;

    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final byte[] EMPTY = {0};
    private static final int DIRENT_BUFFER = 32 * 1024;
    private static final int PATH_MAX = 4096;

    private AtFiles() {}

    /** The inode {@code fd} holds (an {@code O_PATH} descriptor too). */
    public static FileStat stat(int fd) throws LinuxException {
        byte[] statx = new byte[FileStat.STATX_SIZE];
        Errno.check(Bindings.statx(fd, EMPTY, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, statx), "statx", "fd " + fd);
        return FileStat.decode(statx);
    }

    /** {@code name} in the directory {@code dirfd}, itself if it is a symbolic link. */
    public static FileStat stat(int dirfd, String name) throws LinuxException {
        byte[] statx = new byte[FileStat.STATX_SIZE];
        Errno.check(Bindings.statx(dirfd, CStrings.of(name), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, statx), "statx", name);
        return FileStat.decode(statx);
    }

    /** Opens {@code name} in {@code dirfd} with {@code flags}, adding O_NOFOLLOW and O_CLOEXEC; {@code mode} if it creates. */
    public static int open(int dirfd, String name, int flags, int mode) throws LinuxException {
        return Errno.check(Bindings.openat(dirfd, CStrings.of(name), flags | O_NOFOLLOW | Fds.O_CLOEXEC, mode), "openat", name);
    }

    /** An {@code O_PATH} descriptor of {@code name} itself: nothing is opened, no device driver runs. */
    public static int openPath(int dirfd, String name) throws LinuxException {
        return open(dirfd, name, Fds.O_PATH, 0);
    }

    /** The names in the directory {@code dirfd} (an O_PATH descriptor will do), without {@code .} and {@code ..}, unsorted. */
    public static List<String> list(int dirfd) throws LinuxException {
        int fd = Errno.check(Bindings.openat(dirfd, CStrings.of("."), Fds.O_RDONLY | O_DIRECTORY | Fds.O_CLOEXEC, 0), "openat", "fd " + dirfd);
        try {
            List<String> names = new ArrayList<>();
            byte[] buffer = new byte[DIRENT_BUFFER];
            while (true) {
                long n = Errno.check(Bindings.getdents64(fd, buffer, buffer.length), "getdents64", "fd " + dirfd);
                if (n == 0) {
                    return names;
                }
                // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, name NUL-terminated.
                for (int offset = 0; offset < n; ) {
                    int reclen = (buffer[offset + 16] & 0xff) | (buffer[offset + 17] & 0xff) << 8;
                    int start = offset + 19;
                    int end = start;
                    while (buffer[end] != 0) {
                        end++;
                    }
                    String name = new String(buffer, start, end - start, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    offset += reclen;
                }
            }
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /** The target of the symbolic link that {@code fd} holds (an {@code O_PATH|O_NOFOLLOW} descriptor of the link). */
    public static String readLink(int fd) throws LinuxException {
        byte[] buffer = new byte[PATH_MAX];
        long n = Errno.check(Bindings.readlinkat(fd, EMPTY, buffer, buffer.length), "readlinkat", "fd " + fd);
        return new String(buffer, 0, (int) n, StandardCharsets.UTF_8);
    }

    /** mkdirat(2); the umask applies. */
    public static void mkdir(int dirfd, String name, int mode) throws LinuxException {
        Errno.check(Bindings.mkdirat(dirfd, CStrings.of(name), mode), "mkdirat", name);
    }

    /** symlinkat(2): {@code name} in {@code dirfd} points at {@code target}, stored as it is. */
    public static void symlink(String target, int dirfd, String name) throws LinuxException {
        Errno.check(Bindings.symlinkat(CStrings.of(target), dirfd, CStrings.of(name)), "symlinkat", name);
    }

    /** mknodat(2) of a FIFO or a device ({@code mode} holds the type); the umask applies. */
    public static void mknod(int dirfd, String name, int mode, int major, int minor) throws LinuxException {
        Errno.check(Bindings.mknodat(dirfd, CStrings.of(name), mode, Mounts.makedev(major, minor)), "mknodat", name);
    }

    /** linkat(2): a hard link {@code name} in {@code dirfd} to {@code target} in {@code targetDirfd}, which is not followed. */
    public static void link(int targetDirfd, String target, int dirfd, String name) throws LinuxException {
        Errno.check(Bindings.linkat(targetDirfd, CStrings.of(target), dirfd, CStrings.of(name), 0), "linkat", name);
    }

    /** Removes {@code name}: an empty directory when {@code directory}, anything else otherwise. */
    public static void unlink(int dirfd, String name, boolean directory) throws LinuxException {
        Errno.check(Bindings.unlinkat(dirfd, CStrings.of(name), directory ? AT_REMOVEDIR : 0), "unlinkat", name);
    }

    /** lchown(2) of {@code name}: a symbolic link's own owner. */
    public static void chown(int dirfd, String name, int uid, int gid) throws LinuxException {
        Errno.check(Bindings.fchownat(dirfd, CStrings.of(name), uid, gid, AT_SYMLINK_NOFOLLOW), "lchown", name);
    }

    /** fchown(2) of an open descriptor. */
    public static void chown(int fd, int uid, int gid) throws LinuxException {
        Errno.check(Bindings.fchownat(fd, EMPTY, uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "fchown", "fd " + fd);
    }

    /**
     * chmod(2) of the inode {@code fd} holds, an {@code O_PATH} descriptor too; never a symbolic
     * link's target (a link has no mode of its own on Linux).
     */
    public static void chmod(int fd, int mode) throws LinuxException {
        // Through the descriptor's /proc entry: it leads to the very inode the descriptor holds.
        Errno.check(Bindings.chmod(CStrings.of("/proc/self/fd/" + fd), mode & 07777), "chmod", "fd " + fd);
    }

    /** Sets the access and modification times of {@code name} itself (a link's own times). */
    public static void setTimes(int dirfd, String name, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos)
            throws LinuxException {
        long[] times = {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos};
        Errno.check(Bindings.utimensat(dirfd, CStrings.of(name), times, AT_SYMLINK_NOFOLLOW), "utimensat", name);
    }

    /** The path of what {@code fd} holds, as the kernel names it ({@code /proc/self/fd/N}), for messages only. */
    public static String describe(int fd) {
        byte[] buffer = new byte[PATH_MAX];
        long n = Bindings.readlinkat(-100, CStrings.of("/proc/self/fd/" + fd), buffer, buffer.length);
        return n < 0 ? "fd " + fd : new String(Arrays.copyOf(buffer, (int) n), StandardCharsets.UTF_8);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx);

        static native int openat(int dirfd, byte[] path, int flags, int mode);

        static native long getdents64(int fd, byte[] buffer, long size);

        static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size);

        static native int mkdirat(int dirfd, byte[] path, int mode);

        static native int symlinkat(byte[] target, int dirfd, byte[] path);

        static native int mknodat(int dirfd, byte[] path, int mode, long dev);

        static native int linkat(int fromDirfd, byte[] from, int toDirfd, byte[] to, int flags);

        static native int unlinkat(int dirfd, byte[] path, int flags);

        static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

        static native int chmod(byte[] path, int mode);

        static native int utimensat(int dirfd, byte[] path, long[] times, int flags);
    }
}
