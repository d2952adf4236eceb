package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.state.SupervisorPaths;
import io.jocker.supervisor.SupervisorProtocol.AttachRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client of the supervisor's socket, against a scripted supervisor: the request it sends, how
 * it reads replies, that it asks again when a supervisor closed without one, and its errors.
 */
class SupervisorClientTest {

    @TempDir
    Path root;

    private ScriptedSupervisor supervisor;

    @AfterEach
    void stop() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Test
    void aStartSendsTheVersionedRequestAndReturnsOnOk() throws Exception {
        supervisor = new ScriptedSupervisor(root, line -> "ok");
        client().start(Containers.ID);
        assertEquals(List.of("jocker-supervisor/1 start " + Containers.ID), supervisor.requests);
    }

    @Test
    void aFailedStartKeepsTheSupervisorsStatusAndMessage() throws Exception {
        supervisor = new ScriptedSupervisor(root, line -> "error 126 exec: \"/etc/passwd\": permission denied");
        ContainerStartException e = assertThrows(ContainerStartException.class, () -> client().start(Containers.ID));
        assertEquals(126, e.exitCode());
        assertEquals("exec: \"/etc/passwd\": permission denied", e.getMessage());
    }

    @Test
    void aSupervisorThatClosesWithoutAReplyIsPingedAndAskedAgain() throws Exception {
        Deque<String> replies = new ArrayDeque<>(List.of("", "ok", "ok"));
        supervisor = new ScriptedSupervisor(root, line -> replies.poll());
        client().start(Containers.ID);
        assertEquals(List.of("jocker-supervisor/1 start " + Containers.ID, "jocker-supervisor/1 ping -",
                "jocker-supervisor/1 start " + Containers.ID), supervisor.requests);
    }

    @Test
    void aReplyOfAnotherProtocolIsReportedAsAVersionMismatch() throws Exception {
        supervisor = new ScriptedSupervisor(root, line -> "jocker-supervisor/2 hello");
        EngineException e = assertThrows(EngineException.class, () -> client().start(Containers.ID));
        assertEquals("the jocker supervisor answered something this jocker does not understand: \"jocker-supervisor/2 hello\";"
                + " stop the old supervisor or use the same jocker version", e.getMessage());
    }

    @Test
    void aSupervisorThatCannotStartIsReportedWithItsLog() throws Exception {
        EngineException e = assertThrows(EngineException.class,
                () -> new SupervisorClient(root, List.of("/bin/true")).start(Containers.ID));
        assertTrue(e.getMessage().startsWith("cannot start the jocker supervisor: the supervisor (PID "), e.getMessage());
        assertTrue(e.getMessage().endsWith(") exited at once (see " + SupervisorPaths.under(root).log() + ")"), e.getMessage());
    }

    @Test
    void anAttachRefusedKeepsItsStatusAndAnAcceptedOneCarriesFrames() throws Exception {
        supervisor = new ScriptedSupervisor(root, line -> line.endsWith(" stdin")
                ? "error 1 You cannot attach to a stopped container, start it first" : "ok");
        AttachException refused = assertThrows(AttachException.class,
                () -> client().attach(new AttachRequest(Containers.ID, true, false)));
        assertEquals(1, refused.exitCode());
        assertEquals("You cannot attach to a stopped container, start it first", refused.getMessage());

        supervisor.afterReply = channel -> AttachFrames.write(channel, AttachFrames.exit(9));
        try (AttachConnection connection = client().attach(new AttachRequest(Containers.ID, false, true))) {
            assertEquals(9, connection.next().orElseThrow().exitCode(), "the frame right after the reply is not lost");
        }
        assertEquals("jocker-supervisor/1 attach " + Containers.ID + " start", supervisor.requests.get(1));
    }

    /** A launch command that must not be needed: the scripted supervisor answers. */
    private SupervisorClient client() {
        return new SupervisorClient(root, List.of("/bin/false"));
    }

    /** Answers each request line with {@code reply} (an empty reply: closes without one). */
    private static final class ScriptedSupervisor implements AutoCloseable {

        interface AfterReply {
            void write(SocketChannel channel) throws IOException;
        }

        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile AfterReply afterReply = channel -> {};
        private final ServerSocketChannel server;
        private final Thread thread;

        ScriptedSupervisor(Path root, Function<String, String> reply) throws IOException {
            Path socket = SupervisorPaths.under(root).socket();
            Files.createDirectories(socket.getParent());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> serve(reply), "scripted-supervisor");
            thread.start();
        }

        private void serve(Function<String, String> reply) {
            while (true) {
                try (SocketChannel connection = server.accept()) {
                    String line = readLine(connection);
                    requests.add(line);
                    String answer = reply.apply(line);
                    if (!answer.isEmpty()) {
                        AttachFrames.write(connection, ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
                        if (answer.equals("ok")) {
                            afterReply.write(connection);
                        }
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static String readLine(SocketChannel connection) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (connection.read(one.clear()) > 0 && one.get(0) != '\n') {
                line.write(one.get(0));
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join();
        }
    }
}
