package io.jocker.engine;

import com.google.inject.Injector;
import io.jocker.engine.container.CommitService;
import io.jocker.engine.container.DetachedStarter;
import io.jocker.engine.container.DiffService;
import io.jocker.engine.container.ContainerDetails;
import io.jocker.engine.container.ContainerInspector;
import io.jocker.engine.container.ContainerLogs;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.CreateRequest;
import io.jocker.engine.container.ExecRequest;
import io.jocker.engine.container.ExecService;
import io.jocker.engine.container.ExportService;
import io.jocker.engine.container.LifecycleService;
import io.jocker.engine.container.PauseService;
import io.jocker.engine.container.StartedContainer;
import io.jocker.engine.container.UpdateService;
import io.jocker.engine.cp.CopyService;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.stats.StatsService;
import io.jocker.images.ContainerUsage;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Resources;
import io.jocker.spi.Stdio;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The containers of an engine, as {@code docker container} knows them: the one front door that
 * the CLI and programs embedding jocker use. Each operation's service is built on first use, so
 * that a command pays only for what it does.
 */
public final class Containers {

    /** Waits for a started container's process; a terminal relay, for example, pumps meanwhile. */
    @FunctionalInterface
    public interface ExitWaiter {
        ExitStatus waitFor(ContainerProcess process) throws InterruptedException;
    }

    private final Provider<ContainerService> containers;
    private final Provider<LifecycleService> lifecycle;
    private final Provider<ContainerLookup> lookup;
    private final Provider<PauseService> pauses;
    private final Provider<UpdateService> updates;
    private final Provider<ExecService> execs;
    private final Provider<ExportService> exports;
    private final Provider<ContainerLogs> logs;
    private final Provider<ContainerInspector> inspector;
    private final Provider<CommitService> commits;
    private final Provider<DiffService> diffs;
    private final Provider<CopyService> copies;
    private final Provider<StatsService> stats;

    /**
     * Each service is looked up on first use. Guice would build the binding of every service that a
     * {@code Provider} names, and of all they depend on, before the first command runs (measured on a
     * cold {@code ps}: 30 classes more, mostly the services and types that ps never uses).
     */
    @Inject
    Containers(Injector injector) {
        this.containers = new OnDemand<>(injector, ContainerService.class);
        this.lifecycle = new OnDemand<>(injector, LifecycleService.class);
        this.lookup = new OnDemand<>(injector, ContainerLookup.class);
        this.pauses = new OnDemand<>(injector, PauseService.class);
        this.updates = new OnDemand<>(injector, UpdateService.class);
        this.execs = new OnDemand<>(injector, ExecService.class);
        this.exports = new OnDemand<>(injector, ExportService.class);
        this.logs = new OnDemand<>(injector, ContainerLogs.class);
        this.inspector = new OnDemand<>(injector, ContainerInspector.class);
        this.commits = new OnDemand<>(injector, CommitService.class);
        this.diffs = new OnDemand<>(injector, DiffService.class);
        this.copies = new OnDemand<>(injector, CopyService.class);
        this.stats = new OnDemand<>(injector, StatsService.class);
    }

    /** A service of the injector, bound and built when first asked for. */
    private record OnDemand<T>(Injector injector, Class<T> type) implements Provider<T> {
        @Override
        public T get() {
            return injector.getInstance(type);
        }
    }

    /** {@code create}: the container's record, not started. */
    public ContainerRecord create(CreateRequest request) {
        return containers.get().create(request);
    }

    /** {@link #run(CreateRequest, Stdio, ExitWaiter)} that just waits for the process. */
    public ExitStatus run(CreateRequest request, Stdio stdio) throws InterruptedException {
        return run(request, stdio, ContainerProcess::waitFor);
    }

    /**
     * {@code run} in the foreground: creates the container, starts it on {@code stdio}, waits for
     * it with {@code waiter} and records its exit (removing it if the request says
     * {@code autoRemove}). A start that fails removes an {@code autoRemove} container too, as
     * {@code docker run --rm} does, and is thrown with the container named.
     *
     * @throws ContainerStartException when the container's command could not be started
     */
    public ExitStatus run(CreateRequest request, Stdio stdio, ExitWaiter waiter) throws InterruptedException {
        ContainerRecord created = create(request);
        StartedContainer started = startCreated(created, request.hostConfig().autoRemove(), id -> containers.get().start(id, stdio));
        ExitStatus status = waiter.waitFor(started.process());
        containers.get().finish(started.record().id(), status);
        return status;
    }

    /**
     * {@code run -d}: creates the container and has {@code starter} (the supervisor) start it;
     * returns the record once it runs. A start that fails removes an {@code autoRemove} container.
     *
     * @throws ContainerStartException when the container's command could not be started
     */
    public ContainerRecord runDetached(CreateRequest request, DetachedStarter starter) {
        ContainerRecord created = create(request);
        startCreated(created, request.hostConfig().autoRemove(), id -> {
            starter.start(id);
            return null;
        });
        return created;
    }

    private interface Start {
        StartedContainer start(String id);
    }

    private StartedContainer startCreated(ContainerRecord created, boolean autoRemove, Start start) {
        try {
            return start.start(created.id());
        } catch (ContainerStartException e) {
            if (autoRemove) {
                containers.get().remove(created.id(), true, true);
            }
            throw new ContainerStartException("failed to start container " + created.id().substring(0, 12) + ": "
                    + e.getMessage(), e.exitCode(), e);
        }
    }

    /** {@code start} of a created or exited container, its process on {@code stdio}. */
    public StartedContainer start(String reference, Stdio stdio) {
        return containers.get().start(reference, stdio);
    }

    /** Records the exit of a container started with {@link #start}; removes it if it was created with {@code autoRemove}. */
    public ContainerRecord finish(String id, ExitStatus status) {
        return containers.get().finish(id, status);
    }

    /**
     * {@code stop [-s SIGNAL] [-t SECONDS]}: the signal (null: the container's stop signal), then
     * SIGKILL after the timeout (null: the container's, else 10 s; negative: none).
     */
    public ContainerRecord stop(String reference, String signal, Integer seconds) {
        return lifecycle.get().stop(reference, signal, seconds);
    }

    /** {@code kill -s SIGNAL}. */
    public ContainerRecord kill(String reference, int signal) {
        return lifecycle.get().kill(reference, signal);
    }

    /** {@code wait}: blocks until the container's current run ends. */
    public ContainerRecord await(String reference) {
        return lifecycle.get().await(reference);
    }

    /** {@code rename}. */
    public void rename(String reference, String newName) {
        lifecycle.get().rename(reference, newName);
    }

    /** {@code rm [-f] [-v]}. */
    public void remove(String reference, boolean force, boolean anonymousVolumes) {
        containers.get().remove(reference, force, anonymousVolumes);
    }

    /** {@code ps -a}: every container, its state repaired where its process is gone. */
    public List<ContainerRecord> list() {
        return containers.get().list();
    }

    /** The container a reference (full or short id, or name) names. */
    public ContainerRecord find(String reference) {
        return lookup.get().find(reference);
    }

    /** The container with this full id, if it exists. */
    public Optional<ContainerRecord> byId(String id) {
        return lookup.get().byId(id);
    }

    /** {@code top}: the PIDs of the container's processes. */
    public List<Long> processes(String reference) {
        return containers.get().processes(reference);
    }

    /** {@code pause}. */
    public ContainerRecord pause(String reference) {
        return pauses.get().pause(reference);
    }

    /** {@code unpause}. */
    public ContainerRecord unpause(String reference) {
        return pauses.get().unpause(reference);
    }

    /** {@code update}: new limits, applied to a running container at once. */
    public ContainerRecord update(String reference, Resources update) {
        return updates.get().update(reference, update);
    }

    /** {@code exec}: a process in the running container, on {@code stdio}. */
    public ContainerProcess exec(String reference, ExecRequest request, Stdio stdio) {
        return execs.get().exec(reference, request, stdio);
    }

    /** {@code export}: the container's root file system as a tar. */
    public void export(String reference, WritableByteChannel out) {
        exports.get().export(reference, out);
    }

    /** {@code logs}. */
    public void logs(String reference, ContainerLogs.Options options, ContainerLogs.Sink sink) {
        logs.get().stream(reference, options, sink);
    }

    /** {@code inspect}. */
    public ContainerDetails inspect(String reference) {
        return inspector.get().inspect(reference);
    }

    /** {@code commit}: the new image's id. */
    public String commit(CommitService.Request request) {
        return commits.get().commit(request);
    }

    /** The container's record with its state repaired if its process is gone, if it still exists. */
    public Optional<ContainerRecord> refresh(String id) {
        return containers.get().refresh(id);
    }

    /** A container created from an image, a running one first, for {@code rmi}'s and {@code image prune}'s refusal. */
    public Optional<ContainerUsage.User> containerUsing(String imageId) {
        return containers.get().containerUsing(imageId);
    }

    /** {@code network connect}: joins a network, at once if the container runs, and on every later start. */
    public void connectNetwork(String reference, String network, String ipv4Address, List<String> aliases) {
        containers.get().connectNetwork(reference, network, ipv4Address, aliases);
    }

    /** {@code network disconnect}. */
    public void disconnectNetwork(String reference, String network) {
        containers.get().disconnectNetwork(reference, network);
    }

    /** {@code container prune}: removes the stopped containers that {@code filters} match. */
    public ContainerService.Pruned prune(Filters filters, Instant now) {
        return containers.get().prune(filters, now);
    }

    /** {@code diff}: the changes to the image's file system, as Docker lists them. */
    public List<String> diff(String reference) {
        return diffs.get().changes(reference);
    }

    /** {@code cp CONTAINER:SRC DEST}: the bytes copied. */
    public long copyFromContainer(String container, String source, String destination, boolean followLink) {
        return copies.get().copyFromContainer(container, source, destination, followLink);
    }

    /** {@code cp CONTAINER:SRC -}: a tar of the source on {@code out}. */
    public void archiveFromContainer(String container, String source, boolean followLink, WritableByteChannel out) {
        copies.get().archiveFromContainer(container, source, followLink, out);
    }

    /** {@code cp SRC CONTAINER:DEST}: the bytes copied. */
    public long copyToContainer(String source, String container, String destination, boolean followLink, boolean copyOwner) {
        return copies.get().copyToContainer(source, container, destination, followLink, copyOwner);
    }

    /** {@code cp - CONTAINER:DEST}: extracts a tar. */
    public void extractToContainer(InputStream tar, String container, String destination, boolean copyOwner) {
        copies.get().extractToContainer(tar, container, destination, copyOwner);
    }

    /** {@code stats}: samples of the containers' cgroups. */
    public StatsService stats() {
        return stats.get();
    }
}
