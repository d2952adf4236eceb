package io.jocker.engine.supervisor;

import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fast path of short commands: the launcher, a shell script, asks the running supervisor to
 * run a command line instead of starting a JVM of its own (a JVM alone takes longer than Docker's
 * whole {@code docker ps}). This is the protocol's one description; {@code bin/jocker} plays the
 * client. Shell scripts cannot use Unix sockets, so it is made of files and named pipes in the
 * supervisor's directory, which only root can reach:
 * <ol>
 *   <li>the client makes its files {@code r.PID.args} and two FIFOs, {@code r.PID.1} and {@code
 *       r.PID.2}, which it reads ({@link ClientRequest}; PID is the client's), and writes their
 *       prefix's path, {@code .../r.PID}, as one line into {@code cli-1.fifo}. The arguments file
 *       holds NUL-terminated fields: the protocol's version ({@value #PROTOCOL}), the launcher's
 *       path as it was started ({@code $0}), then the command line exactly as the user typed it,
 *       global options included. (The FIFO's name keeps the first version's number: a request of
 *       the first version starts with {@code --root}, which this version declines, as the first
 *       declines this one's.)
 *   <li>the supervisor creates {@code r.PID.taken} (from then on the client must not run the
 *       command again), opens the FIFOs for writing (waiting as long as the client lives: one
 *       stopped with Ctrl-Z is answered once continued), runs the command with its output on
 *       them, writes {@code r.PID.status} (the exit status, or {@value #FALLBACK}) and closes
 *       the FIFOs. A foreground container's PID goes into {@code r.PID.pid}, to which the client
 *       passes the signals it receives.
 *   <li>it answers {@value #FALLBACK}, before anything runs, to a request of another version,
 *       to one whose launcher belongs to another build of jocker ({@link LauncherBuild}: an
 *       upgraded distribution never runs commands in a supervisor of the old one), and to any
 *       command line its {@link CliHandler} declines: the client then runs it in a JVM of its own.
 *       Whatever fails once the request was taken is answered with status 125 and a message on
 *       {@code r.PID.2}; a request it cannot mark as taken is answered with its FIFOs closed and
 *       no status, and the client runs it itself.
 *   <li>the supervisor removes the request's files once the client has exited ({@link
 *       ClientExit}): an rm would cost the client a process. A client that runs the command
 *       itself removes them first.
 * </ol>
 * Each supervisor makes a new FIFO and holds an flock(2) on it while it serves. The client waits
 * for that lock with flock(1) on the FIFO it wrote to, beside its reads, so a supervisor that dies
 * never leaves it hanging: a request that was not {@code taken} is then run by the client itself,
 * and one that was fails with 125. A client interrupted by the user closes its FIFOs: the image
 * commands then stop too ({@link ClientWatch}).
 */
final class FifoRequests {

    private static final Logger LOG = Logger.getLogger(FifoRequests.class.getName());
    private static final int MAX_LINE = 4096;
    /** How long a client's FIFOs are looked at every millisecond before less often. */
    private static final long EAGER_MILLIS = 1_000;
    private static final long PATIENT_POLL_MILLIS = 50;
    /** How long clients that opened the FIFO just before it was removed get to write to it. */
    private static final long CLOSING_GRACE_MILLIS = 100;
    static final String FALLBACK = "fallback";
    /** The protocol's version, the first field of every request's arguments file. */
    static final String PROTOCOL = "2";

    /** What the supervisor lends to the requests: the command runner and its activity count. */
    interface Host {
        CliHandler cli();

        void requestStarted();

        void requestEnded();

        DetachedStarter starter();
    }

    private final SupervisorPaths paths;
    private final Host host;
    private int fd = -1;
    private Thread reader;

    FifoRequests(SupervisorPaths paths, Host host) {
        this.paths = paths;
        this.host = host;
    }

    /**
     * Creates a new FIFO, locked before any client can find it, and starts taking requests. A
     * FIFO is never reused: a client that wrote into an earlier one, whose reader is gone, finds
     * that one unlocked and runs its command itself.
     */
    void start() throws IOException {
        release();
        ClientRequest.removeAbandoned(paths.directory());
        Path fifo = paths.cliFifo();
        Path fresh = fifo.resolveSibling(fifo.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Fds.mkfifo(fresh.toString(), 0600);
        // Opened read-write: the supervisor's own write end keeps the reads from ever seeing end of file.
        fd = Fds.open(fresh.toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
        Fds.flock(fd, Fds.LOCK_EX);
        Files.move(fresh, fifo, StandardCopyOption.ATOMIC_MOVE);
        reader = new Thread(this::readRequests, "jocker-supervisor-fifo");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Removes the FIFO so that no new client finds it, takes the requests already written, and
     * stops reading. Requests taken keep running; the caller waits for them, then
     * {@linkplain #release() releases} the FIFO.
     */
    void stop() throws IOException {
        if (reader == null) {
            return;
        }
        Files.deleteIfExists(paths.cliFifo());
        try {
            Thread.sleep(CLOSING_GRACE_MILLIS);
            // An empty line tells the reader that nothing follows.
            Fds.writeFully(fd, new byte[] {'\n'});
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader = null;
        }
    }

    /**
     * Closes the stopped FIFO, and with it its lock: the clients' watchdogs end their waits. A
     * client that wrote too late for {@link #stop()} then runs its command itself.
     */
    void release() {
        if (reader == null && fd >= 0) {
            Fds.closeQuietly(fd);
            fd = -1;
        }
    }

    private void readRequests() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[MAX_LINE];
        try {
            while (true) {
                int n = Fds.read(fd, buffer, buffer.length);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    String request = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (request.isEmpty()) {
                        return;
                    }
                    dispatch(request);
                }
                if (line.size() > MAX_LINE) {
                    LOG.warning("dropping an over-long fast-path request");
                    line.reset();
                }
            }
        } catch (LinuxException e) {
            LOG.log(Level.WARNING, "the fast-path FIFO failed: " + e.getMessage(), e);
        }
    }

    private void dispatch(String line) {
        Optional<ClientRequest> named;
        try {
            named = ClientRequest.named(line, paths.directory().toRealPath());
        } catch (IOException e) {
            LOG.warning("ignoring a fast-path request: " + e.getMessage());
            return;
        }
        if (named.isEmpty()) {
            LOG.warning("ignoring a fast-path request that names no request of a client: " + line);
            return;
        }
        ClientRequest request = named.get();
        boolean taken;
        try {
            // Marks the request as ours before anything runs: from here on, the client must not run it again.
            Files.createFile(request.file("taken"));
            taken = true;
        } catch (FileAlreadyExistsException e) {
            LOG.warning("ignoring a fast-path request named twice: " + request);
            return;
        } catch (IOException e) {
            // Still answered, so that the client's reads end: without the mark, the client runs the command itself.
            LOG.warning("cannot take the fast-path request " + request + ": " + e.getMessage());
            taken = false;
        }
        host.requestStarted();
        ClientExit client = ClientExit.watch(request.pid());
        boolean isTaken = taken;
        Thread handler = new Thread(() -> {
            boolean answered = false;
            try {
                answered = answer(request, isTaken, client);
            } finally {
                host.requestEnded();
                if (answered) {
                    client.thenRemove(request);
                } else {
                    client.forget();
                }
            }
        }, "jocker-supervisor-cli");
        handler.start();
    }

    /**
     * Answers a request whatever fails on the way. Its client waits for the end of its two FIFOs,
     * so they are opened (however long the client takes, as long as it lives: a client stopped
     * with Ctrl-Z goes on once continued) and closed; a failure after the request was taken is
     * reported as status 125. Returns whether the supervisor removes the request's files once the
     * client has exited; otherwise the client removes them (it runs the command itself).
     */
    private boolean answer(ClientRequest request, boolean taken, ClientExit client) {
        int out = -1;
        int err = -1;
        try {
            try {
                out = openWriter(request.file("1"), client);
                err = openWriter(request.file("2"), client);
            } catch (IOException | RuntimeException e) {
                // The client is gone, or removed its request when interrupted: nobody waits for the answer.
                LOG.fine("cannot answer the fast-path request " + request + ": " + e.getMessage());
                return true;
            }
            if (!taken) {
                return false;
            }
            String status = serve(request, out, err);
            if (!publish(request, "status", status)) {
                report(err, "jocker: the supervisor could not report the command's exit status (see " + paths.log() + ")");
            }
            return !status.equals(FALLBACK);
        } finally {
            Fds.closeQuietly(out);
            Fds.closeQuietly(err);
        }
    }

    /** Runs a taken request on the open FIFOs; returns its status, {@value #FALLBACK} when declined. */
    private String serve(ClientRequest request, int out, int err) {
        try {
            List<String> fields = readArgs(request.file("args"));
            String pid = Long.toString(request.pid());
            Path workingDir = Files.readSymbolicLink(Path.of("/proc", pid, "cwd"));
            // Another version's request cannot be read; another build's launcher has other code: both run it themselves.
            Optional<Path> home = fields.size() < 2 || !fields.get(0).equals(PROTOCOL) ? Optional.empty()
                    : LauncherBuild.homeOf(fields.get(1), workingDir);
            if (home.isEmpty()) {
                return FALLBACK;
            }
            OptionalInt status = host.cli().run(new ClientCall(fields.subList(2, fields.size()), request.pid(), environment(pid),
                    workingDir, home.get(), out, err, started -> publish(request, "pid", Long.toString(started)),
                    host.starter()));
            return status.isPresent() ? Integer.toString(status.getAsInt()) : FALLBACK;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "fast-path request " + request + " failed: " + e.getMessage(), e);
            report(err, "jocker: the supervisor could not run the command: " + e.getMessage());
        } catch (Error e) {
            LOG.log(Level.SEVERE, "fast-path request " + request + " failed", e);
            report(err, "jocker: the supervisor failed while running the command (see " + paths.log() + ")");
        }
        return "125";
    }

    private static void report(int err, String message) {
        try {
            Fds.writeFully(err, (message + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (LinuxException e) {
            LOG.fine("cannot tell a fast-path client: " + e.getMessage());
        }
    }

    /** Writes a small file the client reads, whole or not at all; false when it could not. */
    private static boolean publish(ClientRequest request, String name, String value) {
        Path temporary = request.file(name + ".tmp");
        try {
            Files.writeString(temporary, value + "\n");
            Files.move(temporary, request.file(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            // The client is gone (it removes its files when interrupted), or the disk is full.
            LOG.fine("cannot write " + name + " for fast-path request " + request + ": " + e.getMessage());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException again) {
                LOG.fine("cannot remove " + temporary + ": " + again.getMessage());
            }
            return false;
        }
    }

    /** The client's environment; the launcher's shell has it, unchanged, since it was started. */
    private static Map<String, String> environment(String pid) throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String entry : nulTerminated(Files.readAllBytes(Path.of("/proc", pid, "environ")), true)) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environment;
    }

    static List<String> readArgs(Path file) throws IOException {
        try {
            return nulTerminated(Files.readAllBytes(file), false);
        } catch (IllegalArgumentException e) {
            throw new IOException("fast-path request arguments not NUL-terminated: " + file, e);
        }
    }

    private static List<String> nulTerminated(byte[] bytes, boolean lenient) {
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                strings.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != bytes.length && !lenient) {
            throw new IllegalArgumentException("not NUL-terminated");
        }
        return strings;
    }

    /**
     * Opens a client's FIFO for writing once the client reads it, for as long as the client lives.
     * Without O_NONBLOCK the open would wait for a reader forever, should the client die before it
     * starts reading.
     */
    private static int openWriter(Path fifo, ClientExit client) throws IOException {
        long started = System.nanoTime();
        while (true) {
            try {
                int fd = Fds.open(fifo.toString(), Fds.O_WRONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
                try {
                    Fds.setBlocking(fd);
                } catch (LinuxException e) {
                    Fds.closeQuietly(fd);
                    throw new IOException("cannot write to " + fifo + ": " + e.getMessage(), e);
                }
                return fd;
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENXIO) {
                    throw e;
                }
            }
            // A client reads within milliseconds; one that does not is stopped (Ctrl-Z) or slow: look less often.
            long pause = System.nanoTime() - started < EAGER_MILLIS * 1_000_000 ? 1 : PATIENT_POLL_MILLIS;
            if (client.awaitExit(pause)) {
                throw new IOException("the client exited before it read " + fifo);
            }
        }
    }
}
