package io.jocker.engine.state;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Whether a supervisor runs for a jocker root: the one that runs holds an exclusive flock(2) on
 * its lock file for its whole life, and the kernel drops it when that process dies, however it
 * dies. The probe asks for a shared lock without waiting, so it never delays a supervisor's start
 * by more than the probe itself, nor wakes the launcher's watchdogs (they wait for a shared lock).
 */
public final class SupervisorPresence {

    private SupervisorPresence() {}

    public static boolean runs(Path root) {
        int fd;
        try {
            fd = Fds.open(SupervisorPaths.under(root).lock().toString(), Fds.O_RDONLY | Fds.O_CLOEXEC);
        } catch (LinuxException e) {
            // ENOENT: no supervisor ever ran for this root.
            return false;
        }
        try {
            Fds.flock(fd, Fds.LOCK_SH | Fds.LOCK_NB);
            return false;
        } catch (LinuxException e) {
            if (e.errno() == Errno.EAGAIN) {
                return true;
            }
            throw new UncheckedIOException("cannot tell whether a supervisor runs for " + root + ": " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
