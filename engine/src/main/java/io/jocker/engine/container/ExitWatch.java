package io.jocker.engine.container;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.nio.file.Path;

/**
 * A supervisor's claim on recording a container's exit: an flock(2) on the file {@code
 * exit-watch} in the container's directory, held by the supervisor that adopted the container
 * until it has recorded how it ended. An adopted container's PID 1 is not the supervisor's child,
 * so no zombie keeps its PID while the supervisor learns its status; while the claim is held,
 * nobody else repairs the record as an unknown exit. The kernel drops it if the supervisor dies.
 */
public final class ExitWatch implements AutoCloseable {

    private static final String FILE = "exit-watch";

    private final int fd;

    private ExitWatch(int fd) {
        this.fd = fd;
    }

    public static ExitWatch take(Path containerDir) throws LinuxException {
        int fd = Fds.open(containerDir.resolve(FILE).toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_CLOEXEC, 0600);
        try {
            Fds.flock(fd, Fds.LOCK_EX);
            return new ExitWatch(fd);
        } catch (LinuxException | RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** Whether a supervisor (this process included) holds the claim on the container's exit. */
    static boolean held(Path containerDir) {
        int fd;
        try {
            fd = Fds.open(containerDir.resolve(FILE).toString(), Fds.O_RDONLY | Fds.O_CLOEXEC);
        } catch (LinuxException e) {
            return false;
        }
        try {
            Fds.flock(fd, Fds.LOCK_SH | Fds.LOCK_NB);
            return false;
        } catch (LinuxException e) {
            return e.errno() == Errno.EAGAIN;
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }
}
