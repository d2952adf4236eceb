package io.jocker.supervisor;

import io.jocker.engine.logs.LogEntry;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ends of a detached container's terminal and stdin that the supervisor holds, and the
 * clients attached to it. The container's output reaches the clients through {@link #output};
 * their input goes to the terminal's master (with {@code -it}) or to the stdin pipe (with
 * {@code -i}). The descriptors are used and closed under this object's lock, so that no client
 * ever writes to a descriptor number that was closed and reused.
 */
final class ContainerConsole {

    private static final int WRITE_WAIT_MILLIS = 200;

    private final String id;
    private final boolean tty;
    private final boolean openStdin;
    private final boolean stdinOnce;
    private final boolean terminalLost;
    private final List<AttachedClient> clients = new CopyOnWriteArrayList<>();
    private int master;
    private int stdin;
    private boolean ended;

    /**
     * @param master the terminal's master with {@code -t} (non-blocking; this console closes it),
     *     -1 without a terminal or when it was lost with the supervisor that held it
     * @param stdin the supervisor's end of the stdin pipe with {@code -i} and no terminal (this
     *     console closes it), else -1
     */
    ContainerConsole(String id, boolean tty, boolean openStdin, boolean stdinOnce, int master, int stdin) {
        this.id = id;
        this.tty = tty;
        this.openStdin = openStdin;
        this.stdinOnce = stdinOnce;
        this.master = master;
        this.stdin = stdin;
        this.terminalLost = tty && master < 0;
    }

    /** Why a client cannot attach. */
    static final class AttachRefused extends Exception {
        AttachRefused(String message) {
            super(message);
        }
    }

    /** Adds a client; it gets the output from now on. */
    synchronized AttachedClient attach(SocketChannel channel, boolean withStdin) throws AttachRefused {
        if (ended) {
            throw new AttachRefused("You cannot attach to a stopped container, start it first");
        }
        if (terminalLost) {
            throw new AttachRefused("cannot attach to container " + id + ": its terminal was lost when the supervisor that"
                    + " started it ended; its output is no longer collected (restart it to get a new terminal)");
        }
        AttachedClient client = new AttachedClient(channel, withStdin && openStdin);
        clients.add(client);
        return client;
    }

    void detach(AttachedClient client) {
        clients.remove(client);
        client.close();
    }

    /** Passes output of the container on to every attached client. */
    void output(String stream, byte[] data, int length) {
        byte type = LogEntry.STDERR.equals(stream) ? AttachFrames.STDERR : AttachFrames.STDOUT;
        for (AttachedClient client : clients) {
            client.output(type, data, length);
        }
    }

    /**
     * Writes a client's input to the container. The descriptor is non-blocking: while the
     * container does not read, this waits outside the lock and tries again, until it reads or
     * ends. Input for a closed stdin is dropped, as Docker does.
     */
    void input(byte[] data) throws LinuxException {
        int offset = 0;
        while (offset < data.length) {
            int fd;
            int written;
            synchronized (this) {
                fd = inputFd();
                if (fd < 0) {
                    return;
                }
                written = Fds.writeSome(fd, data, offset, data.length - offset);
            }
            if (written == 0) {
                // A stale fd number only makes this wait end early; the lock is checked again.
                Fds.poll(fd, Fds.POLLOUT, WRITE_WAIT_MILLIS);
            }
            offset += written;
        }
    }

    private int inputFd() {
        if (!openStdin) {
            return -1;
        }
        return tty ? master : stdin;
    }

    /**
     * A client that sent input ended it (or went away). With Docker's StdinOnce the container's
     * stdin then closes, so that it reads end of file; a terminal is never closed this way.
     */
    synchronized void inputEnded() {
        if (stdinOnce && !tty) {
            Fds.closeQuietly(stdin);
            stdin = -1;
        }
    }

    /** Sets the terminal's size, which sends SIGWINCH to its foreground process group. */
    synchronized void resize(int rows, int columns) throws LinuxException {
        if (master >= 0 && rows > 0 && columns > 0) {
            Terminals.setWindowSize(master, new Terminals.WindowSize(rows, columns));
        }
    }

    /** The container's processes are gone: the descriptors close. */
    synchronized void release() {
        Fds.closeQuietly(master);
        Fds.closeQuietly(stdin);
        master = -1;
        stdin = -1;
    }

    /** The container's exit was recorded: every client gets its status and is disconnected. */
    void ended(int exitCode) {
        synchronized (this) {
            ended = true;
        }
        for (AttachedClient client : clients) {
            client.finish(exitCode);
        }
        clients.clear();
    }
}
