package io.jocker.supervisor;

import io.jocker.engine.logs.LogEntry;
import io.jocker.engine.logs.LogWriter;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches one detached container on a thread of its own: copies its output (its two log pipes, or
 * its terminal's master) into its log file and to the clients attached to its console until its
 * PID 1 exits, then reaps it when it is the supervisor's own child (the exit status is known) or
 * reports an unknown status for an adopted one (someone else reaped it).
 */
final class ContainerWatch implements Runnable {

    private static final Logger LOG = Logger.getLogger(ContainerWatch.class.getName());
    private static final int POLL_MILLIS = 1000;
    private static final long DRAIN_MILLIS = 2000;
    private static final String[] STREAMS = {LogEntry.STDOUT, LogEntry.STDERR};

    /** What the supervisor does when a watched container ended. */
    interface Listener {
        /**
         * {@code status} is null when the container was adopted and its exit status is unknown.
         * The container's process is not reaped yet, so its PID stays taken while the record still
         * says running (anyone else would otherwise repair it as an unknown exit): {@code reap}
         * reaps it, once the exit is recorded.
         */
        void exited(String id, ContainerConsole console, ExitStatus status, Runnable reap);
    }

    private final String id;
    private final long pid;
    private final long startTime;
    private final ContainerProcess child;
    private final int[] streams;
    private final LogWriter log;
    private final ContainerConsole console;
    private final Listener listener;

    /**
     * @param child the container's process when the supervisor started it, null when adopted
     * @param streams what the container's stdout and stderr are read from, non-blocking: the read
     *     ends of their pipes, or a duplicate of the terminal's master and -1; this watch closes them
     * @param console the container's console; this watch releases it once the container ended
     */
    ContainerWatch(String id, long pid, long startTime, ContainerProcess child, int[] streams, LogWriter log,
            ContainerConsole console, Listener listener) {
        this.id = id;
        this.pid = pid;
        this.startTime = startTime;
        this.child = child;
        this.streams = streams.clone();
        this.log = log;
        this.console = console;
        this.listener = listener;
    }

    @Override
    public void run() {
        ExitStatus status = null;
        try {
            copyUntilExit();
            status = child != null ? exitOf(child.pid()) : null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "watching container " + id + " failed: " + e.getMessage(), e);
            status = waitQuietly();
        } finally {
            for (int fd : streams) {
                Fds.closeQuietly(fd);
            }
            console.release();
            try {
                log.close();
            } catch (IOException e) {
                LOG.warning("cannot close the log of " + id + ": " + e.getMessage());
            }
        }
        listener.exited(id, console, status, this::reap);
    }

    /** How the supervisor's own child ended, read without reaping it. */
    private static ExitStatus exitOf(long pid) throws LinuxException {
        Processes.WaitStatus raw = Processes.exitWithoutReaping(pid, 0).orElseThrow();
        return raw.exited() ? ExitStatus.exited(raw.exitCode()) : ExitStatus.killed(raw.termSignal());
    }

    private void reap() {
        if (child == null) {
            return;
        }
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning("cannot reap container " + id + ": " + e.getMessage());
        }
    }

    private void copyUntilExit() throws IOException {
        int pidfd = openPidfd();
        try {
            byte[] buffer = new byte[16 * 1024];
            while (pidfd >= 0) {
                int[] ready = Fds.poll(new int[] {streams[0], streams[1], pidfd}, Fds.POLLIN, POLL_MILLIS);
                for (int i = 0; i < 2; i++) {
                    if (ready[i] != 0) {
                        copyAvailable(i, buffer);
                    }
                }
                if (ready[2] != 0) {
                    break;
                }
            }
            drain(buffer);
        } finally {
            Fds.closeQuietly(pidfd);
        }
    }

    /** A pidfd of the container's PID 1, or -1 when it is already gone (or the PID was reused). */
    private int openPidfd() throws IOException {
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(pid);
        } catch (LinuxException e) {
            return -1;
        }
        OptionalLong actual = ProcStat.startTime(pid);
        if (actual.isEmpty() || actual.getAsLong() != startTime) {
            Fds.closeQuietly(pidfd);
            return -1;
        }
        return pidfd;
    }

    /**
     * After PID 1 exited the kernel kills the rest of its PID namespace; their writes are read
     * until every writer is gone (end of file), within a bounded time.
     */
    private void drain(byte[] buffer) throws IOException {
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while ((streams[0] >= 0 || streams[1] >= 0) && System.nanoTime() < deadline) {
            boolean progress = false;
            for (int i = 0; i < 2; i++) {
                if (streams[i] >= 0) {
                    progress |= copyAvailable(i, buffer);
                }
            }
            if (!progress) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Copies what the pipe or terminal holds; returns false when it was empty. Closes it at end of
     * file, which a terminal's master reports as EIO once no process has the terminal open.
     */
    private boolean copyAvailable(int index, byte[] buffer) throws IOException {
        int fd = streams[index];
        if (fd < 0) {
            return false;
        }
        boolean copied = false;
        while (true) {
            int n;
            try {
                n = Fds.read(fd, buffer, buffer.length);
            } catch (LinuxException e) {
                if (e.errno() == Errno.EAGAIN) {
                    return copied;
                }
                if (e.errno() != Errno.EIO) {
                    throw e;
                }
                n = 0;
            }
            if (n == 0) {
                log.endOf(STREAMS[index]);
                Fds.closeQuietly(fd);
                streams[index] = -1;
                return true;
            }
            log.write(STREAMS[index], buffer, n);
            console.output(STREAMS[index], buffer, n);
            copied = true;
        }
    }

    /** Without its logs, the container's exit is still waited for, so that it is recorded. */
    private ExitStatus waitQuietly() {
        try {
            if (child != null) {
                return child.waitFor();
            }
            while (ProcStat.startTime(pid).orElse(-1) == startTime) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.warning("cannot wait for container " + id + ": " + e.getMessage());
        }
        return null;
    }
}
