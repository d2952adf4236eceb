package io.jocker.supervisor;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.supervisor.AttachFrames.Frame;
import io.jocker.supervisor.ContainerConsole.AttachRefused;
import io.jocker.supervisor.SupervisorProtocol.AttachRequest;
import io.jocker.supervisor.SupervisorProtocol.ProtocolException;
import io.jocker.supervisor.SupervisorProtocol.Reply;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The supervisor's side of {@code attach ID FLAGS}: finds (or starts) the container's console,
 * answers, then serves the connection on the request's thread until the client leaves or the
 * container exits. This thread relays the client's input; the client's own sender thread its
 * output (see {@link AttachedClient}).
 */
final class AttachRequests {

    private static final Logger LOG = Logger.getLogger(AttachRequests.class.getName());

    /** What the supervisor runs when a new console exists, before it reads the container's output. */
    @FunctionalInterface
    interface ConsoleHook {
        void accept(ContainerConsole console) throws AttachRefused;
    }

    /** Starts a container, showing its console to {@code beforeWatching} first. */
    @FunctionalInterface
    interface Starter {
        void start(String fullId, ConsoleHook beforeWatching) throws IOException;
    }

    private final ContainerLookup lookup;
    private final Map<String, ContainerConsole> consoles;
    private final Starter starter;

    /** @param consoles the consoles of the containers the supervisor watches, by full id */
    AttachRequests(ContainerLookup lookup, Map<String, ContainerConsole> consoles, Starter starter) {
        this.lookup = lookup;
        this.consoles = consoles;
        this.starter = starter;
    }

    void serve(SocketChannel connection, String argument) throws IOException {
        ContainerConsole console;
        AttachedClient client;
        try {
            AttachRequest request = AttachRequest.parse(argument);
            String id = lookup.find(request.id()).id();
            AttachedClient[] first = {null};
            if (request.start() && !ContainerService.isRunning(lookup.find(id))) {
                // Attached before the container's first output is read, this client misses none of it.
                starter.start(id, fresh -> first[0] = fresh.attach(connection, request.stdin()));
            }
            console = consoles.get(id);
            if (console == null) {
                throw new AttachRefused(lookup.byId(id).map(ContainerService::isRunning).orElse(false)
                        ? "cannot attach to container " + id + ": it runs in the foreground of the jocker command that started it"
                        : "You cannot attach to a stopped container, start it first");
            }
            client = first[0] != null ? first[0] : console.attach(connection, request.stdin());
        } catch (ProtocolException e) {
            Reply.error(125, e.getMessage()).writeTo(connection);
            return;
        } catch (AttachRefused | NoSuchContainerException e) {
            Reply.error(1, e.getMessage()).writeTo(connection);
            return;
        } catch (ContainerStartException e) {
            Reply.error(e.exitCode(), e.getMessage()).writeTo(connection);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "attach request failed", e);
            Reply.error(125, EngineException.messageOf(e)).writeTo(connection);
            return;
        }
        try {
            Reply.success().writeTo(connection);
            client.startSending();
            relayInput(connection, console, client);
        } finally {
            console.detach(client);
        }
    }

    private static void relayInput(SocketChannel connection, ContainerConsole console, AttachedClient client) {
        boolean input = client.sendsInput();
        AttachFrames.Reader frames = new AttachFrames.Reader(connection);
        try {
            Optional<Frame> next;
            while ((next = frames.next()).isPresent()) {
                Frame frame = next.get();
                switch (frame.type()) {
                    case AttachFrames.STDIN -> {
                        if (input) {
                            console.input(frame.payload());
                        }
                    }
                    case AttachFrames.STDIN_END -> {
                        if (input) {
                            input = false;
                            console.inputEnded();
                        }
                    }
                    case AttachFrames.RESIZE -> console.resize(frame.rows(), frame.columns());
                    default -> throw new IOException("unknown attach frame type " + frame.type());
                }
            }
        } catch (IOException e) {
            // The client left, or its connection closed after the container's exit status.
            LOG.fine(() -> "attach connection ended: " + e.getMessage());
        } finally {
            if (input) {
                console.inputEnded();
            }
        }
    }
}
