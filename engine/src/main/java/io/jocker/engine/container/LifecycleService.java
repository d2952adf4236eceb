package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.linux.Errno;
import io.jocker.linux.FaultPoints;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Signals and waits for running containers ({@code stop}, {@code kill}, {@code wait}) and renames
 * them. Signals go only to the PID recorded together with its start time, never to a reused PID;
 * the exit itself is recorded by whoever reaps the container (the supervisor or a foreground
 * {@code run}), or repaired here as unknown when nobody did.
 */
public final class LifecycleService {

    /** Docker's stop timeout for a container without {@code --stop-timeout}. */
    private static final int DEFAULT_STOP_SECONDS = 10;
    /** After SIGKILL, how long the exit may take to be recorded before {@code stop} gives up. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private final Provider<StateStore> store;
    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Drivers drivers;
    private final Events events;

    @Inject
    public LifecycleService(Provider<StateStore> store, ContainerLookup lookup, ContainerService containers, Drivers drivers,
            Events events) {
        this.store = store;
        this.lookup = lookup;
        this.containers = containers;
        this.drivers = drivers;
        this.events = events;
    }

    /**
     * Sends the stop signal, and SIGKILL to the whole container once the timeout passed (a PID 1
     * without a handler ignores SIGTERM); returns once the exit is recorded. As Docker's daemon:
     * the signal is {@code signal} if given, else the container's {@code --stop-signal}, else
     * SIGTERM; the timeout is {@code seconds} if given, else its {@code --stop-timeout}, else 10 s,
     * and a negative one waits for ever. A container waiting for its restart policy's back-off is
     * not started again; one that does not run is left as it is.
     */
    public ContainerRecord stop(String reference, String signal, Integer seconds) {
        ContainerRecord record = lookup.find(reference);
        int number = signal != null ? Signals.parse(signal) : stopSignal(record);
        int timeout = seconds != null ? seconds
                : record.config().stopTimeout() != null ? record.config().stopTimeout() : DEFAULT_STOP_SECONDS;
        UserStops.mark(containers.directory(record.id()));
        if (deliver(record.id(), number, true) != Delivery.SENT) {
            return current(record.id(), reference);
        }
        FaultPoints.reach("stop.signalled");
        Optional<ContainerRecord> exited = awaitExit(record.id(), timeout < 0 ? null : Duration.ofSeconds(timeout));
        if (exited.isEmpty()) {
            killAll(record.id());
            exited = awaitExit(record.id(), KILL_GRACE);
        }
        ContainerRecord stopped = exited.orElseThrow(() -> new EngineException(
                "cannot stop container " + record.id() + ": it did not exit within " + KILL_GRACE.toSeconds() + " s of SIGKILL"));
        events.container(stopped, "stop");
        return stopped;
    }

    /** The container's own stop signal, SIGTERM if it has none. */
    private static int stopSignal(ContainerRecord record) {
        String own = record.config().stopSignal();
        return own.isEmpty() ? Processes.SIGTERM : Signals.parse(own);
    }

    /**
     * Sends {@code signal} to the container's PID 1, and counts as a stop by the user whatever the
     * signal: its restart policy does not start it again when it exits, until the user starts it.
     * This is moby's killWithSignal: it marks HasBeenManuallyStopped for every signal, and cancels
     * the restart manager (ExitOnNext) for every signal unless the container has a stop signal of
     * its own and this is another one (a SIGKILL cancels it always). A container
     * waiting for its restart policy's back-off has no process to signal and is not started again.
     * Refuses a container that does not run (and records no stop then, as moby does).
     */
    public ContainerRecord kill(String reference, int signal) {
        ContainerRecord record = lookup.find(reference);
        boolean stops = signal == Processes.SIGKILL || record.config().stopSignal().isEmpty() || signal == stopSignal(record);
        if (deliver(record.id(), signal, stops) == Delivery.NOT_RUNNING) {
            throw new InvalidRequestException("Cannot kill container: " + reference + ": Container " + record.id()
                    + " is not running");
        }
        return record;
    }

    /**
     * Blocks until the container's current run ends, as Docker's {@code wait}: until it is not
     * running, or until its restart policy's back-off begins (for a container already in one,
     * until the next run ends). Returns its record then.
     */
    public ContainerRecord await(String reference) {
        ContainerRecord record = lookup.find(reference);
        ContainerRecord now = containers.refresh(record.id()).orElseThrow(() -> new NoSuchContainerException(reference));
        Instant backOffAlreadyBegun = now.state().status() == Status.RESTARTING ? now.state().finishedAt() : null;
        return await(record.id(), null, r -> !isUp(r) || r.state().status() == Status.RESTARTING
                && !r.state().finishedAt().equals(backOffAlreadyBegun)).orElseThrow(() -> new NoSuchContainerException(reference));
    }

    /** Docker's {@code rename}: the new name must be valid and free. */
    public void rename(String reference, String newName) {
        String name = ContainerNames.validate(newName.startsWith("/") ? newName.substring(1) : newName);
        try (StateStore.Lock names = store.get().lock(ContainerService.NAMES_LOCK)) {
            ContainerRecord record = lookup.find(reference);
            if (record.name().equals(name)) {
                throw new InvalidRequestException("Renaming a container with the same name as its current name");
            }
            for (ContainerRecord other : lookup.all()) {
                if (other.name().equals(name)) {
                    throw new InvalidRequestException("Conflict. The container name \"/" + name
                            + "\" is already in use by container \"" + other.id()
                            + "\". You have to remove (or rename) that container to be able to reuse that name.");
                }
            }
            try (StateStore.Lock lock = store.get().lock(record.id())) {
                ContainerRecord current = lookup.byId(record.id()).orElseThrow(() -> new NoSuchContainerException(reference));
                ContainerRecord renamed = current.withName(name);
                store.get().save(renamed);
                events.container(renamed, "rename", Map.of("oldName", "/" + current.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename container " + reference + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #deliver} did. */
    private enum Delivery {
        SENT, RESTART_ENDED, NOT_RUNNING
    }

    /**
     * Signals PID 1, under the container's lock, so that the PID cannot be released meanwhile,
     * recording a stop by the user when {@code userStop}; a container in its restart policy's
     * back-off is recorded as exited instead, which ends the restart (the supervisor starts only
     * what still says restarting, under the same lock).
     */
    private Delivery deliver(String id, int signal, boolean userStop) {
        // A container that an interrupted commit left frozen is thawed first, or it could not act on the signal.
        containers.thawIfAbandoned(id);
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> record = lookup.byId(id);
            if (record.isPresent() && record.get().state().status() == Status.RESTARTING) {
                UserStops.mark(containers.directory(id));
                store.get().save(ContainerService.restartEnded(record.get(), null));
                return Delivery.RESTART_ENDED;
            }
            if (record.isEmpty() || !ContainerService.isRunning(record.get())) {
                return Delivery.NOT_RUNNING;
            }
            if (userStop) {
                UserStops.mark(containers.directory(id));
            }
            Processes.kill(record.get().state().pid(), signal);
            killed(record.get(), signal);
            return Delivery.SENT;
        } catch (LinuxException e) {
            if (e.errno() == Errno.ESRCH) {
                // It exited just now; the caller waits for the exit to be recorded.
                return Delivery.SENT;
            }
            throw new EngineException("cannot signal container " + id + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container " + id + ": " + e.getMessage(), e);
        }
    }

    private void killed(ContainerRecord record, int signal) {
        events.container(record, "kill", Map.of("signal", Integer.toString(signal)));
    }

    /**
     * SIGKILL to PID 1 and every process of the container's cgroup, under its lock: whoever
     * records the exit destroys the cgroup under the same lock, so it cannot vanish meanwhile.
     */
    private void killAll(String id) {
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> record = lookup.byId(id);
            if (record.isEmpty() || !ContainerService.isRunning(record.get())) {
                return;
            }
            ContainerKill.killAll(record.get(), drivers.named(DriverKind.CGROUP, record.get().cgroupDriver(), CgroupDriver.class));
            killed(record.get(), Processes.SIGKILL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The record once it no longer says running (repairing it when its process is gone and
     * nobody recorded the exit), or empty when {@code timeout} (null: none) passed first.
     */
    private Optional<ContainerRecord> awaitExit(String id, Duration timeout) {
        return await(id, timeout, r -> !isUp(r));
    }

    /** Docker's running: a process runs, or its restart policy is about to start one again. */
    private static boolean isUp(ContainerRecord r) {
        Status status = r.state().status();
        return status == Status.RUNNING || status == Status.PAUSED || status == Status.RESTARTING;
    }

    /** Polls the (repaired) record until {@code done}; empty when {@code timeout} (null: none) passed first. */
    private Optional<ContainerRecord> await(String id, Duration timeout, Predicate<ContainerRecord> done) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ContainerRecord> record = containers.refresh(id);
            if (record.isEmpty()) {
                throw new NoSuchContainerException(id);
            }
            if (done.test(record.get())) {
                return record;
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while waiting for container " + id, e);
            }
        }
    }

    private ContainerRecord current(String id, String reference) {
        return lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
    }
}
