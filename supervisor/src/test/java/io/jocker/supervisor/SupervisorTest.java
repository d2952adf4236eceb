package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.Supervision;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.StartedContainer;
import io.jocker.engine.logs.LogPipes;
import io.jocker.engine.logs.LogReader;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Isolator;
import io.jocker.spi.Stdio;
import io.jocker.supervisor.Containers.Streams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor on its socket, over a mocked engine core: what it answers and refuses, the
 * restarts it repairs or leaves alone, the exits it records, and the restart policy's back-off.
 */
class SupervisorTest {

    private static final Duration IDLE = Duration.ofSeconds(2);

    @TempDir
    Path root;

    private final ContainerService containers = mock(ContainerService.class);
    private final ContainerLookup lookup = mock(ContainerLookup.class);
    private final Isolator isolator = mock(Isolator.class);
    private final Isolator.Spares spares = mock(Isolator.Spares.class);
    private final CliHandler cli = call -> OptionalInt.empty();
    private SupervisorPaths paths;
    private Path containerDir;
    private CompletableFuture<Void> running;

    @BeforeEach
    void engine() throws IOException {
        paths = SupervisorPaths.under(root);
        containerDir = Files.createDirectories(root.resolve("containers").resolve(Containers.ID));
        when(containers.directory(Containers.ID)).thenReturn(containerDir);
        when(lookup.all()).thenReturn(List.of());
        when(isolator.openSpares()).thenReturn(Optional.of(spares));
    }

    @AfterEach
    void exited() throws Exception {
        if (running != null) {
            running.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersPingAndRefusesUnknownCommandsOtherVersionsAndCutLinesThenExitsWhenIdle() throws Exception {
        start();
        assertEquals("ok", request("jocker-supervisor/1 ping -\n"));
        assertEquals("error 125 unknown supervisor command: frobnicate", request("jocker-supervisor/1 frobnicate x\n"));
        assertEquals("error 125 supervisor protocol mismatch: this supervisor speaks jocker-supervisor/1 but the client sent"
                + " \"jocker-supervisor/2\"; stop the old supervisor or use the same jocker version",
                request("jocker-supervisor/2 ping -\n"));
        assertTrue(request("jocker-supervisor/1 ping").startsWith("error 125 supervisor request without a line end"));

        running.get(30, TimeUnit.SECONDS);
        verify(isolator).openSpares();
        verify(spares).close();
        assertFalse(Files.exists(paths.socket()), "the socket goes with the supervisor");
        assertFalse(Files.exists(paths.pidFile()));
        assertFalse(Files.exists(paths.cliFifo()));
    }

    @Test
    void aRestartThatAnEarlierSupervisorWasWaitingForIsEndedNotMade() throws Exception {
        when(lookup.all()).thenReturn(List.of(Containers.restarting(2)));
        start();
        running.get(30, TimeUnit.SECONDS);
        verify(containers).endRestart(Containers.ID, ContainerService.ORPHANED_RESTART);
        verify(containers, never()).startRestarting(any(), any());
        verify(containers, never()).start(any(), any());
    }

    @Test
    void aStartAskedForDuringTheBackOffIsLeftToTheRestartPolicy() throws Exception {
        ContainerRecord restarting = Containers.restarting(3);
        when(lookup.find(Containers.ID)).thenReturn(restarting);
        when(containers.refresh(Containers.ID)).thenReturn(Optional.of(restarting));
        start();
        assertEquals("ok", request("jocker-supervisor/1 start " + Containers.ID + "\n"));
        running.get(30, TimeUnit.SECONDS);
        verify(containers, never()).start(any(), any());
    }

    @Test
    void aStartedContainersOutputIsLoggedAndItsExitRecordedBeforeItIsReaped() throws Exception {
        ContainerRecord created = Containers.created(Streams.NONE);
        known(created);
        when(containers.start(eq(Containers.ID), any())).thenAnswer(call -> {
            Stdio stdio = call.getArgument(1);
            ChildProcess child = ChildProcess.spawn("echo hello; exit 3", stdio.stdin(), stdio.stdout(), stdio.stderr());
            return new StartedContainer(created, child);
        });
        when(containers.finishDetached(eq(Containers.ID), any())).thenReturn(Containers.exited(Streams.NONE));
        start();
        assertEquals("ok", request("jocker-supervisor/1 start " + Containers.ID + "\n"));
        verify(containers, timeout(10_000)).finishDetached(Containers.ID, ExitStatus.exited(3));
        running.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("hello"), LogReader.read(LogPipes.logFile(containerDir), 0).entries().stream()
                .map(e -> e.text()).toList());
    }

    @Test
    void aStartThatFailsIsAnsweredWithItsStatus() throws Exception {
        known(Containers.created(Streams.NONE));
        when(containers.start(eq(Containers.ID), any())).thenThrow(
                new io.jocker.engine.container.ContainerStartException("exec: \"nope\": executable file not found in $PATH", 127, null));
        start();
        assertEquals("error 127 exec: \"nope\": executable file not found in $PATH",
                request("jocker-supervisor/1 start " + Containers.ID + "\n"));
    }

    @Test
    void theRestartPolicyStartsTheContainerAgainAfterItsBackOff() throws Exception {
        ContainerRecord created = Containers.created(Streams.NONE);
        known(created);
        ContainerRecord restarting = Containers.restarting(1);
        when(lookup.byId(Containers.ID)).thenReturn(Optional.of(restarting));
        when(containers.start(eq(Containers.ID), any())).thenAnswer(call -> started(created, call.getArgument(1), "exit 1"));
        when(containers.startRestarting(eq(Containers.ID), any()))
                .thenAnswer(call -> Optional.of(started(created, call.getArgument(1), "exit 0")));
        when(containers.finishDetached(eq(Containers.ID), any())).thenReturn(restarting, Containers.exited(Streams.NONE));
        start();
        assertEquals("ok", request("jocker-supervisor/1 start " + Containers.ID + "\n"));
        verify(containers, timeout(10_000)).finishDetached(Containers.ID, ExitStatus.exited(0));
        running.get(30, TimeUnit.SECONDS);
        verify(containers).finishDetached(Containers.ID, ExitStatus.exited(1));
        verify(containers).startRestarting(eq(Containers.ID), any());
        verify(containers, never()).endRestart(any(), any());
    }

    @Test
    void aBackOffThatTheUserEndsStartsNothing() throws Exception {
        ContainerRecord created = Containers.created(Streams.NONE);
        known(created);
        // Restarted five times: 1.6 s of back-off, during which the user stops it.
        ContainerRecord restarting = Containers.restarting(5);
        when(lookup.byId(Containers.ID)).thenReturn(Optional.of(created), Optional.of(restarting),
                Optional.of(Containers.exited(Streams.NONE)));
        when(containers.start(eq(Containers.ID), any())).thenAnswer(call -> started(created, call.getArgument(1), "exit 1"));
        when(containers.finishDetached(eq(Containers.ID), any())).thenReturn(restarting);
        start();
        assertEquals("ok", request("jocker-supervisor/1 start " + Containers.ID + "\n"));
        verify(containers, timeout(10_000)).endRestart(Containers.ID, "not restarted: the supervisor stopped waiting");
        running.get(30, TimeUnit.SECONDS);
        verify(containers, never()).startRestarting(any(), any());
    }

    private void known(ContainerRecord record) {
        when(lookup.find(record.id())).thenReturn(record);
        when(lookup.byId(record.id())).thenReturn(Optional.of(record));
        when(containers.refresh(record.id())).thenReturn(Optional.of(record));
    }

    private static StartedContainer started(ContainerRecord record, Stdio stdio, String script) throws Exception {
        return new StartedContainer(record, ChildProcess.spawn(script, stdio.stdin(), stdio.stdout(), stdio.stderr()));
    }

    private void start() {
        EngineConfig config = new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto");
        Supervisor supervisor = new Supervisor(new Supervision(config, containers, lookup, () -> isolator));
        running = CompletableFuture.runAsync(() -> {
            try {
                supervisor.run(IDLE, cli);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Sends raw bytes as a request and returns the reply line; waits for the socket to appear first. */
    private String request(String raw) throws Exception {
        SocketChannel channel = connect();
        try (channel) {
            AttachFrames.write(channel, ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)));
            if (!raw.endsWith("\n")) {
                channel.shutdownOutput();
            }
            ByteBuffer reply = ByteBuffer.allocate(SupervisorProtocol.MAX_LINE);
            while (channel.read(reply) >= 0) {
                if (reply.position() > 0 && reply.get(reply.position() - 1) == '\n') {
                    break;
                }
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8).stripTrailing();
        }
    }

    private SocketChannel connect() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(paths.socket()));
                return channel;
            } catch (IOException e) {
                channel.close();
                if (running.isDone() || System.nanoTime() > deadline) {
                    throw e;
                }
                // The supervisor binds its socket once it has taken the root's lock.
                Thread.sleep(10);
            }
        }
    }
}
