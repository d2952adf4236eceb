package io.jocker.linux;

import java.io.IOException;
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
 * opens nothing. Each call is {@link AtFiles}'s, on a whole path.
 */
public final class Inodes {

    /** The calling process's working directory, for the {@link AtFiles} calls on whole paths. */
    private static final int AT_FDCWD = -100;

    private Inodes() {}

    /** lchown(2): a symbolic link's own owner, never its target's. */
    public static void setOwner(Path path, int uid, int gid) throws LinuxException {
        AtFiles.chown(AT_FDCWD, path.toString(), uid, gid);
    }

    /** Sets access and modification time to {@code seconds} and {@code nanos}; a symbolic link's own times. */
    public static void setTimes(Path path, long seconds, int nanos) throws LinuxException {
        AtFiles.setTimes(AT_FDCWD, path.toString(), seconds, nanos, seconds, nanos);
    }

    /**
     * chmod(2) of anything but a symbolic link, which has no mode of its own on Linux: returns
     * false for one and changes nothing. The permission bits and set-id and sticky bits are set.
     */
    public static boolean setMode(Path path, int mode) throws LinuxException {
        int fd = AtFiles.openPath(AT_FDCWD, path.toString());
        try {
            if (AtFiles.stat(fd).isSymbolicLink()) {
                return false;
            }
            try {
                AtFiles.chmod(fd, mode);
            } catch (LinuxException e) {
                throw new LinuxException("chmod", path.toString(), e.errno());
            }
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
        int fd = AtFiles.openPath(AT_FDCWD, path.toString());
        try {
            if (!AtFiles.stat(fd).isRegularFile()) {
                throw new FileSystemException(path.toString(), null, "not a regular file");
            }
            // /proc/self/fd/N leads to the inode the O_PATH descriptor holds, whatever the path names now.
            return FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ);
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
