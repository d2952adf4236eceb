package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.supervisor.AttachConnection;
import io.jocker.supervisor.AttachFrames;
import io.jocker.supervisor.AttachFrames.Frame;
import io.jocker.linux.Fds;
import io.jocker.linux.Terminals;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The caller's side of an attach connection: the container's output to the caller's stdout and
 * stderr, the caller's stdin to the container (watching for the detach keys when the container
 * has a terminal), the caller's window size to the container's terminal.
 */
final class AttachRelay {

    /** How an attach ended: the user detached (the container still runs), or the container exited with {@code exitCode}. */
    record Outcome(boolean detached, int exitCode) {}

    private final AttachConnection connection;
    private final boolean tty;
    private volatile boolean detached;

    private AttachRelay(AttachConnection connection, boolean tty) {
        this.connection = connection;
        this.tty = tty;
    }

    /**
     * Relays until the container exits or the user types {@code keys} (only with a terminal, as
     * in Docker). With a terminal and {@code stdin}, the caller's terminal is raw meanwhile;
     * {@code redraw} makes a shell redraw its prompt by a brief change of the terminal's size, as
     * Docker does for {@code attach} to a container that already runs.
     */
    static Outcome relay(AttachConnection connection, boolean tty, boolean stdin, DetachKeys keys, boolean redraw,
            OutputStream out, OutputStream err) throws IOException {
        AttachRelay relay = new AttachRelay(connection, tty);
        try (CallerTerminal.RawMode raw = tty && stdin ? CallerTerminal.makeRaw(0) : CallerTerminal.unchanged()) {
            if (tty && CallerTerminal.isTerminal(1)) {
                relay.followWindowSize(redraw);
            }
            if (stdin) {
                relay.startInput(keys);
            }
            return relay.copyOutput(out, err);
        }
    }

    private void followWindowSize(boolean redraw) {
        Optional<Terminals.WindowSize> size = CallerTerminal.windowSize(1);
        size.ifPresent(s -> {
            if (redraw) {
                resize(new Terminals.WindowSize(s.rows() + 1, s.columns() + 1));
            }
            resize(s);
        });
        CallerTerminal.onResize(1, this::resize);
    }

    private void resize(Terminals.WindowSize size) {
        try {
            connection.resize(size.rows(), size.columns());
        } catch (IOException e) {
            // The attach is ending; its output side reports why.
        }
    }

    private void startInput(DetachKeys keys) {
        Thread input = new Thread(() -> copyInput(tty ? keys.matcher() : null), "attach-input");
        input.setDaemon(true);
        input.start();
    }

    private void copyInput(DetachKeys.Matcher matcher) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = Fds.read(0, buffer, buffer.length)) > 0) {
                if (matcher == null) {
                    connection.input(buffer, n);
                    continue;
                }
                DetachKeys.Scan scan = matcher.scan(buffer, n);
                connection.input(scan.forward(), scan.forward().length);
                if (scan.detach()) {
                    detached = true;
                    connection.close();
                    return;
                }
            }
            if (matcher != null) {
                byte[] held = matcher.flush();
                connection.input(held, held.length);
            }
            connection.inputEnded();
        } catch (IOException e) {
            // The connection closed (the container exited) or stdin failed: the output side ends the attach.
        }
    }

    private Outcome copyOutput(OutputStream out, OutputStream err) throws IOException {
        try {
            Optional<Frame> next;
            while ((next = connection.next()).isPresent()) {
                Frame frame = next.get();
                switch (frame.type()) {
                    case AttachFrames.STDOUT -> write(out, frame.payload());
                    case AttachFrames.STDERR -> write(err, frame.payload());
                    case AttachFrames.EXIT -> {
                        return new Outcome(false, frame.exitCode());
                    }
                    default -> throw new IOException("unknown attach frame type " + frame.type());
                }
            }
        } catch (IOException e) {
            if (!detached) {
                throw e;
            }
        }
        if (detached) {
            return new Outcome(true, 0);
        }
        throw new EngineException("the jocker supervisor stopped while attached, before the container exited;"
                + " the container's state is shown by 'jocker ps -a'");
    }

    private static void write(OutputStream stream, byte[] data) throws IOException {
        stream.write(data);
        stream.flush();
    }
}
