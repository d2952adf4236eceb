package io.jocker.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Privileged file system operations the JDK cannot do, offered by the engine to drivers so that
 * drivers stay JDK-only and tests can record or fake every call.
 *
 * <p>Implementers must guarantee that every failure is an {@link IOException} whose message
 * names the operation, the path and the errno text.
 */
public interface KernelOps {

    long MS_RDONLY = 1L;
    long MS_NOSUID = 2L;
    long MS_NODEV = 4L;
    long MS_NOEXEC = 8L;
    long MS_REMOUNT = 32L;
    long MS_BIND = 4096L;
    long MS_REC = 16384L;
    long MS_PRIVATE = 1L << 18;

    /** mount(2). */
    void mount(String source, Path target, String fsType, long flags, String data) throws IOException;

    /** umount2(2); {@code detach} adds MNT_DETACH. Unmounting a path that is not mounted fails. */
    void unmount(Path target, boolean detach) throws IOException;

    /** Whether {@code path} is a mount point, from {@code /proc/self/mountinfo}. */
    boolean isMountPoint(Path path) throws IOException;

    /** Creates a character device {@code major:minor} (0:0 is overlayfs's whiteout). */
    void makeCharDevice(Path path, int major, int minor, int mode) throws IOException;

    /**
     * Creates a block device {@code major:minor}, for image layers that carry one. A default so
     * that existing implementations keep compiling; the engine's implementation must override it.
     */
    default void makeBlockDevice(Path path, int major, int minor, int mode) throws IOException {
        throw new IOException("mknod " + path + ": block devices are not supported by " + getClass().getName());
    }

    /**
     * Creates a named pipe (mkfifo(3)), for image layers that carry one. A default so that
     * existing implementations keep compiling; the engine's implementation must override it.
     */
    default void makeFifo(Path path, int mode) throws IOException {
        throw new IOException("mkfifo " + path + ": named pipes are not supported by " + getClass().getName());
    }

    /** lsetxattr(2), not following a final symlink. */
    void setXattr(Path path, String name, byte[] value) throws IOException;

    /** lgetxattr(2); empty when the attribute does not exist. */
    Optional<byte[]> getXattr(Path path, String name) throws IOException;
}
