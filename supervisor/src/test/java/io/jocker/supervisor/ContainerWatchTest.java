package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.logs.LogEntry;
import io.jocker.engine.logs.LogReader;
import io.jocker.engine.logs.LogWriter;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import io.jocker.supervisor.AttachFrames.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch copies a container's two streams into its log and to its console's clients until its
 * PID 1 exits, then hands the exit over: the status of its own child, read without reaping it
 * (reaped only once recorded), none for an adopted one, and none at once for a PID now reused.
 */
class ContainerWatchTest {

    @TempDir
    Path tmp;

    private long pid = -1;
    private SocketPair client;

    @AfterEach
    void cleanUp() throws Exception {
        if (pid > 0) {
            Processes.killAndReap(pid);
        }
        if (client != null) {
            client.close();
        }
    }

    /** What the listener was told. */
    private record Exit(ExitStatus status, boolean zombieBeforeReap, boolean goneAfterReap, boolean consoleEnded) {}

    @Test
    void anOwnChildsOutputIsLoggedAndSentToClientsAndItsStatusIsReadBeforeItIsReaped() throws Exception {
        int[] streams = spawn("echo out; echo err >&2; exit 3");
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        client = SocketPair.open(tmp);
        console.attach(client.supervisor(), false).startSending();
        Path logFile = tmp.resolve("log.json");
        AtomicReference<Exit> exit = new AtomicReference<>();

        new ContainerWatch(Containers.ID, pid, startTime(pid), child(pid), streams, new LogWriter(logFile, Clock.systemUTC()),
                console, (id, seen, status, reap) -> {
                    boolean zombie = isZombie(pid);
                    reap.run();
                    exit.set(new Exit(status, zombie, !Files.exists(Path.of("/proc", Long.toString(pid))), false));
                    seen.ended(status.shellCode());
                }).run();
        long reaped = pid;
        pid = -1;

        assertEquals(new Exit(ExitStatus.exited(3), true, true, false), exit.get(), "child " + reaped);
        List<LogEntry> entries = LogReader.read(logFile, 0).entries();
        assertEquals("stdout:out", text(entries, LogEntry.STDOUT));
        assertEquals("stderr:err", text(entries, LogEntry.STDERR));
        String clientSaw = "";
        Frame frame;
        while ((frame = client.nextFrame().orElseThrow()).type() != AttachFrames.EXIT) {
            clientSaw += frame.type() + ":" + new String(frame.payload(), StandardCharsets.UTF_8);
        }
        assertTrue(clientSaw.contains(AttachFrames.STDOUT + ":out\n") && clientSaw.contains(AttachFrames.STDERR + ":err\n"),
                clientSaw);
        assertEquals(3, frame.exitCode());
        assertStreamsClosed(streams);
    }

    @Test
    void aSignalledChildIsReportedKilled() throws Exception {
        int[] streams = spawn("kill -9 $$");
        AtomicReference<ExitStatus> status = new AtomicReference<>();
        new ContainerWatch(Containers.ID, pid, startTime(pid), child(pid), streams, log(), console(),
                (id, console, exit, reap) -> {
                    status.set(exit);
                    reap.run();
                }).run();
        pid = -1;
        assertEquals(ExitStatus.killed(9), status.get());
    }

    @Test
    void anAdoptedContainersStatusIsLeftUnknownAndItIsNotReapedHere() throws Exception {
        int[] streams = spawn("exit 5");
        long adopted = pid;
        AtomicReference<ExitStatus> status = new AtomicReference<>(ExitStatus.exited(-1));
        new ContainerWatch(Containers.ID, adopted, startTime(adopted), null, streams, log(), console(),
                (id, console, exit, reap) -> {
                    status.set(exit);
                    reap.run();
                }).run();
        assertNull(status.get());
        assertTrue(isZombie(adopted), "whoever is its parent reaps it");
    }

    @Test
    // A watch that waited for the unrelated process would sit in poll(2), which no interrupt ends.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReusedPidIsNotWaitedFor() throws Exception {
        int[] streams = spawn("exec sleep 1000");
        long unrelated = pid;
        AtomicReference<ExitStatus> status = new AtomicReference<>(ExitStatus.exited(-1));
        new ContainerWatch(Containers.ID, unrelated, startTime(unrelated) + 1, null, streams, log(), console(),
                (id, console, exit, reap) -> status.set(exit)).run();
        assertNull(status.get());
        assertTrue(ProcessHandle.of(unrelated).map(ProcessHandle::isAlive).orElse(false),
                "the watch ended while the process with the container's old PID still runs");
        assertStreamsClosed(streams);
    }

    @Test
    void theConsoleIsReleasedOnceTheContainerEnded() throws Exception {
        int[] streams = spawn("exit 0");
        Fds.Pair stdin = Fds.pipe(Fds.O_CLOEXEC);
        ContainerConsole console = new ContainerConsole(Containers.ID, false, true, false, -1, stdin.second());
        try {
            new ContainerWatch(Containers.ID, pid, startTime(pid), child(pid), streams, log(), console,
                    (id, seen, exit, reap) -> reap.run()).run();
            pid = -1;
            // Non-blocking: with the supervisor's end still open, the read fails (EAGAIN) instead of waiting.
            Fds.setNonBlocking(stdin.first());
            assertEquals(0, Fds.read(stdin.first(), new byte[1], 1), "the supervisor's end of the stdin pipe is closed");
        } finally {
            Fds.closeQuietly(stdin.first());
        }
    }

    /**
     * Spawns {@code sh -c SCRIPT} with its stdout and stderr on pipes; returns their read ends,
     * non-blocking, as the supervisor hands them to a watch.
     */
    private int[] spawn(String script) throws LinuxException, IOException {
        Fds.Pair out = Fds.pipe(Fds.O_CLOEXEC);
        Fds.Pair err = Fds.pipe(Fds.O_CLOEXEC);
        try {
            pid = ChildProcess.spawn(script, -1, out.second(), err.second()).pid();
        } finally {
            Fds.closeQuietly(out.second());
            Fds.closeQuietly(err.second());
        }
        Fds.setNonBlocking(out.first());
        Fds.setNonBlocking(err.first());
        return new int[] {out.first(), err.first()};
    }

    private static long startTime(long pid) throws IOException {
        return ProcStat.startTime(pid).orElseThrow();
    }

    private static ContainerProcess child(long pid) throws IOException {
        return new ChildProcess(pid, startTime(pid));
    }

    private LogWriter log() throws IOException {
        return new LogWriter(tmp.resolve("log-" + System.nanoTime() + ".json"), Clock.systemUTC());
    }

    private static ContainerConsole console() {
        return new ContainerConsole(Containers.ID, false, false, false, -1, -1);
    }

    private static boolean isZombie(long pid) {
        try {
            return ProcStat.isGoneOrZombie(pid) && Files.exists(Path.of("/proc", Long.toString(pid)));
        } catch (IOException e) {
            return false;
        }
    }

    private static String text(List<LogEntry> entries, String stream) {
        return entries.stream().filter(e -> e.stream().equals(stream)).map(e -> e.stream() + ":" + e.text())
                .collect(Collectors.joining());
    }

    /** The watch closed the read ends it was given: their numbers are free again (or reused by another open file). */
    private static void assertStreamsClosed(int[] streams) {
        for (int fd : streams) {
            assertTrue(!Files.exists(Path.of("/proc/self/fd", Integer.toString(fd)))
                    || !Files.isSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd)))
                    || !readLink(fd).startsWith("pipe:"), "fd " + fd + " still open");
        }
    }

    private static String readLink(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
