package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.engine.logs.LogEntry;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import io.jocker.spi.ContainerRecord;
import io.jocker.supervisor.AttachFrames.Frame;
import io.jocker.supervisor.Containers.Streams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's side of {@code attach}: what it refuses and with which status, a start that
 * misses no output, and the frames it relays (input only when asked, its end, window sizes).
 */
// A relay that never ends a container's input would leave the reads of its stdin pipe waiting, uninterruptibly: fail instead.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AttachRequestsTest {

    @TempDir
    Path tmp;

    private final ContainerLookup lookup = mock(ContainerLookup.class);
    private final Map<String, ContainerConsole> consoles = new ConcurrentHashMap<>();
    private AttachRequests.Starter starter = (id, hook) -> {
        throw new AssertionError("nothing should start");
    };
    private SocketPair pair;
    private CompletableFuture<Void> served;
    private int stdinReader = -1;

    @BeforeEach
    void connect() throws Exception {
        pair = SocketPair.open(tmp);
    }

    @AfterEach
    void close() throws Exception {
        consoles.values().forEach(ContainerConsole::release);
        pair.close();
        Fds.closeQuietly(stdinReader);
    }

    @Test
    void aMalformedRequestIsAProtocolError() throws Exception {
        assertEquals("error 125 malformed attach request: \"" + Containers.ID + "\"", serve(Containers.ID));
        assertEquals("error 125 unknown attach flag \"logs\"", serve(Containers.ID + " logs"));
    }

    @Test
    void anUnknownContainerIsRefusedWithDockersMessage() throws Exception {
        when(lookup.find("nosuch")).thenThrow(new NoSuchContainerException("nosuch"));
        assertEquals("error 1 No such container: nosuch", serve("nosuch -"));
    }

    @Test
    void aStoppedContainerIsRefusedUnlessTheRequestStartsIt() throws Exception {
        known(Containers.exited(Streams.NONE));
        assertEquals("error 1 You cannot attach to a stopped container, start it first", serve(Containers.ID + " stdin"));
    }

    @Test
    void aContainerRunningInAForegroundCommandHasNoConsoleHere() throws Exception {
        known(Containers.running(Streams.NONE));
        String reply = serve(Containers.ID + " -");
        assertTrue(reply.startsWith("error 1 ") && reply.contains("runs in the foreground"), reply);
    }

    @Test
    void aStartedContainersFirstOutputReachesTheClientThatStartedIt() throws Exception {
        known(Containers.created(Streams.NONE));
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        byte[] first = "first line\n".getBytes(StandardCharsets.UTF_8);
        starter = (id, hook) -> {
            consoles.put(id, console);
            try {
                hook.accept(console);
            } catch (ContainerConsole.AttachRefused e) {
                throw new AssertionError(e);
            }
            // The container writes before the supervisor even answered the client.
            console.output(LogEntry.STDOUT, first, first.length);
        };
        serveInBackground(Containers.ID + " start");
        assertEquals("ok", pair.replyLine());
        Frame output = pair.nextFrame().orElseThrow();
        assertEquals(AttachFrames.STDOUT, output.type());
        assertArrayEquals(first, output.payload());
        console.ended(0);
        assertEquals(0, pair.nextFrame().orElseThrow().exitCode());
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStartThatFailsAnswersWithItsStatus() throws Exception {
        known(Containers.created(Streams.NONE));
        starter = (id, hook) -> {
            throw new ContainerStartException("exec: \"nope\": executable file not found in $PATH", 127, null);
        };
        assertEquals("error 127 exec: \"nope\": executable file not found in $PATH", serve(Containers.ID + " start"));
    }

    @Test
    void aRunningContainerIsAttachedWithoutStartingIt() throws Exception {
        known(Containers.running(Streams.NONE));
        AttachRequests.Starter refusing = mock(AttachRequests.Starter.class);
        starter = refusing;
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        consoles.put(Containers.ID, console);
        serveInBackground(Containers.ID + " start");
        assertEquals("ok", pair.replyLine());
        console.ended(7);
        assertEquals(7, pair.nextFrame().orElseThrow().exitCode());
        served.get(10, TimeUnit.SECONDS);
        verify(refusing, never()).start(eq(Containers.ID), any());
    }

    @Test
    void inputIsRelayedAndItsEndClosesAStdinOnceContainersStdin() throws Exception {
        known(Containers.running(new Streams(false, true, true)));
        consoles.put(Containers.ID, new ContainerConsole(Containers.ID, false, true, true, -1, stdinPipe()));
        serveInBackground(Containers.ID + " stdin");
        assertEquals("ok", pair.replyLine());
        pair.sendInput("hello\n");
        pair.send(AttachFrames.encode(AttachFrames.STDIN_END, new byte[0], 0, 0));
        assertEquals("hello\n", readAll(stdinReader), "the input, then end of file");
        pair.client().close();
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatLeavesWithoutEndingItsInputEndsItToo() throws Exception {
        known(Containers.running(new Streams(false, true, true)));
        consoles.put(Containers.ID, new ContainerConsole(Containers.ID, false, true, true, -1, stdinPipe()));
        serveInBackground(Containers.ID + " stdin");
        assertEquals("ok", pair.replyLine());
        pair.sendInput("bye\n");
        pair.client().close();
        served.get(10, TimeUnit.SECONDS);
        assertEquals("bye\n", readAll(stdinReader));
    }

    @Test
    void aClientWithoutStdinHasItsInputDropped() throws Exception {
        known(Containers.running(new Streams(false, true, false)));
        ContainerConsole console = new ContainerConsole(Containers.ID, false, true, false, -1, stdinPipe());
        consoles.put(Containers.ID, console);
        serveInBackground(Containers.ID + " -");
        assertEquals("ok", pair.replyLine());
        pair.sendInput("not for the container\n");
        pair.send(AttachFrames.encode(AttachFrames.STDIN_END, new byte[0], 0, 0));
        pair.client().close();
        served.get(10, TimeUnit.SECONDS);
        Fds.setNonBlocking(stdinReader);
        LinuxException empty = org.junit.jupiter.api.Assertions.assertThrows(LinuxException.class,
                () -> Fds.read(stdinReader, new byte[64], 64), "nothing written, and the pipe still open");
        assertEquals(Errno.EAGAIN, empty.errno());
    }

    @Test
    void aResizeFrameSizesTheContainersTerminal() throws Exception {
        known(Containers.running(new Streams(true, true, false)));
        Terminals.Pty pty = Terminals.openPty();
        int observer = Fds.dup(pty.master());
        try {
            consoles.put(Containers.ID, new ContainerConsole(Containers.ID, true, true, false, pty.master(), -1));
            serveInBackground(Containers.ID + " stdin");
            assertEquals("ok", pair.replyLine());
            pair.send(AttachFrames.resize(33, 99));
            pair.client().close();
            served.get(10, TimeUnit.SECONDS);
            assertEquals(new Terminals.WindowSize(33, 99), Terminals.windowSize(observer));
        } finally {
            Fds.closeQuietly(observer);
            consoles.get(Containers.ID).release();
        }
    }

    @Test
    void anUnknownFrameEndsTheConnectionAndDetachesTheClient() throws Exception {
        known(Containers.running(Streams.NONE));
        ContainerConsole console = new ContainerConsole(Containers.ID, false, false, false, -1, -1);
        consoles.put(Containers.ID, console);
        serveInBackground(Containers.ID + " -");
        assertEquals("ok", pair.replyLine());
        pair.send(AttachFrames.encode((byte) 9, new byte[1], 0, 1));
        served.get(10, TimeUnit.SECONDS);
        byte[] late = "late".getBytes(StandardCharsets.UTF_8);
        console.output(LogEntry.STDOUT, late, late.length);
        assertTrue(pair.nextFrame().isEmpty(), "detached: the connection closed without further frames");
    }

    private void known(ContainerRecord record) {
        when(lookup.find(record.id())).thenReturn(record);
        when(lookup.byId(record.id())).thenReturn(Optional.of(record));
    }

    /** The supervisor's end of a stdin pipe; the test keeps the read end. */
    private int stdinPipe() throws LinuxException {
        Fds.Pair pipe = Fds.pipe(Fds.O_CLOEXEC);
        stdinReader = pipe.first();
        return pipe.second();
    }

    /** Serves a request that ends with its reply; returns the reply line. */
    private String serve(String argument) throws Exception {
        new AttachRequests(lookup, consoles, starter).serve(pair.supervisor(), argument);
        return pair.replyLine();
    }

    private void serveInBackground(String argument) {
        AttachRequests requests = new AttachRequests(lookup, consoles, starter);
        served = CompletableFuture.runAsync(() -> {
            try {
                requests.serve(pair.supervisor(), argument);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String readAll(int fd) throws LinuxException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[256];
        int n;
        while ((n = Fds.read(fd, buffer, buffer.length)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
