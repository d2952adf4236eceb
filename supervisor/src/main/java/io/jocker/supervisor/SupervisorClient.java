package io.jocker.supervisor;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.engine.state.SupervisorPresence;
import io.jocker.supervisor.SupervisorProtocol.AttachRequest;
import io.jocker.supervisor.SupervisorProtocol.Reply;
import io.jocker.supervisor.SupervisorProtocol.Request;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import io.jocker.linux.Spawn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Asks the supervisor of a jocker root to do something, starting one first when none answers.
 * A supervisor that is just exiting (idle) closes its socket; the request is then sent again to
 * a new one.
 */
public final class SupervisorClient {

    private static final Logger LOG = Logger.getLogger(SupervisorClient.class.getName());

    private static final int ATTEMPTS = 4;
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final SupervisorPaths paths;
    private final List<String> launchCommand;

    /**
     * @param root the jocker root
     * @param launchCommand the command line that runs a supervisor for this root in the foreground
     */
    public SupervisorClient(Path root, List<String> launchCommand) {
        this.paths = SupervisorPaths.under(root);
        this.launchCommand = List.copyOf(launchCommand);
    }

    /** Has the supervisor start the container with this full id; it runs when this returns. */
    public void start(String id) {
        Reply reply = call(new Request(SupervisorProtocol.START, id));
        if (!reply.ok()) {
            throw new ContainerStartException(reply.message(), reply.exitCode(), null);
        }
    }

    /**
     * Attaches to a running container (or starts it first, with {@code request.start()}); the
     * connection then carries its streams.
     *
     * @throws AttachException when the supervisor refuses or the start fails
     */
    public AttachConnection attach(AttachRequest request) {
        Request line = new Request(SupervisorProtocol.ATTACH, request.encode());
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SocketChannel channel = null;
            try {
                channel = connect(line);
                Optional<Reply> reply = readReply(channel);
                if (reply.isPresent()) {
                    if (!reply.get().ok()) {
                        throw new AttachException(reply.get().message(), reply.get().exitCode());
                    }
                    AttachConnection connection = new AttachConnection(channel);
                    channel = null;
                    return connection;
                }
            } catch (IOException e) {
                last = e;
            } finally {
                closeQuietly(channel);
            }
            ensureRunning();
        }
        throw unreachable(last);
    }

    private Reply call(Request request) {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Optional<Reply> reply = send(request);
                if (reply.isPresent()) {
                    return reply.get();
                }
            } catch (IOException e) {
                last = e;
            }
            ensureRunning();
        }
        throw unreachable(last);
    }

    private EngineException unreachable(IOException last) {
        return new EngineException("cannot reach the jocker supervisor at " + paths.socket()
                + (last == null ? "" : ": " + last.getMessage()) + " (see " + paths.log() + ")", last);
    }

    /** The reply, or empty when the supervisor closed the connection without one (it was exiting). */
    private Optional<Reply> send(Request request) throws IOException {
        try (SocketChannel channel = connect(request)) {
            return readReply(channel);
        }
    }

    private SocketChannel connect(Request request) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(paths.socket()));
            AttachFrames.write(channel, ByteBuffer.wrap(request.encode().getBytes(StandardCharsets.UTF_8)));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the reply line a byte at a time: after an attach's reply the stream's frames follow,
     * which must stay unread.
     */
    private Optional<Reply> readReply(SocketChannel channel) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.size() <= SupervisorProtocol.MAX_LINE) {
            one.clear();
            if (channel.read(one) < 0) {
                return Optional.empty();
            }
            if (one.get(0) == '\n') {
                return parse(line.toString(StandardCharsets.UTF_8));
            }
            line.write(one.get(0));
        }
        throw new IOException("the jocker supervisor's reply has no line end within " + SupervisorProtocol.MAX_LINE + " bytes");
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to do with a connection that is being given up.
            }
        }
    }

    private Optional<Reply> parse(String line) {
        Optional<Reply> reply = Reply.parse(line);
        if (reply.isEmpty()) {
            throw new EngineException("the jocker supervisor answered something this jocker does not understand: \""
                    + line + "\"; stop the old supervisor or use the same jocker version");
        }
        return reply;
    }

    /** Starts a supervisor unless one answers; only one client at a time does this. */
    private void ensureRunning() {
        try {
            Files.createDirectories(paths.directory());
            try (FileChannel lockFile = FileChannel.open(paths.spawnLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lockFile.lock()) {
                if (answers()) {
                    return;
                }
                long pid = spawn();
                waitUntilAnswering(pid);
            }
        } catch (IOException e) {
            throw new EngineException("cannot start the jocker supervisor: " + e.getMessage() + " (see " + paths.log() + ")", e);
        }
    }

    /**
     * Starts a supervisor without waiting for it, unless one runs or another client is starting
     * one; failures only cost the warm start, so they are logged, not raised.
     */
    public void startInBackground() {
        try {
            Files.createDirectories(paths.directory());
            try (FileChannel lockFile = FileChannel.open(paths.spawnLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lockFile.tryLock()) {
                if (held != null && !SupervisorPresence.runs(paths.directory().getParent())) {
                    spawn();
                }
            }
        } catch (IOException e) {
            LOG.fine("cannot start a supervisor in the background: " + e.getMessage());
        }
    }

    private boolean answers() {
        try {
            return send(new Request(SupervisorProtocol.PING, "-")).map(Reply::ok).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Spawns the supervisor in a session of its own (a terminal's Ctrl-C must not reach it) with
     * its output in its log file; a daemon thread reaps it should it exit while this JVM lives.
     */
    private long spawn() throws IOException {
        if (!Files.exists(paths.log())) {
            Files.createFile(paths.log());
        }
        int devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        int log = -1;
        try {
            log = Fds.open(paths.log().toString(), Fds.O_WRONLY | Fds.O_APPEND | Fds.O_CLOEXEC);
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : System.getenv().entrySet()) {
                env.add(e.getKey() + "=" + e.getValue());
            }
            try (Spawn.FileActions actions = new Spawn.FileActions().dup2(devNull, 0).dup2(log, 1).dup2(log, 2).closeFrom(3);
                    Spawn.Attributes attributes = new Spawn.Attributes()
                            .flags((short) (Spawn.POSIX_SPAWN_SETSID | Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF))
                            .emptySignalMask()
                            .allSignalsDefault()) {
                long pid = Spawn.spawn(launchCommand.get(0), launchCommand, env, actions, attributes);
                Thread reaper = new Thread(() -> reap(pid), "jocker-supervisor-reaper");
                reaper.setDaemon(true);
                reaper.start();
                return pid;
            }
        } finally {
            Fds.closeQuietly(devNull);
            Fds.closeQuietly(log);
        }
    }

    private static void reap(long pid) {
        try {
            Processes.reapIfChild(pid);
        } catch (LinuxException e) {
            LOG.warning("cannot reap the supervisor " + pid + " this command started: " + e.getMessage());
        }
    }

    private void waitUntilAnswering(long pid) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return;
            }
            if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
                throw new IOException("the supervisor (PID " + pid + ") exited at once");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the supervisor", e);
            }
        }
        throw new IOException("the supervisor (PID " + pid + ") did not answer within " + START_TIMEOUT_MILLIS + " ms");
    }
}
