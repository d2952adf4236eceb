package io.jocker.linux;

import java.nio.file.Path;

/** mount(2), umount2(2), pivot_root(2) and mknod(2). */
public final class Mounts {

    public static final long MS_RDONLY = 1L;
    public static final long MS_NOSUID = 2L;
    public static final long MS_NODEV = 4L;
    public static final long MS_NOEXEC = 8L;
    public static final long MS_SYNCHRONOUS = 16L;
    public static final long MS_REMOUNT = 32L;
    public static final long MS_MANDLOCK = 64L;
    public static final long MS_DIRSYNC = 128L;
    public static final long MS_NOATIME = 1024L;
    public static final long MS_NODIRATIME = 2048L;
    public static final long MS_BIND = 4096L;
    public static final long MS_MOVE = 8192L;
    public static final long MS_REC = 16384L;
    public static final long MS_RELATIME = 1L << 21;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;
    public static final long MS_SHARED = 1L << 20;
    public static final long MS_STRICTATIME = 1L << 24;

    public static final int MNT_DETACH = 2;

    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    private static final long SYS_PIVOT_ROOT = 155;
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long OPEN_TREE_CLONE = 1;
    private static final long OPEN_TREE_CLOEXEC = 02000000;
    private static final long AT_RECURSIVE = 0x8000;
    private static final long AT_FDCWD = -100;
    private static final long MOVE_MOUNT_F_EMPTY_PATH = 0x04;

    private Mounts() {}

    /** mount(2); {@code source}, {@code fsType} and {@code data} may be null. */
    public static void mount(String source, Path target, String fsType, long flags, String data)
            throws LinuxException {
        int rc = Bindings.mount(
                source == null ? null : CStrings.of(source),
                CStrings.of(target.toString()),
                fsType == null ? null : CStrings.of(fsType),
                flags,
                data == null ? null : CStrings.of(data));
        Errno.check(rc, "mount", describe(source, target, fsType));
    }

    /** umount2(2). */
    public static void unmount(Path target, int flags) throws LinuxException {
        Errno.check(Bindings.umount2(CStrings.of(target.toString()), flags), "umount2", target.toString());
    }

    /** pivot_root(2), which glibc does not wrap. */
    public static void pivotRoot(Path newRoot, Path putOld) throws LinuxException {
        long rc = Bindings.syscall(SYS_PIVOT_ROOT, CStrings.of(newRoot.toString()), CStrings.of(putOld.toString()));
        Errno.check(rc, "pivot_root", newRoot + " " + putOld);
    }

    /**
     * open_tree(2) with OPEN_TREE_CLONE and AT_RECURSIVE: a detached copy of the mounts at
     * {@code path}, as an fd that another mount namespace can attach with {@link #moveMount}.
     */
    public static int openTreeClone(Path path) throws LinuxException {
        long rc = Bindings.syscall(SYS_OPEN_TREE, AT_FDCWD, CStrings.of(path.toString()), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
        return (int) Errno.check(rc, "open_tree", path.toString());
    }

    /** move_mount(2) of a detached tree ({@link #openTreeClone}) onto {@code target} in this mount namespace. */
    public static void moveMount(int tree, Path target) throws LinuxException {
        long rc = Bindings.syscall(SYS_MOVE_MOUNT, tree, new byte[] {0}, AT_FDCWD, CStrings.of(target.toString()), MOVE_MOUNT_F_EMPTY_PATH);
        Errno.check(rc, "move_mount", target.toString());
    }

    /** mknod(2) of a character device. */
    public static void makeCharDevice(Path path, int major, int minor, int mode) throws LinuxException {
        makeDevice(path, S_IFCHR, major, minor, mode);
    }

    /** mknod(2) of a device; {@code type} is {@link #S_IFCHR} or {@link #S_IFBLK}. */
    public static void makeDevice(Path path, int type, int major, int minor, int mode) throws LinuxException {
        if (type != S_IFCHR && type != S_IFBLK) {
            throw new IllegalArgumentException("not a device type: 0" + Integer.toOctalString(type));
        }
        long dev = makedev(major, minor);
        Errno.check(Bindings.mknod(CStrings.of(path.toString()), type | (mode & 07777), dev), "mknod", path.toString());
    }

    /** mknod(2) of a block device. */
    public static void makeBlockDevice(Path path, int major, int minor, int mode) throws LinuxException {
        makeDevice(path, S_IFBLK, major, minor, mode);
    }

    /** mknod(2) of a named pipe. */
    public static void makeFifo(Path path, int mode) throws LinuxException {
        Errno.check(Bindings.mknod(CStrings.of(path.toString()), S_IFIFO | (mode & 07777), 0), "mknod", path.toString());
    }

    /** The major number of a {@code dev_t} (glibc's encoding). */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L));
    }

    /** The minor number of a {@code dev_t} (glibc's encoding). */
    public static int minor(long dev) {
        return (int) ((dev & 0xffL) | ((dev >>> 12) & 0xffffff00L));
    }

    /** glibc's makedev(3) encoding. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    private static String describe(String source, Path target, String fsType) {
        return (source == null ? "none" : source) + " on " + target + (fsType == null ? "" : " (" + fsType + ")");
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int mount(byte[] source, byte[] target, byte[] fsType, long flags, byte[] data);

        static native int umount2(byte[] target, int flags);

        static native int mknod(byte[] path, int mode, long dev);

        static native long syscall(long number, byte[] a, byte[] b);

        static native long syscall(long number, long dirfd, byte[] path, long flags);

        static native long syscall(long number, long fromFd, byte[] fromPath, long toFd, byte[] toPath, long flags);
    }
}
