package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountInfo;
import io.jocker.linux.Processes;
import io.jocker.spi.Isolator;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Container inits started ahead of their containers, for a long-lived engine (the supervisor):
 * a container then starts without waiting the ~100 ms a JVM needs to boot. A spare sits in fresh
 * namespaces with /dev/null on fds 0 to 2, binds its native calls and waits on its channel for
 * {@link InitChannel#HANDOVER} and {@link InitChannel#CONFIG}; every spare is alike, so any
 * container can take one. Two wait, so that containers started in quick succession find one
 * that has finished booting; new ones are spawned once a container started, not while it starts.
 */
final class SpareInits {

    private static final Logger LOG = System.getLogger(SpareInits.class.getName());

    /**
     * A spare init: its PID, the engine's end of its channel, and the IDs of the mounts that
     * its mount namespace was copied from (read just before it was spawned).
     */
    record Spare(long pid, int channel, Set<Integer> mountIds) {}

    /** How many spares wait: each costs about 35 MB while it waits. */
    private static final int POOL = 2;

    private final Deque<Spare> ready = new ArrayDeque<>();
    /** Handles from {@link #open()} not yet closed: spares are kept while there is one. */
    private int holders;
    private boolean starting;
    /** A pidfd of this process, handed to every spare (fd 4) to take its stdio from; open for this process's life. */
    private int selfPidfd = -1;

    /** Keeps spares ready until the handle, and every other one opened, is closed. */
    synchronized Isolator.Spares open() {
        holders++;
        startNext();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release();
            }
        };
    }

    /** Once the last handle is closed, ends spares: the waiting ones are killed, one being started once it is. */
    private synchronized void release() {
        holders--;
        if (holders > 0) {
            return;
        }
        while (!ready.isEmpty()) {
            discard(ready.removeFirst());
        }
    }

    /**
     * A live spare that {@code fits}, if one is ready (one that does not fit stays). Call
     * {@link #replenish()} once the container it served runs.
     */
    synchronized Optional<Spare> take(Predicate<Spare> fits) {
        for (Iterator<Spare> spares = ready.iterator(); spares.hasNext(); ) {
            Spare spare = spares.next();
            if (!alive(spare)) {
                spares.remove();
                discard(spare);
            } else if (fits.test(spare)) {
                spares.remove();
                return Optional.of(spare);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the next spare, unless one waits or is starting. Not while a container starts: a
     * booting JVM would take the CPU that container's own init needs.
     */
    synchronized void replenish() {
        startNext();
    }

    private void startNext() {
        if (holders == 0 || starting || ready.size() >= POOL) {
            return;
        }
        starting = true;
        Thread thread = new Thread(this::spawnOne, "jocker-spare-init");
        thread.setDaemon(true);
        thread.start();
    }

    private void spawnOne() {
        Spare started = null;
        try {
            started = spawn();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot start a spare container init; containers start without one: " + e.getMessage());
        }
        synchronized (this) {
            starting = false;
            if (started != null && holders > 0 && ready.size() < POOL) {
                // The oldest spare is taken first: it has had the longest time to boot.
                ready.addLast(started);
                startNext();
            } else if (started != null) {
                discard(started);
            }
        }
    }

    private Spare spawn() throws IOException {
        synchronized (this) {
            if (selfPidfd < 0) {
                selfPidfd = Processes.pidfdOpen(ProcessHandle.current().pid());
            }
        }
        Set<Integer> mountIds = MountInfo.read().stream().map(MountInfo.Entry::id).collect(Collectors.toUnmodifiableSet());
        Fds.Pair sockets = Fds.socketPair(Fds.SOCK_STREAM | Fds.SOCK_CLOEXEC);
        int devNull = -1;
        try {
            devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
            long pid = NamespaceSpawner.spawn("spare", InitCommand.argv(), InitCommand.ENVIRONMENT,
                    new int[] {devNull, devNull, devNull}, sockets.second(), selfPidfd);
            return new Spare(pid, sockets.first(), mountIds);
        } catch (LinuxException | RuntimeException e) {
            Fds.closeQuietly(sockets.first());
            throw e;
        } finally {
            Fds.closeQuietly(sockets.second());
            Fds.closeQuietly(devNull);
        }
    }

    /** A waiting spare never writes: anything readable on its channel is the end of file of a dead one. */
    private static boolean alive(Spare spare) {
        try {
            return Fds.poll(spare.channel(), Fds.POLLIN, 0) == 0;
        } catch (LinuxException e) {
            return false;
        }
    }

    private static void discard(Spare spare) {
        Fds.closeQuietly(spare.channel());
        try {
            Processes.killAndReap(spare.pid());
        } catch (LinuxException e) {
            LOG.log(Level.WARNING, "cannot end spare container init " + spare.pid() + ": " + e.getMessage());
        }
    }
}
