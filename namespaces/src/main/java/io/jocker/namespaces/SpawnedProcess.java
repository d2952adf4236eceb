package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import java.util.OptionalInt;

/**
 * A process this isolator spawned. Waiting polls a pidfd, so it stays interruptible, and then
 * reaps exactly this PID.
 */
final class SpawnedProcess implements ContainerProcess {

    private static final int POLL_MILLIS = 200;

    private final long pid;
    private final long startTime;
    private final OptionalInt ttyMaster;
    private final int pidfd;
    private ExitStatus status;

    SpawnedProcess(long pid, long startTime, OptionalInt ttyMaster, int pidfd) {
        this.pid = pid;
        this.startTime = startTime;
        this.ttyMaster = ttyMaster;
        this.pidfd = pidfd;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    @Override
    public OptionalInt ttyMaster() {
        return ttyMaster;
    }

    @Override
    public synchronized ExitStatus waitFor() throws InterruptedException {
        if (status != null) {
            return status;
        }
        try {
            while (Fds.poll(pidfd, Fds.POLLIN, POLL_MILLIS) == 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for process " + pid);
                }
            }
            Processes.WaitStatus raw = Processes.waitpid(pid, 0).orElseThrow();
            status = raw.exited() ? ExitStatus.exited(raw.exitCode()) : ExitStatus.killed(raw.termSignal());
        } catch (LinuxException e) {
            throw new IllegalStateException("cannot wait for process " + pid + ": " + e.getMessage(), e);
        }
        Fds.closeQuietly(pidfd);
        return status;
    }
}
