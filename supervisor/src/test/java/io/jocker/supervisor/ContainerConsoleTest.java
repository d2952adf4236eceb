package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.logs.LogEntry;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import io.jocker.supervisor.AttachFrames.Frame;
import io.jocker.supervisor.ContainerConsole.AttachRefused;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a detached container's console refuses, where its input goes and what its clients get. */
class ContainerConsoleTest {

    @TempDir
    Path tmp;

    private final List<Integer> fds = new ArrayList<>();
    private final List<SocketPair> sockets = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        fds.forEach(Fds::closeQuietly);
        for (SocketPair pair : sockets) {
            pair.close();
        }
    }

    @Test
    void aStoppedContainerRefusesNewClientsWithDockersMessage() throws Exception {
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        console.ended(0);
        AttachRefused refused = assertThrows(AttachRefused.class, () -> console.attach(socket().supervisor(), false));
        assertEquals("You cannot attach to a stopped container, start it first", refused.getMessage());
    }

    @Test
    void aTerminalLostWithAnEarlierSupervisorRefusesClientsButAPipeDoesNot() throws Exception {
        ContainerConsole lost = new ContainerConsole(Containers.ID, true, true, false, -1, -1);
        AttachRefused refused = assertThrows(AttachRefused.class, () -> lost.attach(socket().supervisor(), true));
        assertTrue(refused.getMessage().contains("its terminal was lost"), refused.getMessage());

        ContainerConsole piped = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        piped.attach(socket().supervisor(), false);
    }

    @Test
    void aClientSendsInputOnlyWhenItAskedAndTheContainerKeepsStdinOpen() throws Exception {
        ContainerConsole open = new ContainerConsole(Containers.ID, false, true, false, -1, pipe().second());
        assertTrue(open.attach(socket().supervisor(), true).sendsInput());
        assertFalse(open.attach(socket().supervisor(), false).sendsInput());

        ContainerConsole closed = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        assertFalse(closed.attach(socket().supervisor(), true).sendsInput(), "no -i: nothing to send input to");
    }

    @Test
    void inputGoesToTheStdinPipeAndStdinOnceClosesItWhenTheInputEnds() throws Exception {
        Fds.Pair stdin = pipe();
        ContainerConsole console = new ContainerConsole(Containers.ID, false, true, true, -1, stdin.second());
        console.input("hello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello\n", read(stdin.first()));
        console.inputEnded();
        assertEquals("", read(stdin.first()), "the container reads end of file");
        console.input("dropped".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutStdinOnceTheStdinPipeOutlivesAClientsInput() throws Exception {
        Fds.Pair stdin = pipe();
        ContainerConsole console = new ContainerConsole(Containers.ID, false, true, false, -1, stdin.second());
        console.inputEnded();
        console.input("next client\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("next client\n", read(stdin.first()));
    }

    @Test
    void inputWithoutOpenStdinIsDropped() throws Exception {
        Fds.Pair stdin = pipe();
        Fds.setNonBlocking(stdin.first());
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, stdin.second());
        console.input("ignored".getBytes(StandardCharsets.UTF_8));
        LinuxException empty = assertThrows(LinuxException.class, () -> Fds.read(stdin.first(), new byte[16], 16));
        assertEquals(Errno.EAGAIN, empty.errno());
    }

    @Test
    void aTerminalsInputGoesToItsMasterAndIsNeverClosedByStdinOnce() throws Exception {
        Terminals.Pty pty = pty();
        int slave = track(Fds.open(pty.slavePath(), Fds.O_RDWR | Fds.O_NOCTTY | Fds.O_CLOEXEC));
        Terminals.makeRaw(slave);
        ContainerConsole console = new ContainerConsole(Containers.ID, true, true, true, pty.master(), -1);
        console.inputEnded();
        console.input("typed".getBytes(StandardCharsets.UTF_8));
        assertEquals("typed", read(slave));
    }

    @Test
    void resizeSetsTheTerminalsSizeAndIgnoresAnEmptyOne() throws Exception {
        Terminals.Pty pty = pty();
        ContainerConsole console = new ContainerConsole(Containers.ID, true, true, false, pty.master(), -1);
        console.resize(40, 132);
        assertEquals(new Terminals.WindowSize(40, 132), Terminals.windowSize(pty.master()));
        console.resize(0, 80);
        console.resize(25, 0);
        assertEquals(new Terminals.WindowSize(40, 132), Terminals.windowSize(pty.master()));
    }

    @Test
    void outputReachesEveryClientOnItsStreamAndTheExitStatusEndsTheirConnections() throws Exception {
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        SocketPair first = socket();
        SocketPair second = socket();
        console.attach(first.supervisor(), false).startSending();
        console.attach(second.supervisor(), false).startSending();
        byte[] out = "out".getBytes(StandardCharsets.UTF_8);
        byte[] err = "err".getBytes(StandardCharsets.UTF_8);
        console.output(LogEntry.STDOUT, out, out.length);
        console.output(LogEntry.STDERR, err, err.length);
        console.ended(42);
        for (SocketPair pair : List.of(first, second)) {
            Frame stdout = pair.nextFrame().orElseThrow();
            assertEquals(AttachFrames.STDOUT, stdout.type());
            assertArrayEquals(out, stdout.payload());
            Frame stderr = pair.nextFrame().orElseThrow();
            assertEquals(AttachFrames.STDERR, stderr.type());
            assertArrayEquals(err, stderr.payload());
            Frame exit = pair.nextFrame().orElseThrow();
            assertEquals(AttachFrames.EXIT, exit.type());
            assertEquals(42, exit.exitCode());
            assertTrue(pair.nextFrame().isEmpty(), "the connection closes after the exit status");
        }
    }

    @Test
    void aDetachedClientGetsNothingMore() throws Exception {
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        SocketPair pair = socket();
        AttachedClient client = console.attach(pair.supervisor(), false);
        client.startSending();
        console.detach(client);
        byte[] out = "late".getBytes(StandardCharsets.UTF_8);
        console.output(LogEntry.STDOUT, out, out.length);
        assertTrue(pair.nextFrame().isEmpty(), "closed without output");
    }

    @Test
    void releaseClosesTheDescriptorsSoInputIsDropped() throws Exception {
        Fds.Pair stdin = pipe();
        ContainerConsole console = new ContainerConsole(Containers.ID, false, true, false, -1, stdin.second());
        console.release();
        console.input("after".getBytes(StandardCharsets.UTF_8));
        assertEquals("", read(stdin.first()), "the console held the only write end");
    }

    private SocketPair socket() throws Exception {
        SocketPair pair = SocketPair.open(tmp);
        sockets.add(pair);
        return pair;
    }

    /** A pipe; the console closes its write end, so only the read end is closed here. */
    private Fds.Pair pipe() throws LinuxException {
        Fds.Pair pair = Fds.pipe(Fds.O_CLOEXEC);
        track(pair.first());
        return pair;
    }

    private Terminals.Pty pty() throws LinuxException {
        Terminals.Pty pty = Terminals.openPty();
        track(pty.master());
        Fds.setNonBlocking(pty.master());
        return pty;
    }

    private int track(int fd) {
        fds.add(fd);
        return fd;
    }

    private static String read(int fd) throws LinuxException {
        byte[] buffer = new byte[256];
        int n = Fds.read(fd, buffer, buffer.length);
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
