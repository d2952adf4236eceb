package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.Version;
import io.jocker.engine.container.DetachedStarter;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.linux.FdOutputStream;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast-path protocol, played by a client written here as the launcher plays it. */
class FifoRequestsTest {

    @TempDir
    Path tmp;

    private SupervisorPaths paths;
    private FifoRequests fifo;
    private final DetachedStarter starter = id -> {};
    private final List<List<String>> ran = new CopyOnWriteArrayList<>();
    private final List<ClientCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();

    /**
     * Serves {@code echo ARGS...} (stdout) and {@code fail} (stderr, status 3), and breaks on
     * {@code break} (an Error, as a class that cannot be loaded raises); declines the rest.
     */
    private final CliHandler cli = call -> {
        List<String> args = call.args();
        if (args.get(0).equals("break")) {
            throw new NoClassDefFoundError("io/jocker/Gone");
        }
        if (!args.get(0).equals("echo") && !args.get(0).equals("fail")) {
            return OptionalInt.empty();
        }
        ran.add(args);
        calls.add(call);
        OutputStream out = new FdOutputStream(call.stdout());
        OutputStream err = new FdOutputStream(call.stderr());
        if (args.get(0).equals("fail")) {
            err.write("it failed\n".getBytes(StandardCharsets.UTF_8));
            return OptionalInt.of(3);
        }
        out.write((String.join("|", args.subList(1, args.size())) + "\n").getBytes(StandardCharsets.UTF_8));
        return OptionalInt.of(0);
    };

    /** A distribution of this build: its launcher's {@code ../lib/build} names the build of these classes. */
    private Path launcher;

    @BeforeEach
    void start() throws IOException {
        launcher = distribution(tmp.resolve("dist"), Version.build());
        paths = SupervisorPaths.under(tmp);
        Files.createDirectories(paths.directory());
        fifo = new FifoRequests(paths, new FifoRequests.Host() {
            @Override
            public CliHandler cli() {
                return cli;
            }

            @Override
            public void requestStarted() {
                active.incrementAndGet();
            }

            @Override
            public void requestEnded() {
                active.decrementAndGet();
            }

            @Override
            public DetachedStarter starter() {
                return starter;
            }
        });
        fifo.start();
    }

    @AfterEach
    void stop() throws IOException {
        fifo.stop();
        fifo.release();
    }

    @Test
    void runsTheCommandLineExactlyAndReportsItsStatus() throws Exception {
        long self = ProcessHandle.current().pid();
        Reply reply = ask(self, "echo", "two words", "new\nline", "", "é");
        assertEquals("two words|new\nline||é\n", reply.out());
        assertEquals("", reply.err());
        assertEquals("0", reply.status());
        assertEquals(List.of(List.of("echo", "two words", "new\nline", "", "é")), ran);
        // The client's environment and working directory: here, this JVM's.
        assertEquals(System.getenv(), calls.get(0).environment());
        assertEquals(Path.of("").toAbsolutePath(), calls.get(0).workingDir());
        // Served commands start detached containers in this supervisor, not through its socket.
        assertSame(starter, calls.get(0).starter());

        Reply failed = ask(self, "fail");
        assertEquals("it failed\n", failed.err());
        assertEquals("3", failed.status());
        // The request counts as active until its thread ends, just after the client saw the end of its output.
        for (int i = 0; i < 500 && active.get() != 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, active.get());
    }

    @Test
    void declinesWhatItDoesNotServeWithoutRunningIt() throws Exception {
        Reply reply = ask(ProcessHandle.current().pid(), "run", "-it", "busybox");
        assertEquals("fallback", reply.status());
        assertEquals("", reply.out() + reply.err());
        assertTrue(ran.isEmpty());
    }

    @Test
    void declinesARequestOfAnotherVersionWithoutRunningIt() throws Exception {
        long self = ProcessHandle.current().pid();
        // The first version's request: the root, then the command line.
        assertEquals("fallback", ask(self, nulTerminated(List.of("--root", tmp.toString(), "echo", "old"))).status());
        assertEquals("fallback", ask(self, nulTerminated(List.of("3", launcher.toString(), "echo", "newer"))).status());
        assertTrue(ran.isEmpty());
    }

    @Test
    void servesOnlyALauncherOfItsOwnBuild() throws Exception {
        long self = ProcessHandle.current().pid();
        Path other = distribution(tmp.resolve("other"), "19700101T000000.000Z");
        assertEquals("fallback", ask(self, nulTerminated(List.of(FifoRequests.PROTOCOL, other.toString(), "echo", "x"))).status(),
                "a distribution of another build, or this one upgraded");
        Files.delete(other.resolveSibling("../lib/build").normalize());
        assertEquals("fallback", ask(self, nulTerminated(List.of(FifoRequests.PROTOCOL, other.toString(), "echo", "x"))).status(),
                "a distribution that names no build");
        assertTrue(ran.isEmpty());

        // The launcher as it was started: through a symlink (on PATH), or relative to the client's working directory.
        Path link = Files.createSymbolicLink(tmp.resolve("jocker"), launcher);
        assertEquals("0", ask(self, nulTerminated(List.of(FifoRequests.PROTOCOL, link.toString(), "echo", "x"))).status());
        String relative = Path.of("").toAbsolutePath().relativize(launcher).toString();
        assertEquals("0", ask(self, nulTerminated(List.of(FifoRequests.PROTOCOL, relative, "echo", "x"))).status());
    }

    @Test
    void aServedRequestIsRemovedOnceItsClientHasExitedADeclinedOneIsLeftToTheClient() throws Exception {
        Process served = new ProcessBuilder("sleep", "60").start();
        Process declined = new ProcessBuilder("sleep", "60").start();
        try {
            assertEquals("0", ask(served.pid(), "echo", "ok").status());
            assertEquals("fallback", ask(declined.pid(), "run", "-it", "busybox").status());
            Thread.sleep(200);
            assertEquals(List.of("r." + served.pid() + ".1", "r." + served.pid() + ".2", "r." + served.pid() + ".args",
                    "r." + served.pid() + ".status", "r." + served.pid() + ".taken"), requestFiles(served.pid()),
                    "removed while its client could still read it");

            served.destroy();
            declined.destroy();
            served.waitFor();
            declined.waitFor();
            for (int i = 0; i < 500 && !requestFiles(served.pid()).isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals(List.of(), requestFiles(served.pid()), "left after its client exited");
            assertTrue(Files.exists(paths.directory().resolve("r." + declined.pid() + ".status")),
                    "the supervisor removed a request its client runs");
        } finally {
            served.destroyForcibly();
            declined.destroyForcibly();
        }
    }

    @Test
    void aRequestThatFailsBeforeItRunsIsAnsweredWith125() throws Exception {
        // Arguments cut short: what a launcher on a full disk once wrote.
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        cut.writeBytes(request("ps"));
        cut.writeBytes(new byte[] {'-', 'a'});
        Reply truncated = ask(ProcessHandle.current().pid(), cut.toByteArray());
        assertEquals("125", truncated.status());
        assertEquals("", truncated.out());
        assertTrue(truncated.err().startsWith("jocker: the supervisor could not run the command: "), truncated.err());
        assertTrue(ran.isEmpty());
    }

    @Test
    void aCommandThatBreaksTheSupervisorsCodeIsAnsweredWith125() throws Exception {
        Reply broken = ask(ProcessHandle.current().pid(), "break");
        assertEquals("125", broken.status());
        assertTrue(broken.err().startsWith("jocker: the supervisor failed while running the command (see "), broken.err());
        assertFalse(broken.err().contains("NoClassDefFoundError"), "no Java class names reach users");
    }

    @Test
    void aClientThatReadsOnlyLongAfterItAskedIsStillAnswered() throws Exception {
        // A launcher stopped with Ctrl-Z before it opened its FIFOs, continued later: long after
        // the 10 s for which the supervisor once waited for its readers.
        Reply late = ask(ProcessHandle.current().pid(), 11_000, request("echo", "late"));
        assertEquals("late\n", late.out());
        assertEquals("0", late.status());
    }

    @Test
    void aClientThatExitsBeforeReadingReleasesItsRequest() throws Exception {
        Process client = new ProcessBuilder("sleep", "60").start();
        try {
            Path prefix = paths.directory().resolve("r." + client.pid());
            Fds.mkfifo(file(prefix, "1").toString(), 0600);
            Fds.mkfifo(file(prefix, "2").toString(), 0600);
            Files.write(file(prefix, "args"), request("echo", "never read"));
            writeLine(prefix.toString());
            while (!Files.exists(file(prefix, "taken"))) {
                Thread.sleep(1);
            }
            assertEquals(1, active.get(), "the request waits for its client to read");
            client.destroy();
            client.waitFor();
            for (int i = 0; i < 3000 && active.get() != 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, active.get(), "still waiting for a client that exited");
            for (int i = 0; i < 500 && !requestFiles(client.pid()).isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals(List.of(), requestFiles(client.pid()), "left after its client exited");
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void ignoresLinesThatNameNoRequestOfAClientAndKeepsServing() throws Exception {
        Files.write(tmp.resolve("r.7.args"), new byte[] {'x', 0});
        Files.createDirectories(paths.directory().resolve("r.8"));
        Files.createDirectories(paths.directory().resolve("r.6.args"));
        writeLine("/etc");
        writeLine(tmp.resolve("r.7").toString());
        writeLine(paths.directory().resolve("r.8/../../r.7").toString());
        writeLine(paths.directory().resolve("x.9").toString());
        writeLine(paths.directory().resolve("r.6").toString());
        writeLine(paths.directory().resolve("r.5").toString());
        assertFalse(Files.exists(tmp.resolve("r.7.taken")));
        assertFalse(Files.exists(paths.directory().resolve("r.6.taken")));
        assertEquals("ok\n", ask(ProcessHandle.current().pid(), "echo", "ok").out());
    }

    @Test
    void startRemovesTheRequestsOfClientsThatAreGone() throws Exception {
        fifo.stop();
        long self = ProcessHandle.current().pid();
        Files.writeString(paths.directory().resolve("r.999999999.args"), "");
        Files.writeString(paths.directory().resolve("r.999999999.status.tmp"), "");
        // an older launcher's request: a directory of its own
        Files.createDirectories(paths.directory().resolve("r.999999998/sub"));
        Files.writeString(paths.directory().resolve("r." + self + ".args"), "");
        fifo.start();
        assertEquals(List.of(), requestFiles(999999999));
        assertEquals(List.of(), requestFiles(999999998));
        assertEquals(List.of("r." + self + ".args"), requestFiles(self));
    }

    @Test
    void stopRemovesTheFifoButServesWhatWasAlreadyWritten() throws Exception {
        CompletableFuture<Reply> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return ask(ProcessHandle.current().pid(), "echo", "late");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!Files.exists(paths.directory().resolve("r." + ProcessHandle.current().pid() + ".taken"))) {
            Thread.sleep(1);
        }
        fifo.stop();
        assertFalse(Files.exists(paths.cliFifo()));
        assertEquals("late\n", pending.get(10, TimeUnit.SECONDS).out());
    }

    @Test
    void eachFifoIsLockedWhileItIsServedAndNeverServedAgain() throws Exception {
        int first = Fds.open(paths.cliFifo().toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
        try {
            assertFalse(lockable(first), "a served FIFO is locked");
            fifo.stop();
            assertFalse(lockable(first), "locked until the requests taken have ended");
            fifo.release();
            assertTrue(lockable(first), "a client's watchdog ends once the FIFO is released");
            fifo.start();
            int second = Fds.open(paths.cliFifo().toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
            try {
                assertFalse(lockable(second));
                // A client still holding the old FIFO must not wait for the new reader.
                assertTrue(lockable(first));
            } finally {
                Fds.closeQuietly(second);
            }
        } finally {
            Fds.closeQuietly(first);
        }
    }

    /** What the launcher's watchdog waits for: a shared lock on the FIFO it wrote to. */
    private static boolean lockable(int fd) {
        try {
            Fds.flock(fd, Fds.LOCK_SH | Fds.LOCK_NB);
            Fds.flock(fd, Fds.LOCK_UN);
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    private record Reply(String out, String err, String status) {}

    /** The names of the files of client {@code pid}'s request, sorted. */
    private List<String> requestFiles(long pid) throws IOException {
        try (Stream<Path> files = Files.list(paths.directory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.equals("r." + pid) || name.startsWith("r." + pid + ".")).sorted().toList();
        }
    }

    /** What the launcher does: the request's files, two FIFOs read at once, one line into the FIFO. */
    private Reply ask(long pid, String... args) throws Exception {
        return ask(pid, request(args));
    }

    private Reply ask(long pid, byte[] args) throws Exception {
        return ask(pid, 0, args);
    }

    /** The same, with the FIFOs opened only {@code readAfterMillis} after the request was written. */
    private Reply ask(long pid, long readAfterMillis, byte[] args) throws Exception {
        Path prefix = paths.directory().resolve("r." + pid);
        for (String leftover : requestFiles(pid)) {
            Files.delete(paths.directory().resolve(leftover));
        }
        Fds.mkfifo(file(prefix, "1").toString(), 0600);
        Fds.mkfifo(file(prefix, "2").toString(), 0600);
        Files.write(file(prefix, "args"), args);
        writeLine(prefix.toString());
        Thread.sleep(readAfterMillis);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(file(prefix, "1")));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(file(prefix, "2")));
        // Bounds for the harness: a request left unanswered would keep its client waiting forever.
        String stdout = out.get(10, TimeUnit.SECONDS);
        String stderr = err.get(10, TimeUnit.SECONDS);
        return new Reply(stdout, stderr, Files.readString(file(prefix, "status")).trim());
    }

    /** What the launcher writes into its arguments file: the protocol's version, its own path, the command line. */
    private byte[] request(String... commandLine) {
        List<String> fields = new ArrayList<>(List.of(FifoRequests.PROTOCOL, launcher.toString()));
        fields.addAll(List.of(commandLine));
        return nulTerminated(fields);
    }

    private static byte[] nulTerminated(List<String> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String field : fields) {
            bytes.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }

    /** A distribution's launcher, {@code home/bin/jocker}, with {@code build} in its {@code lib/build}. */
    private static Path distribution(Path home, String build) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/build"), build + "\n");
        return Files.writeString(home.resolve("bin/jocker"), "#!/bin/sh\n");
    }

    private static Path file(Path prefix, String name) {
        return prefix.resolveSibling(prefix.getFileName() + "." + name);
    }

    private void writeLine(String line) throws IOException {
        Files.writeString(paths.cliFifo(), line + "\n", StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static String readAll(Path fifo) {
        // Not readAllBytes: on a FIFO, FileInputStream's asks for a position and fails (ESPIPE).
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
