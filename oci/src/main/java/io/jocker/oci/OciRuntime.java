package io.jocker.oci;

import io.jocker.oci.HostProcesses.ConsoleSocket;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Stdio;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The runtime spec's operations on containers, each run by a separate short-lived process:
 * every fact one command leaves for the next is in the {@link ContainerStore} or the kernel.
 */
final class OciRuntime {

    /** The runtime spec version this runtime implements. */
    static final String SPEC_VERSION = "1.0.2";

    private static final int SIGKILL = 9;
    private static final long KILL_TIMEOUT_MILLIS = 10_000;

    private final ContainerStore store;
    private final RuntimeDrivers drivers;
    private final HostProcesses host;
    private final BundleReader reader;
    private final ConfigMapper mapper;
    private final Clock clock;
    private final ObjectMapper json;
    private final OciLog log;

    OciRuntime(ContainerStore store, RuntimeDrivers drivers, HostProcesses host, BundleReader reader, ConfigMapper mapper,
            Clock clock, ObjectMapper json, OciLog log) {
        this.store = store;
        this.drivers = drivers;
        this.host = host;
        this.reader = reader;
        this.mapper = mapper;
        this.clock = clock;
        this.json = json;
        this.log = log;
    }

    /** A container and the state it is in. */
    record Observed(Optional<SavedState> saved, Status status) {}

    /** A created container: its state and its init, whose exit only the creating process can reap. */
    record Created(SavedState state, ContainerProcess process) {}

    /**
     * Creates the container: its cgroup, and its init set up and waiting at the start gate.
     * Returns once the state is saved; on failure nothing is left behind.
     */
    Created create(String id, Path bundle, ProcessIo io) throws OciException {
        return create(id, bundle, io, true);
    }

    private Created create(String id, Path bundle, ProcessIo io, boolean detached) throws OciException {
        Path absoluteBundle = bundle.toAbsolutePath().normalize();
        ContainerStore.checkId(id);
        OciConfig config = reader.read(absoluteBundle);
        ContainerPlan plan = mapper.map(id, absoluteBundle, config);
        Hooks hooks = Hooks.of(config.hooks(), json);
        CgroupDriver cgroupDriver = drivers.cgroups();
        List<Integer> preserved = preservedFds(io);
        try (ConsoleSocket console = console(plan.spec().stdio(), detached, io.consoleSocket())) {
            ContainerPlan withFds = new ContainerPlan(plan.spec().toBuilder().preservedFds(preserved).build(), plan.resources(),
                    plan.cgroupPath());
            return create(id, absoluteBundle, config, withFds, hooks, cgroupDriver, console);
        }
    }

    private Created create(String id, Path absoluteBundle, OciConfig config, ContainerPlan plan, Hooks hooks,
            CgroupDriver cgroupDriver, ConsoleSocket console) throws OciException {
        store.reserve(id);
        ContainerCgroup cgroup = null;
        ContainerProcess process = null;
        try {
            cgroup = cgroupDriver.createAt(plan.cgroupPath(), plan.resources());
            Path gate = store.gate(id);
            host.createGate(gate);
            ContainerSpec spec = plan.spec().toBuilder()
                    .cgroupMounts(cgroup.mounts())
                    .startGate(gate)
                    .build();
            process = drivers.isolator().start(spec, cgroup::addProcess);
            handOverTerminal(console, process);
            SavedState state = new SavedState(config.ociVersion(), id, process.pid(), process.startTime(),
                    absoluteBundle.toString(), spec.rootfs().toString(), clock.instant().toString(), config.annotations(),
                    cgroupDriver.name(), config.hooks(), plan.cgroupPath());
            // Once the namespaces exist, before the user program can run (the init waits at its gate).
            byte[] creating = stateJson(state, Status.CREATING);
            hooks.run("prestart", creating);
            hooks.run("createRuntime", creating);
            store.save(state);
            return new Created(state, process);
        } catch (OciException | IsolationException | CgroupException | RuntimeException e) {
            OciException failure = e instanceof OciException oci ? oci : new OciException(e.getMessage(), e);
            if (process != null) {
                killQuietly(process.pid(), process.startTime(), failure);
            }
            destroyQuietly(cgroup, failure);
            try {
                store.remove(id);
            } catch (OciException removal) {
                failure.addSuppressed(removal);
            }
            throw failure;
        }
    }

    /** The fds {@code --preserve-fds} names, each open in this process: a gap would hand over one of the JVM's own. */
    private List<Integer> preservedFds(ProcessIo io) throws OciException {
        if (io.preserveFds() < 0) {
            throw new OciException("invalid --preserve-fds " + io.preserveFds() + ": a number of fds, 0 or more");
        }
        for (int fd : io.preservedFds()) {
            if (!host.isOpen(fd)) {
                throw new OciException("--preserve-fds " + io.preserveFds() + ": fd " + fd + " is not open");
            }
        }
        return io.preservedFds();
    }

    /**
     * runc's rule: a console socket exactly when a process that has a terminal is detached from
     * the runtime (create, run -d, exec -d); jocker-runc relays no terminal of its own in the
     * foreground. Connected before anything is created.
     */
    private ConsoleSocket console(Stdio stdio, boolean detached, Path socket) throws OciException {
        if (stdio.tty() && socket == null) {
            throw new OciException(detached ? "cannot allocate tty if jocker-runc will detach without setting console socket"
                    : "a terminal in the foreground is not supported: jocker-runc hands terminals only to a --console-socket"
                    + " (create, run -d, exec -d)");
        }
        if (socket != null && !(stdio.tty() && detached)) {
            throw new OciException("cannot use console socket if jocker-runc will not detach or allocate tty");
        }
        return socket == null ? null : host.connectConsole(socket);
    }

    private static void handOverTerminal(ConsoleSocket console, ContainerProcess process) throws OciException {
        if (console == null) {
            return;
        }
        int master = process.ttyMaster().orElseThrow(() -> new OciException("the isolator gave the process no terminal"));
        console.handOver(master);
    }

    /** Lets a created container's init run the user program. */
    void start(String id) throws OciException {
        Observed observed = observe(id);
        switch (observed.status()) {
            case CREATED -> {
                Path gate = store.gate(id);
                if (!host.openGate(gate)) {
                    throw new OciException("cannot start a container that has stopped");
                }
                try {
                    Files.deleteIfExists(gate);
                } catch (IOException e) {
                    throw new OciException("started " + id + ", but cannot remove " + gate + ": " + e.getMessage(), e);
                }
                SavedState state = observed.saved().orElseThrow();
                hooksOf(state).runWarning("poststart", stateJson(state, Status.RUNNING), log);
            }
            case RUNNING, PAUSED -> throw new OciException("cannot start an already running container");
            case STOPPED -> throw new OciException("cannot start a container that has stopped");
            case CREATING -> throw new OciException("cannot start a container that is still being created");
        }
    }

    Observed observe(String id) throws OciException {
        Optional<SavedState> saved = store.load(id);
        return new Observed(saved, store.status(id, saved));
    }

    /** Sends {@code signal} to the init, or with {@code all} to every process of its cgroup. */
    void kill(String id, int signal, boolean all) throws OciException {
        Observed observed = observe(id);
        if (observed.status() == Status.CREATING || observed.status() == Status.STOPPED) {
            throw new OciException("container " + id + " is " + observed.status().label() + ": only a created, running or"
                    + " paused container can be signalled");
        }
        SavedState state = observed.saved().orElseThrow();
        if (!all) {
            host.signal(state.pid(), signal);
            return;
        }
        Optional<ContainerCgroup> cgroup = drivers.cgroups(state.cgroupDriver()).openAt(state.cgroupPath());
        List<Long> pids = new ArrayList<>();
        if (cgroup.isPresent()) {
            try {
                pids.addAll(cgroup.get().processes());
            } catch (CgroupException e) {
                throw new OciException("cannot list the processes of " + id + ": " + e.getMessage(), e);
            }
        }
        if (!pids.contains(state.pid())) {
            pids.add(state.pid());
        }
        for (long pid : pids) {
            host.signal(pid, signal);
        }
    }

    /**
     * Removes a stopped container's cgroup and state; a created one is killed first (as runc
     * does, so that a caller can abandon what it created), a running one only with {@code force}.
     * With {@code force}, a container that does not exist is already deleted, as runc has it:
     * containerd's shim deletes with force once more when it cleans up after the task.
     */
    void delete(String id, boolean force) throws OciException {
        Observed observed;
        try {
            observed = observe(id);
        } catch (NoSuchContainerException e) {
            if (force) {
                return;
            }
            throw e;
        }
        Status status = observed.status();
        if ((status == Status.RUNNING || status == Status.PAUSED) && !force) {
            throw new OciException("cannot delete container " + id + " that is not stopped: " + status.label());
        }
        if (status == Status.CREATING && !force) {
            throw new OciException("cannot delete container " + id + " that is being created (use --force if its create died)");
        }
        Optional<SavedState> saved = observed.saved();
        Optional<ContainerCgroup> cgroup = Optional.empty();
        if (saved.isPresent()) {
            SavedState state = saved.get();
            cgroup = drivers.cgroups(state.cgroupDriver()).openAt(state.cgroupPath());
            if (status != Status.STOPPED) {
                killAll(state, cgroup);
            }
        } else {
            cgroup = drivers.cgroups().open(id);
            if (cgroup.isPresent()) {
                killAll(null, cgroup);
            }
        }
        if (saved.isPresent()) {
            hooksOf(saved.get()).runWarning("poststop", stateJson(saved.get(), Status.STOPPED), log);
        }
        if (cgroup.isPresent()) {
            try {
                cgroup.get().destroy();
            } catch (CgroupException e) {
                throw new OciException("cannot remove the cgroup of " + id + ": " + e.getMessage(), e);
            }
        }
        store.remove(id);
    }

    private void killAll(SavedState state, Optional<ContainerCgroup> cgroup) throws OciException {
        try {
            if (cgroup.isPresent()) {
                cgroup.get().killAll();
                // A frozen process dies only once thawed.
                cgroup.get().thaw();
            }
        } catch (CgroupException e) {
            throw new OciException("cannot kill the processes of " + (state == null ? "the container" : state.id()) + ": "
                    + e.getMessage(), e);
        }
        if (state != null) {
            host.signal(state.pid(), SIGKILL);
            if (!host.awaitExit(state.pid(), state.startTime(), KILL_TIMEOUT_MILLIS)) {
                throw new OciException("process " + state.pid() + " of " + state.id() + " did not exit after SIGKILL");
            }
        }
    }

    private Hooks hooksOf(SavedState state) {
        try {
            return Hooks.of(state.hooks(), json);
        } catch (OciException e) {
            log.warn("the hooks of " + state.id() + " are unreadable: " + e.getMessage());
            return Hooks.NONE;
        }
    }

    /** The spec's state, as hooks read it on their stdin. */
    private byte[] stateJson(SavedState state, Status status) throws OciException {
        try {
            return json.writeValueAsBytes(StateCommand.json(json, state.id(), new Observed(Optional.of(state), status)));
        } catch (JsonProcessingException e) {
            throw new OciException("cannot write the state of " + state.id() + ": " + e.getMessage(), e);
        }
    }

    /** What {@code exec} changes of the config's process; {@code consoleSocket} may be null. */
    record ExecRequest(UnaryOperator<OciConfig.Process> process, boolean detach, PidFile pidFile, Path consoleSocket) {}

    /**
     * How a new container's process reaches its caller beyond the runtime's own stdio.
     *
     * @param consoleSocket null, or where the pty master of a process with a terminal is sent
     * @param preserveFds how many of the runtime's fds from 3 on the process gets as its own 3, 4, ...
     */
    record ProcessIo(Path consoleSocket, int preserveFds) {
        static final ProcessIo NONE = new ProcessIo(null, 0);

        List<Integer> preservedFds() {
            return IntStream.range(3, 3 + preserveFds).boxed().toList();
        }
    }

    /**
     * Starts a further process in a created or running container, with the container's own
     * hardening (its bundle's config, mapped again) unless the request's process changes it; in
     * the foreground, waits for it and returns its exit code.
     */
    int exec(String id, ExecRequest request) throws OciException {
        Observed observed = observe(id);
        if (observed.status() != Status.CREATED && observed.status() != Status.RUNNING) {
            throw new OciException("cannot exec in a " + observed.status().label() + " container");
        }
        SavedState state = observed.saved().orElseThrow();
        OciConfig config = reader.read(Path.of(state.bundle()));
        OciConfig.Process process = request.process().apply(config.process());
        OciConfig changed = new OciConfig(config.ociVersion(), process, config.root(), config.hostname(), config.domainname(),
                config.mounts(), config.hooks(), config.annotations(), config.linux());
        ContainerSpec spec = mapper.map(id, Path.of(state.bundle()), changed).spec();
        ContainerCgroup cgroup = cgroupOf(state);
        ContainerProcess started;
        try (ConsoleSocket console = console(spec.stdio(), request.detach(), request.consoleSocket())) {
            try {
                started = drivers.isolator().exec(state.pid(),
                        new ExecSpec(spec.process(), spec.security(), spec.stdio()), cgroup::addProcess);
            } catch (IsolationException e) {
                throw new OciException(e.getMessage(), e);
            }
            try {
                handOverTerminal(console, started);
            } catch (OciException e) {
                host.signal(started.pid(), SIGKILL);
                throw e;
            }
        }
        request.pidFile().write(started.pid());
        if (request.detach()) {
            return 0;
        }
        try {
            return started.waitFor().shellCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted while waiting for the process in " + id, e);
        }
    }

    /** Freezes a running container's cgroup. */
    void pause(String id) throws OciException {
        Observed observed = observe(id);
        if (observed.status() != Status.RUNNING) {
            throw new OciException("container " + id + " is " + observed.status().label() + ": only a running container can be paused");
        }
        ContainerCgroup cgroup = cgroupOf(observed.saved().orElseThrow());
        store.markPaused(id, true);
        try {
            cgroup.freeze();
        } catch (CgroupException e) {
            store.markPaused(id, false);
            throw new OciException("cannot pause " + id + ": " + e.getMessage(), e);
        }
    }

    /** Thaws a paused container's cgroup. */
    void resume(String id) throws OciException {
        Observed observed = observe(id);
        if (observed.status() != Status.PAUSED) {
            throw new OciException("container " + id + " is " + observed.status().label() + ": only a paused container can be resumed");
        }
        try {
            cgroupOf(observed.saved().orElseThrow()).thaw();
        } catch (CgroupException e) {
            throw new OciException("cannot resume " + id + ": " + e.getMessage(), e);
        }
        store.markPaused(id, false);
    }

    /** The host PIDs of the container's processes. */
    List<Long> processes(String id) throws OciException {
        Observed observed = observe(id);
        if (observed.status() == Status.CREATING || observed.status() == Status.STOPPED) {
            throw new OciException("container " + id + " is " + observed.status().label() + ": it has no processes");
        }
        try {
            return cgroupOf(observed.saved().orElseThrow()).processes();
        } catch (CgroupException e) {
            throw new OciException("cannot list the processes of " + id + ": " + e.getMessage(), e);
        }
    }

    private ContainerCgroup cgroupOf(SavedState state) throws OciException {
        return drivers.cgroups(state.cgroupDriver()).openAt(state.cgroupPath())
                .orElseThrow(() -> new OciException("the cgroup of " + state.id() + " is gone"));
    }

    /**
     * {@code run}: create and start; in the foreground, tell {@code foreground} the init's PID
     * (before it starts), wait for it and delete, returning its exit code.
     */
    int run(String id, Path bundle, ProcessIo io, boolean detach, PidFile pidFile, LongConsumer foreground)
            throws OciException {
        Created created = create(id, bundle, io, detach);
        try {
            pidFile.write(created.state().pid());
            if (!detach) {
                foreground.accept(created.state().pid());
            }
            start(id);
        } catch (OciException e) {
            try {
                delete(id, true);
            } catch (OciException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (detach) {
            return 0;
        }
        ExitStatus exit;
        try {
            exit = created.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted while waiting for " + id, e);
        }
        delete(id, true);
        return exit.shellCode();
    }

    private void killQuietly(long pid, long startTime, OciException failure) {
        try {
            host.signal(pid, SIGKILL);
            host.awaitExit(pid, startTime, KILL_TIMEOUT_MILLIS);
        } catch (OciException e) {
            failure.addSuppressed(e);
        }
    }

    private static void destroyQuietly(ContainerCgroup cgroup, OciException failure) {
        if (cgroup == null) {
            return;
        }
        try {
            cgroup.killAll();
            cgroup.destroy();
        } catch (CgroupException e) {
            failure.addSuppressed(e);
        }
    }
}
