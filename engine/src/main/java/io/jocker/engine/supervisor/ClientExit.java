package io.jocker.engine.supervisor;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The exit of a fast-path client, watched through a pidfd taken while the client waits for its
 * answer, so that the PID cannot have been reused. The supervisor removes a request's files
 * once its client has exited: the client reads its status until then, and an rm of its own cost
 * the client a process, about a tenth of a served {@code jocker images}, on every command.
 */
final class ClientExit {

    private static final Logger LOG = Logger.getLogger(ClientExit.class.getName());

    /** The client's pidfd, or -1 when it had exited already. */
    private final int pidfd;

    private ClientExit(int pidfd) {
        this.pidfd = pidfd;
    }

    /** Watches the process {@code pid}, which has asked for a request and waits for it. */
    static ClientExit watch(long pid) {
        try {
            return new ClientExit(Processes.pidfdOpen(pid));
        } catch (LinuxException e) {
            return new ClientExit(-1);
        }
    }

    /** Waits at most {@code millis} for the client to exit; true once it has (or could not be watched: it had exited). */
    boolean awaitExit(long millis) {
        if (pidfd < 0) {
            return true;
        }
        try {
            return Fds.poll(pidfd, Fds.POLLIN, (int) millis) > 0;
        } catch (LinuxException e) {
            // EINTR: the caller looks again.
            return false;
        }
    }

    /** Waits (without a bound: the thread is a daemon) until the client has exited, then removes {@code request}. */
    void thenRemove(ClientRequest request) {
        try {
            while (pidfd >= 0 && Fds.poll(pidfd, Fds.POLLIN, -1) == 0) {
                // EINTR: poll again.
            }
            request.remove();
        } catch (IOException e) {
            // The client may be removing it too, after a signal: whatever is left goes at the supervisor's next start.
            LOG.fine("cannot remove the fast-path request " + request + ": " + e.getMessage());
        } finally {
            forget();
        }
    }

    /** Stops watching: the client removes its request itself. */
    void forget() {
        if (pidfd >= 0) {
            Fds.closeQuietly(pidfd);
        }
    }
}
