package io.jocker.linux;

/**
 * openat2(2) (Linux 5.6), which glibc does not wrap: the kernel resolves a path relative to a
 * directory descriptor under rules that no symbolic link or {@code ..} can break, with no window
 * between the check and the use.
 */
public final class Openat2 {

    /** Refuses to cross a mount point. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** Refuses /proc's magic links ({@code /proc/self/fd/N}, {@code /proc/PID/root}). */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** Refuses every symbolic link. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** Fails with EXDEV where resolution would leave the directory. */
    public static final long RESOLVE_BENEATH = 0x08;
    /**
     * Treats the directory as the root: {@code ..} stops there and absolute symbolic links start
     * there, as if the process had chroot'ed into it.
     */
    public static final long RESOLVE_IN_ROOT = 0x10;
    /** How a container resolves paths in its own root: chroot semantics, no magic links. */
    public static final long IN_ROOT = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

    private static final long SYS_OPENAT2 = 437;
    private static final int MAX_ATTEMPTS = 256;
    /** {@code struct open_how}: flags, mode and resolve, three u64. */
    private static final long OPEN_HOW_SIZE = 24;

    private Openat2() {}

    /**
     * Opens {@code path} relative to {@code dirfd} with open(2)'s {@code flags} and {@code mode}
     * (only with O_CREAT) and the {@code RESOLVE_*} rules; returns the new descriptor, which the
     * caller closes. {@link Fds#O_CLOEXEC} is always added. The kernel answers EAGAIN when a rename
     * anywhere during the lookup means it cannot vouch for a {@code ..}: the lookup is retried a
     * bounded number of times, so that a file system under constant renames fails the call rather
     * than loops.
     */
    public static int open(int dirfd, String path, int flags, int mode, long resolve) throws LinuxException {
        long[] how = {(flags | Fds.O_CLOEXEC) & 0xffffffffL, mode, resolve};
        byte[] cPath = CStrings.of(path);
        for (int attempt = 1; ; attempt++) {
            long fd = Bindings.syscall(SYS_OPENAT2, dirfd, cPath, how, OPEN_HOW_SIZE);
            if (fd >= 0) {
                return (int) fd;
            }
            int errno = Errno.last();
            if (errno != Errno.EAGAIN || attempt == MAX_ATTEMPTS) {
                throw new LinuxException("openat2", path, errno);
            }
        }
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native long syscall(long number, long dirfd, byte[] path, long[] how, long size);
    }
}
