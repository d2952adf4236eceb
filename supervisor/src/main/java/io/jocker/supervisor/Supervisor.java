package io.jocker.supervisor;

import io.jocker.engine.Supervision;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.DetachedStarter;
import io.jocker.engine.container.ExitWatch;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.engine.container.RestartPolicies;
import io.jocker.engine.container.StartedContainer;
import io.jocker.engine.logs.LogEntry;
import io.jocker.engine.logs.LogPipes;
import io.jocker.engine.logs.LogWriter;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.linux.Fds;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Isolator;
import io.jocker.spi.Stdio;
import io.jocker.supervisor.AttachRequests.ConsoleHook;
import io.jocker.supervisor.ContainerConsole.AttachRefused;
import io.jocker.supervisor.SupervisorProtocol.ProtocolException;
import io.jocker.supervisor.SupervisorProtocol.Reply;
import io.jocker.supervisor.SupervisorProtocol.Request;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one process that watches every detached container: it starts them (so they are its
 * children and it can reap them and learn their exit status), copies their output into their
 * logs, holds their terminals and stdin pipes for {@code attach}, and records their exit. It
 * adopts the detached containers a previous supervisor left running (they are not its children:
 * their exit status comes from the kernel's process events, {@link AdoptedExits}, and is unknown
 * only where those cannot tell; a terminal's master dies with the supervisor that held it), and
 * exits once it has nothing to watch. Containers without a terminal never depend on it
 * being alive.
 */
public final class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());
    private static final long REPAIR_MILLIS = 10_000;
    /** How often a restart's back-off looks whether the user ended it meanwhile. */
    private static final long BACK_OFF_POLL_MILLIS = 200;
    /** Docker's status for an exit nobody could observe. */
    private static final int UNKNOWN_EXIT = 255;

    private final EngineConfig config;
    private final ContainerService containers;
    private final ContainerLookup lookup;
    private final Supplier<Isolator> isolator;
    private final Map<String, Thread> watches = new ConcurrentHashMap<>();
    private final Map<String, ContainerConsole> consoles = new ConcurrentHashMap<>();
    private final AttachRequests attachments;
    private final AdoptedExits adoptedExits = new AdoptedExits();
    private final Map<String, AdoptedRun> adopted = new ConcurrentHashMap<>();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();
    private CliHandler cli;

    public Supervisor(Supervision engine) {
        this.config = engine.config();
        this.containers = engine.containers();
        this.lookup = engine.lookup();
        this.isolator = engine.isolator();
        this.attachments = new AttachRequests(lookup, consoles, this::startAttached);
    }

    /**
     * Serves until nothing has been watched or asked for during {@code idleGrace}. Waits for a
     * previous supervisor of this root to finish exiting first.
     */
    public void run(Duration idleGrace, CliHandler cliHandler) throws IOException {
        this.cli = cliHandler;
        SupervisorPaths paths = SupervisorPaths.under(config.root());
        Files.createDirectories(paths.directory());
        // Only root may talk to the supervisor: it starts containers and runs commands.
        Files.setPosixFilePermissions(paths.directory(), PosixFilePermissions.fromString("rwx------"));
        int lock = Fds.open(paths.lock().toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_CLOEXEC);
        try {
            Fds.flock(lock, Fds.LOCK_EX);
            Files.writeString(paths.pidFile(), ProcessHandle.current().pid() + "\n");
            Files.deleteIfExists(paths.socket());
            FifoRequests fifo = new FifoRequests(paths, new FifoHost());
            AtomicReference<Isolator.Spares> spares = new AtomicReference<>();
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    Selector selector = Selector.open()) {
                // Stopped with a signal (SIGTERM), the finally blocks below do not run; the hook does the same.
                // Registered before the FIFO exists, so that a signal right after it appears removes it too.
                // The FIFO goes first: a client that finds none runs its command in a JVM at once.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    closeSpares(spares);
                    for (Path file : List.of(paths.cliFifo(), paths.socket(), paths.pidFile())) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            LOG.fine("cannot remove " + file + ": " + e.getMessage());
                        }
                    }
                }, "jocker-supervisor-exit"));
                server.bind(UnixDomainSocketAddress.of(paths.socket()));
                adoptAll();
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                fifo.start();
                // Containers keep starting here: the isolator may start the next one's init ahead.
                isolator.get().openSpares().ifPresent(spares::set);
                serve(server, selector, idleGrace, fifo);
            } finally {
                fifo.stop();
                fifo.release();
                closeSpares(spares);
                Files.deleteIfExists(paths.socket());
                Files.deleteIfExists(paths.pidFile());
            }
        } finally {
            Fds.closeQuietly(lock);
        }
    }

    private static void closeSpares(AtomicReference<Isolator.Spares> spares) {
        Isolator.Spares open = spares.getAndSet(null);
        if (open != null) {
            open.close();
        }
    }

    private void serve(ServerSocketChannel server, Selector selector, Duration idleGrace, FifoRequests fifo) throws IOException {
        while (true) {
            selector.select(200);
            selector.selectedKeys().clear();
            SocketChannel client;
            while ((client = server.accept()) != null) {
                touch();
                activeRequests.incrementAndGet();
                SocketChannel connection = client;
                Thread handler = new Thread(() -> handle(connection), "jocker-supervisor-request");
                handler.start();
            }
            if (idle(idleGrace)) {
                // Fast-path clients that wrote just before the FIFO went are still served; then exit.
                fifo.stop();
                awaitRequests();
                fifo.release();
                if (idle(Duration.ZERO)) {
                    return;
                }
                fifo.start();
            }
        }
    }

    private boolean idle(Duration grace) {
        return watches.isEmpty() && activeRequests.get() == 0 && System.nanoTime() - lastActivity > grace.toNanos();
    }

    private void awaitRequests() {
        while (activeRequests.get() > 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The fast path's view of this supervisor. */
    private final class FifoHost implements FifoRequests.Host {
        @Override
        public CliHandler cli() {
            return cli;
        }

        @Override
        public void requestStarted() {
            touch();
            activeRequests.incrementAndGet();
        }

        @Override
        public void requestEnded() {
            touch();
            activeRequests.decrementAndGet();
        }

        /** What a START on the socket does, without the socket: served {@code run -d} and {@code start} use it. */
        @Override
        public DetachedStarter starter() {
            return id -> {
                Reply reply = answer(new Request(SupervisorProtocol.START, id));
                if (!reply.ok()) {
                    throw new ContainerStartException(reply.message(), reply.exitCode(), null);
                }
            };
        }
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void handle(SocketChannel connection) {
        try (connection) {
            connection.configureBlocking(true);
            Request request;
            try {
                request = Request.parse(readLine(connection));
            } catch (ProtocolException e) {
                Reply.error(125, e.getMessage()).writeTo(connection);
                return;
            }
            if (request.command().equals(SupervisorProtocol.ATTACH)) {
                attachments.serve(connection, request.argument());
            } else {
                answer(request).writeTo(connection);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "supervisor request failed: " + e.getMessage(), e);
        } finally {
            touch();
            activeRequests.decrementAndGet();
        }
    }

    private static String readLine(SocketChannel connection) throws IOException, ProtocolException {
        ByteBuffer buffer = ByteBuffer.allocate(SupervisorProtocol.MAX_LINE);
        while (buffer.hasRemaining()) {
            if (connection.read(buffer) < 0) {
                break;
            }
            for (int i = 0; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        throw new ProtocolException("supervisor request without a line end (at most " + SupervisorProtocol.MAX_LINE + " bytes)");
    }

    private Reply answer(Request request) {
        try {
            return switch (request.command()) {
                case SupervisorProtocol.PING -> Reply.success();
                case SupervisorProtocol.START -> startAsked(request.argument());
                default -> Reply.error(125, "unknown supervisor command: " + request.command());
            };
        } catch (ContainerStartException e) {
            return Reply.error(e.exitCode(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "supervisor request " + request.command() + " failed", e);
            return Reply.error(125, EngineException.messageOf(e));
        }
    }

    /**
     * A start the user asked for (it re-arms the restart policy). A container in its restart
     * policy's back-off is left to it, as Docker leaves a running one.
     */
    private Reply startAsked(String reference) throws IOException {
        String id = lookup.find(reference).id();
        Optional<ContainerRecord> record = containers.refresh(id);
        if (record.isPresent() && record.get().state().status() == Status.RESTARTING) {
            return Reply.success();
        }
        start(id, false);
        return Reply.success();
    }

    private boolean start(String fullId, boolean byPolicy) throws IOException {
        return start(fullId, byPolicy, console -> {});
    }

    /** A start that {@code attach ID start} asked for: the user's, so it ends a stop by the user too. */
    private void startAttached(String fullId, ConsoleHook beforeWatching) throws IOException {
        start(fullId, false, beforeWatching);
    }

    /**
     * Starts a container as this process's child: with {@code -t} on a terminal whose master it
     * keeps, else with its stdout and stderr going into its log pipes and its stdin from its stdin
     * pipe ({@code -i}) or /dev/null. {@code beforeWatching} sees its console before any of its
     * output is read, so that a client attached there misses nothing. {@code byPolicy}: the
     * restart policy's start, which happens only while the record still says restarting. Returns
     * whether it started.
     */
    private boolean start(String fullId, boolean byPolicy, ConsoleHook beforeWatching) throws IOException {
        ContainerConfig config = lookup.byId(fullId).orElseThrow(() -> new NoSuchContainerException(fullId)).config();
        Path dir = containers.directory(fullId);
        LogPipes.create(dir);
        int[] readers = {-1, -1};
        int[] containerEnds = {-1, -1, -1};
        int stdinWriter = -1;
        boolean watching = false;
        try {
            Stdio stdio;
            if (config.tty()) {
                stdio = Stdio.terminal(0, 0);
            } else {
                readers[0] = LogPipes.openReader(dir, LogEntry.STDOUT);
                readers[1] = LogPipes.openReader(dir, LogEntry.STDERR);
                if (config.openStdin()) {
                    stdinWriter = LogPipes.openStdinWriter(dir);
                    containerEnds[0] = LogPipes.openStdinContainerEnd(dir, config.stdinOnce());
                } else {
                    containerEnds[0] = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
                }
                containerEnds[1] = LogPipes.openContainerEnd(dir, LogEntry.STDOUT);
                containerEnds[2] = LogPipes.openContainerEnd(dir, LogEntry.STDERR);
                stdio = Stdio.of(containerEnds[0], containerEnds[1], containerEnds[2]);
            }
            LogWriter log = new LogWriter(LogPipes.logFile(dir), Clock.systemUTC());
            Optional<StartedContainer> started;
            try {
                started = byPolicy ? containers.startRestarting(fullId, stdio) : Optional.of(containers.start(fullId, stdio));
            } catch (RuntimeException e) {
                log.close();
                throw e;
            }
            if (started.isEmpty()) {
                log.close();
                return false;
            }
            ContainerProcess process = started.get().process();
            int master = process.ttyMaster().orElse(-1);
            ContainerConsole console = new ContainerConsole(fullId, config.tty(), config.openStdin(), config.stdinOnce(),
                    master, stdinWriter);
            stdinWriter = -1;
            try {
                if (master >= 0) {
                    Fds.setNonBlocking(master);
                    readers[0] = Fds.dup(master);
                }
                consoles.put(fullId, console);
                beforeWatching.accept(console);
            } catch (IOException | AttachRefused | RuntimeException e) {
                // The container runs: it is still watched, so that it is reaped and its exit recorded.
                LOG.log(Level.WARNING, "container " + fullId + " started without its console: " + e.getMessage(), e);
            }
            watch(new ContainerWatch(fullId, process.pid(), process.startTime(), process, readers, log, console, this::exited),
                    fullId);
            watching = true;
            return true;
        } finally {
            for (int fd : containerEnds) {
                Fds.closeQuietly(fd);
            }
            Fds.closeQuietly(stdinWriter);
            if (!watching) {
                Fds.closeQuietly(readers[0]);
                Fds.closeQuietly(readers[1]);
            }
        }
    }

    private void watch(ContainerWatch watch, String id) {
        Thread thread = new Thread(watch, "jocker-watch-" + id.substring(0, 12));
        watches.put(id, thread);
        thread.start();
    }

    /**
     * Adopts the detached containers (those with log pipes) that still run, and repairs the
     * records of those that ended while no supervisor watched them, and of those whose restart a
     * previous supervisor was waiting for when it died: they are not restarted, and none is left
     * saying restarting with nobody to restart it. A container that a commit killed half-way
     * (this supervisor's predecessor, say) left frozen is thawed.
     */
    private void adoptAll() {
        for (ContainerRecord listed : lookup.all()) {
            Path dir = containers.directory(listed.id());
            try {
                if (listed.state().status() == Status.RESTARTING) {
                    containers.endRestart(listed.id(), ContainerService.ORPHANED_RESTART);
                    continue;
                }
                Optional<ContainerRecord> record = containers.refresh(listed.id());
                if (record.isPresent() && ContainerService.isRunning(record.get()) && Files.exists(LogPipes.fifo(dir, LogEntry.STDOUT))) {
                    adopt(record.get(), dir);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot adopt container " + listed.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Watches a running container that a previous supervisor started. Its exit is listened for
     * first, and claimed ({@link ExitWatch}), so that it is recorded with its status; should it
     * end before, it is recorded as unknown.
     */
    private void adopt(ContainerRecord record, Path dir) throws IOException {
        long pid = record.state().pid();
        adoptedExits.watch(pid);
        ExitWatch claim;
        try {
            claim = ExitWatch.take(dir);
        } catch (IOException | RuntimeException e) {
            adoptedExits.forget(pid);
            throw e;
        }
        adopted.put(record.id(), new AdoptedRun(pid, claim));
        int[] readers = {-1, -1};
        int stdinWriter = -1;
        try {
            readers[0] = LogPipes.openReader(dir, LogEntry.STDOUT);
            readers[1] = LogPipes.openReader(dir, LogEntry.STDERR);
            ContainerConfig config = record.config();
            // A stdin that closes with its first client was closed when its writer died; another stays open.
            if (!config.tty() && config.openStdin() && !config.stdinOnce() && Files.exists(LogPipes.stdinFifo(dir))) {
                stdinWriter = LogPipes.openStdinWriter(dir);
            }
            LogWriter log = new LogWriter(LogPipes.logFile(dir), Clock.systemUTC());
            ContainerConsole console = new ContainerConsole(record.id(), config.tty(), config.openStdin(),
                    config.stdinOnce(), -1, stdinWriter);
            consoles.put(record.id(), console);
            watch(new ContainerWatch(record.id(), record.state().pid(), record.state().pidStartTime(), null, readers, log,
                    console, this::exited), record.id());
        } catch (IOException | RuntimeException e) {
            consoles.remove(record.id());
            adopted.remove(record.id()).release(adoptedExits);
            Fds.closeQuietly(readers[0]);
            Fds.closeQuietly(readers[1]);
            Fds.closeQuietly(stdinWriter);
            throw e;
        }
    }

    /** An adopted container's run: its PID 1, and the claim on recording its exit. */
    private record AdoptedRun(long pid, ExitWatch claim) {
        void release(AdoptedExits exits) {
            exits.forget(pid);
            claim.close();
        }
    }

    /**
     * Records the exit: with the status of a child, or the one the kernel reported for an adopted
     * container; else, once the adopted container's claim is released, as unknown (whoever
     * reaped it repaired the record meanwhile, or this supervisor does).
     */
    private void exited(String id, ContainerConsole console, ExitStatus childStatus, Runnable reap) {
        consoles.remove(id, console);
        AdoptedRun run = adopted.remove(id);
        ExitStatus status = childStatus;
        Optional<ContainerRecord> recorded = Optional.empty();
        try {
            if (run != null) {
                try {
                    status = adoptedExits.awaitExit(run.pid()).orElse(null);
                    if (status != null) {
                        recorded = Optional.ofNullable(containers.finishAdopted(id, run.pid(), status));
                    }
                } finally {
                    run.release(adoptedExits);
                }
                if (status == null) {
                    recorded = repairWhenReaped(id).flatMap(exited -> containers.applyRestartPolicy(exited.id()));
                }
            } else if (status != null) {
                recorded = Optional.ofNullable(containers.finishDetached(id, status));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the exit of container " + id + ": " + e.getMessage(), e);
        } finally {
            reap.run();
        }
        // Attached clients learn the exit once it is recorded, before any restart delay.
        console.ended(exitCode(status, recorded));
        try {
            if (recorded.isPresent() && recorded.get().state().status() == Status.RESTARTING) {
                restart(recorded.get());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot restart container " + id + ": " + e.getMessage(), e);
        } finally {
            // A restart may already have registered the container's next watch.
            watches.remove(id, Thread.currentThread());
            touch();
        }
    }

    /** The status attached clients exit with: the container's, or Docker's 255 when it is unknown. */
    private static int exitCode(ExitStatus status, Optional<ContainerRecord> exited) {
        if (status != null) {
            return status.shellCode();
        }
        Integer recorded = exited.map(r -> r.state().exitCode()).orElse(null);
        return recorded == null ? UNKNOWN_EXIT : recorded;
    }

    /**
     * The restart policy's start, after Docker's growing delay; the watch stays registered
     * meanwhile so that this supervisor does not exit. A stop, kill, start or removal by the user
     * in between ends the record's restarting state, and with it the wait. Whatever keeps the
     * start from happening ends the restarting state too, so that it never outlives this wait.
     */
    private void restart(ContainerRecord restarting) throws IOException {
        String id = restarting.id();
        try {
            if (!awaitBackOff(id, RestartPolicies.delay(restarting.restartCount())) || !start(id, true)) {
                // Ended by the user meanwhile, or this wait was interrupted.
                containers.endRestart(id, "not restarted: the supervisor stopped waiting");
            }
        } catch (ContainerStartException e) {
            // The failed start is recorded already; the record no longer says restarting.
            LOG.warning("the restart policy could not start container " + id + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            containers.endRestart(id, "not restarted: " + e.getMessage());
            throw e;
        }
    }

    /** Waits out the back-off; false as soon as the record no longer says restarting. */
    private boolean awaitBackOff(String id, Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (true) {
            Optional<ContainerRecord> now = lookup.byId(id);
            if (now.isEmpty() || now.get().state().status() != Status.RESTARTING) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, BACK_OFF_POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** An adopted container's new parent reaps it a moment after it exits; then its record is repaired. */
    private Optional<ContainerRecord> repairWhenReaped(String id) {
        long deadline = System.nanoTime() + REPAIR_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<ContainerRecord> record = containers.refresh(id);
            if (record.isEmpty() || record.get().state().status() != Status.RUNNING) {
                return record;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        LOG.warning("container " + id + " exited but its process was not reaped within " + REPAIR_MILLIS + " ms");
        return Optional.empty();
    }
}
