package io.jocker.oci;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** {@link HostProcesses} through jocker-linux. */
final class LinuxHostProcesses implements HostProcesses {

    @Override
    public boolean alive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        try {
            OptionalLong actual = ProcStat.startTime(pid);
            return actual.isPresent() && actual.getAsLong() == startTime && !ProcStat.isGoneOrZombie(pid);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void signal(long pid, int signal) throws OciException {
        try {
            Processes.signalIfAlive(pid, signal);
        } catch (LinuxException e) {
            throw new OciException("cannot send signal " + signal + " to process " + pid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean awaitExit(long pid, long startTime, long timeoutMillis) throws OciException {
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(pid);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ESRCH) {
                return true;
            }
            throw new OciException("cannot watch process " + pid + ": " + e.getMessage(), e);
        }
        try {
            // The pidfd may name a newer process with a reused PID: then the one we meant is gone.
            if (!alive(pid, startTime)) {
                return true;
            }
            return Fds.poll(pidfd, Fds.POLLIN, (int) Math.min(timeoutMillis, Integer.MAX_VALUE)) != 0;
        } catch (LinuxException e) {
            throw new OciException("cannot wait for process " + pid + ": " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(pidfd);
        }
    }

    @Override
    public void createGate(Path gate) throws OciException {
        try {
            Fds.mkfifo(gate.toString(), 0600);
        } catch (LinuxException e) {
            throw new OciException("cannot create " + gate + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean openGate(Path gate) throws OciException {
        int fd;
        try {
            // Non-blocking: with no reader (the init is gone) the open fails at once instead of waiting.
            fd = Fds.open(gate.toString(), Fds.O_WRONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC | Fds.O_NOFOLLOW);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENXIO || e.errno() == Errno.ENOENT) {
                return false;
            }
            throw new OciException("cannot open " + gate + ": " + e.getMessage(), e);
        }
        try {
            Fds.writeFully(fd, new byte[] {0});
            return true;
        } catch (LinuxException e) {
            throw new OciException("cannot start the container through " + gate + ": " + e.getMessage(), e);
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
