package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;

/**
 * Where an init whose config names a start gate waits between its set-up and its command: a
 * FIFO opened read-write (which never blocks) while the host's paths are still reachable. The
 * init reports {@link InitChannel#GATED} and blocks reading it; a byte written by anyone who can
 * open the FIFO (the OCI runtime's {@code start}, a process other than the init's parent) lets
 * the command run. Holding a write end itself, the init never reads end of file there.
 */
final class StartGate {

    static final StartGate NONE = new StartGate(-1);

    private final int fd;

    private StartGate(int fd) {
        this.fd = fd;
    }

    /** Opens the gate at {@code path}; an empty path is no gate. */
    static StartGate open(String path) throws InitFailure {
        if (path.isEmpty()) {
            return NONE;
        }
        try {
            return new StartGate(Fds.open(path, Fds.O_RDWR | Fds.O_CLOEXEC | Fds.O_NOFOLLOW));
        } catch (LinuxException e) {
            throw new InitFailure("cannot open the container's start gate: " + e.getMessage(), e);
        }
    }

    /** Reports the init ready to start and waits until it is started; returns at once without a gate. */
    void await(InitChannel channel) throws InitFailure {
        if (fd < 0) {
            return;
        }
        try {
            channel.send(InitChannel.GATED, new byte[0]);
            byte[] started = new byte[1];
            while (Fds.read(fd, started, 1) != 1) {
                // Only a byte starts the command; the init's own write end rules out end of file.
            }
            Fds.close(fd);
        } catch (LinuxException e) {
            throw new InitFailure("cannot wait for the container to be started: " + e.getMessage(), e);
        }
    }
}
