package io.jocker.engine.supervisor;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Interrupts a served command's thread once its client is gone: the FIFO that the launcher relays
 * as the command's standard output has lost its reader (poll(2) reports POLLERR on the write end),
 * which is what a launcher interrupted by the user leaves. The command then fails at its next
 * interruptible I/O and undoes what it did. {@link #close} wakes the watch through a pipe of its
 * own, so that the command ends without waiting, and clears an interrupt that came too late to
 * matter. Started through {@link ClientCall#watchClient()}.
 */
public final class ClientWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClientWatch.class.getName());

    private final int stdout;
    private final Thread command;
    private final Fds.Pair wake;
    private final Thread watcher;
    private volatile boolean ended;

    private ClientWatch(int stdout, Thread command, Fds.Pair wake) {
        this.stdout = stdout;
        this.command = command;
        this.wake = wake;
        this.watcher = new Thread(this::watch, "jocker-client-watch");
        watcher.setDaemon(true);
    }

    /** Watches {@code stdout}, the write end of the client's FIFO, for {@code command}, the thread running the command. */
    static ClientWatch start(int stdout, Thread command) throws LinuxException {
        ClientWatch watch = new ClientWatch(stdout, command, Fds.pipe(Fds.O_CLOEXEC));
        watch.watcher.start();
        return watch;
    }

    private void watch() {
        try {
            while (!ended) {
                int[] revents = Fds.poll(new int[] {stdout, wake.first()}, Fds.POLLIN, -1);
                if (revents[1] != 0) {
                    return;
                }
                if ((revents[0] & (Fds.POLLERR | Fds.POLLHUP)) != 0) {
                    if (!ended) {
                        LOG.info("the client left: stopping its command");
                        command.interrupt();
                    }
                    return;
                }
            }
        } catch (LinuxException e) {
            LOG.log(Level.WARNING, "cannot watch the client: " + e.getMessage(), e);
        }
    }

    /** Ends the watch; called by the command's thread, whose interrupt it clears. */
    @Override
    public void close() {
        ended = true;
        try {
            Fds.writeFully(wake.second(), new byte[] {1});
        } catch (LinuxException e) {
            LOG.log(Level.WARNING, "cannot wake the client watch: " + e.getMessage(), e);
        }
        boolean joined = false;
        while (!joined) {
            try {
                watcher.join();
                joined = true;
            } catch (InterruptedException e) {
                // The watcher's interrupt, come as the command ended: the watcher is returning.
            }
        }
        Thread.interrupted();
        Fds.closeQuietly(wake.first());
        Fds.closeQuietly(wake.second());
    }
}
