package io.jocker.supervisor;

import io.jocker.linux.ExitEvents;
import io.jocker.linux.LinuxException;
import io.jocker.spi.ExitStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The exit statuses of adopted containers. Their PID 1 is not the supervisor's child (its parent
 * died), so no waitpid can tell how it ended; the kernel's process events connector reports it to
 * whoever listens. Listening starts before a container is adopted, so that none of its exits is
 * missed, and stops once no adopted container is left; where the connector cannot be used the
 * status stays unknown.
 */
final class AdoptedExits {

    private static final Logger LOG = Logger.getLogger(AdoptedExits.class.getName());
    private static final int POLL_MILLIS = 500;
    /** The event is sent just after the process is gone; how long to wait for it then. */
    private static final long EVENT_MILLIS = 2000;

    /** The PIDs watched, with their status once it was reported (null until then). */
    private final Map<Long, ExitStatus> watched = new HashMap<>();
    private Thread reader;

    /** Starts watching {@code pid}; call before checking that it still runs. */
    synchronized void watch(long pid) {
        watched.put(pid, null);
        if (reader != null) {
            return;
        }
        ExitEvents events;
        try {
            events = ExitEvents.listen();
        } catch (LinuxException | RuntimeException e) {
            LOG.log(Level.FINE, "no process events connector: the exit status of adopted containers stays unknown", e);
            return;
        }
        reader = new Thread(() -> read(events), "jocker-adopted-exits");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * How the watched process {@code pid} ended, once it is gone; empty when nobody could tell
     * (the connector is missing, or the process ended before it was watched). Stops watching it.
     */
    synchronized Optional<ExitStatus> awaitExit(long pid) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENT_MILLIS);
        try {
            while (reader != null && watched.get(pid) == null && watched.containsKey(pid)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(watched.remove(pid));
    }

    /** Stops watching a process whose exit is not needed (it was not adopted after all). */
    synchronized void forget(long pid) {
        watched.remove(pid);
    }

    private void read(ExitEvents events) {
        try (events) {
            while (true) {
                Optional<ExitEvents.Exit> exit = events.next(POLL_MILLIS);
                synchronized (this) {
                    if (exit.isPresent() && watched.containsKey(exit.get().pid())) {
                        var status = exit.get().status();
                        watched.put(exit.get().pid(), status.exited() ? ExitStatus.exited(status.exitCode())
                                : ExitStatus.killed(status.termSignal()));
                        notifyAll();
                    }
                    if (watched.isEmpty()) {
                        reader = null;
                        return;
                    }
                }
            }
        } catch (LinuxException | RuntimeException e) {
            LOG.log(Level.WARNING, "the process events connector failed: exit statuses of adopted containers are unknown", e);
            synchronized (this) {
                reader = null;
                notifyAll();
            }
        }
    }
}
