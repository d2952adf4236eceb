package io.jocker.oci;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.linux.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalLong;

/** {@link HostProcesses} through jocker-linux. */
final class LinuxHostProcesses implements HostProcesses {

    /** What runc sends beside the master: the name of the file it opened (conmon and containerd ignore it). */
    private static final String PTY_NAME = "/dev/ptmx";

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

    @Override
    public boolean isOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd", Integer.toString(fd)), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public ConsoleSocket connectConsole(Path socket) throws OciException {
        int fd;
        try {
            fd = UnixSockets.connect(socket.toString());
        } catch (LinuxException e) {
            throw new OciException("cannot connect to the console socket " + socket + ": " + e.getMessage(), e);
        }
        return new ConsoleSocket() {
            @Override
            public void handOver(int master) throws OciException {
                try {
                    UnixSockets.sendFd(fd, PTY_NAME, master);
                } catch (LinuxException e) {
                    throw new OciException("cannot send the terminal to the console socket " + socket + ": " + e.getMessage(), e);
                } finally {
                    Fds.closeQuietly(master);
                }
            }

            @Override
            public void close() {
                Fds.closeQuietly(fd);
            }
        };
    }
}
