package io.jocker.linux;

/**
 * Detached mount trees (Linux 5.2's mount API; attaching onto a detached tree needs 6.15): a copy
 * of mounts that exists only as a descriptor, visible in no mount namespace, gone when its last
 * descriptor closes. A tree can receive other trees and be made read-only, so a process can build
 * a private view of a container's file system (its root and its volumes) without mounting
 * anything anywhere, and leave nothing behind whatever happens to it.
 */
public final class MountTrees {

    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_MOUNT_SETATTR = 442;
    private static final long OPEN_TREE_CLONE = 1;
    private static final long OPEN_TREE_CLOEXEC = 02000000;
    private static final long AT_EMPTY_PATH = 0x1000;
    private static final long AT_RECURSIVE = 0x8000;
    private static final long MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    private static final long MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private static final long MOUNT_ATTR_RDONLY = 0x01;
    /** {@code struct mount_attr}: attr_set, attr_clr, propagation, userns_fd; four u64. */
    private static final long MOUNT_ATTR_SIZE = 32;
    private static final byte[] EMPTY = {0};

    private MountTrees() {}

    /**
     * A detached copy of the mount that {@code fd} (a directory, an O_PATH descriptor will do)
     * is in, from that directory down, with {@code recursive} the mounts beneath it too.
     */
    public static int cloneTree(int fd, boolean recursive) throws LinuxException {
        long flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
        return (int) Errno.check(Bindings.syscall(SYS_OPEN_TREE, fd, EMPTY, flags), "open_tree", "fd " + fd);
    }

    /** Mounts the detached tree {@code tree} onto the directory or file that {@code target} holds. */
    public static void attach(int tree, int target) throws LinuxException {
        long rc = Bindings.syscall(SYS_MOVE_MOUNT, tree, EMPTY, target, EMPTY, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
        Errno.check(rc, "move_mount", "fd " + tree);
    }

    /** Makes the mount that {@code tree} holds read-only, with {@code recursive} every mount beneath it too. */
    public static void makeReadOnly(int tree, boolean recursive) throws LinuxException {
        long[] attr = {MOUNT_ATTR_RDONLY, 0, 0, 0};
        long flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
        Errno.check(Bindings.syscall(SYS_MOUNT_SETATTR, tree, EMPTY, flags, attr, MOUNT_ATTR_SIZE),
                "mount_setattr", "fd " + tree);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native long syscall(long number, long fd, byte[] path, long flags);

        static native long syscall(long number, long fromFd, byte[] fromPath, long toFd, byte[] toPath, long flags);

        static native long syscall(long number, long fd, byte[] path, long flags, long[] attr, long size);
    }
}
